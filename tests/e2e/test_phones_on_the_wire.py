"""Issue 3 through the real adb server: farms side by side, phones connected by hand and kept,
an adb server restart, an unauthorized phone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.e2e.live import LiveServer, free_port, wait_until


def test_two_farms_on_one_adb_server_keep_to_their_own_phones(make_server: type[LiveServer]) -> None:
    first = make_server("farm-a", phones=2).start()
    second = make_server("farm-b", phones=2).start()
    mine_a = {d["serial"] for d in first.get("/device")["items"]}
    mine_b = {d["serial"] for d in second.get("/device")["items"]}
    assert len(mine_a) == len(mine_b) == 2
    assert not mine_a & mine_b
    everything = first.adb("devices").stdout
    assert all(serial in everything for serial in mine_a | mine_b)  # one adb server sees all four
    (task_a,) = first.create(sorted(mine_a)[:1], "follow", {"target_users": ["gina"]})
    (task_b,) = second.create(sorted(mine_b)[:1], "follow", {"target_users": ["gina"]})
    assert first.wait_status(task_a, "completed", "failed")["status_text"] == "completed"
    assert second.wait_status(task_b, "completed", "failed")["status_text"] == "completed"
    # Give farm A time to notice farm B's phones if it were going to adopt them.
    wait_until(lambda: first.get("/device")["total"] == 2, 5)
    assert {d["serial"] for d in first.get("/device")["items"]} == mine_a


def test_phone_connected_by_hand_is_kept_and_survives_adb_restart(
    make_server: type[LiveServer], tmp_path: Path, adb_port: int
) -> None:
    port = free_port()
    alone = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "farmhand",
            "vphone",
            "--count",
            "1",
            "--base-port",
            str(port),
            "--data-dir",
            str(tmp_path / "alone"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        server = make_server(phones=0).start(wait_phones=False)
        serial = f"127.0.0.1:{port}"

        def connect() -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "farmhand",
                    "devices",
                    "connect",
                    serial,
                    "--adb-port",
                    str(adb_port),
                    "--data-dir",
                    str(server.data_dir),
                ],
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )

        result = wait_until(
            lambda: (r := connect()).returncode == 0 and r, 30, 0.5, "farmhand devices connect"
        )
        assert serial in result.stdout
        device = wait_until(
            lambda: next(
                (
                    d
                    for d in server.get("/device")["items"]
                    if d["serial"] == serial and d["state"] == "online"
                ),
                None,
            ),
            30,
        )
        assert device["kind"] == "tcp"
        (task,) = server.create([serial], "follow", {"target_users": ["hank"]})
        assert server.wait_status(task, "completed", "failed")["status_text"] == "completed"

        # The adb server goes away: the phone comes back by itself and later tasks run.
        server.adb("kill-server")
        (later,) = server.create([serial], "follow", {"target_users": ["ivy"]})
        assert server.wait_status(later, "completed", "failed", timeout=90)["status_text"] == "completed"

        # farmhand restarts: the phone it was told to keep is connected again.
        server.stop()
        server.adb("disconnect", serial)
        server.start(wait_phones=False)
        wait_until(
            lambda: any(
                d["serial"] == serial and d["state"] == "online" for d in server.get("/device")["items"]
            ),
            60,
            what="kept phone back online",
        )
    finally:
        alone.terminate()
        alone.wait(20)


def test_unauthorized_phone_is_listed_and_gets_no_task(make_server: type[LiveServer]) -> None:
    server = make_server(phones=2).start()
    locked, other = server.online()
    server.knob(locked, "unauthorized", 1)
    wait_until(lambda: server.get(f"/device/{locked}")["state"] == "unauthorized", 30, what="unauthorized")
    (task,) = server.create([locked], "follow", {"target_users": ["jo"]})
    (fine,) = server.create([other], "follow", {"target_users": ["jo"]})
    assert server.wait_status(fine, "completed", "failed")["status_text"] == "completed"
    assert server.task(task)["status_text"] == "pending"


def test_device_shell_runs_a_quoted_command_and_returns_its_exit_code(
    make_server: type[LiveServer], adb_port: int
) -> None:
    server = make_server(phones=1).start()
    (phone,) = server.online()

    def shell(*command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "farmhand",
                "device",
                "shell",
                phone,
                *command,
                "--adb-port",
                str(adb_port),
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    echoed = shell("echo", "a b;c", "$(id)")
    assert echoed.returncode == 0
    assert echoed.stdout == "a b;c $(id)\n"
    missing = shell("ls", "/nope")
    assert missing.returncode == 1
    assert "No such file" in missing.stderr
    unknown = subprocess.run(
        [sys.executable, "-m", "farmhand", "device", "shell", "NOPE", "true", "--adb-port", str(adb_port)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert unknown.returncode == 2
    assert "device NOPE not found" in unknown.stderr
