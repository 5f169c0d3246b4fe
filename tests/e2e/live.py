"""A live ``farmhand serve`` in a subprocess, with virtual phones on the wire behind a real adb
server, and a small client for its API. Used by the end-to-end tests."""

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

import httpx

from farmhand.devices.adb_server import find_adb

T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(check: Callable[[], T], timeout: float = 30.0, interval: float = 0.1, what: str = "") -> T:
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last  # type: ignore[no-any-return]
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what or check}; last value: {last!r}")


class ApiError(AssertionError):
    def __init__(self, body: dict[str, Any]) -> None:
        super().__init__(f"{body['code']}: {body['message']}")
        self.body = body


class LiveServer:
    def __init__(
        self,
        data_dir: Path,
        *,
        adb_port: int,
        phones: int = 3,
        time_scale: float = 0.02,
        args: tuple[str, ...] = (),
        database: str | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.adb_port = adb_port
        self.phones = phones
        self.time_scale = time_scale
        self.args = args
        self.database = database
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = data_dir / "server.log"
        self.client = httpx.Client(base_url=f"{self.base}/api/v1", timeout=30.0)

    # --- process ---------------------------------------------------------------------------
    def start(self, *, wait_phones: bool = True) -> LiveServer:
        command = [
            sys.executable,
            "-m",
            "farmhand",
            "serve",
            "--data-dir",
            str(self.data_dir),
            "--port",
            str(self.port),
            "--adb-port",
            str(self.adb_port),
            "--virtual-phones",
            str(self.phones),
            "--time-scale",
            str(self.time_scale),
            *self.args,
        ]
        if self.database:
            command += ["--database", self.database]
        self.data_dir.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        wait_until(self._answers, 60, 0.2, f"the server on port {self.port} (log: {self.log_path})")
        if wait_phones and self.phones:
            wait_until(lambda: len(self.online()) >= self.phones, 60, 0.2, "virtual phones online")
        return self

    def _answers(self) -> bool:
        if self.process is not None and self.process.poll() is not None:
            raise AssertionError(f"farmhand exited with {self.process.returncode}:\n{self.log()}")
        try:
            return self.client.get("/license/check").status_code in (200, 403)
        except httpx.HTTPError:
            return False

    def stop(self, sig: int = signal.SIGINT, timeout: float = 40.0) -> int:
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(sig)
        code = self.process.wait(timeout)
        self.process = None
        return code

    def kill(self) -> None:
        self.stop(signal.SIGKILL)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    # --- API -------------------------------------------------------------------------------
    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.client.request(method, path, **kwargs)
        body = response.json()
        if body["code"] != 0:
            raise ApiError(body)
        return body["data"]

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.call("GET", path, **kwargs)

    def post(self, path: str, json: Any = None, **kwargs: Any) -> Any:
        return self.call("POST", path, json=json, **kwargs)

    def create(self, serials: list[str], script: str, config: dict[str, Any], **extra: Any) -> list[int]:
        return list(
            self.post("/task", {"serials": serials, "script_name": script, "script_config": config, **extra})[
                "task_ids"
            ]
        )

    def task(self, task_id: int) -> dict[str, Any]:
        return dict(self.get(f"/task/{task_id}"))

    def wait_status(self, task_id: int, *statuses: str, timeout: float = 60.0) -> dict[str, Any]:
        return wait_until(
            lambda: (t := self.task(task_id))["status_text"] in statuses and t,
            timeout,
            0.1,
            f"task {task_id} to be {'/'.join(statuses)}",
        )

    def online(self) -> list[str]:
        return sorted(d["serial"] for d in self.get("/device")["items"] if d["state"] == "online")

    def all_tasks(self) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        page = 1
        while True:
            data = self.get("/task", params={"page": page, "page_size": 100})
            items += data["items"]
            if len(items) >= data["total"] or not data["items"]:
                return items
            page += 1

    # --- the phones --------------------------------------------------------------------------
    def adb(self, *args: str, timeout: float = 20.0) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(find_adb()), "-P", str(self.adb_port), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def phone_shell(self, serial: str, command: str) -> str:
        result = self.adb("-s", serial, "shell", command)
        assert result.returncode == 0, result.stderr
        return result.stdout

    def knob(self, serial: str, name: str, value: object) -> None:
        self.phone_shell(serial, f"farmhand-vphone knob {name} {value}")
