"""``farmhand accounts``: import and list accounts in the store."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from farmhand.cli.options import Database, DataDir, data_dir_or_default

if TYPE_CHECKING:
    from farmhand.store.db import Database as Db

app = typer.Typer(help="Accounts bound to phones.", no_args_is_help=True)


def _open(data_dir: Path | None, database: str | None) -> Db:
    from farmhand.config import ServerConfig
    from farmhand.server import open_store

    config = ServerConfig(data_dir=data_dir_or_default(data_dir), database_url=database)
    return open_store(config)


@app.command("import")
def import_command(
    file: Path = typer.Argument(
        ..., help="CSV: username, platform, serial, package, enabled (header optional)"
    ),
    data_dir: Path | None = DataDir,
    database: str | None = Database,
) -> None:
    """Import accounts from a CSV file; rows that cannot be imported are reported with the reason."""
    from farmhand.planning.accounts import import_csv
    from farmhand.server import StartupError

    try:
        text = file.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        typer.secho(f"farmhand: {file}: no such file", fg=typer.colors.RED, err=True)
        raise typer.Exit(2) from None
    except (OSError, UnicodeDecodeError) as exc:
        typer.secho(f"farmhand: {file}: cannot be read as UTF-8 text ({exc})", fg=typer.colors.RED, err=True)
        raise typer.Exit(2) from None
    try:
        db = _open(data_dir, database)
    except StartupError as exc:
        typer.secho(f"farmhand: {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(2) from None
    result = db.run_write(lambda c: import_csv(c, text))
    typer.echo(f"imported {result.imported} account(s): {result.created} new, {result.updated} updated")
    if result.refused:
        typer.secho(f"refused {len(result.refused)} row(s):", fg=typer.colors.YELLOW)
        for row in result.refused:
            who = f" ({row['username']})" if row["username"] else ""
            typer.echo(f"  line {row['line']}{who}: {row['reason']}")
        raise typer.Exit(1)


@app.command("list")
def list_command(data_dir: Path | None = DataDir, database: str | None = Database) -> None:
    """List accounts."""
    from farmhand.store import accounts

    db = _open(data_dir, database)
    with db.read() as conn:
        items = accounts.list_all(conn)
    for a in items:
        state = "enabled" if a.enabled else "disabled"
        typer.echo(f"{a.username:<30} {a.platform:<10} {a.serial or '-':<24} {a.package or '-':<30} {state}")
    typer.echo(f"{len(items)} account(s)")
