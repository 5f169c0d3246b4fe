"""ADB transport messages: the 24-byte header and its payload, as adbd and the adb server
exchange them over USB or TCP (AOSP ``protocol.txt``)."""

from __future__ import annotations

import asyncio
import struct
from dataclasses import dataclass

A_CNXN = 0x4E584E43
A_AUTH = 0x48545541
A_OPEN = 0x4E45504F
A_OKAY = 0x59414B4F
A_CLSE = 0x45534C43
A_WRTE = 0x45545257
A_STLS = 0x534C5453

COMMAND_NAMES = {
    A_CNXN: "CNXN",
    A_AUTH: "AUTH",
    A_OPEN: "OPEN",
    A_OKAY: "OKAY",
    A_CLSE: "CLSE",
    A_WRTE: "WRTE",
    A_STLS: "STLS",
}

# The version that dropped payload checksums; both sides use min(own, peer).
VERSION = 0x01000001
VERSION_MIN = 0x01000000
MAX_PAYLOAD = 1024 * 1024
# CNXN and AUTH must fit the legacy payload size whatever is negotiated later.
MAX_HANDSHAKE_PAYLOAD = 4096

AUTH_TOKEN = 1
AUTH_SIGNATURE = 2
AUTH_RSAPUBLICKEY = 3

_HEADER = struct.Struct("<6I")
HEADER_SIZE = _HEADER.size


class ProtocolError(Exception):
    """The peer sent something that is not an ADB message; the connection must be dropped."""


@dataclass(frozen=True, slots=True)
class Message:
    command: int
    arg0: int
    arg1: int
    data: bytes = b""

    @property
    def name(self) -> str:
        return COMMAND_NAMES.get(self.command, f"0x{self.command:08x}")

    def encode(self, version: int = VERSION) -> bytes:
        check = sum(self.data) & 0xFFFFFFFF if version < VERSION else 0
        header = _HEADER.pack(
            self.command, self.arg0, self.arg1, len(self.data), check, self.command ^ 0xFFFFFFFF
        )
        return header + self.data

    def __repr__(self) -> str:
        data = self.data if len(self.data) <= 32 else self.data[:32] + b"..."
        return f"Message({self.name}, {self.arg0}, {self.arg1}, {data!r})"


async def read_message(reader: asyncio.StreamReader, max_payload: int) -> Message:
    """Read one message; raise :class:`ProtocolError` on garbage, ``IncompleteReadError`` on EOF."""
    header = await reader.readexactly(HEADER_SIZE)
    command, arg0, arg1, length, _check, magic = _HEADER.unpack(header)
    if command not in COMMAND_NAMES:
        raise ProtocolError(f"unknown command 0x{command:08x}")
    if magic != command ^ 0xFFFFFFFF:
        raise ProtocolError(f"bad magic for {COMMAND_NAMES[command]}")
    if length > max_payload:
        raise ProtocolError(f"{COMMAND_NAMES[command]} payload of {length} bytes exceeds {max_payload}")
    # Current adb servers send no checksum and check none; older ones are not verified either,
    # as adbd itself stopped doing so.
    data = await reader.readexactly(length) if length else b""
    return Message(command, arg0, arg1, data)
