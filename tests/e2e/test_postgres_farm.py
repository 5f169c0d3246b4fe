"""The same engine rules on PostgreSQL: a live server on ``--database postgresql://...``."""

from __future__ import annotations

import itertools
from datetime import datetime

from tests.e2e.live import LiveServer, wait_until
from tests.e2e.test_engine_rules import WARMUP_LONG, assert_completed


def test_queue_kill_9_and_restart_on_postgresql(make_server: type[LiveServer], postgres_url: str) -> None:
    server = make_server(phones=3, database=postgres_url).start()
    phones = server.online()
    queued = []
    for i in range(4):
        queued += server.create(phones, "follow", {"target_users": [f"pg{i}"]})
    wait_until(
        lambda: server.get("/task/stats")["pending"] + server.get("/task/stats")["running"] == 0,
        120,
        what="the queue to drain",
    )
    tasks = [server.task(i) for i in queued]
    for task in tasks:
        assert_completed(task)
    for serial in phones:
        spans = sorted(
            (datetime.fromisoformat(t["started_at"]), datetime.fromisoformat(t["ended_at"]))
            for t in tasks
            if t["serial"] == serial
        )
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert start >= end, f"two tasks overlapped on {serial}"

    long_ids = server.create(phones, "account_warmup", WARMUP_LONG)
    for task_id in long_ids:
        server.wait_status(task_id, "running")
    server.kill()
    server.start()
    for task_id in long_ids:
        task = server.task(task_id)
        assert task["error_code"] == "INTERRUPTED", task
    (fresh,) = server.create(phones[:1], "follow", {"target_users": ["pg_after"]})
    assert_completed(server.wait_status(fresh, "completed", "failed"))
