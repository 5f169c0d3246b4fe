"""``farmhand serve``."""

from __future__ import annotations

import socket
from pathlib import Path

import typer

from farmhand.cli.options import Database, DataDir, data_dir_or_default
from farmhand.config import DEFAULT_PORT, ServerConfig
from farmhand.logging_setup import configure
from farmhand.plans import PLANS


def serve_command(
    host: str = typer.Option(
        "127.0.0.1",
        "--host",
        envvar="FARMHAND_HOST",
        help="Address to listen on; beyond this machine needs --api-token",
    ),
    port: int = typer.Option(DEFAULT_PORT, "--port", envvar="FARMHAND_PORT", help="TCP port of the API"),
    data_dir: Path | None = DataDir,
    database: str | None = Database,
    material_root: list[Path] = typer.Option(
        [],
        "--material-root",
        envvar="FARMHAND_MATERIAL_ROOT",
        help="Folder that request file paths may point into (repeatable) "
        "[default: <data-dir>/materials and your home]",
    ),
    virtual_phones: int = typer.Option(
        0,
        "--virtual-phones",
        envvar="FARMHAND_VIRTUAL_PHONES",
        help="Start N virtual phones and register them as devices",
    ),
    time_scale: float | None = typer.Option(
        None,
        "--time-scale",
        envvar="FARMHAND_TIME_SCALE",
        help="Multiply every wait in scripts (0.01: a 600 s warm-up takes 6 s) [default: 1.0, or as saved]",
    ),
    plan: str | None = typer.Option(
        None,
        "--plan",
        envvar="FARMHAND_PLAN",
        help=f"One of {', '.join(PLANS)} [default: self-hosted, or as saved]",
    ),
    max_concurrent_devices: int | None = typer.Option(
        None,
        "--max-concurrent-devices",
        envvar="FARMHAND_MAX_CONCURRENT_DEVICES",
        help="Self-hosted plan: how many phones may run at once [default: unlimited]",
    ),
    api_token: str | None = typer.Option(
        None,
        "--api-token",
        envvar="FARMHAND_API_TOKEN",
        help="Require 'Authorization: Bearer <token>' on the API",
    ),
    allowed_host: list[str] = typer.Option(
        [],
        "--allowed-host",
        envvar="FARMHAND_ALLOWED_HOST",
        help="Extra Host header name to accept (repeatable)",
    ),
    host_name: str = typer.Option(
        socket.gethostname(),
        "--host-name",
        envvar="FARMHAND_HOST_NAME",
        help="This host's name in a shared database",
    ),
    adb: bool = typer.Option(
        True, "--adb/--no-adb", envvar="FARMHAND_ADB", help="Track real phones through the adb server"
    ),
    adb_port: int = typer.Option(
        5037, "--adb-port", envvar="FARMHAND_ADB_PORT", help="Port of the adb server"
    ),
    log_level: str = typer.Option("INFO", "--log-level", envvar="FARMHAND_LOG_LEVEL"),
) -> None:
    """Run the API, the engine and the dashboard."""
    from farmhand.server import StartupError, serve

    if plan is not None and plan not in PLANS:
        raise typer.BadParameter(
            f"unknown plan {plan!r}; choose one of {', '.join(PLANS)}", param_hint="--plan"
        )
    resolved = data_dir_or_default(data_dir)
    config = ServerConfig(
        data_dir=resolved,
        host=host,
        port=port,
        database_url=database,
        material_roots=tuple(material_root),
        virtual_phones=virtual_phones,
        api_token=api_token,
        allowed_hosts=tuple(allowed_host),
        host_name=host_name,
        use_adb=adb,
        adb_port=adb_port,
        time_scale=time_scale,
        plan=plan,
        max_concurrent_devices=max_concurrent_devices,
    )
    configure(resolved, log_level)
    try:
        serve(config)
    except (StartupError, ValueError) as exc:
        typer.secho(f"farmhand: {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(2) from None
