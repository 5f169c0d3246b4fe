"""From a validated request to the tasks to insert: targets, fan-out, accounts, start times.

Runs inside the caller's write transaction, so what it checks still holds when the tasks are
inserted, and a refusal leaves nothing behind (the request is atomic).
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection

from farmhand.domain import DEFAULT_PACKAGES, Platform
from farmhand.planning.errors import (
    INVALID,
    NO_ACCOUNT,
    NOT_FOUND,
    SCRIPT_NAME_MISSING,
    SCRIPT_NOT_SUPPORTED,
    RequestError,
)
from farmhand.planning.requests import CreateTaskRequest
from farmhand.planning.validation import describe
from farmhand.scripts.base import Script, ScriptConfig
from farmhand.scripts.registry import api_script_names, get_script
from farmhand.store import accounts, devices
from farmhand.store.records import AccountRecord
from farmhand.store.settings import RuntimeSettings
from farmhand.store.tasks import NewTask
from farmhand.timeutil import next_occurrence, parse_iso


@dataclass(frozen=True, slots=True)
class Target:
    serial: str
    account: AccountRecord | None


def parse_request(body: Any) -> CreateTaskRequest:
    """Check the body's shape; script_name problems come first (40002/40003) as in TikMatrix."""
    if not isinstance(body, dict):
        raise RequestError(INVALID, "body: must be a JSON object")
    name = body.get("script_name")
    if name is None or (isinstance(name, str) and not name.strip()):
        raise RequestError(SCRIPT_NAME_MISSING, "script_name: is required")
    if not isinstance(name, str):
        raise RequestError(INVALID, "script_name: must be a string")
    if name not in api_script_names():
        supported = ", ".join(api_script_names())
        raise RequestError(
            SCRIPT_NOT_SUPPORTED,
            f"script_name: {name!r} is not supported via the API (supported: {supported})",
        )
    try:
        return CreateTaskRequest.model_validate(body)
    except ValidationError as exc:
        raise RequestError(INVALID, describe(exc)) from None


def validate_config(script: Script, raw: dict[str, Any], roots: Sequence[Path]) -> ScriptConfig:
    try:
        return script.config_model.model_validate(
            raw, context={"material_roots": list(roots), "check_files": True}
        )
    except ValidationError as exc:
        raise RequestError(INVALID, describe(exc, "script_config")) from None


def _dedupe(items: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(items))


def resolve_targets(conn: Connection, request: CreateTaskRequest) -> list[Target]:
    if request.serials is not None:
        serials = _dedupe(request.serials)
        known = devices.known_serials(conn, serials)
        missing = [s for s in serials if s not in known]
        if missing:
            raise RequestError(
                NOT_FOUND,
                f"serials: device {missing[0]} not found"
                + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""),
            )
        if not request.enable_multi_account:
            return [Target(serial, None) for serial in serials]
        per_device = accounts.enabled_on(conn, serials)
        empty = [s for s in serials if not per_device[s]]
        if empty:
            raise RequestError(
                NO_ACCOUNT, f"serials: device {empty[0]} has no enabled account (enable_multi_account)"
            )
        return [Target(serial, account) for serial in serials for account in per_device[serial]]

    names = _dedupe([accounts.normalize_username(u) for u in request.usernames or []])
    found = accounts.find_many(conn, names)
    known = devices.known_serials(conn, [a.serial for a in found.values() if a.serial])
    targets = []
    for name in names:
        account = found.get(name)
        if account is None:
            raise RequestError(NO_ACCOUNT, f"usernames: account {name} not found")
        if not account.serial:
            raise RequestError(NO_ACCOUNT, f"usernames: account {name} is not bound to a device")
        if not account.enabled:
            raise RequestError(NO_ACCOUNT, f"usernames: account {name} is disabled")
        if account.serial not in known:
            raise RequestError(
                NO_ACCOUNT, f"usernames: account {name} is bound to unknown device {account.serial}"
            )
        targets.append(Target(account.serial, account))
    return targets


def start_times(request: CreateTaskRequest, count: int, now: datetime, rng: random.Random) -> list[datetime]:
    """Task k's earliest start = task k-1's + a uniform random gap in [min, max] minutes."""
    if request.start_at is not None:
        first = parse_iso(request.start_at)
    elif request.start_time is not None:
        first = next_occurrence(request.start_time, now)
    else:
        first = now
    times = [first]
    for _ in range(count - 1):
        gap = rng.uniform(request.min_interval, request.max_interval)
        times.append(times[-1] + timedelta(minutes=gap))
    return times


def _platform(config: ScriptConfig, account: AccountRecord | None) -> Platform:
    explicit = getattr(config, "platform", None)
    if explicit:
        return Platform(explicit)
    if account is not None:
        return Platform(account.platform)
    return Platform.TIKTOK


def plan_tasks(
    conn: Connection,
    request: CreateTaskRequest,
    *,
    source: str,
    settings: RuntimeSettings,
    roots: Sequence[Path],
    now: datetime,
    rng: random.Random | None = None,
) -> list[NewTask]:
    script = get_script(request.script_name)
    if script is None:  # parse_request checked the name; the registry could still change
        raise RequestError(SCRIPT_NOT_SUPPORTED, f"script_name: {request.script_name!r} is not supported")
    config = validate_config(script, request.script_config, roots)
    targets = resolve_targets(conn, request)
    per_target = config.split()
    count = len(targets) * len(per_target)
    times = start_times(request, count, now, rng or random.Random())
    batch = uuid.uuid4().hex
    planned: list[NewTask] = []
    for target in targets:
        platform = _platform(config, target.account)
        package = (target.account.package if target.account else None) or DEFAULT_PACKAGES[platform]
        for task_config in per_target:
            planned.append(
                NewTask(
                    serial=target.serial,
                    username=target.account.username if target.account else None,
                    platform=platform.value,
                    package=package,
                    script_name=script.name,
                    script_config=task_config,
                    source=source,
                    run_at=times[len(planned)],
                    max_retries=request.max_retries
                    if request.max_retries is not None
                    else settings.max_retries,
                    priority=request.priority,
                    timeout_s=request.timeout_s,
                    batch_id=batch,
                )
            )
    return planned
