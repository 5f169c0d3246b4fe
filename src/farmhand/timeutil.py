"""Time in farmhand: stored in UTC, shown in the server's local wall-clock time where
TikMatrix does (``start_time``, ``end_time``), ISO-8601 with an offset everywhere else."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

TIKMATRIX_FORMAT = "%Y-%m-%d %H:%M:%S"
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime | None) -> str | None:
    """ISO-8601 with the UTC offset (``2026-11-28T14:30:00.123+00:00``)."""
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def local_wallclock(moment: datetime | None) -> str | None:
    """The server's local wall-clock time in TikMatrix's format (``2026-11-28 14:30:00``)."""
    if moment is None:
        return None
    return moment.astimezone().strftime(TIKMATRIX_FORMAT)


def parse_hhmm(value: str) -> tuple[int, int]:
    """Parse ``"HH:MM"`` (two digits each, 00:00-23:59); raise ValueError naming the rule."""
    match = _HHMM.match(value)
    if not match:
        raise ValueError("must be HH:MM with two digits each, from 00:00 to 23:59")
    return int(match.group(1)), int(match.group(2))


def next_occurrence(value: str, now: datetime | None = None) -> datetime:
    """The next local wall-clock ``HH:MM``: today if still ahead, else tomorrow (as UTC)."""
    hour, minute = parse_hhmm(value)
    local_now = (now or utcnow()).astimezone()
    candidate = local_now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if candidate <= local_now:
        candidate = (candidate + timedelta(days=1)).replace(hour=hour, minute=minute)
        # Re-derive the offset: tomorrow may be on the other side of a DST change.
        candidate = candidate.replace(tzinfo=None).astimezone()
    return candidate.astimezone(UTC)


def parse_iso(value: str) -> datetime:
    """Parse ISO-8601 that carries an offset; a naive time is refused (ambiguous)."""
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError("must carry a UTC offset, e.g. 2026-11-28T14:30:00+01:00")
    return moment.astimezone(UTC)
