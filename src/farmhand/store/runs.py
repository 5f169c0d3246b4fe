"""The engine's side of a task: claim, heartbeat, progress, finish, and recovery after a crash.

The claim is one transaction. What keeps a phone to one running task is the partial unique
index ``uq_tasks_one_running_per_device``; the queries below only make losing that race rare.
"""

from __future__ import annotations

import functools
from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Connection,
    Select,
    Update,
    and_,
    bindparam,
    exists,
    func,
    select,
    text,
    true,
    update,
)
from sqlalchemy.orm import aliased

from farmhand.domain import DeviceState, ErrorCode, TaskStatus
from farmhand.store.records import TaskRecord
from farmhand.store.schema import devices, tasks

PENDING = int(TaskStatus.PENDING)
RUNNING = int(TaskStatus.RUNNING)
FAILED = int(TaskStatus.FAILED)
_CLAIM_LOCK = 0x636C6169  # "clai": serializes claims across hosts while a device limit applies

MAY_HAVE_POSTED = "its outcome is unknown (it may have been posted); retry only after checking the account"


def claim_many(
    conn: Connection,
    *,
    host_name: str,
    run_id: str,
    now: datetime,
    device_limit: int | None,
    busy_serials: Collection[str] = (),
    max_tasks: int | None = None,
) -> list[TaskRecord]:
    """Start one due task on each of this host's idle online phones (as many as the device
    limit leaves room for, and at most ``max_tasks``), best first; return them.

    Order among a phone's due tasks: highest priority, then earliest planned start, then
    lowest id; across phones, when room is short, the same order decides. Phones in
    ``busy_serials`` (still cleaning up after a task, as the engine knows) are left alone.
    """
    room = max_tasks if max_tasks is not None else _NO_LIMIT
    if device_limit is not None:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CLAIM_LOCK})
        running = conn.execute(select(func.count()).where(tasks.c.status == RUNNING)).scalar_one()
        room = min(room, device_limit - running)
    if room <= 0:
        return []
    params = {"host": host_name, "run": run_id, "now": now, "busy": sorted(busy_serials), "room": room}
    rows = conn.execute(_claim_statement(conn.dialect.name), params).mappings().all()
    return sorted((TaskRecord.from_row(r) for r in rows), key=lambda t: (-t.priority, t.run_at, t.id))


def claim(
    conn: Connection,
    *,
    host_name: str,
    run_id: str,
    now: datetime,
    device_limit: int | None,
    busy_serials: Collection[str] = (),
) -> TaskRecord | None:
    """Start the best due task among this host's idle online phones, or return None."""
    claimed = claim_many(
        conn,
        host_name=host_name,
        run_id=run_id,
        now=now,
        device_limit=device_limit,
        busy_serials=busy_serials,
        max_tasks=1,
    )
    return claimed[0] if claimed else None


_NO_LIMIT = 1_000_000


@functools.cache
def _claim_statement(dialect: str) -> Update:
    """The claim as one UPDATE, built once per dialect (building it costs more than running it)."""
    now = bindparam("now", type_=tasks.c.run_at.type)
    chosen = _best_due_tasks(dialect, now)
    return (
        update(tasks)
        .where(tasks.c.id.in_(chosen), tasks.c.status == PENDING)
        .values(
            status=RUNNING,
            started_at=now,
            host_name=bindparam("host"),
            run_id=bindparam("run"),
            heartbeat_at=now,
            stop_requested=False,
            committed=False,
            progress=None,
            step=None,
            ended_at=None,
        )
        .returning(*tasks.c)
    )


def _best_due_tasks(dialect: str, now: BindParameter[datetime]) -> Select[Any]:
    """The ids of the best due task of each of this host's idle online phones, best first, at
    most ``room`` of them (bind parameters: ``host``, ``now``, ``room``, ``busy``: serials the
    engine knows to be still busy).

    Walks the idle phones and takes each one's best due task with one probe of
    ``ix_tasks_phone_queue``, then the best of those: the cost follows the number of idle
    phones, not the length of the queue (a sort of every pending task cost ~12 ms a claim
    with 10,000 queued; see docs/benchmarks.md).
    """
    running = aliased(tasks)
    queue = aliased(tasks)
    idle_phones: list[ColumnElement[bool]] = [
        devices.c.state == DeviceState.ONLINE.value,
        devices.c.host_name == bindparam("host"),
        ~exists().where(running.c.serial == devices.c.serial, running.c.status == RUNNING),
        devices.c.serial.not_in(bindparam("busy", expanding=True)),
    ]
    phone_queue = (
        select(queue.c.id, queue.c.priority, queue.c.run_at)
        .where(queue.c.serial == devices.c.serial, queue.c.status == PENDING, queue.c.run_at <= now)
        .order_by(queue.c.priority.desc(), queue.c.run_at, queue.c.id)
        .limit(1)
    )
    if dialect == "postgresql":
        best = phone_queue.lateral("best")
        return (
            select(best.c.id)
            .select_from(devices)
            .join(best, true())
            .where(*idle_phones)
            .order_by(best.c.priority.desc(), best.c.run_at, best.c.id)
            .limit(bindparam("room"))
        )
    # SQLite has no LATERAL: a correlated scalar subquery per idle phone does the same.
    best_per_phone = (
        select(phone_queue.with_only_columns(queue.c.id).correlate(devices).scalar_subquery().label("best"))
        .where(*idle_phones)
        .subquery()
    )
    chosen = aliased(tasks)
    return (
        select(chosen.c.id)
        .join(best_per_phone, chosen.c.id == best_per_phone.c.best)
        .order_by(chosen.c.priority.desc(), chosen.c.run_at, chosen.c.id)
        .limit(bindparam("room"))
    )


def heartbeat(conn: Connection, run_id: str, task_ids: Collection[int], now: datetime) -> dict[int, bool]:
    """Refresh the heartbeat of this process's running tasks; return {task id: stop requested}
    for those still running under this run (a missing id was deleted or taken away)."""
    if not task_ids:
        return {}
    rows = conn.execute(
        update(tasks)
        .where(tasks.c.id.in_(list(task_ids)), tasks.c.run_id == run_id, tasks.c.status == RUNNING)
        .values(heartbeat_at=now)
        .returning(tasks.c.id, tasks.c.stop_requested)
    ).all()
    return {row.id: bool(row.stop_requested) for row in rows}


def release(conn: Connection, task_id: int, run_id: str) -> bool:
    """Hand a claimed task back to pending before anything was done on its phone (the phone
    did not answer). False if it is no longer running under this run."""
    result = conn.execute(
        update(tasks)
        .where(
            tasks.c.id == task_id,
            tasks.c.run_id == run_id,
            tasks.c.status == RUNNING,
            tasks.c.committed.is_(False),
        )
        .values(
            status=PENDING,
            started_at=None,
            host_name=None,
            run_id=None,
            heartbeat_at=None,
            step=None,
            progress=None,
            stop_requested=False,
        )
    )
    return result.rowcount == 1


def set_progress(conn: Connection, task_id: int, run_id: str, step: str | None, progress: int | None) -> None:
    conn.execute(
        update(tasks)
        .where(tasks.c.id == task_id, tasks.c.run_id == run_id, tasks.c.status == RUNNING)
        .values(step=step[:200] if step else None, progress=progress)
    )


def mark_committed(conn: Connection, task_id: int, run_id: str) -> None:
    """The script passed its point of no return: from here a failure means "maybe posted"."""
    conn.execute(update(tasks).where(tasks.c.id == task_id, tasks.c.run_id == run_id).values(committed=True))


def finish(
    conn: Connection,
    task_id: int,
    run_id: str,
    *,
    now: datetime,
    status: TaskStatus,
    remark: str,
    error_code: ErrorCode | None = None,
    auto_retry_at: datetime | None = None,
) -> bool:
    """Record the end of a run. Idempotent: False when the task is no longer running under
    this run (already finished, interrupted by recovery, or deleted)."""
    started = conn.execute(
        select(tasks.c.started_at).where(
            tasks.c.id == task_id, tasks.c.run_id == run_id, tasks.c.status == RUNNING
        )
    ).scalar()
    if started is None:
        return False
    duration_ms = max(0, int((now - started).total_seconds() * 1000))
    result = conn.execute(
        update(tasks)
        .where(tasks.c.id == task_id, tasks.c.run_id == run_id, tasks.c.status == RUNNING)
        .values(
            status=int(status),
            ended_at=now,
            duration_ms=duration_ms,
            remark=remark,
            error_code=error_code.value if error_code else None,
            auto_retry_at=auto_retry_at,
            stop_requested=False,
            heartbeat_at=None,
            progress=100 if status == TaskStatus.COMPLETED else tasks.c.progress,
        )
    )
    return result.rowcount == 1


def _interrupt(conn: Connection, condition: ColumnElement[bool], now: datetime, why: str) -> list[int]:
    rows = conn.execute(
        select(tasks.c.id, tasks.c.committed, tasks.c.started_at).where(tasks.c.status == RUNNING, condition)
    ).all()
    for row in rows:
        remark = f"interrupted: {why}"
        if row.committed:
            remark += f"; {MAY_HAVE_POSTED}"
        started = row.started_at or now
        conn.execute(
            update(tasks)
            .where(tasks.c.id == row.id, tasks.c.status == RUNNING)
            .values(
                status=FAILED,
                error_code=ErrorCode.INTERRUPTED.value,
                remark=remark,
                ended_at=now,
                duration_ms=max(0, int((now - started).total_seconds() * 1000)),
                stop_requested=False,
                heartbeat_at=None,
            )
        )
    return [row.id for row in rows]


def interrupt_previous_runs(conn: Connection, host_name: str, run_id: str, now: datetime) -> list[int]:
    """At start-up: tasks this host left running in an earlier process never finished.
    They fail INTERRUPTED and are never re-run on their own (at most once)."""
    condition = and_(tasks.c.host_name == host_name, tasks.c.run_id != run_id)
    return _interrupt(conn, condition, now, "farmhand stopped while it ran (crash, kill or power loss)")


def interrupt_run(conn: Connection, run_id: str, now: datetime, why: str) -> list[int]:
    """At shutdown: whatever this process still has running."""
    return _interrupt(conn, tasks.c.run_id == run_id, now, why)


def interrupt_stale(conn: Connection, now: datetime, stale_after: timedelta, *, except_run: str) -> list[int]:
    """Running tasks whose process stopped beating its heart (another host died)."""
    condition = and_(tasks.c.heartbeat_at < now - stale_after, tasks.c.run_id != except_run)
    return _interrupt(conn, condition, now, "the host running it stopped answering")


def requeue_auto_retries(conn: Connection, now: datetime) -> list[int]:
    """Failed tasks whose automatic retry time has come go back to pending."""
    ids = list(
        conn.execute(
            select(tasks.c.id).where(
                tasks.c.status == FAILED,
                tasks.c.auto_retry_at <= now,
                tasks.c.retry_count < tasks.c.max_retries,
            )
        ).scalars()
    )
    if ids:
        conn.execute(
            update(tasks)
            .where(tasks.c.id.in_(ids), tasks.c.status == FAILED)
            .values(
                status=PENDING,
                retry_count=tasks.c.retry_count + 1,
                run_at=now,
                error_code=None,
                remark=None,
                started_at=None,
                ended_at=None,
                duration_ms=None,
                auto_retry_at=None,
                committed=False,
                progress=None,
                step=None,
                host_name=None,
                run_id=None,
            )
        )
    return ids


def fail_offline_waiters(conn: Connection, now: datetime, offline_timeout: timedelta) -> list[int]:
    """Pending tasks that waited for an offline phone longer than ``offline_timeout``."""
    limit = now - offline_timeout
    stale_phones = select(devices.c.serial).where(
        devices.c.state != DeviceState.ONLINE.value, devices.c.offline_since <= limit
    )
    ids = list(
        conn.execute(
            select(tasks.c.id).where(
                tasks.c.status == PENDING, tasks.c.run_at <= limit, tasks.c.serial.in_(stale_phones)
            )
        ).scalars()
    )
    if ids:
        hours = offline_timeout.total_seconds() / 3600
        conn.execute(
            update(tasks)
            .where(tasks.c.id.in_(ids), tasks.c.status == PENDING)
            .values(
                status=FAILED,
                error_code=ErrorCode.DEVICE_OFFLINE.value,
                ended_at=now,
                remark=f"the phone stayed offline for more than {hours:g} h (offline_timeout)",
            )
        )
    return ids
