"""Hosts sharing a store: each engine process registers, beats, and notices the dead."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Connection, insert, select, update

from farmhand import __version__
from farmhand.store.schema import hosts


def register(conn: Connection, name: str, run_id: str, now: datetime) -> None:
    values = {"run_id": run_id, "started_at": now, "heartbeat_at": now, "version": __version__}
    if conn.execute(select(hosts.c.name).where(hosts.c.name == name)).first() is None:
        conn.execute(insert(hosts).values(name=name, **values))
    else:
        conn.execute(update(hosts).where(hosts.c.name == name).values(values))


def beat(conn: Connection, name: str, run_id: str, now: datetime) -> bool:
    """Refresh this host's heartbeat. False if another process has taken the name."""
    result = conn.execute(
        update(hosts).where(hosts.c.name == name, hosts.c.run_id == run_id).values(heartbeat_at=now)
    )
    return result.rowcount == 1


def stale(conn: Connection, now: datetime, after: timedelta) -> list[str]:
    return list(conn.execute(select(hosts.c.name).where(hosts.c.heartbeat_at < now - after)).scalars())
