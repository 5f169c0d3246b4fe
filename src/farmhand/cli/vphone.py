"""``farmhand vphone``: virtual phones alone on the wire, for an adb server on this host or
another one (``adb connect HOST:PORT``), until Ctrl-C."""

from __future__ import annotations

import logging
import signal
import socket
import threading
from pathlib import Path

import typer

from farmhand.cli.options import DataDir, data_dir_or_default

log = logging.getLogger(__name__)

app = typer.Typer(help="Run virtual phones on the wire until Ctrl-C.", invoke_without_command=True)


def plan_ports(count: int, base_port: int | None, remembered: list[int]) -> list[int]:
    """Ports for the phones: ``base_port``, ``base_port + 1``, ... when given, else the farm's."""
    if base_port is None:
        return remembered
    if base_port + count - 1 > 65535:
        raise ValueError(f"--base-port {base_port} leaves no room for {count} phones below 65536")
    return [base_port + i for i in range(count)]


@app.callback()
def vphone_command(
    count: int = typer.Option(1, "--count", min=1, max=999, help="How many virtual phones."),
    base_port: int | None = typer.Option(
        None,
        "--base-port",
        min=1024,
        max=65535,
        help="Phone k listens on BASE+k-1 (default: the ports remembered in the data directory).",
    ),
    host: str = typer.Option(
        "127.0.0.1", "--host", help="Address to listen on (0.0.0.0 to let other hosts connect)."
    ),
    seed: int | None = typer.Option(None, "--seed", help="Seed for new phones (profiles, pop-ups)."),
    data_dir: Path | None = DataDir,
) -> None:
    """Run COUNT virtual phones on TCP ports until Ctrl-C; print their serials."""
    from farmhand.virtual.adb import WireFarm
    from farmhand.virtual.farm import VirtualFarm

    root = data_dir_or_default(data_dir)
    try:
        farm = VirtualFarm(root, count, seed)
        ports = plan_ports(count, base_port, [entry.port for entry in farm.phones])
    except (ValueError, OSError) as exc:
        typer.secho(f"farmhand: {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(2) from None
    wire = WireFarm([(entry.phone, port) for entry, port in zip(farm.phones, ports, strict=True)], host=host)
    try:
        wire.start()
    except OSError as exc:
        typer.secho(f"farmhand: {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(1) from None
    shown = socket.gethostname() if host in ("0.0.0.0", "::", "") else host
    if shown != host:
        typer.secho(
            "listening on every interface: anyone who can reach these ports can drive the phones",
            fg=typer.colors.YELLOW,
            err=True,
        )
    typer.echo(f"{len(wire.listeners)} virtual phone(s), data in {farm.root}:")
    for listener in wire.listeners:
        typer.echo(f"  {listener.endpoint.name}  {shown}:{listener.port}")
    typer.echo("connect them with `adb connect HOST:PORT` (or `farmhand devices connect`); Ctrl-C stops")
    stop = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        wire.stop()
        farm.save()
        typer.echo("virtual phones stopped")
