"""The script's window on the engine: its step log, progress and point of no return go to the
store; its waits go through the run's control."""

from __future__ import annotations

import logging

from farmhand.engine.control import RunControl
from farmhand.scripts.base import StopReason
from farmhand.store import runs
from farmhand.store import tasks as task_store
from farmhand.store.db import Database

log = logging.getLogger(__name__)


class RunHooks:
    def __init__(self, db: Database, task_id: int, run_id: str, control: RunControl) -> None:
        self.db = db
        self.task_id = task_id
        self.run_id = run_id
        self.control = control
        self.is_committed = False

    def log(self, step: str, outcome: str, duration_ms: int | None, message: str | None) -> None:
        try:
            self.db.run_write(
                lambda c: task_store.append_log(c, self.task_id, step, outcome, duration_ms, message)
            )
        except Exception:  # the log must never be the reason a task fails
            log.exception("could not write the step log of task %s", self.task_id)

    def progress(self, step: str | None, percent: int | None) -> None:
        try:
            self.db.run_write(lambda c: runs.set_progress(c, self.task_id, self.run_id, step, percent))
        except Exception:
            log.exception("could not record the progress of task %s", self.task_id)

    def committed(self) -> None:
        # Written at once and retried: after a crash, recovery must know the task was past
        # its point of no return.
        self.is_committed = True
        self.db.run_write(lambda c: runs.mark_committed(c, self.task_id, self.run_id), attempts=10)

    def stop_reason(self) -> StopReason | None:
        return self.control.reason()

    def wait(self, seconds: float) -> StopReason | None:
        return self.control.wait(seconds)
