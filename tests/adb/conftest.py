"""Fixtures: a real adb server on a private port, and virtual phones on the wire."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from farmhand.devices.adb_server import AdbServer
from farmhand.virtual.adb import WireFarm

from .fake_phone import FakePhone

pytestmark = pytest.mark.adb


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(predicate: Callable[[], object], timeout: float = 20.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"{what} not reached within {timeout} s")


@pytest.fixture(scope="session")
def adb_server() -> Iterator[AdbServer]:
    server = AdbServer(port=free_port())
    server.start()
    yield server
    server.stop()


@dataclass
class Phones:
    server: AdbServer
    farm: WireFarm
    phones: list[FakePhone]

    @property
    def serials(self) -> list[str]:
        return self.farm.serials

    def adb(
        self, *args: str, input: bytes | None = None, timeout: float = 60
    ) -> subprocess.CompletedProcess[bytes]:
        """The adb command line against the test server."""
        return subprocess.run(
            [str(self.server.adb_path), "-P", str(self.server.port), *args],
            input=input,
            stdin=None if input is not None else subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            check=False,
        )


@pytest.fixture
def make_phones(adb_server: AdbServer, tmp_path: Path) -> Iterator[Callable[..., Phones]]:
    """Start N fake phones on the wire and connect them through the adb server."""
    started: list[Phones] = []

    def make(count: int = 1, *, connect: bool = True, authorized: bool = True) -> Phones:
        phones = [
            FakePhone(f"vphone-{len(started)}-{i}", tmp_path / f"p{len(started)}-{i}") for i in range(count)
        ]
        for phone in phones:
            phone.authorized_flag = authorized
        farm = WireFarm([(phone, 0) for phone in phones])
        farm.start()
        group = Phones(adb_server, farm, phones)
        started.append(group)
        if connect:
            for serial in farm.serials:
                adb_server.connect(serial, timeout=10)
        return group

    yield make
    for group in started:
        for serial in group.serials:
            adb_server.disconnect(serial)
        group.farm.stop()
