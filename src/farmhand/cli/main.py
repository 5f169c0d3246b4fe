"""``farmhand``: serve, manage accounts, phones and virtual phones."""

from __future__ import annotations

import importlib
import sys

import typer

from farmhand import __version__
from farmhand.cli import accounts, serve

app = typer.Typer(
    name="farmhand",
    help="Run TikTok and Instagram automation on farms of Android phones.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("serve")(serve.serve_command)
app.add_typer(accounts.app, name="accounts")

# Sub-commands owned by other parts; mounted when present.
for module_name, attribute, name in (
    ("farmhand.cli.devices", "app", "devices"),
    ("farmhand.cli.devices", "device_app", "device"),
    ("farmhand.cli.vphone", "app", "vphone"),
    ("farmhand.cli.agent", "app", "agent"),
):
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        continue
    sub = getattr(module, attribute, None)
    if isinstance(sub, typer.Typer):
        app.add_typer(sub, name=name)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"farmhand {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version."
    ),
) -> None:
    """farmhand: a TikMatrix-compatible automation server for phone farms."""


def main() -> None:
    sys.exit(app())


if __name__ == "__main__":
    main()
