"""The engine loop: report phones, claim due tasks, run them, keep heartbeats, recover.

One loop thread claims; each claimed task runs in a thread of its own. What keeps a phone to
one task is the store (a partial unique index), not this loop's timing; the loop also never
claims for a phone whose previous run is still cleaning up.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.exc import IntegrityError

from farmhand.domain import DeviceState
from farmhand.engine.hub import DeviceHub
from farmhand.engine.runner import RunEnvironment, TaskRun
from farmhand.engine.screens import ScreenWatcher
from farmhand.engine.sources import Sighting
from farmhand.plans import resolve_plan
from farmhand.store import devices, hosts, runs
from farmhand.store import settings as settings_store
from farmhand.store.db import Database
from farmhand.store.devices import DeviceSeen
from farmhand.timeutil import utcnow

log = logging.getLogger(__name__)

POLL_S = 0.2  # longest sleep between claim passes (rule 4: a due task starts within 1 s)
BEAT_S = 1.0  # task and host heartbeats; also how often stop requests are read
MAINTAIN_S = 2.0  # auto-retries, offline waiters, dead hosts
STALE_AFTER = timedelta(seconds=30)  # a host silent this long is dead
SHUTDOWN_WAIT_S = 20.0
REST_S = 3.0  # how long a phone that did not answer at a task's start is left alone


class Engine:
    def __init__(self, db: Database, hub: DeviceHub, *, host_name: str, roots: tuple[Path, ...]) -> None:
        self.db = db
        self.hub = hub
        self.host_name = host_name
        self.roots = tuple(roots)
        self.run_id = uuid.uuid4().hex
        self._runs: dict[int, tuple[TaskRun, threading.Thread]] = {}
        self._runs_lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_beat = 0.0
        self._last_maintain = 0.0
        self._resting: dict[str, float] = {}  # serial -> until when: it did not answer at a start
        self.screens = ScreenWatcher(db, hub, host_name)

    # --- life cycle ----------------------------------------------------------------------------
    def start(self) -> None:
        now = utcnow()
        self.db.run_write(lambda c: hosts.register(c, self.host_name, self.run_id, now))
        interrupted = self.db.run_write(
            lambda c: runs.interrupt_previous_runs(c, self.host_name, self.run_id, now)
        )
        if interrupted:
            log.warning(
                "tasks %s were running when farmhand last stopped: marked INTERRUPTED (never re-run "
                "on their own)",
                interrupted,
            )
        # What the store says of this host's phones dates from the last run: none is online
        # until a source reports it now (else a task could be claimed for a phone not yet back).
        self.db.run_write(lambda c: devices.mark_host_offline(c, self.host_name, now))
        self.hub.start(self._report)
        self._thread = threading.Thread(target=self._loop, name="farmhand-engine", daemon=True)
        self._thread.start()
        self.screens.start()
        log.info("engine started on host %s (run %s)", self.host_name, self.run_id[:8])

    def wake(self) -> None:
        """Something changed (tasks created, stopped, retried): look now, not at the next poll."""
        self._wake.set()

    def stop(self) -> None:
        """Shut down: running tasks are stopped and recorded INTERRUPTED; nothing half-written."""
        if self._stopping.is_set():
            return
        self._stopping.set()
        self._wake.set()
        self.screens.stop()
        if self._thread is not None:
            self._thread.join(timeout=10)
        for run, _ in self._active():
            run.control.signal("shutdown")
        deadline = time.monotonic() + SHUTDOWN_WAIT_S
        for _, thread in self._active():
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
        now = utcnow()
        leftovers = self.db.run_write(
            lambda c: runs.interrupt_run(c, self.run_id, now, "farmhand was shut down")
        )
        if leftovers:
            log.warning("tasks %s did not end in time and were marked INTERRUPTED", leftovers)
        self.db.run_write(lambda c: devices.mark_host_offline(c, self.host_name, now))
        self.hub.stop()
        log.info("engine stopped")

    # --- phones --------------------------------------------------------------------------------
    def _report(self, seen: Sighting) -> None:
        info = seen.info
        record = DeviceSeen(
            serial=seen.serial,
            state=seen.state,
            kind=seen.kind,
            model=info.model if info else None,
            android_version=info.android_version if info else None,
            battery=info.battery if info else None,
            connect_address=seen.connect_address,
        )
        try:
            self.db.run_write(lambda c: devices.report(c, record, self.host_name, utcnow()))
        except Exception:
            log.exception("could not record the state of %s", seen.serial)
            return
        if seen.state != DeviceState.ONLINE:
            for run, _ in self._active():
                if run.serial == seen.serial:
                    run.control.signal("offline")
        self.wake()

    # --- the loop --------------------------------------------------------------------------------
    def _loop(self) -> None:
        while not self._stopping.is_set():
            woken = self._wake.wait(POLL_S)
            self._wake.clear()
            if self._stopping.is_set():
                break
            try:
                self._reap_threads()
                if woken or time.monotonic() - self._last_beat >= BEAT_S:
                    self._beat()
                if time.monotonic() - self._last_maintain >= MAINTAIN_S:
                    self._maintain()
                self._dispatch()
            except Exception:
                log.exception("engine pass failed; trying again")
                time.sleep(POLL_S)

    def _active(self) -> list[tuple[TaskRun, threading.Thread]]:
        with self._runs_lock:
            return list(self._runs.values())

    def _reap_threads(self) -> None:
        with self._runs_lock:
            for task_id, (_, thread) in list(self._runs.items()):
                if not thread.is_alive():
                    del self._runs[task_id]

    def _beat(self) -> None:
        self._last_beat = time.monotonic()
        now = utcnow()
        active = {run.task.id: run for run, _ in self._active()}
        flags = self.db.run_write(lambda c: runs.heartbeat(c, self.run_id, list(active), now))
        for task_id, run in active.items():
            if flags.get(task_id) or (task_id not in flags and not run.finished):
                run.control.signal("stopped")
        self.db.run_write(lambda c: hosts.beat(c, self.host_name, self.run_id, now))

    def _maintain(self) -> None:
        self._last_maintain = time.monotonic()
        now = utcnow()
        with self.db.read() as conn:
            settings = settings_store.load(conn)
            dead_hosts = [h for h in hosts.stale(conn, now, STALE_AFTER) if h != self.host_name]
        requeued = self.db.run_write(lambda c: runs.requeue_auto_retries(c, now))
        if requeued:
            log.info("auto-retry: tasks %s are pending again", requeued)
        expired = self.db.run_write(
            lambda c: runs.fail_offline_waiters(c, now, timedelta(seconds=settings.offline_timeout_s))
        )
        if expired:
            log.warning("tasks %s waited for an offline phone too long: failed DEVICE_OFFLINE", expired)
        for name in dead_hosts:
            self._mark_offline(name, now)
        stale = self.db.run_write(lambda c: runs.interrupt_stale(c, now, STALE_AFTER, except_run=self.run_id))
        if stale:
            log.warning("tasks %s belonged to a host that stopped answering: marked INTERRUPTED", stale)

    def _mark_offline(self, host_name: str, now: datetime) -> None:
        self.db.run_write(lambda c: devices.mark_host_offline(c, host_name, now))

    def _dispatch(self) -> None:
        """One claim for every idle phone at once; each claimed task gets its thread."""
        if self._stopping.is_set():
            return
        with self.db.read() as conn:
            settings = settings_store.load(conn)
        limit = resolve_plan(settings.plan, settings.max_concurrent_devices).device_limit
        busy = {run.serial for run, _ in self._active()}
        moment = time.monotonic()
        self._resting = {serial: until for serial, until in self._resting.items() if until > moment}
        busy |= set(self._resting)
        now = utcnow()
        try:
            claimed = self.db.run_write(
                lambda c: runs.claim_many(
                    c,
                    host_name=self.host_name,
                    run_id=self.run_id,
                    now=now,
                    device_limit=limit,
                    busy_serials=busy,
                )
            )
        except IntegrityError:
            # Lost a race for a phone (the unique index said no): look again next pass.
            return
        env = RunEnvironment(self.db, self.run_id, self.roots, settings)
        for task in claimed:
            run = TaskRun(task, self.hub.device(task.serial), env)
            thread = threading.Thread(target=self._execute, args=(run,), name=f"task-{task.id}", daemon=True)
            with self._runs_lock:
                self._runs[task.id] = (run, thread)
            thread.start()

    def _execute(self, run: TaskRun) -> None:
        try:
            run.execute()
            if run.released:
                # Leave the phone alone a moment: the tracker will say whether it is gone.
                self._resting[run.serial] = time.monotonic() + REST_S
        finally:
            self.wake()  # its phone is free: the next task may start now, not at the next poll
