"""Small builders for store tests."""

from __future__ import annotations

from datetime import datetime, timedelta

from farmhand.domain import DeviceState
from farmhand.store import devices, tasks
from farmhand.store.db import Database
from farmhand.store.devices import DeviceSeen
from farmhand.store.tasks import NewTask
from farmhand.timeutil import utcnow

HOST = "host-a"


def add_devices(
    db: Database, serials: list[str], *, host: str = HOST, state: DeviceState = DeviceState.ONLINE
) -> None:
    now = utcnow()
    with db.write() as conn:
        for serial in serials:
            devices.report(conn, DeviceSeen(serial, state, kind="virtual"), host, now)


def add_tasks(
    db: Database,
    serial: str,
    count: int = 1,
    *,
    run_at: datetime | None = None,
    priority: int = 0,
    max_retries: int = 3,
) -> list[int]:
    when = run_at or utcnow() - timedelta(seconds=1)
    new = [
        NewTask(
            serial=serial,
            script_name="follow",
            script_config={"target_users": [f"u{i}"]},
            source="api",
            run_at=when,
            max_retries=max_retries,
            priority=priority,
        )
        for i in range(count)
    ]
    with db.write() as conn:
        return tasks.create(conn, new)
