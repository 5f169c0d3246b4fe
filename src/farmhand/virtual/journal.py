"""What happened on a virtual phone: fired intents, broadcasts, typed text, taps and the apps'
own events (posted, followed, commented), as JSON lines on disk, so tests and demos can check
outcomes after the fact and across restarts. Toasts are kept here too: they never appear in
a UI dump (as on Android) but can be read back."""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

MAX_BYTES = 4 * 1024 * 1024  # one rotation keeps the last ~8 MB per phone


@dataclass(frozen=True, slots=True)
class Toast:
    at: float
    package: str
    text: str


class Journal:
    def __init__(self, path: Path, clock: Callable[[], float]) -> None:
        self._path = path
        self._clock = clock
        self._lock = threading.Lock()
        self._toasts: deque[Toast] = deque(maxlen=50)
        self._last_toast: Toast | None = None

    def record(self, kind: str, data: dict[str, Any]) -> None:
        entry = {"t": round(self._clock(), 3), "kind": kind, **data}
        line = json.dumps(entry, ensure_ascii=False, default=str) + "\n"
        with self._lock:
            handle = self._open()
            if handle.tell() > MAX_BYTES:
                handle.close()
                self._path.replace(self._path.with_suffix(".1.jsonl"))
                handle = self._open()
            with handle:
                handle.write(line)

    def _open(self) -> TextIO:
        # Every tap, key and intent is recorded: the size comes from the open file (appending
        # starts at its end), and the folder is made only when it is missing.
        try:
            return self._path.open("a", encoding="utf-8")
        except FileNotFoundError:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            return self._path.open("a", encoding="utf-8")

    def entries(self, kind: str | None = None) -> list[dict[str, Any]]:
        """Every entry still on disk, oldest first, optionally of one kind."""
        found: list[dict[str, Any]] = []
        with self._lock:
            for path in (self._path.with_suffix(".1.jsonl"), self._path):
                if not path.exists():
                    continue
                for line in path.read_text(encoding="utf-8").splitlines():
                    try:
                        entry = json.loads(line)
                    except json.JSONDecodeError:
                        continue  # a torn last line after a crash
                    if kind is None or entry.get("kind") == kind:
                        found.append(entry)
        return found

    # --- toasts ----------------------------------------------------------------------------
    def toast(self, package: str, text: str) -> None:
        toast = Toast(self._clock(), package, text)
        with self._lock:
            self._toasts.append(toast)
            self._last_toast = toast
        self.record("toast", {"package": package, "text": text})

    def toasts(self) -> list[Toast]:
        with self._lock:
            return list(self._toasts)

    def last_toast(self) -> str | None:
        with self._lock:
            return self._last_toast.text if self._last_toast else None

    def clear_last_toast(self) -> None:
        with self._lock:
            self._last_toast = None
