"""Runtime settings, kept in the store so the dashboard can change them and every host of a
shared database sees the same values. Command-line options given at start are written here
(they win over what was stored); the rest keep their stored or default value."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from sqlalchemy import Connection, insert, select, update

from farmhand.plans import DEFAULT_PLAN, PLANS
from farmhand.store.schema import settings


@dataclass(frozen=True, slots=True)
class RuntimeSettings:
    plan: str = DEFAULT_PLAN
    max_concurrent_devices: int | None = None  # the Self-hosted plan's limit; None = unlimited
    time_scale: float = 1.0
    auto_retry: bool = False
    max_retries: int = 3  # default per task
    offline_timeout_s: float = 24 * 3600.0

    def validated(self) -> RuntimeSettings:
        """Return self, or raise ValueError naming the setting that is wrong."""
        if self.plan not in PLANS:
            raise ValueError(f"plan: unknown plan {self.plan!r}; choose one of {', '.join(PLANS)}")
        if self.max_concurrent_devices is not None and self.max_concurrent_devices < 1:
            raise ValueError("max_concurrent_devices: must be >= 1 (or null for unlimited)")
        if not 0 < self.time_scale <= 100:
            raise ValueError("time_scale: must be > 0 and <= 100")
        if not 0 <= self.max_retries <= 100:
            raise ValueError("max_retries: must be between 0 and 100")
        if self.offline_timeout_s < 0:
            raise ValueError("offline_timeout_s: must be >= 0")
        return self


NAMES = tuple(f.name for f in fields(RuntimeSettings))


def load(conn: Connection) -> RuntimeSettings:
    stored = {key: value for key, value in conn.execute(select(settings.c.key, settings.c.value))}
    known = {key: value for key, value in stored.items() if key in NAMES}
    return RuntimeSettings(**known)


def save(conn: Connection, changes: dict[str, Any]) -> RuntimeSettings:
    """Apply ``changes`` (validated as a whole first; nothing is written if one is wrong)."""
    unknown = set(changes) - set(NAMES)
    if unknown:
        raise ValueError(f"{sorted(unknown)[0]}: unknown setting; known: {', '.join(NAMES)}")
    merged = RuntimeSettings(**{**asdict(load(conn)), **changes}).validated()
    existing = set(conn.execute(select(settings.c.key)).scalars())
    for key, value in changes.items():
        if key in existing:
            conn.execute(update(settings).where(settings.c.key == key).values(value=value))
        else:
            conn.execute(insert(settings).values(key=key, value=value))
    return merged
