"""End-to-end fixtures: one private adb server for the session (never the user's 5037), and
live farmhand servers with virtual phones on the wire."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from farmhand.devices.adb_server import find_adb
from tests.e2e.live import LiveServer, free_port


@pytest.fixture(scope="session")
def adb_port() -> Iterator[int]:
    port = free_port()
    yield port
    subprocess.run(
        [str(find_adb()), "-P", str(port), "kill-server"], capture_output=True, timeout=30, check=False
    )


@pytest.fixture
def make_server(tmp_path: Path, adb_port: int) -> Iterator[type[LiveServer]]:
    started: list[LiveServer] = []

    class Server(LiveServer):
        def __init__(self, name: str = "farm", **kwargs: object) -> None:
            super().__init__(tmp_path / name, adb_port=adb_port, **kwargs)  # type: ignore[arg-type]
            started.append(self)

    yield Server
    for server in started:
        if server.process is not None:
            try:
                server.stop()
            except Exception:
                server.kill()
