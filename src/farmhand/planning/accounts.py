"""Accounts from requests and CSV files: validation shared by the API, the dashboard and
``farmhand accounts import``."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field, ValidationError, field_validator
from sqlalchemy import Connection

from farmhand.domain import Platform
from farmhand.planning.errors import INVALID, NOT_FOUND, RequestError
from farmhand.planning.validation import describe
from farmhand.store import accounts, devices
from farmhand.store.accounts import AccountSpec, normalize_username
from farmhand.store.records import AccountRecord

COLUMNS = ("username", "platform", "serial", "package", "enabled")
_TRUE = {"1", "true", "yes", "y", "on", "enabled", ""}
_FALSE = {"0", "false", "no", "n", "off", "disabled"}


class AccountIn(BaseModel):
    username: str = Field(min_length=1, max_length=200)
    platform: Platform
    serial: str | None = Field(None, max_length=200)
    package: str | None = Field(None, max_length=200, pattern=r"^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)+$")
    enabled: bool = True

    @field_validator("username")
    @classmethod
    def _username(cls, value: str) -> str:
        name = normalize_username(value)
        if not name:
            raise ValueError("must not be empty")
        if any(c.isspace() for c in name) or "/" in name:
            raise ValueError("must not contain spaces or slashes")
        return name

    @field_validator("serial", "package")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None


def parse_account(body: Any) -> AccountIn:
    try:
        return AccountIn.model_validate(body)
    except ValidationError as exc:
        raise RequestError(INVALID, describe(exc)) from None


def save_account(conn: Connection, item: AccountIn) -> tuple[AccountRecord, bool]:
    if item.serial is not None and not devices.known_serials(conn, [item.serial]):
        raise RequestError(NOT_FOUND, f"serial: device {item.serial} not found")
    return accounts.upsert(
        conn, AccountSpec(item.username, item.platform.value, item.serial, item.package, item.enabled)
    )


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    refused: list[dict[str, Any]] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.created + self.updated


def _parse_enabled(value: str) -> bool:
    text = value.strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"enabled: {value!r} is not true/false/1/0/yes/no")


def import_csv(conn: Connection, text: str) -> ImportResult:
    """Import accounts; good rows are saved, bad ones reported with their line and reason.
    Columns: username, platform, serial, package, enabled (a header line is optional)."""
    result = ImportResult()
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    seen: dict[str, int] = {}
    for line_no, row in enumerate(rows, start=1):
        cells = [c.strip() for c in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if line_no == 1 and cells[0].lower() == "username":
            continue
        username = cells[0] if cells else None

        def refuse(reason: str, username: str | None = username, line: int = line_no) -> None:
            result.refused.append({"line": line, "username": username, "reason": reason})

        if len(cells) < 2 or len(cells) > len(COLUMNS):
            refuse(f"expected 2 to {len(COLUMNS)} columns ({', '.join(COLUMNS)}), found {len(cells)}")
            continue
        values = dict(zip(COLUMNS, cells + [""] * (len(COLUMNS) - len(cells)), strict=True))
        try:
            enabled = _parse_enabled(values["enabled"])
            item = AccountIn.model_validate(
                {
                    "username": values["username"],
                    "platform": values["platform"].lower(),
                    "serial": values["serial"] or None,
                    "package": values["package"] or None,
                    "enabled": enabled,
                }
            )
        except ValueError as exc:
            refuse(describe(exc) if isinstance(exc, ValidationError) else str(exc))
            continue
        if item.username in seen:
            refuse(f"username {item.username} already given on line {seen[item.username]}")
            continue
        seen[item.username] = line_no
        if item.serial is not None and not devices.known_serials(conn, [item.serial]):
            refuse(f"serial: device {item.serial} is not known (connect it first, or leave serial empty)")
            continue
        _, created = accounts.upsert(
            conn, AccountSpec(item.username, item.platform.value, item.serial, item.package, item.enabled)
        )
        if created:
            result.created += 1
        else:
            result.updated += 1
    return result
