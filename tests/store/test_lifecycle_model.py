"""A hypothesis state machine: create / claim / finish / stop / retry / delete / crash against
a model of SPEC section 3, on a real store. After every step: at most one running task per
phone, and every task's state is what the model says."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import hypothesis.strategies as st
from hypothesis import HealthCheck, settings
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from farmhand.domain import ErrorCode, TaskStatus
from farmhand.store import migrate, runs, tasks
from farmhand.store.db import Database
from farmhand.store.errors import Conflict
from farmhand.timeutil import utcnow
from tests.store.helpers import HOST, add_devices, add_tasks

PHONES = ["p1", "p2", "p3"]
_TEMPLATE: list[Path] = []


def migrated_copy(folder: Path) -> Path:
    """A migrated store file; migrations run once, each example gets a copy."""
    import shutil
    import tempfile

    if not _TEMPLATE:
        template = Path(tempfile.mkdtemp()) / "template.db"
        database = Database(f"sqlite:///{template}")
        migrate.upgrade(database)
        database.dispose()
        _TEMPLATE.append(template)
    target = folder / "f.db"
    shutil.copy(_TEMPLATE[0], target)
    return target


class Lifecycle(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.model: dict[int, dict[str, Any]] = {}  # id -> {serial, status, retries, max, code, order}
        self.clock = 0  # the order of planned starts: create and retry set run_at to now
        self.run_id = "run-0"
        self.runs_started = 0

    @initialize()
    def open_store(self) -> None:
        import tempfile

        self.db = Database(f"sqlite:///{migrated_copy(Path(tempfile.mkdtemp()))}")
        add_devices(self.db, PHONES)

    def teardown(self) -> None:
        self.db.dispose()

    # --- rules -------------------------------------------------------------------------------
    @rule(serial=st.sampled_from(PHONES), max_retries=st.integers(0, 2))
    def create(self, serial: str, max_retries: int) -> None:
        (task_id,) = add_tasks(self.db, serial, run_at=utcnow(), max_retries=max_retries)
        self.clock += 1
        self.model[task_id] = {
            "serial": serial,
            "status": TaskStatus.PENDING,
            "retries": 0,
            "max": max_retries,
            "code": None,
            "order": self.clock,
        }

    @rule()
    def claim(self) -> None:
        now = utcnow()
        task = self.db.run_write(
            lambda c: runs.claim(
                c, host_name=HOST, run_id=self.run_id, now=now, device_limit=None, busy_serials=()
            )
        )
        running_phones = {m["serial"] for m in self.model.values() if m["status"] == TaskStatus.RUNNING}
        due = [
            i
            for i, m in self.model.items()
            if m["status"] == TaskStatus.PENDING and m["serial"] not in running_phones
        ]
        if task is None:
            assert not due, f"claim found nothing although {due} were due on idle phones"
            return
        assert task.id in due
        # Same priority everywhere: the phone's task with the earliest planned start goes first.
        mine = [i for i in due if self.model[i]["serial"] == task.serial]
        assert task.id == min(mine, key=lambda i: (self.model[i]["order"], i))
        self.model[task.id]["status"] = TaskStatus.RUNNING

    @precondition(lambda self: any(m["status"] == TaskStatus.RUNNING for m in self.model.values()))
    @rule(data=st.data(), ok=st.booleans())
    def finish(self, data: st.DataObject, ok: bool) -> None:
        running = sorted(i for i, m in self.model.items() if m["status"] == TaskStatus.RUNNING)
        task_id = data.draw(st.sampled_from(running))
        status = TaskStatus.COMPLETED if ok else TaskStatus.FAILED
        done = self.db.run_write(
            lambda c: runs.finish(
                c,
                task_id,
                self.run_id,
                now=utcnow(),
                status=status,
                remark="r",
                error_code=None if ok else ErrorCode.UI_NOT_FOUND,
            )
        )
        assert done
        self.model[task_id].update(status=status, code=None if ok else ErrorCode.UI_NOT_FOUND)

    @precondition(lambda self: bool(self.model))
    @rule(data=st.data())
    def stop(self, data: st.DataObject) -> None:
        task_id = data.draw(st.sampled_from(sorted(self.model)))
        expected = self.model[task_id]["status"]
        try:
            self.db.run_write(lambda c: tasks.request_stop(c, task_id))
        except Conflict:
            assert expected in (TaskStatus.COMPLETED, TaskStatus.FAILED)
            return
        assert expected in (TaskStatus.PENDING, TaskStatus.RUNNING)
        if expected == TaskStatus.PENDING:
            self.model[task_id].update(status=TaskStatus.FAILED, code=ErrorCode.STOPPED)

    @precondition(lambda self: bool(self.model))
    @rule(data=st.data())
    def retry(self, data: st.DataObject) -> None:
        task_id = data.draw(st.sampled_from(sorted(self.model)))
        entry = self.model[task_id]
        try:
            self.db.run_write(lambda c: tasks.retry(c, task_id))
        except Conflict:
            assert entry["status"] != TaskStatus.FAILED or entry["retries"] >= entry["max"]
            return
        assert entry["status"] == TaskStatus.FAILED and entry["retries"] < entry["max"]
        self.clock += 1
        entry.update(status=TaskStatus.PENDING, retries=entry["retries"] + 1, code=None, order=self.clock)

    @precondition(lambda self: bool(self.model))
    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        task_id = data.draw(st.sampled_from(sorted(self.model)))
        deleted = self.db.run_write(lambda c: tasks.delete_finished_or_pending(c, [task_id]))
        if self.model[task_id]["status"] == TaskStatus.RUNNING:
            assert deleted == []
        else:
            assert deleted == [task_id]
            del self.model[task_id]

    @rule()
    def crash_and_restart(self) -> None:
        self.runs_started += 1
        new_run = f"run-{self.runs_started}"
        self.db.run_write(lambda c: runs.interrupt_previous_runs(c, HOST, new_run, utcnow()))
        self.run_id = new_run
        for entry in self.model.values():
            if entry["status"] == TaskStatus.RUNNING:
                entry.update(status=TaskStatus.FAILED, code=ErrorCode.INTERRUPTED)

    # --- invariants --------------------------------------------------------------------------
    @invariant()
    def store_matches_model(self) -> None:
        if not hasattr(self, "db"):
            return
        with self.db.read() as conn:
            rows = {t.id: t for t in tasks.page(conn, tasks.TaskFilter(), 1, 10_000)[0]}
        assert set(rows) == set(self.model)
        running_per_phone: dict[str, int] = {}
        for task_id, entry in self.model.items():
            row = rows[task_id]
            assert row.status == entry["status"], (task_id, row.status, entry)
            assert row.retry_count == entry["retries"]
            assert (row.error_code or None) == (entry["code"].value if entry["code"] else None)
            if row.status == TaskStatus.RUNNING:
                running_per_phone[row.serial] = running_per_phone.get(row.serial, 0) + 1
        assert all(n == 1 for n in running_per_phone.values())


TestLifecycle = Lifecycle.TestCase
TestLifecycle.settings = settings(
    max_examples=40, stateful_step_count=30, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
