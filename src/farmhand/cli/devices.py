"""``farmhand devices`` (phones the adb server sees, TCP connect) and ``farmhand device``
(one phone: ``dump`` saves its UI hierarchy and a screenshot, to calibrate selector tables).

The store-backed side ("kept in the store") belongs to the CLI main; it uses
:func:`connect_device`, which returns the serial to record.
"""

from __future__ import annotations

import json
import re
import socket
from datetime import datetime
from pathlib import Path

import typer

from farmhand.cli.options import Database, DataDir
from farmhand.devices.adb import AdbDevice, UiBackend
from farmhand.devices.adb_server import DEFAULT_PORT, AdbConnectError, AdbServer, AdbServerError
from farmhand.devices.base import DeviceError

app = typer.Typer(help="Phones the adb server sees; connect TCP phones.", no_args_is_help=True)
device_app = typer.Typer(help="One phone: dumps for calibrating selectors.", no_args_is_help=True)


@device_app.callback()
def _device() -> None:
    """One phone: dumps for calibrating selectors."""


AdbPort = typer.Option(
    DEFAULT_PORT, "--adb-port", envvar="FARMHAND_ADB_PORT", min=1, max=65535, help="Port of the adb server."
)


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.secho(f"farmhand: {message}", fg=typer.colors.RED, err=True)
    return typer.Exit(code)


def connect_device(address: str, *, adb_port: int = DEFAULT_PORT, timeout: float = 5.0) -> str:
    """``adb connect`` through the adb server on ``adb_port``; return the phone's serial.

    Raises ``ValueError`` for a malformed address and
    :class:`~farmhand.devices.adb_server.AdbConnectError` (within about ``timeout`` s) when
    nothing listens there or it is not an ADB device.
    """
    return AdbServer(adb_port).connect(address, timeout=timeout)


def _keep_in_store(
    serial: str, state: str | None, data_dir: Path | None, database: str | None, host_name: str
) -> None:
    """Record the phone with its address, so ``farmhand serve`` re-connects it at start and
    after an adb server restart."""
    from farmhand.cli.options import data_dir_or_default
    from farmhand.config import ServerConfig
    from farmhand.devices.tracker import state_of
    from farmhand.server import open_store
    from farmhand.store import devices
    from farmhand.store.devices import DeviceSeen
    from farmhand.timeutil import utcnow

    db = open_store(ServerConfig(data_dir=data_dir_or_default(data_dir), database_url=database))
    seen = DeviceSeen(serial, state_of(state or ""), kind="tcp", connect_address=serial)
    db.run_write(lambda c: devices.report(c, seen, host_name, utcnow()))
    db.dispose()


@app.command("connect")
def connect_command(
    address: str = typer.Argument(..., help="HOST:PORT of a phone with ADB over TCP (port 5555 if omitted)."),
    adb_port: int = AdbPort,
    timeout: float = typer.Option(5.0, "--timeout", min=0.5, max=120, help="Seconds to wait for the phone."),
    data_dir: Path | None = DataDir,
    database: str | None = Database,
    host_name: str = typer.Option(
        socket.gethostname(),
        "--host-name",
        envvar="FARMHAND_HOST_NAME",
        help="This host's name in a shared database",
    ),
) -> None:
    """Connect a phone over TCP through the adb server, and keep it in the store."""
    from farmhand.server import StartupError

    try:
        serial = connect_device(address, adb_port=adb_port, timeout=timeout)
        state = AdbServer(adb_port).state_of(serial)
    except ValueError as exc:
        raise _fail(str(exc)) from None
    except (AdbConnectError, AdbServerError) as exc:
        raise _fail(f"cannot connect: {exc}", 1) from None
    try:
        _keep_in_store(serial, state, data_dir, database, host_name)
    except StartupError as exc:
        raise _fail(f"connected {serial}, but could not keep it in the store: {exc}", 1) from None
    typer.echo(f"connected {serial} ({state}); farmhand serve re-connects it when needed")
    if state == "unauthorized":
        typer.echo("  accept the 'Allow USB debugging?' prompt on the phone (docs/phones.md)")


@app.command("disconnect")
def disconnect_command(
    address: str = typer.Argument(..., help="HOST:PORT of a TCP phone."),
    adb_port: int = AdbPort,
    data_dir: Path | None = DataDir,
    database: str | None = Database,
) -> None:
    """Disconnect a TCP phone from the adb server; farmhand stops re-connecting it."""
    from farmhand.cli.options import data_dir_or_default
    from farmhand.config import ServerConfig
    from farmhand.devices.adb_server import format_address, parse_address
    from farmhand.server import StartupError, open_store
    from farmhand.store import devices

    try:
        AdbServer(adb_port).disconnect(address)
        serial = format_address(*parse_address(address))
    except ValueError as exc:
        raise _fail(str(exc)) from None
    try:
        db = open_store(ServerConfig(data_dir=data_dir_or_default(data_dir), database_url=database))
        db.run_write(lambda c: devices.forget_address(c, serial))
        db.dispose()
    except StartupError as exc:
        raise _fail(f"disconnected {address}, but the store could not be updated: {exc}", 1) from None
    typer.echo(f"disconnected {address}")


@app.command("list")
def list_command(
    adb_port: int = AdbPort,
    as_json: bool = typer.Option(False, "--json", help="One JSON object per phone."),
) -> None:
    """List what the adb server sees (starting it if needed)."""
    try:
        listing = AdbServer(adb_port).devices()
    except (AdbServerError, DeviceError) as exc:
        raise _fail(str(exc), 1) from None
    if as_json:
        for d in listing:
            row = {"serial": d.serial, "state": d.state, "kind": d.kind, "model": d.model}
            typer.echo(json.dumps(row))
        return
    if not listing:
        typer.echo("no phones (USB debugging on? `farmhand devices connect HOST:PORT` for TCP phones)")
        return
    typer.echo(f"{'SERIAL':<24} {'STATE':<13} {'KIND':<5} MODEL")
    for d in listing:
        typer.echo(f"{d.serial:<24} {d.state:<13} {d.kind:<5} {d.model or '-'}")


def dump_device(
    serial: str, out_dir: Path, *, server: AdbServer, ui: UiBackend = "uiautomator2", timeout: float = 30.0
) -> tuple[Path, Path]:
    """Save the phone's UI hierarchy (XML) and a screenshot (PNG) into ``out_dir``."""
    state = server.state_of(serial)
    if state is None:
        raise DeviceError(f"no phone {serial} on the adb server (see `farmhand devices list`)")
    if state != "device":
        raise DeviceError(f"phone {serial} is {state}")
    device = AdbDevice(serial, server, ui=ui)
    try:
        xml = device.dump_hierarchy(timeout=timeout)
        png = device.screenshot(timeout=timeout)
    finally:
        device.close()
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"{re.sub(r'[^A-Za-z0-9._-]+', '_', serial)}-{datetime.now():%Y%m%d-%H%M%S}"
    xml_path, png_path = out_dir / f"{stem}.xml", out_dir / f"{stem}.png"
    xml_path.write_text(xml, encoding="utf-8")
    png_path.write_bytes(png)
    return xml_path, png_path


@device_app.command("dump")
def dump_command(
    serial: str = typer.Argument(..., help="The phone's serial (`farmhand devices list`)."),
    out: Path = typer.Option(Path("."), "--out", help="Folder for the XML and PNG files."),
    adb_port: int = AdbPort,
    ui: str = typer.Option(
        "uiautomator2", "--ui", help="uiautomator2 (works on animated screens) or shell (`uiautomator dump`)."
    ),
) -> None:
    """Save the screen's UI hierarchy and a screenshot, to adjust selector tables (docs/selectors.md)."""
    if ui not in ("uiautomator2", "shell"):
        raise _fail(f"--ui must be uiautomator2 or shell, got {ui!r}")
    backend: UiBackend = "shell" if ui == "shell" else "uiautomator2"
    try:
        xml_path, png_path = dump_device(serial, out, server=AdbServer(adb_port), ui=backend)
    except (DeviceError, OSError) as exc:
        raise _fail(str(exc), 1) from None
    typer.echo(f"hierarchy: {xml_path}")
    typer.echo(f"screenshot: {png_path}")


@device_app.command("shell", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def shell_command(
    serial: str = typer.Argument(..., help="The phone's serial (`farmhand devices list`)."),
    command: list[str] = typer.Argument(
        ..., help="The command and its arguments (each quoted for the phone)."
    ),
    adb_port: int = AdbPort,
    timeout: float = typer.Option(
        30.0, "--timeout", min=0.5, max=3600, help="Seconds to wait for the command."
    ),
) -> None:
    """Run a shell command on a phone through the adb server (`adb shell` without needing adb on
    PATH); exits with the command's exit code."""
    server = AdbServer(adb_port)
    if server.state_of(serial) is None:
        raise _fail(f"device {serial} not found (the adb server on port {adb_port} does not know it)")
    try:
        result = AdbDevice(serial, server, ui="shell").shell(command, timeout=timeout)
    except DeviceError as exc:
        raise _fail(str(exc), 1) from None
    if result.stdout:
        typer.echo(result.stdout, nl=not result.stdout.endswith("\n"))
    if result.stderr:
        typer.echo(result.stderr, err=True, nl=not result.stderr.endswith("\n"))
    raise typer.Exit(result.exit_code)
