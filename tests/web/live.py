"""Servers and a browser for the dashboard's tests: a real ``farmhand serve`` with virtual phones
(a subprocess on a free port with its own data directory), a client of its ``/ui/api``, and
Debian's Chromium driven headless by Playwright."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import adbutils
import httpx

from farmhand.devices.adb_server import find_adb

REPO = Path(__file__).resolve().parents[2]
SCREENS = REPO / "test-artifacts" / "screens"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
PNG_HEAD = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for(what: str, check: Callable[[], T | None], timeout: float = 60.0, every: float = 0.2) -> T:
    """Poll until check() gives something truthy; fail naming what never happened."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            value = check()
            if value:
                return value
        except Exception as exc:  # the server may not answer yet
            last_error = exc
        time.sleep(every)
    raise AssertionError(
        f"timed out after {timeout:g} s waiting for {what}" + (f" ({last_error})" if last_error else "")
    )


class UiApi:
    """The dashboard's API (``/ui/api``), answering ``data`` or raising with the envelope."""

    def __init__(self, base_url: str) -> None:
        self.http = httpx.Client(base_url=f"{base_url}/ui/api", timeout=30.0)

    def call(self, method: str, path: str, body: Any = None, expect: int = 0) -> Any:
        reply = (
            self.http.request(method, path, json=body)
            if body is not None
            else self.http.request(method, path)
        )
        envelope = reply.json()
        assert envelope["code"] == expect, envelope
        return envelope["data"] if expect == 0 else envelope

    def get(self, path: str) -> Any:
        return self.call("GET", path)

    def close(self) -> None:
        self.http.close()


class LiveFarm:
    """``farmhand serve --virtual-phones N --time-scale S`` in a subprocess, with an adb server
    of its own (a shared one would show it other farms' phones), stopped with it."""

    def __init__(
        self, data_dir: Path, phones: int, time_scale: float = 0.02, extra: tuple[str, ...] = ()
    ) -> None:
        self.data_dir = data_dir
        self.phones = phones
        self.port = free_port()
        self.adb_port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = data_dir / "serve.log"
        args = [
            sys.executable, "-m", "farmhand", "serve",
            "--port", str(self.port),
            "--data-dir", str(data_dir),
            "--virtual-phones", str(phones),
            "--time-scale", str(time_scale),
            "--adb-port", str(self.adb_port),
            "--log-level", "INFO",
            *extra,
        ]  # fmt: skip
        data_dir.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("wb")
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            args, stdout=self._log, stderr=subprocess.STDOUT, env=env, cwd=data_dir
        )
        self.api = UiApi(self.base_url)

    def log_tail(self, lines: int = 40) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def wait_ready(self, timeout: float = 90.0) -> list[dict[str, Any]]:
        def online() -> list[dict[str, Any]] | None:
            if self.process.poll() is not None:
                raise AssertionError(
                    f"farmhand serve exited with {self.process.returncode}:\n{self.log_tail()}"
                )
            items: list[dict[str, Any]] = self.api.get("/device")["items"]
            ready = [d for d in items if d["state"] == "online"]
            return items if len(ready) >= self.phones else None

        try:
            return wait_for(f"{self.phones} online phones", online, timeout, every=0.5)
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n--- serve log ---\n{self.log_tail()}") from None

    def stop(self) -> None:
        self.api.close()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._log.close()
        # farmhand leaves the adb server it started running (other tools may use it); this
        # one was for the test only.
        subprocess.run(
            [str(find_adb()), "-P", str(self.adb_port), "kill-server"], capture_output=True, timeout=30
        )

    def adb(self) -> adbutils.AdbClient:
        return adbutils.AdbClient(host="127.0.0.1", port=self.adb_port)
