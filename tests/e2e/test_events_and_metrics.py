"""The live event stream and the metrics, against a live server."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import httpx

from tests.e2e.live import LiveServer


def collect_events(
    server: LiveServer, seconds: float, sink: list[tuple[str, dict[str, Any]]], ready: threading.Event
) -> None:
    deadline = time.monotonic() + seconds
    with (
        httpx.Client(timeout=httpx.Timeout(5.0, read=2.0)) as client,
        client.stream("GET", f"{server.base}/api/v1/events") as response,
    ):
        assert response.headers["content-type"].startswith("text/event-stream")
        ready.set()
        kind = None
        try:
            for line in response.iter_lines():
                if line.startswith("event: "):
                    kind = line[7:]
                elif line.startswith("data: ") and kind:
                    sink.append((kind, json.loads(line[6:])))
                if time.monotonic() > deadline:
                    return
        except httpx.ReadTimeout:
            return


def test_event_stream_shows_a_task_run_and_a_phone_going_offline(make_server: type[LiveServer]) -> None:
    server = make_server(phones=2).start()
    phone, other = server.online()
    events: list[tuple[str, dict[str, Any]]] = []
    ready = threading.Event()
    reader = threading.Thread(target=collect_events, args=(server, 25, events, ready))
    reader.start()
    assert ready.wait(10)
    time.sleep(1)  # the feed's first poll
    (task_id,) = server.create([phone], "follow", {"target_users": ["nia"]})
    server.wait_status(task_id, "completed", "failed")
    server.adb("-s", other, "shell", "farmhand-vphone knob disconnect_for 5")
    deleted = server.create(
        [phone], "follow", {"target_users": ["ola"]}, start_at="2099-01-01T00:00:00+00:00"
    )
    server.call("DELETE", f"/task/{deleted[0]}")
    reader.join(40)
    statuses = [data["status_text"] for kind, data in events if kind == "task" and data["id"] == task_id]
    assert "completed" in statuses
    assert statuses[-1] == "completed"  # no stale state after the end
    assert ("task_deleted", {"id": deleted[0]}) in events
    offline = [
        data
        for kind, data in events
        if kind == "device" and data["serial"] == other and data["state"] == "offline"
    ]
    assert offline
    assert "pending_tasks" in offline[0]
    assert "accounts" in offline[0]


def test_metrics_count_tasks_and_phones(make_server: type[LiveServer]) -> None:
    server = make_server(phones=2).start()
    (task_id,) = server.create(server.online()[:1], "follow", {"target_users": ["pia"]})
    server.wait_status(task_id, "completed", "failed")
    text = httpx.get(f"{server.base}/metrics").text
    assert 'farmhand_tasks{status="completed"} 1.0' in text
    assert 'farmhand_devices{state="online"} 2.0' in text


def test_dry_run_counts_and_creates_nothing(make_server: type[LiveServer]) -> None:
    server = make_server(phones=2).start()
    body = {"serials": server.online(), "script_name": "follow", "script_config": {"target_user": "a,b,c"}}
    data = server.call("POST", "/task", json=body, params={"dry_run": "true"})
    assert data == {"task_ids": [], "created_count": 6, "dry_run": True}
    assert server.get("/task/stats")["total"] == 0
