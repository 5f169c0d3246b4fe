"""How a running task learns it must end: a stop, its timeout, a shutdown, its phone gone."""

from __future__ import annotations

import threading
import time

from farmhand.scripts.base import StopReason


class RunControl:
    """Shared between the engine (which signals) and the script's hooks (which wait)."""

    def __init__(self, timeout_s: float) -> None:
        self._event = threading.Event()
        self._reason: StopReason | None = None
        self._lock = threading.Lock()
        self.started = time.monotonic()
        self.timeout_s = timeout_s
        self.deadline = self.started + timeout_s

    def signal(self, reason: StopReason) -> None:
        """Ask the script to end; the first reason given wins."""
        with self._lock:
            if self._reason is None:
                self._reason = reason
        self._event.set()

    def reason(self) -> StopReason | None:
        if self._reason is not None:
            return self._reason
        if time.monotonic() >= self.deadline:
            self.signal("timeout")
        return self._reason

    def wait(self, seconds: float) -> StopReason | None:
        """Sleep up to ``seconds``; wake at once when signalled or at the deadline."""
        remaining = self.deadline - time.monotonic()
        self._event.wait(max(0.0, min(seconds, remaining)))
        return self.reason()

    @property
    def signalled(self) -> bool:
        return self._event.is_set()
