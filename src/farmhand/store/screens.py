"""Pictures of the phones' screens for the dashboard, and whether anyone is watching.

The API never drives a phone: it records that someone watches (``watch``) and serves the last
picture; the engine, which drives the phones, takes pictures while ``wanted`` is true.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, insert, select

from farmhand.store.errors import NotFound
from farmhand.store.schema import device_screens, settings

WATCH_KEY = "screens_wanted_until"
WATCH_FOR = timedelta(seconds=30)


def watch(conn: Connection, now: datetime) -> None:
    until = (now + WATCH_FOR).isoformat()
    conn.execute(delete(settings).where(settings.c.key == WATCH_KEY))
    conn.execute(insert(settings).values(key=WATCH_KEY, value=until))


def wanted(conn: Connection, now: datetime) -> bool:
    value = conn.execute(select(settings.c.value).where(settings.c.key == WATCH_KEY)).scalar()
    return isinstance(value, str) and datetime.fromisoformat(value) > now


def save(conn: Connection, serial: str, image: bytes, media_type: str, now: datetime) -> None:
    conn.execute(delete(device_screens).where(device_screens.c.serial == serial))
    conn.execute(
        insert(device_screens).values(serial=serial, taken_at=now, image=image, media_type=media_type)
    )


def latest(conn: Connection, serial: str) -> tuple[bytes, str, datetime]:
    row = conn.execute(select(device_screens).where(device_screens.c.serial == serial)).first()
    if row is None:
        raise NotFound(f"no picture of device {serial}'s screen yet")
    return bytes(row.image), row.media_type, row.taken_at
