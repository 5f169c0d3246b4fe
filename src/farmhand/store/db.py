"""Connecting to the store: SQLite (embedded default) or PostgreSQL (several hosts).

Every read-then-write goes through :meth:`Database.write`, which on SQLite starts with
``BEGIN IMMEDIATE``: a deferred transaction that upgrades to a write can fail with
SQLITE_BUSY despite the busy timeout (the WAL snapshot rule), so writers queue up front.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError

log = logging.getLogger(__name__)
T = TypeVar("T")

_IMMEDIATE = "farmhand_immediate"


def normalize_url(url: str) -> str:
    """Accept the URLs people type: ``postgresql://`` means psycopg 3; a bare path is SQLite."""
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    if parsed.drivername not in ("sqlite", "postgresql+psycopg"):
        raise ValueError(f"unsupported database {parsed.drivername!r}: use sqlite:/// or postgresql://")
    return url


class Database:
    """An SQLAlchemy engine with farmhand's transaction rules."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = normalize_url(url)
        parsed = make_url(self.url)
        self.dialect = parsed.get_backend_name()
        if self.dialect == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            self.engine: Engine = create_engine(
                self.url, echo=echo, connect_args={"timeout": 30}, pool_size=20, max_overflow=20
            )
            _configure_sqlite(self.engine)
        else:
            self.engine = create_engine(
                self.url, echo=echo, pool_size=10, max_overflow=30, pool_pre_ping=True
            )

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn.execution_options(**{_IMMEDIATE: True})
            with conn.begin():
                yield conn

    def run_write(self, work: Callable[[Connection], T], *, attempts: int = 5) -> T:
        """Run ``work`` in a write transaction, retrying on transient database errors
        (lock timeouts, serialization failures, a dropped connection)."""
        delay = 0.05
        for attempt in range(1, attempts + 1):
            try:
                with self.write() as conn:
                    return work(conn)
            except OperationalError as exc:
                if attempt == attempts or not _transient(exc):
                    raise
                log.warning("store busy (%s), retrying", exc.orig)
                time.sleep(delay)
                delay *= 2
        raise AssertionError("unreachable")

    def dispose(self) -> None:
        self.engine.dispose()


def _transient(exc: DBAPIError) -> bool:
    text = str(exc.orig).lower()
    return any(word in text for word in ("locked", "busy", "serializ", "deadlock", "connection"))


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event, not the driver, decide how transactions start.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # NORMAL survives a crash or kill -9 of the process; only a power loss may drop the
        # last commits (measured in notes/task-claims.md).
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get(_IMMEDIATE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
