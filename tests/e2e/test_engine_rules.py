"""SPEC section 3, rule by rule, through the API of a live server whose virtual phones sit
behind the real adb server. Overlaps are judged from the recorded start and end times, not
from a poll that could miss them."""

from __future__ import annotations

import contextlib
import itertools
import random
import threading
from datetime import datetime
from typing import Any

import pytest

from tests.e2e.live import ApiError, LiveServer, wait_until

WARMUP_LONG = {"task_duration": 1500, "min_duration": 5, "max_duration": 8}  # 30 s at time scale 0.02


def assert_completed(task: dict[str, Any]) -> None:
    assert task["status_text"] == "completed", task


def intervals(tasks: list[dict[str, Any]]) -> list[tuple[str, datetime, datetime]]:
    spans = []
    for task in tasks:
        if task["started_at"] and task["ended_at"]:
            spans.append(
                (
                    task["serial"],
                    datetime.fromisoformat(task["started_at"]),
                    datetime.fromisoformat(task["ended_at"]),
                )
            )
    return spans


def most_at_once(spans: list[tuple[str, datetime, datetime]]) -> int:
    edges = sorted([(s, 1) for _, s, _ in spans] + [(e, -1) for _, _, e in spans], key=lambda x: (x[0], x[1]))
    level = peak = 0
    for _, step in edges:
        level += step
        peak = max(peak, level)
    return peak


def test_one_task_per_phone_while_api_calls_race(make_server: type[LiveServer]) -> None:
    server = make_server(phones=3).start()
    phones = server.online()
    created: list[int] = []
    lock = threading.Lock()

    def client(n: int) -> None:
        rng = random.Random(n)
        for i in range(6):
            ids = server.create(rng.sample(phones, 2), "follow", {"target_users": [f"user{n}x{i}"]})
            with lock:
                created.extend(ids)
            server.get("/task", params={"status": 1})
            server.get("/device")
            if rng.random() < 0.3:
                # Already finished: a conflict is the right answer then.
                with contextlib.suppress(ApiError):
                    server.post(f"/task/{rng.choice(ids)}/stop")

    threads = [threading.Thread(target=client, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wait_until(
        lambda: server.get("/task/stats")["pending"] + server.get("/task/stats")["running"] == 0,
        120,
        what="every task to end",
    )
    tasks = server.all_tasks()
    assert len(tasks) == len(created) == 36
    for serial in phones:
        spans = sorted((s, e) for ser, s, e in intervals(tasks) if ser == serial)
        assert spans, f"nothing ran on {serial}"
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert start >= end, f"two tasks overlapped on {serial}"
    assert {t["status_text"] for t in tasks} <= {"completed", "failed"}
    assert all(t["error_code"] in (None, "STOPPED") for t in tasks), [
        t["remark"] for t in tasks if t["error_code"]
    ]


def test_device_limit_holds(make_server: type[LiveServer]) -> None:
    server = make_server(phones=4, args=("--max-concurrent-devices", "2")).start()
    assert server.get("/license/check")["device_limit"] == 2
    phones = server.online()
    ids = server.create(
        phones, "account_warmup", {"task_duration": 100, "min_duration": 2, "max_duration": 3}
    )
    ids += server.create(
        phones, "account_warmup", {"task_duration": 100, "min_duration": 2, "max_duration": 3}
    )
    peak_busy = 0
    deadline_tasks = set(ids)
    while True:
        busy = sum(1 for d in server.get("/device")["items"] if d["busy"])
        peak_busy = max(peak_busy, busy)
        stats = server.get("/task/stats")
        if stats["pending"] + stats["running"] == 0:
            break
    tasks = [server.task(i) for i in deadline_tasks]
    assert all(t["status_text"] == "completed" for t in tasks), [t["remark"] for t in tasks]
    assert peak_busy <= 2
    assert most_at_once(intervals(tasks)) == 2  # the limit was reached, never passed


def test_stop_pending_and_running(make_server: type[LiveServer]) -> None:
    server = make_server(phones=1).start()
    (phone,) = server.online()
    running_id, pending_id, later_id = (
        server.create([phone], "account_warmup", WARMUP_LONG)
        + server.create([phone], "follow", {"target_users": ["bob"]})
        + server.create([phone], "follow", {"target_users": ["carol"]})
    )
    server.wait_status(running_id, "running")

    stopped = server.post(f"/task/{pending_id}/stop")
    assert stopped["status_text"] == "failed" and stopped["error_code"] == "STOPPED"
    assert stopped["started_at"] is None  # cancelled before it ran

    stopped = server.post(f"/task/{running_id}/stop")
    assert stopped["status_text"] == "failed" and stopped["error_code"] == "STOPPED", stopped
    assert stopped["remark"] == "stopped by user"
    log = [line["step"] for line in server.get(f"/task/{running_id}/log")["items"]]
    assert any(step.startswith("cleanup") for step in log), log
    focus = server.phone_shell(phone, "dumpsys window | grep mCurrentFocus")
    assert "musically" not in focus  # the app was closed
    with pytest.raises(ApiError) as refused:
        server.post(f"/task/{running_id}/stop")
    assert refused.value.body["code"] == 40901

    assert_completed(server.wait_status(later_id, "completed", "failed"))


def test_failure_screenshot_retry_and_retry_limit(make_server: type[LiveServer]) -> None:
    server = make_server(phones=1).start()
    (phone,) = server.online()
    server.knob(phone, "captcha", 1)
    (task_id,) = server.create([phone], "follow", {"target_users": ["bob"]}, max_retries=1)
    failed = server.wait_status(task_id, "failed")
    assert failed["error_code"] == "CAPTCHA", failed
    shot = server.client.get(f"/task/{task_id}/screenshot")
    assert shot.status_code == 200 and shot.content.startswith(b"\x89PNG")

    retried = server.post(f"/task/{task_id}/retry")
    assert retried["status_text"] in ("pending", "running") and retried["retry_count"] == 1
    server.knob(phone, "captcha", 0)
    assert_completed(server.wait_status(task_id, "completed", "failed"))

    (other,) = server.create([phone], "follow", {"target_users": ["carol"]}, max_retries=0)
    server.knob(phone, "captcha", 1)
    server.wait_status(other, "failed")
    with pytest.raises(ApiError) as refused:
        server.post(f"/task/{other}/retry")
    assert refused.value.body["code"] == 40901 and "retry limit" in refused.value.body["message"]


def test_kill_9_then_restart_interrupts_and_never_reruns(make_server: type[LiveServer]) -> None:
    server = make_server(phones=3).start()
    phones = server.online()
    ids = server.create(phones, "account_warmup", WARMUP_LONG)
    for task_id in ids:
        server.wait_status(task_id, "running")
    before = {i: server.task(i) for i in ids}
    server.kill()

    server.start()
    for task_id in ids:
        task = server.task(task_id)
        assert task["status_text"] == "failed" and task["error_code"] == "INTERRUPTED", task
        assert task["retry_count"] == 0 and task["started_at"] == before[task_id]["started_at"]
    fresh = server.create(phones, "follow", {"target_users": ["dave"]})
    for task_id in fresh:
        assert_completed(server.wait_status(task_id, "completed", "failed"))
    for task_id in ids:  # still failed, never picked up again on their own
        assert server.task(task_id)["status_text"] == "failed"


def test_ctrl_c_marks_running_tasks_interrupted(make_server: type[LiveServer]) -> None:
    server = make_server(phones=2).start()
    phones = server.online()
    ids = server.create(phones, "account_warmup", WARMUP_LONG)
    for task_id in ids:
        server.wait_status(task_id, "running")
    assert server.stop() == 0
    server.start(wait_phones=False)
    for task_id in ids:
        task = server.task(task_id)
        assert task["error_code"] == "INTERRUPTED" and "shut down" in task["remark"], task


def test_offline_phones_wait_and_a_drop_mid_task_fails_it(make_server: type[LiveServer]) -> None:
    server = make_server(phones=2).start()
    steady, flaky = server.online()

    # A phone that is offline keeps its tasks pending, and runs them when it is back.
    server.adb("-s", flaky, "shell", "farmhand-vphone knob disconnect_for 6")
    wait_until(lambda: server.get(f"/device/{flaky}")["state"] == "offline", 20, what=f"{flaky} offline")
    (waiting,) = server.create([flaky], "follow", {"target_users": ["erin"]})
    (elsewhere,) = server.create([steady], "follow", {"target_users": ["erin"]})
    assert server.wait_status(elsewhere, "completed")["serial"] == steady
    assert server.task(waiting)["status_text"] == "pending"
    assert_completed(server.wait_status(waiting, "completed", "failed", timeout=90))

    # A phone that drops while its task runs fails that task with DEVICE_OFFLINE, the other
    # phone is not disturbed, and the dropped phone takes tasks again when it returns.
    (long_run,) = server.create([flaky], "account_warmup", WARMUP_LONG)
    (neighbour,) = server.create(
        [steady], "account_warmup", {"task_duration": 300, "min_duration": 2, "max_duration": 3}
    )
    server.wait_status(long_run, "running")
    server.adb("-s", flaky, "shell", "farmhand-vphone knob disconnect_for 6")
    failed = server.wait_status(long_run, "failed", timeout=30)
    assert failed["error_code"] == "DEVICE_OFFLINE", failed
    assert_completed(server.wait_status(neighbour, "completed", "failed", timeout=60))
    (after,) = server.create([flaky], "follow", {"target_users": ["frank"]})
    assert_completed(server.wait_status(after, "completed", "failed", timeout=90))
