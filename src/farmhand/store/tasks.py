"""Tasks: create, read, list, stop, retry, delete. Every function runs inside the caller's
transaction (``db.write()`` / ``db.read()``), so a request's changes commit together or not at
all. The engine's side (claim, heartbeat, finish) lives in ``store.runs``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, case, delete, func, insert, select, update

from farmhand.domain import ErrorCode, TaskStatus
from farmhand.store.errors import Conflict, NotFound
from farmhand.store.records import LogLine, TaskRecord
from farmhand.store.schema import task_logs, task_screenshots, tasks
from farmhand.timeutil import utcnow

STOPPED_BY_USER = "stopped by user"


@dataclass(frozen=True, slots=True)
class NewTask:
    serial: str
    script_name: str
    script_config: dict[str, Any]
    source: str
    run_at: datetime
    max_retries: int
    username: str | None = None
    platform: str | None = None
    package: str | None = None
    priority: int = 0
    timeout_s: float | None = None
    batch_id: str | None = None


@dataclass(frozen=True, slots=True)
class TaskFilter:
    status: TaskStatus | None = None
    serial: str | None = None
    script_name: str | None = None
    source: str | None = None
    username: str | None = None


def create(conn: Connection, new: Sequence[NewTask]) -> list[int]:
    """Insert tasks in order; return their ids (ascending, in the order given)."""
    now = utcnow()
    ids: list[int] = []
    for item in new:
        values = {
            "serial": item.serial,
            "username": item.username,
            "platform": item.platform,
            "package": item.package,
            "script_name": item.script_name,
            "script_config": item.script_config,
            "status": int(TaskStatus.PENDING),
            "source": item.source,
            "priority": item.priority,
            "run_at": item.run_at,
            "created_at": now,
            "max_retries": item.max_retries,
            "timeout_s": item.timeout_s,
            "batch_id": item.batch_id,
        }
        ids.append(conn.execute(insert(tasks).values(values).returning(tasks.c.id)).scalar_one())
    return ids


def get(conn: Connection, task_id: int) -> TaskRecord:
    row = conn.execute(select(tasks).where(tasks.c.id == task_id)).mappings().first()
    if row is None:
        raise NotFound(f"task {task_id} not found")
    return TaskRecord.from_row(row)


def _filtered(query: Any, flt: TaskFilter) -> Any:
    if flt.status is not None:
        query = query.where(tasks.c.status == int(flt.status))
    if flt.serial is not None:
        query = query.where(tasks.c.serial == flt.serial)
    if flt.script_name is not None:
        query = query.where(tasks.c.script_name == flt.script_name)
    if flt.source is not None:
        query = query.where(tasks.c.source == flt.source)
    if flt.username is not None:
        query = query.where(tasks.c.username == flt.username)
    return query


def page(conn: Connection, flt: TaskFilter, number: int, size: int) -> tuple[list[TaskRecord], int]:
    """One page of tasks, newest first, and the total that match."""
    total = conn.execute(_filtered(select(func.count()).select_from(tasks), flt)).scalar_one()
    query = _filtered(select(tasks), flt).order_by(tasks.c.id.desc())
    rows = conn.execute(query.limit(size).offset((number - 1) * size)).mappings()
    return [TaskRecord.from_row(r) for r in rows], int(total)


def stats(conn: Connection) -> dict[str, int]:
    counts = {
        int(status): int(n)
        for status, n in conn.execute(select(tasks.c.status, func.count()).group_by(tasks.c.status))
    }
    result = {status.text: counts.get(int(status), 0) for status in TaskStatus}
    return {"total": sum(result.values()), **result}


def counts_by_serial(conn: Connection) -> dict[str, dict[str, int]]:
    """Pending and running counts per phone, for the device list."""
    query = (
        select(
            tasks.c.serial,
            func.sum(case((tasks.c.status == int(TaskStatus.PENDING), 1), else_=0)),
            func.sum(case((tasks.c.status == int(TaskStatus.RUNNING), 1), else_=0)),
        )
        .where(tasks.c.status.in_([int(TaskStatus.PENDING), int(TaskStatus.RUNNING)]))
        .group_by(tasks.c.serial)
    )
    return {serial: {"pending": int(p), "running": int(r)} for serial, p, r in conn.execute(query)}


def cancel_pending(
    conn: Connection, task_id: int, *, remark: str = STOPPED_BY_USER, code: ErrorCode = ErrorCode.STOPPED
) -> bool:
    """Fail a pending task before it runs. False if it was not pending (any more)."""
    now = utcnow()
    result = conn.execute(
        update(tasks)
        .where(tasks.c.id == task_id, tasks.c.status == int(TaskStatus.PENDING))
        .values(status=int(TaskStatus.FAILED), error_code=code.value, remark=remark, ended_at=now)
    )
    return result.rowcount == 1


def request_stop(conn: Connection, task_id: int) -> TaskRecord:
    """Stop a task: a pending one is cancelled here and now; a running one is flagged, and the
    engine that runs it aborts the script at its next step and records the outcome."""
    task = get(conn, task_id)
    if task.status == TaskStatus.PENDING:
        cancel_pending(conn, task_id)
    elif task.status == TaskStatus.RUNNING:
        conn.execute(update(tasks).where(tasks.c.id == task_id).values(stop_requested=True))
    else:
        raise Conflict(
            f"task {task_id} is already {task.status.text}; only pending or running tasks can be stopped"
        )
    return get(conn, task_id)


def retry(conn: Connection, task_id: int, *, run_at: datetime | None = None) -> TaskRecord:
    """Put a failed task back to pending, counting the retry."""
    task = get(conn, task_id)
    if task.status != TaskStatus.FAILED:
        raise Conflict(f"task {task_id} is {task.status.text}; only failed tasks can be retried")
    if task.retry_count >= task.max_retries:
        raise Conflict(f"task {task_id} reached its retry limit ({task.max_retries})")
    _requeue(conn, [task_id], run_at or utcnow())
    return get(conn, task_id)


def retry_all(conn: Connection) -> tuple[list[int], int]:
    """Retry every failed task below its limit; return (retried ids, number skipped)."""
    failed = conn.execute(
        select(tasks.c.id, tasks.c.retry_count, tasks.c.max_retries)
        .where(tasks.c.status == int(TaskStatus.FAILED))
        .order_by(tasks.c.id)
    ).all()
    retried = [row.id for row in failed if row.retry_count < row.max_retries]
    _requeue(conn, retried, utcnow())
    return retried, len(failed) - len(retried)


def _requeue(conn: Connection, ids: Sequence[int], run_at: datetime) -> None:
    if not ids:
        return
    conn.execute(
        update(tasks)
        .where(tasks.c.id.in_(ids), tasks.c.status == int(TaskStatus.FAILED))
        .values(
            status=int(TaskStatus.PENDING),
            retry_count=tasks.c.retry_count + 1,
            run_at=run_at,
            error_code=None,
            remark=None,
            started_at=None,
            ended_at=None,
            duration_ms=None,
            stop_requested=False,
            committed=False,
            auto_retry_at=None,
            progress=None,
            step=None,
            host_name=None,
            run_id=None,
            heartbeat_at=None,
        )
    )


def delete_finished_or_pending(conn: Connection, ids: Sequence[int]) -> list[int]:
    """Delete the tasks that are not running; return the ids deleted. Running ones must be
    stopped by the engine first (their phone is still in use)."""
    if not ids:
        return []
    deletable = list(
        conn.execute(
            select(tasks.c.id).where(tasks.c.id.in_(ids), tasks.c.status != int(TaskStatus.RUNNING))
        ).scalars()
    )
    if deletable:
        # Explicit deletes rather than relying on ON DELETE CASCADE being switched on.
        conn.execute(delete(task_logs).where(task_logs.c.task_id.in_(deletable)))
        conn.execute(delete(task_screenshots).where(task_screenshots.c.task_id.in_(deletable)))
        conn.execute(delete(tasks).where(tasks.c.id.in_(deletable)))
    return deletable


def running_ids(conn: Connection, ids: Sequence[int]) -> list[int]:
    if not ids:
        return []
    return list(
        conn.execute(
            select(tasks.c.id).where(tasks.c.id.in_(ids), tasks.c.status == int(TaskStatus.RUNNING))
        ).scalars()
    )


# --- step log and failure screenshot ---------------------------------------------------------


def append_log(
    conn: Connection,
    task_id: int,
    step: str,
    outcome: str,
    duration_ms: int | None = None,
    message: str | None = None,
) -> None:
    conn.execute(
        insert(task_logs).values(
            task_id=task_id,
            at=utcnow(),
            step=step[:200],
            outcome=outcome,
            duration_ms=duration_ms,
            message=message,
        )
    )


def read_log(conn: Connection, task_id: int) -> list[LogLine]:
    get(conn, task_id)
    rows = conn.execute(select(task_logs).where(task_logs.c.task_id == task_id).order_by(task_logs.c.id))
    return [LogLine(r.at, r.step, r.outcome, r.duration_ms, r.message) for r in rows]


def save_screenshot(conn: Connection, task_id: int, png: bytes) -> None:
    conn.execute(delete(task_screenshots).where(task_screenshots.c.task_id == task_id))
    conn.execute(insert(task_screenshots).values(task_id=task_id, taken_at=utcnow(), png=png))


def read_screenshot(conn: Connection, task_id: int) -> bytes:
    get(conn, task_id)
    png = conn.execute(select(task_screenshots.c.png).where(task_screenshots.c.task_id == task_id)).scalar()
    if png is None:
        raise NotFound(f"task {task_id} has no screenshot")
    return bytes(png)


def changed_since(conn: Connection, since: datetime, limit: int = 500) -> list[TaskRecord]:
    """Tasks changed at or after ``since``, oldest change first (for the event stream)."""
    rows = conn.execute(
        select(tasks).where(tasks.c.updated_at >= since).order_by(tasks.c.updated_at, tasks.c.id).limit(limit)
    ).mappings()
    return [TaskRecord.from_row(r) for r in rows]
