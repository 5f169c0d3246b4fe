"""Records to the JSON the API returns."""

from __future__ import annotations

from typing import Any

from farmhand.store.records import AccountRecord, DeviceRecord, LogLine, MaterialRecord, TaskRecord
from farmhand.timeutil import iso, local_wallclock


def task(record: TaskRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "serial": record.serial,
        "username": record.username,
        "script_name": record.script_name,
        "script_config": record.script_config,
        "status": int(record.status),
        "status_text": record.status.text,
        "source": record.source,
        "start_time": local_wallclock(record.run_at),
        "started_at": iso(record.started_at),
        "end_time": local_wallclock(record.ended_at),
        "duration_ms": record.duration_ms,
        "retry_count": record.retry_count,
        "max_retries": record.max_retries,
        "remark": record.remark,
        "error_code": record.error_code,
        "created_at": iso(record.created_at),
        "priority": record.priority,
        "platform": record.platform,
        "start_at": iso(record.run_at),
        "ended_at": iso(record.ended_at),
        "timeout_s": record.timeout_s,
        "progress": record.progress,
        "step": record.step,
        "stop_requested": record.stop_requested,
        "auto_retry_at": iso(record.auto_retry_at),
        "outcome_unknown": record.committed and record.error_code is not None,
    }


def device(record: DeviceRecord, *, pending: int = 0, usernames: list[str] | None = None) -> dict[str, Any]:
    return {
        "serial": record.serial,
        "state": record.state,
        "model": record.model,
        "android_version": record.android_version,
        "battery": record.battery,
        "busy": record.busy,
        "task_id": record.task_id,
        "task_script": record.task_script,
        "task_progress": record.task_progress,
        "task_step": record.task_step,
        "kind": record.kind,
        "group": record.group_name,
        "host": record.host_name,
        "last_seen": iso(record.last_seen),
        "offline_since": iso(record.offline_since),
        "pending_tasks": pending,
        "accounts": usernames or [],
    }


def account(record: AccountRecord) -> dict[str, Any]:
    return {
        "username": record.username,
        "platform": record.platform,
        "serial": record.serial,
        "package": record.package,
        "enabled": record.enabled,
        "created_at": iso(record.created_at),
    }


def material(record: MaterialRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "path": record.path,
        "name": record.name,
        "kind": record.kind,
        "size": record.size,
        "tags": record.tags,
        "used": record.used,
        "used_at": iso(record.used_at),
        "used_by_task": record.used_by_task,
        "created_at": iso(record.created_at),
    }


def log_line(line: LogLine) -> dict[str, Any]:
    return {
        "at": iso(line.at),
        "step": line.step,
        "outcome": line.outcome,
        "duration_ms": line.duration_ms,
        "message": line.message,
    }
