"""``Idempotency-Key``: a repeated request within 24 h returns the first response."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from farmhand.store.schema import idempotency_keys

KEEP_FOR = timedelta(hours=24)


def lookup(conn: Connection, key: str, now: datetime) -> tuple[str, dict[str, Any]] | None:
    """The (request hash, response) stored for ``key`` within the last 24 h."""
    conn.execute(delete(idempotency_keys).where(idempotency_keys.c.created_at < now - KEEP_FOR))
    row = conn.execute(
        select(idempotency_keys.c.request_hash, idempotency_keys.c.response).where(
            idempotency_keys.c.key == key
        )
    ).first()
    return (row.request_hash, row.response) if row else None


def remember(conn: Connection, key: str, request_hash: str, response: dict[str, Any], now: datetime) -> None:
    conn.execute(
        insert(idempotency_keys).values(key=key, request_hash=request_hash, response=response, created_at=now)
    )
