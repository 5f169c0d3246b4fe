"""The adb server farmhand talks to: finding the binary, starting and stopping it on a chosen
port, connecting TCP phones (with a clear error, fast, when the address is not an ADB device),
and the TCP phones to re-connect after the server restarts.

Everything goes to the server on ``host:port``; nothing here falls back to another port (the
stock adbutils client would start a server on 5037 by itself, which must never happen to a test
using a private port, nor to a farm configured for another one).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import socket
import struct
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import adbutils
from adbutils.errors import AdbConnectionError, AdbError, AdbTimeout

from farmhand.devices.base import DeviceError

log = logging.getLogger(__name__)

DEFAULT_PORT = 5037
DEFAULT_DEVICE_PORT = 5555
START_TIMEOUT_S = 20.0

_ADB_CNXN = 0x4E584E43
_ADB_AUTH = 0x48545541
_ADB_STLS = 0x534C5453
_ADB_VERSION = 0x01000001
# States of a phone the adb server has reached (an unauthorized one waits for a tap on it).
_REACHED = ("device", "unauthorized")
_TCP_SERIAL = re.compile(r"^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.\-]+):\d{1,5}$")


class AdbServerError(DeviceError):
    """The adb server cannot be found, started or reached."""


class AdbConnectError(DeviceError):
    """``adb connect`` failed: nothing listens there, or it is not an ADB device."""


def find_adb() -> Path:
    """``$FARMHAND_ADB`` if set, else ``adb`` on PATH (e.g. Debian's package ``adb``), else the
    one the adbutils wheel bundles."""
    chosen = os.environ.get("FARMHAND_ADB")
    if chosen:
        path = Path(chosen).expanduser()
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise AdbServerError(f"FARMHAND_ADB={chosen} is not an executable file")
        return path
    on_path = shutil.which("adb")
    if on_path:
        return Path(on_path)
    bundled = Path(adbutils.__file__).parent / "binaries" / "adb"
    if bundled.is_file() and os.access(bundled, os.X_OK):
        return bundled
    raise AdbServerError("no adb binary: install Debian's package `adb` or put platform-tools on PATH")


def parse_address(address: str) -> tuple[str, int]:
    """``HOST:PORT`` (``HOST`` alone means port 5555); ``ValueError`` naming what is wrong."""
    text = address.strip()
    if not text:
        raise ValueError("device address is empty (expected HOST:PORT)")
    if text.startswith("["):
        host, sep, port_text = text[1:].partition("]:")
        if not sep:
            host, port_text = text[1:].rstrip("]"), str(DEFAULT_DEVICE_PORT)
    elif text.count(":") == 1:
        host, _, port_text = text.partition(":")
    elif ":" not in text:
        host, port_text = text, str(DEFAULT_DEVICE_PORT)
    else:
        raise ValueError(f"device address {address!r}: write IPv6 addresses as [ADDR]:PORT")
    if not host or any(c.isspace() for c in host):
        raise ValueError(f"device address {address!r}: missing or invalid host")
    if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
        raise ValueError(f"device address {address!r}: port must be a number from 1 to 65535")
    return host, int(port_text)


def format_address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def is_tcp_serial(serial: str) -> bool:
    return bool(_TCP_SERIAL.match(serial))


@dataclass(frozen=True, slots=True)
class AdbListing:
    """One line of ``adb devices -l``."""

    serial: str
    state: str  # device, offline, unauthorized, recovery, ...
    model: str | None = None
    product: str | None = None
    transport_id: int | None = None

    @property
    def kind(self) -> str:
        return "tcp" if is_tcp_serial(self.serial) else "usb"


class _Connection(adbutils.AdbConnection):  # type: ignore[misc]
    def _safe_connect(self) -> socket.socket:
        # No silent `adb start-server` on whatever port the environment says.
        return self._create_socket()  # type: ignore[no-any-return]


class AdbClient(adbutils.AdbClient):  # type: ignore[misc]
    """adbutils' client bound to one :class:`AdbServer`, starting it (on its port) if needed."""

    def __init__(self, server: AdbServer) -> None:
        super().__init__(host=server.host, port=server.port)
        self._server = server

    def make_connection(self, timeout: float | None = None) -> adbutils.AdbConnection:
        try:
            conn = _Connection(self.host, self.port)
        except (AdbTimeout, AdbConnectionError):
            if not self._server.auto_start or self._server.stopped:
                raise
            self._server.start()
            conn = _Connection(self.host, self.port)
        if timeout:
            conn.conn.settimeout(timeout)
        return conn


class AdbServer:
    """One adb server (``adb -P PORT``), and the TCP phones it must keep connected."""

    def __init__(
        self,
        port: int = DEFAULT_PORT,
        *,
        host: str = "127.0.0.1",
        adb_path: Path | None = None,
        auto_start: bool = True,
    ) -> None:
        if not 1 <= port <= 65535:
            raise ValueError(f"adb server port must be 1-65535, got {port}")
        self.host = host
        self.port = port
        self.auto_start = auto_start
        self._adb_path = adb_path
        self._kept: set[str] = set()
        self._lock = threading.Lock()
        self._start_lock = threading.Lock()
        # Set by stop(): a server farmhand stopped on purpose is not started again behind its
        # back by some late call; start() clears it.
        self.stopped = False
        self.client = AdbClient(self)

    # --- the server process ----------------------------------------------------------------------
    @property
    def adb_path(self) -> Path:
        if self._adb_path is None:
            self._adb_path = find_adb()
        return self._adb_path

    def run_adb(self, *args: str, timeout: float = 30.0) -> subprocess.CompletedProcess[str]:
        """Run the adb command line against this server."""
        env = dict(os.environ, ANDROID_ADB_SERVER_PORT=str(self.port))
        return subprocess.run(
            [str(self.adb_path), "-P", str(self.port), *args],
            env=env,
            capture_output=True,
            encoding="utf-8",
            errors="replace",
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            check=False,
        )

    def is_running(self) -> bool:
        try:
            with socket.create_connection((self.host, self.port), timeout=1.0):
                return True
        except OSError:
            return False

    def start(self, timeout: float = START_TIMEOUT_S) -> bool:
        """Start the server unless it runs; True if it was started now."""
        with self._start_lock:
            self.stopped = False
            if self.is_running():
                return False
            if self.host not in ("127.0.0.1", "localhost"):
                raise AdbServerError(f"adb server at {self.host}:{self.port} is not running")
            log.info("starting the adb server on port %d (%s)", self.port, self.adb_path)
            try:
                result = self.run_adb("start-server", timeout=timeout)
            except subprocess.TimeoutExpired as exc:
                raise AdbServerError(f"adb start-server on port {self.port} took over {timeout} s") from exc
            deadline = time.monotonic() + timeout
            while not self.is_running():
                if time.monotonic() > deadline:
                    detail = (result.stderr or result.stdout).strip()
                    raise AdbServerError(f"adb server did not start on port {self.port}: {detail}")
                time.sleep(0.1)
            return True

    def stop(self) -> None:
        """``adb kill-server`` (the server forgets every TCP phone)."""
        self.stopped = True
        if not self.is_running():
            return
        try:
            self.client.server_kill()
        except (AdbError, OSError):
            self.run_adb("kill-server", timeout=10)
        deadline = time.monotonic() + 10
        while self.is_running() and time.monotonic() < deadline:
            time.sleep(0.05)

    def version(self) -> int:
        return int(self.client.server_version())

    # --- phones ---------------------------------------------------------------------------------------
    def devices(self) -> list[AdbListing]:
        """What the server sees (``adb devices -l``)."""
        try:
            infos = self.client.list(extended=True)
        except (AdbError, OSError) as exc:
            raise AdbServerError(f"adb server on port {self.port}: {exc}") from exc
        out = []
        for info in infos:
            tid = info.tags.get("transport_id")
            out.append(
                AdbListing(
                    serial=info.serial,
                    state=info.state,
                    model=info.tags.get("model"),
                    product=info.tags.get("product"),
                    transport_id=int(tid) if tid and tid.isdigit() else None,
                )
            )
        return out

    def state_of(self, serial: str) -> str | None:
        for listing in self.devices():
            if listing.serial == serial:
                return listing.state
        return None

    def connect(self, address: str, *, timeout: float = 5.0, keep: bool = True) -> str:
        """Connect a TCP phone; return its serial once the server sees it (``device`` or
        ``unauthorized``). Raises :class:`AdbConnectError` within about ``timeout`` seconds when
        nothing listens there or what listens does not speak ADB; ``ValueError`` for a bad address.
        """
        host, port = parse_address(address)
        serial = format_address(host, port)
        _probe(host, port, timeout)
        # Under load (dozens of phones connecting at once) the adb server may drop a fresh
        # transport before it is listed: ask it once more before giving up.
        for wait in (timeout / 2, timeout):
            self._send_connect(serial, timeout)
            state = self._wait_reached(serial, wait)
            if state in _REACHED:
                break
        else:
            self.disconnect(serial, forget=False)
            raise AdbConnectError(f"{serial}: stays {state or 'absent'} after connecting")
        if state == "unauthorized":
            log.warning("%s is unauthorized: accept the USB debugging prompt on the phone", serial)
        if keep:
            self.keep(serial)
        return serial

    def _wait_reached(self, serial: str, seconds: float) -> str | None:
        """The state the server lists ``serial`` in, as soon as it is one of ``_REACHED``, else
        the last one seen when ``seconds`` are up (None: not listed)."""
        deadline = time.monotonic() + seconds
        state = None
        while time.monotonic() < deadline:
            state = self.state_of(serial)
            if state in _REACHED:
                break
            time.sleep(0.1)
        return state

    def _send_connect(self, serial: str, timeout: float) -> None:
        """``host:connect``; raise :class:`AdbConnectError` if the adb server reports a failure."""
        try:
            with self.client.make_connection(timeout=timeout) as conn:
                conn.send_command("host:connect:" + serial)
                conn.check_okay()
                answer = conn.read_string_block()
        except AdbTimeout as exc:
            self.disconnect(serial, forget=False)
            raise AdbConnectError(f"{serial}: the adb server got no ADB answer within {timeout} s") from exc
        except (AdbError, OSError) as exc:
            raise AdbConnectError(f"{serial}: {exc}") from exc
        # "failed to authenticate" means connected but not (yet) allowed: listed as unauthorized.
        if answer.startswith(("failed", "unable", "cannot")) and "authenticate" not in answer:
            raise AdbConnectError(f"{serial}: {answer.strip()}")

    def disconnect(self, address: str, *, forget: bool = True) -> None:
        host, port = parse_address(address)
        serial = format_address(host, port)
        if forget:
            self.forget(serial)
        with contextlib.suppress(AdbError, OSError):
            self.client.disconnect(serial)

    # --- TCP phones to keep ----------------------------------------------------------------------------
    def keep(self, address: str) -> None:
        """Re-connect this TCP phone whenever the server lost it (restart, long outage)."""
        host, port = parse_address(address)
        with self._lock:
            self._kept.add(format_address(host, port))

    def forget(self, address: str) -> None:
        host, port = parse_address(address)
        with self._lock:
            self._kept.discard(format_address(host, port))

    @property
    def kept(self) -> frozenset[str]:
        with self._lock:
            return frozenset(self._kept)

    def reconnect_kept(self, *, timeout: float = 5.0, only_missing: bool = True) -> dict[str, str | None]:
        """``adb connect`` every kept phone the server does not list as connected; returns, per
        address, None on success or the error."""
        listed = {d.serial: d.state for d in self.devices()} if only_missing else {}
        results: dict[str, str | None] = {}
        for serial in sorted(self.kept):
            if listed.get(serial) in _REACHED:
                continue
            try:
                self.connect(serial, timeout=timeout, keep=False)
                results[serial] = None
            except (AdbConnectError, AdbServerError) as exc:
                results[serial] = str(exc)
        return results


def _probe(host: str, port: int, timeout: float) -> None:
    """Check that ``host:port`` speaks ADB before involving the server (which would wait 10 s
    on a silent service and then keep it listed as offline)."""
    where = format_address(host, port)
    try:
        sock = socket.create_connection((host, port), timeout=timeout)
    except TimeoutError as exc:
        raise AdbConnectError(f"{where}: no answer within {timeout} s") from exc
    except ConnectionRefusedError as exc:
        raise AdbConnectError(f"{where}: connection refused (nothing listens on that port)") from exc
    except OSError as exc:
        raise AdbConnectError(f"{where}: {exc.strerror or exc}") from exc
    with sock:
        banner = b"host::features=shell_v2\0"
        header = struct.pack("<6I", _ADB_CNXN, _ADB_VERSION, 4096, len(banner), 0, _ADB_CNXN ^ 0xFFFFFFFF)
        try:
            sock.settimeout(timeout)
            sock.sendall(header + banner)
            reply = _recv_exactly(sock, 24)
        except TimeoutError as exc:
            raise AdbConnectError(f"{where}: not an ADB device (no handshake within {timeout} s)") from exc
        except OSError as exc:
            raise AdbConnectError(f"{where}: not an ADB device ({exc.strerror or exc})") from exc
    if reply is None:
        raise AdbConnectError(f"{where}: not an ADB device (it closed the connection)")
    command, *_rest, magic = struct.unpack("<6I", reply)
    if command not in (_ADB_CNXN, _ADB_AUTH, _ADB_STLS) or magic != command ^ 0xFFFFFFFF:
        raise AdbConnectError(f"{where}: not an ADB device (it answered {reply[:8]!r}...)")


def _recv_exactly(sock: socket.socket, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            return None
        data += chunk
    return data
