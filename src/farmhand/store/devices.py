"""Phones as the store knows them: state, model, owner host, and the task each one runs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Select, and_, insert, select, update

from farmhand.domain import DeviceState, TaskStatus
from farmhand.store.errors import NotFound
from farmhand.store.records import DeviceRecord
from farmhand.store.schema import devices, tasks


@dataclass(frozen=True, slots=True)
class DeviceSeen:
    """What a device source (adb tracker, virtual farm) reports about one phone."""

    serial: str
    state: DeviceState
    kind: str = "usb"
    model: str | None = None
    android_version: str | None = None
    battery: int | None = None
    connect_address: str | None = None


def _with_running_task() -> Select[Any]:
    running = tasks.alias("running")
    return select(
        devices,
        running.c.id.label("task_id"),
        running.c.script_name.label("task_script"),
        running.c.progress.label("task_progress"),
        running.c.step.label("task_step"),
    ).select_from(
        devices.outerjoin(
            running, and_(running.c.serial == devices.c.serial, running.c.status == int(TaskStatus.RUNNING))
        )
    )


def list_all(
    conn: Connection, *, state: str | None = None, host_name: str | None = None
) -> list[DeviceRecord]:
    query = _with_running_task()
    if state is not None:
        query = query.where(devices.c.state == state)
    if host_name is not None:
        query = query.where(devices.c.host_name == host_name)
    rows = conn.execute(query.order_by(devices.c.serial)).mappings()
    return [DeviceRecord.from_row(r) for r in rows]


def get(conn: Connection, serial: str) -> DeviceRecord:
    query = _with_running_task().where(devices.c.serial == serial)
    row = conn.execute(query).mappings().first()
    if row is None:
        raise NotFound(f"device {serial} not found")
    return DeviceRecord.from_row(row)


def known_serials(conn: Connection, serials: Iterable[str]) -> set[str]:
    wanted = list(set(serials))
    if not wanted:
        return set()
    return set(conn.execute(select(devices.c.serial).where(devices.c.serial.in_(wanted))).scalars())


def report(conn: Connection, seen: DeviceSeen, host_name: str, now: datetime) -> DeviceState | None:
    """Record what a device source saw; return the previous state (None if new)."""
    previous = conn.execute(
        select(devices.c.state, devices.c.offline_since).where(devices.c.serial == seen.serial)
    ).first()
    online = seen.state == DeviceState.ONLINE
    values: dict[str, object] = {
        "state": seen.state.value,
        "kind": seen.kind,
        "host_name": host_name,
        "last_seen": now,
    }
    for name in ("model", "android_version", "battery", "connect_address"):
        value = getattr(seen, name)
        if value is not None:
            values[name] = value
    if previous is None:
        values.update(serial=seen.serial, first_seen=now, offline_since=None if online else now)
        conn.execute(insert(devices).values(values))
        return None
    if online:
        values["offline_since"] = None
    elif previous.state == DeviceState.ONLINE.value or previous.offline_since is None:
        values["offline_since"] = now
    conn.execute(update(devices).where(devices.c.serial == seen.serial).values(values))
    return DeviceState(previous.state)


def mark_gone(conn: Connection, serial: str, state: DeviceState, now: datetime) -> None:
    """A phone went offline or out of sight; keep it listed so its tasks can wait for it."""
    current = conn.execute(
        select(devices.c.state, devices.c.offline_since).where(devices.c.serial == serial)
    ).first()
    if current is None:
        return
    values: dict[str, object] = {"state": state.value}
    if current.offline_since is None:
        values["offline_since"] = now
    conn.execute(update(devices).where(devices.c.serial == serial).values(values))


def mark_host_offline(conn: Connection, host_name: str, now: datetime) -> None:
    """Every phone of a host that stopped (or stopped answering) is offline."""
    conn.execute(
        update(devices)
        .where(devices.c.host_name == host_name, devices.c.state == DeviceState.ONLINE.value)
        .values(state=DeviceState.OFFLINE.value, offline_since=now)
    )


def set_group(conn: Connection, serial: str, group: str | None) -> None:
    result = conn.execute(update(devices).where(devices.c.serial == serial).values(group_name=group))
    if result.rowcount == 0:
        raise NotFound(f"device {serial} not found")


def changed_since(conn: Connection, since: datetime) -> list[DeviceRecord]:
    """Devices changed at or after ``since`` (state, battery, ...), for the event stream."""
    query = _with_running_task().where(devices.c.updated_at >= since).order_by(devices.c.updated_at)
    return [DeviceRecord.from_row(r) for r in conn.execute(query).mappings()]


def kept_addresses(conn: Connection, host_name: str) -> list[str]:
    """TCP phones this host connected before: re-connected at start and after an adb restart."""
    return list(
        conn.execute(
            select(devices.c.connect_address)
            .where(
                devices.c.host_name == host_name,
                devices.c.connect_address.is_not(None),
                devices.c.kind == "tcp",
            )
            .order_by(devices.c.connect_address)
        ).scalars()
    )


def forget_address(conn: Connection, serial: str) -> None:
    """Stop re-connecting a TCP phone (it stays listed, offline, with its history)."""
    conn.execute(update(devices).where(devices.c.serial == serial).values(connect_address=None))
