"""A phone that does not answer when its task starts: the task waits for it (pending), it is
not failed. The engine runs for real on a real store; the phone is a test double whose shell
raises DeviceOffline, as the adb backend does for a phone that flapped."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from farmhand.devices.base import DeviceOffline, ShellResult
from farmhand.devices.shell_device import ShellDevice
from farmhand.domain import DeviceState, TaskStatus
from farmhand.engine.engine import Engine
from farmhand.engine.hub import DeviceHub
from farmhand.engine.sources import Report, Sighting
from farmhand.store import runs, tasks
from farmhand.store.db import Database
from farmhand.timeutil import utcnow
from tests.store.helpers import add_tasks


class SilentPhone(ShellDevice):
    def __init__(self, serial: str) -> None:
        super().__init__(serial)
        self.calls = 0

    def shell(self, command: Sequence[str] | str, *, timeout: float = 20.0) -> ShellResult:
        self.calls += 1
        raise DeviceOffline(f"{self.serial} is offline")

    def exec_out(self, command: Sequence[str], *, timeout: float = 20.0) -> bytes:
        raise DeviceOffline(f"{self.serial} is offline")

    def push(self, local: Path, remote: str, *, timeout: float = 300.0) -> None:
        raise DeviceOffline(f"{self.serial} is offline")

    def pull(self, remote: str, local: Path, *, timeout: float = 300.0) -> None:
        raise DeviceOffline(f"{self.serial} is offline")


class OnePhone:
    name = "test"

    def __init__(self, phone: SilentPhone) -> None:
        self.phone = phone

    def start(self, report: Report) -> None:
        report(Sighting(self.phone.serial, DeviceState.ONLINE, "usb"))

    def device(self, serial: str) -> SilentPhone | None:
        return self.phone if serial == self.phone.serial else None

    def stop(self) -> None:
        pass


def test_task_waits_pending_when_its_phone_does_not_answer_at_the_start(db: Database, tmp_path: Path) -> None:
    phone = SilentPhone("FLAKY1")
    engine = Engine(db, DeviceHub([OnePhone(phone)]), host_name="host-a", roots=(tmp_path,))
    engine.start()
    try:
        deadline = time.monotonic() + 20
        (task_id,) = add_tasks(db, "FLAKY1")
        engine.wake()
        while phone.calls < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(1.0)  # several engine passes: the phone rests, nothing fails
    finally:
        engine.stop()
    with db.read() as conn:
        task = tasks.get(conn, task_id)
        log = tasks.read_log(conn, task_id)
    assert phone.calls >= 1
    assert task.status == TaskStatus.PENDING, task
    assert task.error_code is None
    assert task.started_at is None
    assert any("did not answer" in (line.message or "") for line in log)


def test_release_only_gives_back_an_uncommitted_task_of_the_same_run(db: Database) -> None:
    from tests.store.helpers import add_devices

    add_devices(db, ["P1"], host="host-a")
    (task_id,) = add_tasks(db, "P1")
    db.run_write(lambda c: runs.claim(c, host_name="host-a", run_id="r1", now=utcnow(), device_limit=None))
    assert db.run_write(lambda c: runs.release(c, task_id, "other-run")) is False
    db.run_write(lambda c: runs.mark_committed(c, task_id, "r1"))
    assert db.run_write(lambda c: runs.release(c, task_id, "r1")) is False  # past its point of no return
    with db.read() as conn:
        assert tasks.get(conn, task_id).status == TaskStatus.RUNNING
