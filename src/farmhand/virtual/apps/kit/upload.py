"""A post on its way to the server: it advances with the phone's clock and then either lands
(the post is recorded) or fails (knob ``upload_error``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Upload:
    post: dict[str, Any]  # what will be recorded once it lands
    started: float
    seconds: float
    fails: bool
    finished: bool = False
    failed: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def percent(self, now: float) -> int:
        if self.seconds <= 0:
            return 100
        return max(0, min(100, int(100 * (now - self.started) / self.seconds)))

    def due(self, now: float) -> bool:
        return not self.finished and now - self.started >= self.seconds

    def restart(self, now: float, fails: bool) -> None:
        self.started = now
        self.fails = fails
        self.finished = False
        self.failed = False
