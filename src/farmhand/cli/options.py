"""Options shared by several commands, each also an environment variable ``FARMHAND_<NAME>``."""

from __future__ import annotations

from pathlib import Path

import typer

from farmhand.config import default_data_dir

DataDir = typer.Option(
    None,
    "--data-dir",
    envvar="FARMHAND_DATA_DIR",
    help=f"Where farmhand keeps its database, materials and logs [default: {default_data_dir()}]",
)
Database = typer.Option(
    None,
    "--database",
    envvar="FARMHAND_DATABASE",
    help="Database URL: sqlite:///path or postgresql://user@host/db [default: SQLite in the data directory]",
)


def data_dir_or_default(value: Path | None) -> Path:
    return (value or default_data_dir()).expanduser().resolve()
