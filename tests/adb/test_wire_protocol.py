"""The wire front spoken to directly, as a host would, including hosts that misbehave."""

from __future__ import annotations

import socket
import struct
from collections.abc import Iterator

import pytest

from farmhand.virtual.adb import WireFarm
from farmhand.virtual.adb.messages import (
    A_AUTH,
    A_CLSE,
    A_CNXN,
    A_OKAY,
    A_OPEN,
    A_WRTE,
    AUTH_SIGNATURE,
    AUTH_TOKEN,
    HEADER_SIZE,
    Message,
)

from .conftest import wait_until
from .fake_phone import FakePhone

HOST_BANNER = b"host::features=shell_v2\0"


class Host:
    """A minimal adb host over one socket."""

    def __init__(self, port: int, version: int = 0x01000001) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.version = version

    def send(self, message: Message) -> None:
        self.sock.sendall(message.encode(self.version))

    def recv(self) -> Message | None:
        header = self._exactly(HEADER_SIZE)
        if header is None:
            return None
        command, arg0, arg1, length, check, magic = struct.unpack("<6I", header)
        assert magic == command ^ 0xFFFFFFFF
        data = self._exactly(length) if length else b""
        assert data is not None
        if self.version < 0x01000001:
            assert check == sum(data)
        return Message(command, arg0, arg1, data)

    def _exactly(self, size: int) -> bytes | None:
        data = b""
        while len(data) < size:
            try:
                chunk = self.sock.recv(size - len(data))
            except ConnectionResetError:
                return None
            if not chunk:
                return None
            data += chunk
        return data

    def connect(self) -> Message:
        self.send(Message(A_CNXN, self.version, 256 * 1024, HOST_BANNER))
        reply = self.recv()
        assert reply is not None
        return reply

    def shell(self, local_id: int, command: bytes) -> bytes:
        self.send(Message(A_OPEN, local_id, 0, b"shell:" + command + b"\0"))
        okay = self.recv()
        assert okay is not None
        assert okay.command == A_OKAY
        assert okay.arg1 == local_id
        out = b""
        while True:
            message = self.recv()
            assert message is not None
            if message.command == A_WRTE:
                out += message.data
                self.send(Message(A_OKAY, local_id, message.arg0))
            elif message.command == A_CLSE:
                self.send(Message(A_CLSE, local_id, message.arg0))
                return out

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def farm(tmp_path) -> Iterator[WireFarm]:
    phones = [FakePhone(f"p{i}", tmp_path / f"p{i}") for i in range(2)]
    wire_farm = WireFarm([(phone, 0) for phone in phones])
    wire_farm.start()
    yield wire_farm
    wire_farm.stop()


@pytest.fixture
def wire(farm: WireFarm) -> tuple[list[FakePhone], list[int]]:
    phones = [listener.endpoint for listener in farm.listeners]
    return phones, [listener.port for listener in farm.listeners]  # type: ignore[return-value]


def test_handshake_sends_banner_with_only_implemented_features(wire):
    _phones, ports = wire
    host = Host(ports[0])
    reply = host.connect()
    assert reply.command == A_CNXN
    assert reply.arg0 == 0x01000001
    banner = reply.data.decode()
    assert banner.startswith("device::")
    assert "ro.product.model=Fake_Phone" in banner
    features = set(banner.split("features=")[1].split(","))
    assert features == {"shell_v2", "stat_v2", "ls_v2", "fixed_push_mkdir"}
    host.close()


def test_old_protocol_version_gets_checksummed_payloads(wire):
    _phones, ports = wire
    host = Host(ports[0], version=0x01000000)
    assert host.connect().arg0 == 0x01000000
    assert host.shell(7, b"echo old") == b"old\n"
    host.close()


def test_unauthorized_phone_refuses_signatures_until_allowed(wire, farm):
    phones, ports = wire
    phones[0].authorized_flag = False
    wait_until(lambda: not farm.listeners[0].runtime.authorized, what="switch seen")
    host = Host(ports[0])
    first = host.connect()
    assert (first.command, first.arg0, len(first.data)) == (A_AUTH, AUTH_TOKEN, 20)
    host.send(Message(A_AUTH, AUTH_SIGNATURE, 0, b"\x01" * 256))
    again = host.recv()
    assert again is not None
    assert (again.command, again.arg0) == (A_AUTH, AUTH_TOKEN)
    phones[0].authorized_flag = True
    accepted = host.recv()
    assert accepted is not None
    assert accepted.command == A_CNXN
    assert host.shell(3, b"echo in") == b"in\n"
    host.close()


def test_unknown_service_is_refused_with_clse(wire):
    _phones, ports = wire
    host = Host(ports[0])
    host.connect()
    for service in (b"reboot:", b"framebuffer:", b"tcp:5555", b"nonsense", b"jdwp:1"):
        host.send(Message(A_OPEN, 9, 0, service + b"\0"))
        reply = host.recv()
        assert reply is not None
        assert (reply.command, reply.arg0, reply.arg1) == (A_CLSE, 0, 9)
    assert host.shell(10, b"echo fine") == b"fine\n"
    host.close()


def test_output_waits_for_okay_before_the_next_write(wire):
    phones, ports = wire
    big = "x" * (600 * 1024)
    phones[0].local("/sdcard/big.txt").parent.mkdir(parents=True)
    phones[0].local("/sdcard/big.txt").write_text(big)
    host = Host(ports[0])
    host.connect()  # host maxdata 256 KiB
    host.send(Message(A_OPEN, 5, 0, b"shell:cat /sdcard/big.txt\0"))
    assert host.recv().command == A_OKAY
    first = host.recv()
    assert first.command == A_WRTE
    assert len(first.data) <= 256 * 1024
    host.sock.settimeout(0.5)
    with pytest.raises(TimeoutError):
        host.sock.recv(1)  # nothing more until we acknowledge
    host.sock.settimeout(10)
    received = first.data
    host.send(Message(A_OKAY, 5, first.arg0))
    while True:
        message = host.recv()
        if message.command == A_CLSE:
            break
        received += message.data
        host.send(Message(A_OKAY, 5, message.arg0))
    assert received.decode() == big
    host.close()


@pytest.mark.parametrize(
    "garbage",
    [
        b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
        b"\x00" * 24,
        struct.pack("<6I", A_CNXN, 0x01000001, 4096, 50_000_000, 0, A_CNXN ^ 0xFFFFFFFF),
        struct.pack("<6I", A_CNXN, 0x01000001, 4096, 4, 0, 0) + b"host",
        Message(A_WRTE, 1, 1, b"data before any handshake").encode(),
    ],
)
def test_garbage_drops_that_connection_only(wire, garbage):
    _phones, ports = wire
    bystander = Host(ports[1])
    bystander.connect()
    rogue = socket.create_connection(("127.0.0.1", ports[0]), timeout=10)
    rogue.sendall(garbage)
    assert rogue.recv(100) == b""  # the phone hung up on it
    rogue.close()
    assert bystander.shell(1, b"echo still here") == b"still here\n"
    fresh = Host(ports[0])
    fresh.connect()
    assert fresh.shell(1, b"echo me too") == b"me too\n"
    fresh.close()
    bystander.close()


def test_garbage_inside_a_sync_stream_fails_that_stream_only(wire):
    _phones, ports = wire
    host = Host(ports[0])
    host.connect()
    host.send(Message(A_OPEN, 4, 0, b"sync:\0"))
    okay = host.recv()
    assert okay.command == A_OKAY
    host.send(Message(A_WRTE, 4, okay.arg0, b"ZZZZ\x04\x00\x00\x00abcd"))
    replies = []
    while True:
        message = host.recv()
        if message.command == A_WRTE:
            replies.append(message.data)
            host.send(Message(A_OKAY, 4, message.arg0))
        elif message.command == A_CLSE:
            break
    assert b"".join(replies).startswith(b"FAIL")
    assert host.shell(6, b"echo ok") == b"ok\n"
    host.close()
