"""How quickly the engine starts tasks, through the whole stack: a live ``farmhand serve`` with
N virtual phones behind the real adb server, tasks created through the API.

- idle dispatch latency: a task created for an idle phone, from ``created_at`` to ``started_at``
  (SPEC rule 4 promises 1 s; TikMatrix promises 10 s);
- queue gap: on a busy phone, from one task's end to the next one's start;
- throughput: follow tasks per minute over the farm (bounded by the phones' UI work).

    .venv/bin/python -m bench.dispatch [--phones 20] [--tasks-per-phone 10] [--time-scale 0.01]
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
import time
from datetime import datetime
from pathlib import Path

from tests.e2e.live import LiveServer, free_port, wait_until

from bench.common import Progress, save, summary


def ts(text: str) -> datetime:
    return datetime.fromisoformat(text)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--phones", type=int, default=20)
    parser.add_argument("--tasks-per-phone", type=int, default=10)
    parser.add_argument("--time-scale", type=float, default=0.01)
    parser.add_argument("--idle-samples", type=int, default=40)
    args = parser.parse_args()
    adb_port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        server = LiveServer(
            Path(folder) / "farm", adb_port=adb_port, phones=args.phones, time_scale=args.time_scale
        )
        started = time.monotonic()
        server.start()
        boot_s = time.monotonic() - started
        try:
            phones = server.online()
            # Idle dispatch: one task at a time on an idle phone.
            latencies = []
            for i in range(args.idle_samples):
                (task_id,) = server.create(
                    [phones[i % len(phones)]], "follow", {"target_users": [f"idle{i}"]}
                )
                task = server.wait_status(task_id, "completed", "failed", timeout=60)
                latencies.append((ts(task["started_at"]) - ts(task["created_at"])).total_seconds() * 1000)
            # A full queue: every phone gets several tasks at once.
            total = args.phones * args.tasks_per_phone
            ids: list[int] = []
            began = time.monotonic()
            for i in range(args.tasks_per_phone):
                ids += server.create(phones, "follow", {"target_users": [f"q{i}"]})
            progress = Progress("queued follow tasks", total)

            def finished() -> bool:
                stats = server.get("/task/stats")
                progress.update(stats["completed"] + stats["failed"] - args.idle_samples)
                return bool(stats["pending"] + stats["running"] == 0)

            wait_until(finished, 3600, 0.5, "the queue to drain")
            wall = time.monotonic() - began
            tasks = [server.task(i) for i in ids]
            gaps = []
            for serial in phones:
                mine = sorted((t for t in tasks if t["serial"] == serial), key=lambda t: t["started_at"])
                for a, b in itertools.pairwise(mine):
                    gaps.append((ts(b["started_at"]) - ts(a["ended_at"])).total_seconds() * 1000)
            durations = [t["duration_ms"] for t in tasks]
            failed = sum(1 for t in tasks if t["status_text"] != "completed")
        finally:
            server.stop()
            server.adb("kill-server")
    result = {
        "phones": args.phones,
        "time_scale": args.time_scale,
        "boot_s": round(boot_s, 1),
        "idle_dispatch_ms": {k: round(v, 1) for k, v in summary(latencies).items()},
        "queue_gap_ms": {k: round(v, 1) for k, v in summary(gaps).items()},
        "task_duration_ms": {k: round(v) for k, v in summary(durations).items()},
        "queued_tasks": total,
        "failed": failed,
        "wall_s": round(wall, 1),
        "tasks_per_min": round(total / wall * 60),
    }
    print(result)
    print("saved", save("dispatch", result))


if __name__ == "__main__":
    main()
