"""Talking to one phone through the adb server, with a deadline on every call: shell v2 (exit
code, stderr, closed stdin), exec, and the sync file service for push and pull.

adbutils opens the connections (its host protocol, transport selection and errors); the
device-side services are read here because adbutils' versions have no overall deadline (its
sync push and pull have none at all) and do not close the command's stdin.
"""

from __future__ import annotations

import os
import socket
import stat
import struct
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import adbutils
from adbutils.errors import AdbError, AdbTimeout

from farmhand.devices.base import DeviceError, DeviceOffline, DeviceTimeout, ShellResult

_PACKET = struct.Struct("<BI")
_SYNC = struct.Struct("<4sI")
ID_STDOUT, ID_STDERR, ID_EXIT, ID_CLOSE_STDIN = 1, 2, 3, 4
SYNC_CHUNK = 64 * 1024
_EXIT_MARK = b"X4EXIT:"
# adb server answers meaning "this phone is not reachable now".
_OFFLINE_WORDS = (
    "not found",
    "offline",
    "unauthorized",
    "no devices",
    "closed",
    "connection reset",
    "unknown data: b''",  # the server hung up mid-answer (it died or dropped the phone)
)


def map_error(exc: BaseException, serial: str, what: str) -> DeviceError:
    """An adbutils or socket error as farmhand's device error."""
    if isinstance(exc, DeviceError):
        return exc
    if isinstance(exc, AdbTimeout | TimeoutError):
        return DeviceTimeout(f"{serial}: {what} timed out")
    text = str(exc)
    if isinstance(exc, ConnectionError | EOFError) or any(w in text.lower() for w in _OFFLINE_WORDS):
        return DeviceOffline(f"{serial}: {what}: {text or type(exc).__name__}")
    if isinstance(exc, OSError):
        return DeviceOffline(f"{serial}: {what}: {exc.strerror or exc}")
    return DeviceError(f"{serial}: {what}: {text}")


class Deadline:
    def __init__(self, seconds: float, serial: str, what: str) -> None:
        if seconds <= 0:
            raise ValueError(f"timeout must be > 0, got {seconds}")
        self.at = time.monotonic() + seconds
        self.seconds = seconds
        self.serial = serial
        self.what = what

    def remaining(self) -> float:
        left = self.at - time.monotonic()
        if left <= 0:
            raise DeviceTimeout(f"{self.serial}: {self.what} took longer than {self.seconds:g} s")
        return left

    def arm(self, sock: socket.socket) -> socket.socket:
        sock.settimeout(self.remaining())
        return sock


class Channel:
    """One stream to a device service, read and written within a :class:`Deadline`."""

    def __init__(self, conn: adbutils.AdbConnection, deadline: Deadline) -> None:
        self.conn = conn
        self.sock: socket.socket = conn.conn
        self.deadline = deadline

    def send(self, data: bytes) -> None:
        view = memoryview(data)
        try:
            while view:
                sent = self.deadline.arm(self.sock).send(view)
                view = view[sent:]
        except OSError as exc:
            raise map_error(exc, self.deadline.serial, self.deadline.what) from exc

    def recv(self, size: int = 65536) -> bytes:
        try:
            return self.deadline.arm(self.sock).recv(size)
        except OSError as exc:
            raise map_error(exc, self.deadline.serial, self.deadline.what) from exc

    def exactly(self, size: int) -> bytes | None:
        """``size`` bytes, or None if the stream ended first (the phone went away)."""
        data = bytearray()
        while len(data) < size:
            chunk = self.recv(size - len(data))
            if not chunk:
                return None
            data += chunk
        return bytes(data)

    def until_close(self) -> bytes:
        out = bytearray()
        while chunk := self.recv():
            out += chunk
        return bytes(out)


@contextmanager
def channel(device: adbutils.AdbDevice, service: str, deadline: Deadline) -> Iterator[Channel]:
    """Open ``service`` on the phone; errors come out as Device* errors."""
    conn = None
    try:
        conn = device.open_transport(timeout=deadline.remaining())
        conn.send_command(service)
        conn.check_okay()
    except (AdbError, OSError, EOFError) as exc:
        if conn is not None:
            conn.close()
        raise map_error(exc, deadline.serial, deadline.what) from exc
    try:
        yield Channel(conn, deadline)
    finally:
        conn.close()


def shell_v2(device: adbutils.AdbDevice, command: str, deadline: Deadline) -> ShellResult:
    out, err = bytearray(), bytearray()
    with channel(device, "shell,v2,raw:" + command, deadline) as ch:
        ch.send(_PACKET.pack(ID_CLOSE_STDIN, 0))
        while True:
            kind, length = _PACKET.unpack(_expect(ch, _PACKET.size))
            data = _expect(ch, length) if length else b""
            if kind == ID_STDOUT:
                out += data
            elif kind == ID_STDERR:
                err += data
            elif kind == ID_EXIT:
                code = data[0] if data else 255
                return ShellResult(_text(out), _text(err), code)


def shell_v1(device: adbutils.AdbDevice, command: str, deadline: Deadline) -> ShellResult:
    """For phones without the shell protocol (Android < 7): output merged, exit code echoed."""
    with channel(device, f"shell:{command} ; echo {_EXIT_MARK.decode()}$?", deadline) as ch:
        output = ch.until_close()
    mark = output.rfind(_EXIT_MARK)
    if mark < 0:
        raise DeviceOffline(f"{deadline.serial}: connection lost during {deadline.what}")
    code_text = output[mark + len(_EXIT_MARK) :].strip()
    code = int(code_text) if code_text.isdigit() else 255
    return ShellResult(_text(output[:mark]), "", code)


def exec_out(device: adbutils.AdbDevice, command: str, deadline: Deadline) -> bytes:
    with channel(device, "exec:" + command, deadline) as ch:
        return ch.until_close()


def push(device: adbutils.AdbDevice, local: Path, remote: str, deadline: Deadline) -> None:
    if not local.is_file():
        raise FileNotFoundError(f"cannot push {local}: no such file")
    mode = stat.S_IFREG | 0o644
    spec = f"{remote},{mode}".encode()
    with local.open("rb") as source, channel(device, "sync:", deadline) as ch:
        ch.send(_SYNC.pack(b"SEND", len(spec)) + spec)
        while block := source.read(SYNC_CHUNK):
            ch.send(_SYNC.pack(b"DATA", len(block)) + block)
        ch.send(_SYNC.pack(b"DONE", int(time.time())))
        _sync_reply(ch, f"push to {remote}")
        ch.send(_SYNC.pack(b"QUIT", 0))


def pull(device: adbutils.AdbDevice, remote: str, local: Path, deadline: Deadline) -> None:
    local.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target and renamed at the end: a failed pull leaves no half file.
    handle, partial = tempfile.mkstemp(prefix=f".{local.name}.", dir=local.parent)
    try:
        with os.fdopen(handle, "wb") as sink, channel(device, "sync:", deadline) as ch:
            path = remote.encode()
            ch.send(_SYNC.pack(b"RECV", len(path)) + path)
            while True:
                header = _expect(ch, _SYNC.size)
                kind, length = _SYNC.unpack(header)
                if kind == b"DATA":
                    sink.write(_expect(ch, length))
                elif kind == b"DONE":
                    break
                elif kind == b"FAIL":
                    message = _text(_expect(ch, length))
                    raise DeviceError(f"{deadline.serial}: pull of {remote} failed: {message}")
                else:
                    raise DeviceError(f"{deadline.serial}: pull of {remote}: unexpected {kind!r}")
            ch.send(_SYNC.pack(b"QUIT", 0))
        os.replace(partial, local)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)


def _sync_reply(ch: Channel, what: str) -> None:
    kind, length = _SYNC.unpack(_expect(ch, _SYNC.size))
    if kind == b"OKAY":
        return
    if kind == b"FAIL":
        raise DeviceError(f"{ch.deadline.serial}: {what} failed: {_text(_expect(ch, length))}")
    raise DeviceError(f"{ch.deadline.serial}: {what}: unexpected sync reply {kind!r}")


def _expect(ch: Channel, size: int) -> bytes:
    data = ch.exactly(size)
    if data is None:
        raise DeviceOffline(f"{ch.deadline.serial}: connection lost during {ch.deadline.what}")
    return data


def _text(data: bytes | bytearray) -> str:
    return bytes(data).decode("utf-8", errors="replace")
