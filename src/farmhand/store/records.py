"""Plain records read from the store. The API and the engine see these, never rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import RowMapping

from farmhand.domain import TaskStatus


@dataclass(frozen=True, slots=True)
class TaskRecord:
    id: int
    serial: str
    username: str | None
    platform: str | None
    package: str | None
    script_name: str
    script_config: dict[str, Any]
    status: TaskStatus
    source: str
    priority: int
    run_at: datetime
    created_at: datetime
    started_at: datetime | None
    ended_at: datetime | None
    duration_ms: int | None
    retry_count: int
    max_retries: int
    timeout_s: float | None
    remark: str | None
    error_code: str | None
    host_name: str | None
    run_id: str | None
    heartbeat_at: datetime | None
    stop_requested: bool
    committed: bool
    auto_retry_at: datetime | None
    progress: int | None
    step: str | None
    batch_id: str | None
    updated_at: datetime

    @classmethod
    def from_row(cls, row: RowMapping) -> TaskRecord:
        values = dict(row)
        values["status"] = TaskStatus(values["status"])
        values["stop_requested"] = bool(values["stop_requested"])
        values["committed"] = bool(values["committed"])
        return cls(**values)


@dataclass(frozen=True, slots=True)
class DeviceRecord:
    serial: str
    state: str
    kind: str
    host_name: str | None
    model: str | None
    android_version: str | None
    battery: int | None
    group_name: str | None
    first_seen: datetime
    last_seen: datetime
    offline_since: datetime | None
    connect_address: str | None
    updated_at: datetime
    # Filled by the queries that join the running task:
    task_id: int | None = None
    task_script: str | None = None
    task_progress: int | None = None
    task_step: str | None = None

    @property
    def busy(self) -> bool:
        return self.task_id is not None

    @classmethod
    def from_row(cls, row: RowMapping) -> DeviceRecord:
        return cls(**dict(row))


@dataclass(frozen=True, slots=True)
class AccountRecord:
    id: int
    username: str
    platform: str
    serial: str | None
    package: str | None
    enabled: bool
    created_at: datetime

    @classmethod
    def from_row(cls, row: RowMapping) -> AccountRecord:
        values = dict(row)
        values["enabled"] = bool(values["enabled"])
        return cls(**values)


@dataclass(frozen=True, slots=True)
class MaterialRecord:
    id: int
    path: str
    name: str
    kind: str
    size: int
    used: bool
    used_at: datetime | None
    used_by_task: int | None
    reserved_by_task: int | None
    created_at: datetime
    tags: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class LogLine:
    at: datetime
    step: str
    outcome: str
    duration_ms: int | None
    message: str | None
