"""Accounts: one TikTok or Instagram login, bound to one phone."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, delete, insert, select, update

from farmhand.store.errors import NotFound
from farmhand.store.records import AccountRecord
from farmhand.store.schema import accounts
from farmhand.timeutil import utcnow


@dataclass(frozen=True, slots=True)
class AccountSpec:
    username: str
    platform: str
    serial: str | None
    package: str | None = None
    enabled: bool = True


def normalize_username(username: str) -> str:
    """TikMatrix clients may write ``@alice``; the account is ``alice``."""
    return username.strip().removeprefix("@").strip()


def list_all(
    conn: Connection, *, serial: str | None = None, platform: str | None = None, enabled: bool | None = None
) -> list[AccountRecord]:
    query = select(accounts).order_by(accounts.c.username)
    if serial is not None:
        query = query.where(accounts.c.serial == serial)
    if platform is not None:
        query = query.where(accounts.c.platform == platform)
    if enabled is not None:
        query = query.where(accounts.c.enabled == enabled)
    return [AccountRecord.from_row(r) for r in conn.execute(query).mappings()]


def find(conn: Connection, username: str) -> AccountRecord | None:
    row = (
        conn.execute(select(accounts).where(accounts.c.username == normalize_username(username)))
        .mappings()
        .first()
    )
    return AccountRecord.from_row(row) if row else None


def find_many(conn: Connection, usernames: list[str]) -> dict[str, AccountRecord]:
    """The accounts that exist among ``usernames`` (already normalized), by username."""
    found: dict[str, AccountRecord] = {}
    for start in range(0, len(usernames), 500):  # keep IN lists to a size every database takes
        rows = conn.execute(select(accounts).where(accounts.c.username.in_(usernames[start : start + 500])))
        for row in rows.mappings():
            record = AccountRecord.from_row(row)
            found[record.username] = record
    return found


def get(conn: Connection, username: str) -> AccountRecord:
    account = find(conn, username)
    if account is None:
        raise NotFound(f"account {normalize_username(username)} not found")
    return account


def upsert(conn: Connection, spec: AccountSpec) -> tuple[AccountRecord, bool]:
    """Create the account, or re-bind an existing one; return it and whether it is new."""
    username = normalize_username(spec.username)
    values = {
        "platform": spec.platform,
        "serial": spec.serial,
        "package": spec.package,
        "enabled": spec.enabled,
    }
    existing = find(conn, username)
    if existing is None:
        conn.execute(insert(accounts).values(username=username, created_at=utcnow(), **values))
    else:
        conn.execute(update(accounts).where(accounts.c.id == existing.id).values(values))
    return get(conn, username), existing is None


def remove(conn: Connection, username: str) -> AccountRecord:
    account = get(conn, username)
    conn.execute(delete(accounts).where(accounts.c.id == account.id))
    return account


def enabled_on(conn: Connection, serials: list[str]) -> dict[str, list[AccountRecord]]:
    """Enabled accounts bound to each phone, in username order (multi-account mode)."""
    result: dict[str, list[AccountRecord]] = {serial: [] for serial in serials}
    if not serials:
        return result
    rows = conn.execute(
        select(accounts)
        .where(accounts.c.serial.in_(serials), accounts.c.enabled.is_(True))
        .order_by(accounts.c.username)
    ).mappings()
    for row in rows:
        record = AccountRecord.from_row(row)
        result[record.serial or ""].append(record)
    return result


def usernames_by_serial(conn: Connection) -> dict[str, list[str]]:
    """Each phone's bound accounts, by username."""
    result: dict[str, list[str]] = {}
    rows = conn.execute(
        select(accounts.c.serial, accounts.c.username)
        .where(accounts.c.serial.is_not(None))
        .order_by(accounts.c.username)
    )
    for serial, username in rows:
        result.setdefault(serial, []).append(username)
    return result
