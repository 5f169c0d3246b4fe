"""The API under load: a live ``farmhand serve`` (no phones, SQLite), hit by N client threads.

- ``GET /api/v1/task?page_size=20`` over a store of 10,000 tasks;
- ``POST /api/v1/task`` creating one follow task each;
- ``GET /api/v1/task/stats``.

    .venv/bin/python -m bench.api_load [--threads 8] [--seconds 10]
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
from tests.e2e.live import LiveServer, free_port

from bench.common import save, summary
from farmhand.domain import DeviceState
from farmhand.store import devices, tasks
from farmhand.store.db import Database
from farmhand.store.devices import DeviceSeen
from farmhand.store.tasks import NewTask
from farmhand.timeutil import utcnow


def seed(data_dir: Path, n_tasks: int) -> str:
    from farmhand.store import migrate

    db = Database(f"sqlite:///{data_dir / 'farmhand.db'}")
    migrate.upgrade(db)
    now = utcnow()
    with db.write() as conn:
        devices.report(conn, DeviceSeen("BENCH-1", DeviceState.OFFLINE, kind="usb"), "elsewhere", now)
    batch = [
        NewTask(
            serial="BENCH-1",
            script_name="follow",
            script_config={"target_users": [f"u{i}"]},
            source="api",
            run_at=now,
            max_retries=3,
        )
        for i in range(n_tasks)
    ]
    for start in range(0, n_tasks, 1000):
        with db.write() as conn:
            tasks.create(conn, batch[start : start + 1000])
    db.dispose()
    return "BENCH-1"


def hammer(base: str, threads: int, seconds: float, request: Any) -> dict[str, Any]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker() -> None:
        nonlocal errors
        with httpx.Client(base_url=base, timeout=30) as client:
            while time.monotonic() < stop:
                t0 = time.perf_counter()
                ok = request(client)
                dt = (time.perf_counter() - t0) * 1000
                with lock:
                    latencies.append(dt)
                    errors += 0 if ok else 1

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    began = time.perf_counter()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - began
    return {
        "requests": len(latencies),
        "req_per_s": round(len(latencies) / elapsed),
        "errors": errors,
        "latency_ms": {k: round(v, 1) for k, v in summary(latencies).items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--tasks", type=int, default=10_000)
    args = parser.parse_args()
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "farm"
        data.mkdir()
        serial = seed(data, args.tasks)
        server = LiveServer(data, adb_port=free_port(), phones=0, args=("--no-adb",)).start(wait_phones=False)
        try:
            base = f"{server.base}/api/v1"
            results["list_20"] = hammer(
                base,
                args.threads,
                args.seconds,
                lambda c: c.get("/task", params={"page_size": 20}).status_code == 200,
            )
            results["stats"] = hammer(
                base, args.threads, args.seconds, lambda c: c.get("/task/stats").status_code == 200
            )
            body = {"serials": [serial], "script_name": "follow", "script_config": {"target_users": ["x"]}}
            results["create"] = hammer(
                base, args.threads, args.seconds, lambda c: c.post("/task", json=body).status_code == 200
            )
        finally:
            server.stop()
    for name, value in results.items():
        print(name, value)
    print(
        "saved",
        save(
            "api_load",
            {"threads": args.threads, "seconds": args.seconds, "store_tasks": args.tasks, "results": results},
        ),
    )


if __name__ == "__main__":
    main()
