"""The engine's side of the store: claim order, one running task per phone, the device
limit, finish, recovery after a crash, auto-retry and offline waits. On SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
import random
import threading
from datetime import timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from farmhand.domain import DeviceState, ErrorCode, TaskStatus
from farmhand.store import runs, tasks
from farmhand.store.db import Database
from farmhand.timeutil import utcnow
from tests.store.helpers import HOST, add_devices, add_tasks


def claim(
    db: Database,
    *,
    host: str = HOST,
    run_id: str = "run-1",
    limit: int | None = None,
    busy: tuple[str, ...] = (),
) -> object:
    now = utcnow()
    return db.run_write(
        lambda c: runs.claim(c, host_name=host, run_id=run_id, now=now, device_limit=limit, busy_serials=busy)
    )


def test_claim_takes_highest_priority_then_earliest_start_then_lowest_id(db: Database) -> None:
    add_devices(db, ["p1"])
    now = utcnow()
    late = add_tasks(db, "p1", run_at=now - timedelta(minutes=1))[0]
    early = add_tasks(db, "p1", run_at=now - timedelta(minutes=5))[0]
    urgent = add_tasks(db, "p1", run_at=now - timedelta(seconds=2), priority=5)[0]
    same_time = add_tasks(db, "p1", 2, run_at=now - timedelta(minutes=5))
    order = []
    for _ in range(5):
        task = claim(db)
        assert task is not None
        order.append(task.id)  # type: ignore[attr-defined]
        db.run_write(
            lambda c, t=task: runs.finish(
                c,
                t.id,
                "run-1",
                now=utcnow(),
                status=TaskStatus.COMPLETED,  # type: ignore[attr-defined]
                remark="done",
            )
        )
    assert order == [urgent, early, *same_time, late]


def test_future_task_does_not_block_due_ones_behind_it(db: Database) -> None:
    add_devices(db, ["p1"])
    add_tasks(db, "p1", run_at=utcnow() + timedelta(hours=1), priority=10)
    due = add_tasks(db, "p1")[0]
    task = claim(db)
    assert task is not None and task.id == due  # type: ignore[attr-defined]


def test_one_running_task_per_phone(db: Database) -> None:
    add_devices(db, ["p1", "p2"])
    add_tasks(db, "p1", 3)
    add_tasks(db, "p2", 1)
    first, second = claim(db), claim(db)
    assert {first.serial, second.serial} == {"p1", "p2"}  # type: ignore[attr-defined]
    assert claim(db) is None  # p1 busy with its first task, p2 has nothing left


def test_unique_index_refuses_a_second_running_task_on_a_phone(db: Database) -> None:
    add_devices(db, ["p1"])
    a, b = add_tasks(db, "p1", 2)
    from sqlalchemy import update

    from farmhand.store.schema import tasks as table

    db.run_write(lambda c: c.execute(update(table).where(table.c.id == a).values(status=1)))
    with pytest.raises(IntegrityError):
        db.run_write(lambda c: c.execute(update(table).where(table.c.id == b).values(status=1)))


def test_offline_phones_and_other_hosts_phones_are_not_claimed(db: Database) -> None:
    add_devices(db, ["off"], state=DeviceState.OFFLINE)
    add_devices(db, ["theirs"], host="host-b")
    add_tasks(db, "off")
    add_tasks(db, "theirs")
    assert claim(db) is None
    assert claim(db, host="host-b") is not None


def test_busy_serials_are_skipped(db: Database) -> None:
    add_devices(db, ["p1"])
    add_tasks(db, "p1")
    assert claim(db, busy=("p1",)) is None
    assert claim(db) is not None


def test_device_limit_caps_running_phones(db: Database) -> None:
    add_devices(db, ["p1", "p2", "p3"])
    for serial in ("p1", "p2", "p3"):
        add_tasks(db, serial)
    assert claim(db, limit=2) is not None
    assert claim(db, limit=2) is not None
    assert claim(db, limit=2) is None
    assert claim(db, limit=3) is not None


def test_finish_is_idempotent_and_only_for_the_owning_run(db: Database) -> None:
    add_devices(db, ["p1"])
    add_tasks(db, "p1")
    task = claim(db, run_id="run-1")
    task_id = task.id  # type: ignore[attr-defined]

    def finish(run_id: str) -> bool:
        return db.run_write(
            lambda c: runs.finish(
                c, task_id, run_id, now=utcnow(), status=TaskStatus.COMPLETED, remark="posted"
            )
        )

    assert finish("someone-else") is False
    assert finish("run-1") is True
    assert finish("run-1") is False
    with db.read() as conn:
        done = tasks.get(conn, task_id)
    assert done.status == TaskStatus.COMPLETED
    assert done.duration_ms is not None and done.duration_ms >= 0


def test_restart_interrupts_previous_runs_and_frees_the_phone(db: Database) -> None:
    add_devices(db, ["p1"])
    first, second = add_tasks(db, "p1", 2)
    claim(db, run_id="old-run")
    db.run_write(lambda c: runs.mark_committed(c, first, "old-run"))
    interrupted = db.run_write(lambda c: runs.interrupt_previous_runs(c, HOST, "new-run", utcnow()))
    assert interrupted == [first]
    with db.read() as conn:
        task = tasks.get(conn, first)
    assert task.status == TaskStatus.FAILED
    assert task.error_code == ErrorCode.INTERRUPTED
    assert "may have been posted" in (task.remark or "")
    nxt = claim(db, run_id="new-run")
    assert nxt is not None and nxt.id == second  # type: ignore[attr-defined]


def test_stale_heartbeat_of_another_host_interrupts(db: Database) -> None:
    add_devices(db, ["p1"], host="host-b")
    task_id = add_tasks(db, "p1")[0]
    claim(db, host="host-b", run_id="b-run")
    later = utcnow() + timedelta(seconds=60)
    assert db.run_write(
        lambda c: runs.interrupt_stale(c, later, timedelta(seconds=30), except_run="a-run")
    ) == [task_id]


def test_auto_retry_requeues_when_due_and_under_limit(db: Database) -> None:
    add_devices(db, ["p1"])
    task_id = add_tasks(db, "p1", max_retries=1)[0]
    claim(db)
    soon = utcnow() + timedelta(seconds=5)
    db.run_write(
        lambda c: runs.finish(
            c,
            task_id,
            "run-1",
            now=utcnow(),
            status=TaskStatus.FAILED,
            remark="x",
            error_code=ErrorCode.UI_NOT_FOUND,
            auto_retry_at=soon,
        )
    )
    assert db.run_write(lambda c: runs.requeue_auto_retries(c, utcnow())) == []
    assert db.run_write(lambda c: runs.requeue_auto_retries(c, soon + timedelta(seconds=1))) == [task_id]
    with db.read() as conn:
        task = tasks.get(conn, task_id)
    assert task.status == TaskStatus.PENDING and task.retry_count == 1 and task.error_code is None


def test_pending_task_fails_after_waiting_offline_past_the_timeout(db: Database) -> None:
    add_devices(db, ["p1"])
    task_id = add_tasks(db, "p1")[0]
    add_devices(db, ["p1"], state=DeviceState.OFFLINE)
    timeout = timedelta(hours=24)
    assert db.run_write(lambda c: runs.fail_offline_waiters(c, utcnow(), timeout)) == []
    later = utcnow() + timeout + timedelta(minutes=1)
    assert db.run_write(lambda c: runs.fail_offline_waiters(c, later, timeout)) == [task_id]
    with db.read() as conn:
        assert tasks.get(conn, task_id).error_code == ErrorCode.DEVICE_OFFLINE


def test_racing_claimers_never_run_two_tasks_on_one_phone(db: Database) -> None:
    """Four claimers (as four engines would) race over 8 phones; every run is recorded and
    the recorded intervals of one phone never overlap."""
    serials = [f"p{i}" for i in range(8)]
    add_devices(db, serials)
    for serial in serials:
        add_tasks(db, serial, 15)
    intervals: list[tuple[str, float, float]] = []
    lock = threading.Lock()
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        rng = random.Random(n)
        idle = 0
        while idle < 20:
            try:
                task = claim(db, run_id=f"run-{n}")
            except IntegrityError:
                continue
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)
                return
            if task is None:
                idle += 1
                continue
            idle = 0
            import time

            start = time.monotonic()
            time.sleep(rng.uniform(0, 0.003))
            end = time.monotonic()
            db.run_write(
                lambda c, t=task: runs.finish(
                    c,
                    t.id,
                    f"run-{n}",
                    now=utcnow(),  # type: ignore[attr-defined]
                    status=TaskStatus.COMPLETED,
                    remark="ok",
                )
            )
            with lock:
                intervals.append((task.serial, start, end))  # type: ignore[attr-defined]

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(intervals) == 8 * 15
    for serial in serials:
        spans = sorted((s, e) for ser, s, e in intervals if ser == serial)
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert start >= end, f"two tasks overlapped on {serial}"


def test_claim_many_starts_one_task_per_idle_phone_best_first(db: Database) -> None:
    add_devices(db, ["p1", "p2", "p3"])
    now = utcnow()
    low = add_tasks(db, "p1", 2, run_at=now - timedelta(minutes=1))
    high = add_tasks(db, "p2", 1, run_at=now - timedelta(seconds=5), priority=3)
    early = add_tasks(db, "p3", 1, run_at=now - timedelta(minutes=9))
    claimed = db.run_write(
        lambda c: runs.claim_many(c, host_name=HOST, run_id="r", now=utcnow(), device_limit=2)
    )
    assert [t.id for t in claimed] == [high[0], early[0]]  # room for two: the best two phones
    claimed = db.run_write(
        lambda c: runs.claim_many(c, host_name=HOST, run_id="r", now=utcnow(), device_limit=None)
    )
    assert [t.id for t in claimed] == [low[0]]  # p1's first task; its second waits for p1
    assert (
        db.run_write(
            lambda c: runs.claim_many(c, host_name=HOST, run_id="r", now=utcnow(), device_limit=None)
        )
        == []
    )
