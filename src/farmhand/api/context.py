"""What the API's handlers share: the configuration, the store, and a way to wake the engine."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from farmhand.config import ServerConfig
from farmhand.plans import Plan, resolve_plan
from farmhand.store import settings as settings_store
from farmhand.store.db import Database
from farmhand.store.settings import RuntimeSettings

SETTINGS_TTL = 0.5  # seconds: the dashboard or another host may change settings


def _nobody_listens(kind: str, data: dict[str, Any]) -> None:
    """Replaced by the event feed when the app is built."""


def _no_engine() -> None:
    """No engine in this process (another host runs it, or a test): it polls the store."""


@dataclass
class AppContext:
    config: ServerConfig
    db: Database
    wake_engine: Callable[[], None] = _no_engine
    publish: Callable[[str, dict[str, Any]], None] = _nobody_listens  # live events (task_deleted, ...)
    _settings: RuntimeSettings | None = None
    _settings_at: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def settings(self) -> RuntimeSettings:
        with self._lock:
            if self._settings is None or time.monotonic() - self._settings_at > SETTINGS_TTL:
                with self.db.read() as conn:
                    self._settings = settings_store.load(conn)
                self._settings_at = time.monotonic()
            return self._settings

    def forget_settings(self) -> None:
        with self._lock:
            self._settings = None

    def plan(self) -> Plan:
        current = self.settings()
        return resolve_plan(current.plan, current.max_concurrent_devices)
