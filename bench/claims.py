"""How fast the store hands out tasks: 10,000 no-op tasks over 500 phones, at most one running
per phone, claimed and finished by the same calls the engine makes (``store.runs.claim_many``:
one task for every idle phone in one statement; ``store.runs.finish`` per task), with N
claimers in threads. No HTTP, no scripts: an upper bound for the engine, comparable with the
peers' bare claim loops in notes/task-claims.md.

    .venv/bin/python -m bench.claims [--tasks 10000] [--phones 500] [--claimers 4]
"""

from __future__ import annotations

import argparse
import threading
import time
from datetime import timedelta

from sqlalchemy.exc import IntegrityError

from bench.common import Progress, save, store
from farmhand.domain import DeviceState, TaskStatus
from farmhand.store import devices, runs, tasks
from farmhand.store.db import Database
from farmhand.store.devices import DeviceSeen
from farmhand.store.tasks import NewTask
from farmhand.timeutil import utcnow

HOST = "bench-host"


def load(db: Database, n_tasks: int, n_phones: int) -> None:
    now = utcnow()
    phones = [f"phone-{i:04d}" for i in range(n_phones)]
    with db.write() as conn:
        for serial in phones:
            devices.report(conn, DeviceSeen(serial, DeviceState.ONLINE, kind="virtual"), HOST, now)
    batch = [
        NewTask(
            serial=phones[i % n_phones],
            script_name="follow",
            script_config={"target_users": ["x"]},
            source="api",
            run_at=now - timedelta(seconds=1),
            max_retries=3,
        )
        for i in range(n_tasks)
    ]
    for start in range(0, n_tasks, 1000):
        with db.write() as conn:
            tasks.create(conn, batch[start : start + 1000])
    if not db.is_sqlite:
        with db.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")


def run(db: Database, n_tasks: int, claimers: int) -> dict[str, float]:
    done = 0
    conflicts = 0
    lock = threading.Lock()
    progress = Progress(f"{db.dialect}, {claimers} claimers", n_tasks)

    def worker(n: int) -> None:
        # As the engine does: one claim for every idle phone, then each task finishes
        # (in its own transaction, as a task's end is recorded).
        nonlocal done, conflicts
        run_id = f"run-{n}"
        idle = 0
        while idle < 3:
            now = utcnow()
            try:
                claimed = db.run_write(
                    lambda c, now=now: runs.claim_many(
                        c, host_name=HOST, run_id=run_id, now=now, device_limit=None
                    )
                )
            except IntegrityError:
                with lock:
                    conflicts += 1
                continue
            if not claimed:
                idle += 1
                continue
            idle = 0
            for task in claimed:
                db.run_write(
                    lambda c, t=task: runs.finish(
                        c, t.id, run_id, now=utcnow(), status=TaskStatus.COMPLETED, remark="noop"
                    )
                )
            with lock:
                done += len(claimed)
                progress.update(done)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(claimers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    with db.read() as conn:
        stats = tasks.stats(conn)
    assert stats["completed"] == n_tasks, stats
    return {
        "tasks": n_tasks,
        "seconds": round(elapsed, 2),
        "tasks_per_s": round(n_tasks / elapsed),
        "unique_conflicts": conflicts,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--phones", type=int, default=500)
    parser.add_argument("--claimers", type=int, nargs="+", default=[1, 4])
    args = parser.parse_args()
    results = []
    for kind in ("sqlite", "postgresql"):
        for claimers in args.claimers:
            with store(kind) as db:
                load(db, args.tasks, args.phones)
                result = {"store": kind, "claimers": claimers, **run(db, args.tasks, claimers)}
            print(result)
            results.append(result)
    print("saved", save("claims", {"phones": args.phones, "results": results}))


if __name__ == "__main__":
    main()
