"""Response shapes, for the OpenAPI document and for the answers themselves."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class TaskOut(BaseModel):
    id: int
    serial: str
    username: str | None
    script_name: str
    script_config: dict[str, Any]
    status: int = Field(description="0 pending, 1 running, 2 completed, 3 failed")
    status_text: str
    source: str = Field(description="api, ui or schedule")
    start_time: str = Field(description="Planned earliest start, server local time, YYYY-MM-DD HH:MM:SS")
    started_at: str | None = Field(description="ISO-8601 with offset")
    end_time: str | None = Field(description="Server local time, YYYY-MM-DD HH:MM:SS")
    duration_ms: int | None
    retry_count: int
    max_retries: int
    remark: str | None
    error_code: str | None
    created_at: str
    priority: int
    # farmhand extensions
    platform: str | None = None
    start_at: str = Field(description="Planned earliest start, ISO-8601 with offset")
    ended_at: str | None = None
    timeout_s: float | None = None
    progress: int | None = Field(None, description="0-100 while running, when the script can tell")
    step: str | None = Field(None, description="The step running now")
    stop_requested: bool = False
    auto_retry_at: str | None = None
    outcome_unknown: bool = Field(
        False, description="Failed after its point of no return: it may have been posted"
    )


class TaskCreated(BaseModel):
    task_ids: list[int]
    created_count: int
    dry_run: bool = Field(False, description="Extension: true when ?dry_run=1 only validated and counted")


class TaskPage(BaseModel):
    items: list[TaskOut]
    total: int
    page: int
    page_size: int


class TaskStats(BaseModel):
    total: int
    pending: int
    running: int
    completed: int
    failed: int


class Deleted(BaseModel):
    deleted: int


class BatchDeleted(BaseModel):
    deleted_count: int
    deleted_ids: list[int]
    not_found_ids: list[int]
    still_running_ids: list[int] = Field(
        [], description="Running tasks whose phone did not stop in time (not deleted)"
    )


class RetryAll(BaseModel):
    retried_count: int
    task_ids: list[int]
    skipped_count: int


class LogLineOut(BaseModel):
    at: str
    step: str
    outcome: str
    duration_ms: int | None
    message: str | None


class TaskLog(BaseModel):
    task_id: int
    items: list[LogLineOut]


class License(BaseModel):
    plan_name: str
    api_enabled: bool
    device_limit: int | None = Field(description="How many phones may run at once; null = unlimited")
    message: str


class DeviceOut(BaseModel):
    serial: str
    state: str = Field(description="online, offline, unauthorized or absent")
    model: str | None
    android_version: str | None
    battery: int | None
    busy: bool
    task_id: int | None
    task_script: str | None = None
    task_progress: int | None = None
    task_step: str | None = None
    kind: str = Field(description="usb, tcp or virtual")
    group: str | None
    host: str | None
    last_seen: str
    offline_since: str | None
    pending_tasks: int = 0
    accounts: list[str] = []


class DeviceList(BaseModel):
    items: list[DeviceOut]
    total: int


class AccountOut(BaseModel):
    username: str
    platform: str
    serial: str | None
    package: str | None
    enabled: bool
    created_at: str


class AccountList(BaseModel):
    items: list[AccountOut]
    total: int


class AccountDeleted(BaseModel):
    deleted: str


class ImportRefusal(BaseModel):
    line: int
    username: str | None
    reason: str


class ImportReport(BaseModel):
    imported: int
    created: int
    updated: int
    refused: list[ImportRefusal]


class MaterialOut(BaseModel):
    id: int
    path: str
    name: str
    kind: str
    size: int
    tags: list[str]
    used: bool
    used_at: str | None
    used_by_task: int | None
    created_at: str


class MaterialPage(BaseModel):
    items: list[MaterialOut]
    total: int
    page: int
    page_size: int


class MaterialDeleted(BaseModel):
    deleted: int


class SettingsOut(BaseModel):
    plan: str
    max_concurrent_devices: int | None
    time_scale: float
    auto_retry: bool
    max_retries: int
    offline_timeout_s: float
