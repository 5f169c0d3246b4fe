"""What a script is, and what it may use while it runs.

A script is a class with a config schema (a pydantic model, validated when the task is
created) and a ``run`` routine that drives one phone, as one account, through
:class:`farmhand.devices.base.Device`. Scripts never touch the store: the engine builds a
:class:`ScriptContext` whose hooks record steps, progress and the point of no return.

Waiting is always done through :meth:`ScriptContext.sleep` or :meth:`ScriptContext.pause`:
they multiply by the ``time_scale`` setting and wake up at once when the task is stopped, so
a stop takes effect at the script's next step.
"""

from __future__ import annotations

import random
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Literal, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict

from farmhand.devices.base import Device
from farmhand.domain import ErrorCode, Platform


class ScriptError(Exception):
    """A script failed for a reason it can name (``UI_NOT_FOUND``, ``CAPTCHA``, ...)."""

    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


StopReason = Literal["stopped", "timeout", "shutdown", "offline"]


class StopRequested(Exception):
    """Raised inside a script when it must end now (stop, timeout, shutdown, phone gone)."""

    def __init__(self, reason: StopReason) -> None:
        super().__init__(reason)
        self.reason = reason


class ScriptConfig(BaseModel):
    """Base of every script's config. Unknown keys are kept (TikMatrix clients send extra
    ones) but ignored."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    def split(self) -> list[dict[str, Any]]:
        """The configs of the tasks this one fans out to (one per target); default: itself."""
        return [self.model_dump(mode="json")]

    def material_need(self) -> MaterialNeed | None:
        """What media the engine must find before the script runs (``post`` only)."""
        return None


ConfigT = TypeVar("ConfigT", bound=ScriptConfig)


@dataclass(frozen=True, slots=True)
class MaterialNeed:
    """Where a post's media come from; the engine resolves it to local files at run time."""

    source: Literal["list", "folder", "library"]
    kind: Literal["video", "image"]
    count: int
    paths: tuple[str, ...] = ()  # source == "list"
    folder: str | None = None  # source == "folder"
    tags: tuple[str, ...] = ()  # source == "library"


@dataclass(frozen=True, slots=True)
class AccountInfo:
    username: str
    platform: Platform
    package: str


class ContextHooks(Protocol):
    """How a running script reports to the engine (which writes to the store)."""

    def log(self, step: str, outcome: str, duration_ms: int | None, message: str | None) -> None: ...

    def progress(self, step: str | None, percent: int | None) -> None: ...

    def committed(self) -> None: ...

    def stop_reason(self) -> StopReason | None: ...

    def wait(self, seconds: float) -> StopReason | None:
        """Block up to ``seconds``; return early with the reason if the task must end."""
        ...


@dataclass
class ScriptContext:
    task_id: int
    device: Device
    config: ScriptConfig
    platform: Platform
    package: str
    hooks: ContextHooks
    account: AccountInfo | None = None
    materials: list[Path] = field(default_factory=list)
    time_scale: float = 1.0
    rng: random.Random = field(default_factory=random.Random)
    work_dir: Path | None = None  # a scratch folder for this run (pulled files, dumps)
    _cleanups: list[tuple[str, Callable[[], None]]] = field(default_factory=list)
    _step: str | None = None

    def config_as(self, model: type[ConfigT]) -> ConfigT:
        """The task's config as the script's own model (the engine hands it over validated;
        a plain :class:`ScriptConfig` is validated here)."""
        config = self.config
        return config if isinstance(config, model) else model.model_validate(config.model_dump())

    # --- stop-aware waiting ----------------------------------------------------------------
    def check(self) -> None:
        """Raise :class:`StopRequested` if the task must end. Call between steps."""
        reason = self.hooks.stop_reason()
        if reason is not None:
            raise StopRequested(reason)

    def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` × ``time_scale``, waking at once on stop."""
        self.check()
        scaled = max(0.0, seconds) * self.time_scale
        if scaled > 0:
            reason = self.hooks.wait(scaled)
            if reason is not None:
                raise StopRequested(reason)

    def pause(self, low: float = 0.6, high: float = 2.0) -> None:
        """A human-like pause: a random wait in [low, high] seconds (scaled)."""
        self.sleep(self.rng.uniform(low, high))

    def wait_real(self, seconds: float) -> None:
        """Wait real (unscaled) time, e.g. polling a device; still stop-aware."""
        self.check()
        reason = self.hooks.wait(max(0.0, seconds))
        if reason is not None:
            raise StopRequested(reason)

    # --- reporting ---------------------------------------------------------------------------
    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        """Run one named step: logged with its outcome and duration."""
        self.check()
        self._step = name
        self.hooks.progress(name, None)
        started = time.monotonic()

        def took_ms() -> int:
            return int((time.monotonic() - started) * 1000)

        try:
            yield
        except StopRequested:
            self.hooks.log(name, "stopped", took_ms(), None)
            raise
        except ScriptError as exc:
            self.hooks.log(name, "failed", took_ms(), f"{exc.code}: {exc.message}")
            raise
        except Exception as exc:
            self.hooks.log(name, "failed", took_ms(), f"{type(exc).__name__}: {exc}")
            raise
        finally:
            self._step = None  # later log lines are not filed under a step that ended
        self.hooks.log(name, "ok", took_ms(), None)

    def log(self, message: str, *, step: str | None = None, outcome: str = "info") -> None:
        self.hooks.log(step or self._step or "script", outcome, None, message)

    def progress(self, percent: int) -> None:
        self.hooks.progress(self._step, max(0, min(100, int(percent))))

    def point_of_no_return(self, what: str) -> None:
        """Mark the moment after which a failure may still have had its effect (the tap on
        Post, on Send). The engine then never retries the task on its own."""
        self.hooks.committed()
        self.log(f"point of no return: {what}", outcome="info")

    # --- cleanup -----------------------------------------------------------------------------
    def on_cleanup(self, what: str, action: Callable[[], None]) -> None:
        """Register an action to leave the phone clean (close the app, remove pushed files).
        Run by the engine after the script, whatever the outcome, newest first."""
        self._cleanups.append((what, action))

    def cleanups(self) -> list[tuple[str, Callable[[], None]]]:
        return list(reversed(self._cleanups))


class Script(ABC):
    """One automation. Subclasses set the class attributes and implement :meth:`run`."""

    name: ClassVar[str]
    title: ClassVar[str]  # shown in the dashboard
    config_model: ClassVar[type[ScriptConfig]]
    api: ClassVar[bool] = True  # offered through /api/v1 (TikMatrix's API scripts)

    @abstractmethod
    def run(self, ctx: ScriptContext) -> str:
        """Drive the phone; return the remark for a completed task ("posted: 1 video").
        Raise :class:`ScriptError` with a code for a failure the script can name."""

    def timeout_s(self, config: ScriptConfig, time_scale: float) -> float:
        """The run limit when the task does not set one: generous fixed time for device
        work plus the script's own waits, scaled."""
        return 600.0 + 600.0 * time_scale
