"""``shell:`` (v1: merged raw output, no exit code), ``shell,v2,...:`` (the shell protocol:
stdin, stdout, stderr and the exit code as separate packets) and ``exec:`` (raw output, as
``adb exec-out`` reads it). An empty command is an interactive shell, one line at a time.
"""

from __future__ import annotations

import re
import struct

from farmhand.virtual.adb.runtime import PhoneRuntime
from farmhand.virtual.adb.streams import Stream, StreamClosed

# Shell protocol packet ids (adb's shell_protocol.h).
ID_STDIN = 0
ID_STDOUT = 1
ID_STDERR = 2
ID_EXIT = 3
ID_CLOSE_STDIN = 4
ID_WINDOW_SIZE = 5

_PACKET = struct.Struct("<BI")
# `adb shell` forwards its stdin and then sends close-stdin; some clients (adbutils) send
# nothing at all. Without stdin data within this grace, the command runs with an empty stdin.
STDIN_GRACE_S = 0.1
MAX_STDIN = 64 * 1024 * 1024
# uiautomator2 starts its server as a long-lived shell: the phone model serves its JSON-RPC
# itself, so the wire front only keeps that "process" alive until the client ends it.
_U2_SERVER = re.compile(r"\bapp_process\b.*\bcom\.wetest\.uia2\.Main\b|\buiautomator\s+runtest\b")


def packet(kind: int, data: bytes = b"") -> bytes:
    return _PACKET.pack(kind, len(data)) + data


async def shell_service(stream: Stream, phone: PhoneRuntime, command: str, options: list[str]) -> None:
    v2 = "v2" in options
    # Interactive shells get a terminal unless raw is asked; commands default to raw.
    pty = "pty" in options or (not command and "raw" not in options)
    if not command.strip():
        await _interactive(stream, phone, v2=v2, pty=pty)
        return
    if _U2_SERVER.search(command):
        await _long_lived(stream, v2=v2)
        return
    if not v2:
        outcome = await phone.call(phone.endpoint.run, command, b"")
        await stream.write(outcome.stdout + outcome.stderr)
        return
    stdin = await _read_stdin_v2(stream)
    outcome = await phone.call(phone.endpoint.run, command, stdin)
    await _write_v2(stream, ID_STDOUT, outcome.stdout)
    await _write_v2(stream, ID_STDERR, outcome.stderr)
    await stream.write(packet(ID_EXIT, bytes([outcome.exit_code & 0xFF])))
    await stream.drain()


async def exec_service(stream: Stream, phone: PhoneRuntime, command: str) -> None:
    # adbd gives exec: children one socket for stdout and stderr alike.
    outcome = await phone.call(phone.endpoint.run, command, b"")
    await stream.write(outcome.stdout + outcome.stderr)
    await stream.drain()


async def _write_v2(stream: Stream, kind: int, data: bytes) -> None:
    step = 256 * 1024
    for start in range(0, len(data), step):
        await stream.write(packet(kind, data[start : start + step]))


async def _read_packet(stream: Stream) -> tuple[int, bytes]:
    kind, length = _PACKET.unpack(await stream.read_exactly(_PACKET.size))
    if length > 1024 * 1024:
        raise StreamClosed()
    return kind, (await stream.read_exactly(length) if length else b"")


async def _read_stdin_v2(stream: Stream) -> bytes:
    data = bytearray()
    while True:
        if not data and not await stream.wait_readable(STDIN_GRACE_S):
            return bytes(data)
        try:
            kind, payload = await _read_packet(stream)
        except StreamClosed:
            return bytes(data)
        if kind == ID_STDIN:
            data += payload
            if len(data) > MAX_STDIN:
                raise StreamClosed()
        elif kind == ID_CLOSE_STDIN:
            return bytes(data)


async def _long_lived(stream: Stream, *, v2: bool) -> None:
    banner = b"[server] INFO: [UiAutomator2Server] Starting Server\n"
    await stream.write(packet(ID_STDOUT, banner) if v2 else banner)
    while await stream.read():
        pass


class _Terminal:
    """Just enough of a tty for a person typing into ``adb shell``: echo, line editing."""

    def __init__(self, stream: Stream, v2: bool, pty: bool) -> None:
        self.stream = stream
        self.v2 = v2
        self.pty = pty
        self.line = bytearray()

    async def out(self, data: bytes) -> None:
        if not data:
            return
        if self.pty:
            data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        await self.stream.write(packet(ID_STDOUT, data) if self.v2 else data)

    async def keys(self) -> bytes | None:
        """The next bytes typed; None at end of input."""
        if not self.v2:
            data = await self.stream.read()
            return data or None
        while True:
            try:
                kind, payload = await _read_packet(self.stream)
            except StreamClosed:
                return None
            if kind == ID_STDIN:
                return payload
            if kind == ID_CLOSE_STDIN:
                return None


async def _interactive(stream: Stream, phone: PhoneRuntime, *, v2: bool, pty: bool) -> None:
    term = _Terminal(stream, v2, pty)
    prompt = f"{phone.name}:/ $ ".encode()
    await term.out(prompt)
    status = 0
    while True:
        typed = await term.keys()
        if typed is None:
            break
        for byte in typed:
            char = bytes([byte])
            if char in (b"\r", b"\n"):
                if pty:
                    await term.out(b"\n")
                line = term.line.decode("utf-8", errors="replace").strip()
                term.line.clear()
                if line == "exit":
                    return await _finish(term, status)
                if line:
                    outcome = await phone.call(phone.endpoint.run, line, b"")
                    status = outcome.exit_code
                    await term.out(outcome.stdout)
                    if v2:
                        await _write_v2(stream, ID_STDERR, outcome.stderr)
                    else:
                        await term.out(outcome.stderr)
                await term.out(prompt)
            elif char in (b"\x7f", b"\x08"):
                if term.line:
                    term.line.pop()
                    if pty:
                        await term.out(b"\x08 \x08")
            elif char == b"\x03":
                term.line.clear()
                await term.out(b"^C\n" + prompt)
            elif char == b"\x04" and not term.line:
                return await _finish(term, status)
            else:
                term.line += char
                if pty:
                    await term.out(char)
    await _finish(term, status)


async def _finish(term: _Terminal, status: int) -> None:
    if term.v2:
        await term.stream.write(packet(ID_EXIT, bytes([status & 0xFF])))
    await term.stream.drain()
