"""The tables. One ``MetaData`` for the whole store; Alembic migrations are written from it.

Times are stored in UTC (``UTCDateTime``). The invariant "at most one running task per phone"
is a partial unique index, so it holds whatever the number of engines, threads or hosts.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime, stored as UTC (``timestamptz`` on PostgreSQL, ISO text on SQLite)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use farmhand.timeutil.utcnow()")
        value = value.astimezone(UTC)
        # SQLite keeps text; a fixed, offset-free UTC form keeps comparisons lexicographic.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _now() -> datetime:
    return datetime.now(UTC)


NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)

RUNNING = 1  # farmhand.domain.TaskStatus.RUNNING, spelled out for the index predicate

hosts = Table(
    "hosts",
    metadata,
    Column("name", String(200), primary_key=True),
    Column("run_id", String(64), nullable=False),  # new at every process start
    Column("started_at", UTCDateTime(), nullable=False),
    Column("heartbeat_at", UTCDateTime(), nullable=False),
    Column("version", String(40), nullable=False, server_default=""),
)

devices = Table(
    "devices",
    metadata,
    Column("serial", String(200), primary_key=True),
    Column("state", String(20), nullable=False),  # farmhand.domain.DeviceState
    Column("kind", String(20), nullable=False, server_default="usb"),  # usb | tcp | virtual
    Column("host_name", String(200), nullable=True),  # the host whose adb server sees it
    Column("model", String(200)),
    Column("android_version", String(40)),
    Column("battery", Integer),
    Column("group_name", String(200)),
    Column("first_seen", UTCDateTime(), nullable=False),
    Column("last_seen", UTCDateTime(), nullable=False),
    Column("offline_since", UTCDateTime()),
    Column("connect_address", String(200)),  # TCP devices: re-connected after an adb restart
    # Every change bumps it (SQLAlchemy's onupdate): the event stream polls for it.
    Column("updated_at", UTCDateTime(), nullable=False, default=_now, onupdate=_now),
    Index(None, "updated_at"),
)

accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(200), nullable=False, unique=True),
    Column("platform", String(20), nullable=False),
    Column("serial", String(200), nullable=True),
    Column("package", String(200)),
    Column("enabled", Boolean, nullable=False, server_default=text("true")),
    Column("created_at", UTCDateTime(), nullable=False),
    Index(None, "serial"),
    sqlite_autoincrement=True,  # ids are never reused, even after a delete
)

tasks = Table(
    "tasks",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("serial", String(200), nullable=False),
    Column("username", String(200)),
    Column("platform", String(20)),
    Column("package", String(200)),
    Column("script_name", String(60), nullable=False),
    Column("script_config", JSON, nullable=False),
    Column("status", Integer, nullable=False, server_default=text("0")),
    Column("source", String(20), nullable=False),
    Column("priority", Integer, nullable=False, server_default=text("0")),
    Column("run_at", UTCDateTime(), nullable=False),  # planned earliest start
    Column("created_at", UTCDateTime(), nullable=False),
    Column("started_at", UTCDateTime()),
    Column("ended_at", UTCDateTime()),
    Column("duration_ms", Integer),
    Column("retry_count", Integer, nullable=False, server_default=text("0")),
    Column("max_retries", Integer, nullable=False),
    Column("timeout_s", Float),
    Column("remark", Text),
    Column("error_code", String(40)),
    # Who runs it: the host and that process's run id, with a heartbeat, so a dead process's
    # tasks are found whatever name the next process takes.
    Column("host_name", String(200)),
    Column("run_id", String(64)),
    Column("heartbeat_at", UTCDateTime()),
    Column("stop_requested", Boolean, nullable=False, server_default=text("false")),
    # Set once the script passed its point of no return (the tap on Post): the outcome of a
    # failure after it is unknown, so no automatic retry.
    Column("committed", Boolean, nullable=False, server_default=text("false")),
    Column("auto_retry_at", UTCDateTime()),
    Column("progress", Integer),  # 0-100 while running, when the script can tell
    Column("step", String(200)),  # the step running now
    Column("batch_id", String(64)),  # tasks created by one request
    Column("updated_at", UTCDateTime(), nullable=False, default=_now, onupdate=_now),
    Index(
        "uq_tasks_one_running_per_device",
        "serial",
        unique=True,
        sqlite_where=text(f"status = {RUNNING}"),
        postgresql_where=text(f"status = {RUNNING}"),
    ),
    Index(None, "status", "run_at"),
    # A phone's best due task is one probe of this index (the claim walks idle phones).
    Index("ix_tasks_phone_queue", "serial", "status", text("priority DESC"), "run_at", "id"),
    Index(None, "created_at"),
    Index(None, "updated_at"),
    sqlite_autoincrement=True,  # ids are never reused, even after a delete
)

task_logs = Table(
    "task_logs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("task_id", Integer, ForeignKey("tasks.id", ondelete="CASCADE"), nullable=False),
    Column("at", UTCDateTime(), nullable=False),
    Column("step", String(200), nullable=False),
    Column("outcome", String(20), nullable=False),  # ok | failed | info | skipped
    Column("duration_ms", Integer),
    Column("message", Text),
    Index(None, "task_id", "id"),
    sqlite_autoincrement=True,  # ids are never reused, even after a delete
)

task_screenshots = Table(
    "task_screenshots",
    metadata,
    Column("task_id", Integer, ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True),
    Column("taken_at", UTCDateTime(), nullable=False),
    Column("png", LargeBinary, nullable=False),
)

device_screens = Table(
    "device_screens",
    metadata,
    # The latest picture of each phone's screen, taken by the engine while someone watches.
    Column("serial", String(200), primary_key=True),
    Column("taken_at", UTCDateTime(), nullable=False),
    Column("image", LargeBinary, nullable=False),
    Column("media_type", String(40), nullable=False),
)

materials = Table(
    "materials",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("path", Text, nullable=False, unique=True),
    Column("name", String(400), nullable=False),
    Column("kind", String(10), nullable=False),  # video | image
    Column("size", BigInteger, nullable=False),
    Column("used", Boolean, nullable=False, server_default=text("false")),
    Column("used_at", UTCDateTime()),
    Column("used_by_task", Integer),
    Column("reserved_by_task", Integer),  # picked by a running task, not yet posted
    Column("created_at", UTCDateTime(), nullable=False),
    sqlite_autoincrement=True,  # ids are never reused, even after a delete
)

material_tags = Table(
    "material_tags",
    metadata,
    Column("material_id", Integer, ForeignKey("materials.id", ondelete="CASCADE"), primary_key=True),
    Column("tag", String(200), primary_key=True),
    Index(None, "tag"),
)

settings = Table(
    "settings",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", JSON, nullable=False),
)

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("key", String(300), primary_key=True),
    Column("request_hash", String(64), nullable=False),
    Column("response", JSON, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
)

JsonDict = dict[str, Any]
