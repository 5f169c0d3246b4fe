"""Running one claimed task on its phone, from materials to the recorded outcome.

Order matters: the failure screenshot is taken before cleanup changes the screen; cleanup
(app closed, pushed files removed) runs whatever the outcome; the outcome is written last and
retried, so a phone is never left blocked by a database blip on the finishing commit.
"""

from __future__ import annotations

import logging
import random
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import Connection

from farmhand.devices.base import Device, DeviceOffline, DeviceTimeout
from farmhand.domain import DEFAULT_PACKAGES, NO_AUTO_RETRY, ErrorCode, Platform, TaskStatus
from farmhand.engine import outcome as outcomes
from farmhand.engine.control import RunControl
from farmhand.engine.hooks import RunHooks
from farmhand.engine.materials import resolve
from farmhand.scripts.base import AccountInfo, ScriptConfig, ScriptContext, ScriptError
from farmhand.scripts.registry import get_script
from farmhand.store import materials as material_store
from farmhand.store import runs
from farmhand.store import tasks as task_store
from farmhand.store.db import Database
from farmhand.store.records import TaskRecord
from farmhand.store.settings import RuntimeSettings
from farmhand.timeutil import utcnow

log = logging.getLogger(__name__)
CLEANUP_BUDGET_S = 30.0
PROBE_TIMEOUT_S = 5.0
FALLBACK_TIMEOUT_S = 600.0  # a run whose script or config is unusable fails at once anyway


@dataclass
class RunEnvironment:
    db: Database
    run_id: str
    roots: tuple[Path, ...]
    settings: RuntimeSettings


class TaskRun:
    """One run of one task; :meth:`execute` runs in the task's own thread."""

    def __init__(self, task: TaskRecord, device: Device | None, env: RunEnvironment) -> None:
        self.task = task
        self.device = device
        self.env = env
        self.script = get_script(task.script_name)
        # Validated once here (the run limit depends on it); a config that no longer validates
        # (a stored task from an older farmhand) fails the run in _prepare with the reason.
        self.config: ScriptConfig | None = None
        self.config_error: ValidationError | None = None
        if self.script is not None:
            try:
                self.config = self.script.config_model.model_validate(
                    task.script_config, context={"material_roots": list(env.roots), "check_files": False}
                )
            except ValidationError as exc:
                self.config_error = exc
        self.control = RunControl(self._timeout(env.settings.time_scale))
        self.hooks = RunHooks(env.db, task.id, env.run_id, self.control)
        self.finished = False
        self.released = False  # handed back to pending: the phone did not answer at the start

    def _timeout(self, time_scale: float) -> float:
        if self.task.timeout_s:
            return self.task.timeout_s
        if self.script is None or self.config is None:
            return FALLBACK_TIMEOUT_S
        return self.script.timeout_s(self.config, time_scale)

    @property
    def serial(self) -> str:
        return self.task.serial

    def execute(self) -> None:
        task = self.task
        if not self._phone_answers():
            return
        log.info("task %s (%s) starts on %s", task.id, task.script_name, task.serial)
        reserved = False
        work_dir = Path(tempfile.mkdtemp(prefix=f"farmhand-task{task.id}-"))
        ctx: ScriptContext | None = None
        try:
            ctx, reserved = self._prepare(work_dir)
            remark = self._run_script(ctx)
            result = outcomes.completed(remark)
        except BaseException as exc:
            result = outcomes.from_exception(exc, timeout_s=self.control.timeout_s, task_id=task.id)
            self._screenshot(result)
            if not isinstance(exc, Exception):
                log.warning("task %s ended by %s", task.id, type(exc).__name__)
        if ctx is not None:
            self._cleanup(ctx, failed=result.status == TaskStatus.FAILED)
        shutil.rmtree(work_dir, ignore_errors=True)
        if self.hooks.is_committed:
            result = outcomes.after_point_of_no_return(result)
        self._finish(result, reserved)

    def _phone_answers(self) -> bool:
        """A phone that does not answer before anything was done on it has not started the
        task: the task goes back to pending and waits for it (SPEC rule 5), instead of failing
        DEVICE_OFFLINE because a USB or adb connection flapped while it was being claimed."""
        if self.device is not None:
            try:
                self.device.shell(["true"], timeout=PROBE_TIMEOUT_S)
                return True
            except (DeviceOffline, DeviceTimeout):
                pass
        try:
            released = self.env.db.run_write(
                lambda c: runs.release(c, self.task.id, self.env.run_id), attempts=20
            )
        except Exception:
            log.exception(
                "could not put task %s back to pending; recovery will mark it INTERRUPTED", self.task.id
            )
            return False
        if released:
            self.released = True
            self.hooks.log("start", "skipped", None, "the phone did not answer; the task waits for it")
            log.info("task %s: %s did not answer at the start; back to pending", self.task.id, self.serial)
            return False
        return True  # no longer ours to release (stopped meanwhile): run, and record the outcome

    # --- phases ------------------------------------------------------------------------------
    def _prepare(self, work_dir: Path) -> tuple[ScriptContext, bool]:
        task = self.task
        if self.script is None:
            raise ScriptError(
                ErrorCode.INTERNAL, f"script {task.script_name!r} is not installed in this farmhand"
            )
        if self.config is None:
            raise ScriptError(
                ErrorCode.INTERNAL, f"the task's script_config no longer validates: {self.config_error}"
            )
        if self.device is None:
            raise DeviceOffline(f"{task.serial} is not connected to this host")
        config = self.config
        platform = Platform(task.platform or Platform.TIKTOK.value)
        package = task.package or DEFAULT_PACKAGES[platform]
        account = AccountInfo(task.username, platform, package) if task.username else None
        rng = random.Random(f"farmhand-task-{task.id}")  # a retry types the same caption
        ctx = ScriptContext(
            task_id=task.id,
            device=self.device,
            config=config,
            platform=platform,
            package=package,
            hooks=self.hooks,
            account=account,
            time_scale=self.env.settings.time_scale,
            rng=rng,
            work_dir=work_dir,
        )
        reserved = False
        need = config.material_need()
        if need is not None:
            with ctx.step("find materials"):
                ctx.materials, reserved = resolve(
                    need, db=self.env.db, task_id=task.id, roots=self.env.roots, rng=rng
                )
                ctx.log("materials: " + ", ".join(p.name for p in ctx.materials))
        return ctx, reserved

    def _run_script(self, ctx: ScriptContext) -> str:
        script = get_script(self.task.script_name)
        assert script is not None
        ctx.check()
        return script.run(ctx)

    def _screenshot(self, result: outcomes.Outcome) -> None:
        if self.device is None or result.error_code == ErrorCode.DEVICE_OFFLINE:
            return
        try:
            png = self.device.screenshot(timeout=10.0)
            self.env.db.run_write(lambda c: task_store.save_screenshot(c, self.task.id, png))
        except Exception as exc:
            self.hooks.log("screenshot", "failed", None, f"no failure screenshot: {exc}")

    def _cleanup(self, ctx: ScriptContext, *, failed: bool) -> None:
        """Leave the phone clean; each action bounded, none allowed to change the outcome."""
        actions = ctx.cleanups()
        device = self.device
        if failed and device is not None:
            package = ctx.package

            def close_app() -> None:
                device.shell(["am", "force-stop", package], timeout=10.0)

            actions.append(("close the app", close_app))
        deadline = time.monotonic() + CLEANUP_BUDGET_S
        for what, action in actions:
            if time.monotonic() > deadline:
                self.hooks.log(f"cleanup: {what}", "skipped", None, "cleanup time budget spent")
                continue
            started = time.monotonic()
            try:
                action()
                self.hooks.log(f"cleanup: {what}", "ok", int((time.monotonic() - started) * 1000), None)
            except DeviceOffline:
                self.hooks.log(f"cleanup: {what}", "skipped", None, "the phone is offline")
                break
            except Exception as exc:
                self.hooks.log(
                    f"cleanup: {what}", "failed", int((time.monotonic() - started) * 1000), str(exc)
                )

    def _finish(self, result: outcomes.Outcome, reserved: bool) -> None:
        task = self.task
        settings = self.env.settings
        retry_at = None
        if (
            result.status == TaskStatus.FAILED
            and settings.auto_retry
            and result.error_code not in NO_AUTO_RETRY
            and not self.hooks.is_committed
            and task.retry_count < task.max_retries
        ):
            retry_at = utcnow() + timedelta(seconds=random.uniform(5, 60))

        def work(conn: Connection) -> bool:
            now = utcnow()
            done = runs.finish(
                conn,
                task.id,
                self.env.run_id,
                now=now,
                status=result.status,
                remark=result.remark,
                error_code=result.error_code,
                auto_retry_at=retry_at,
            )
            if reserved:
                if result.status == TaskStatus.COMPLETED:
                    material_store.mark_used(conn, task.id, now)
                else:
                    material_store.release(conn, task.id)
            return done

        try:
            done = self.env.db.run_write(work, attempts=20)
        except Exception:
            log.exception("could not record the end of task %s; recovery will mark it INTERRUPTED", task.id)
            return
        self.finished = True
        level = logging.INFO if result.status == TaskStatus.COMPLETED else logging.WARNING
        log.log(
            level,
            "task %s %s: %s%s",
            task.id,
            result.status.text,
            result.remark,
            "" if done else " (no longer ours: not recorded)",
        )
