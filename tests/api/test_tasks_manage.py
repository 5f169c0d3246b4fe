"""Listing, stopping, retrying and deleting tasks through the API (no engine running)."""

from __future__ import annotations

from typing import Any

import pytest

from farmhand.domain import ErrorCode, TaskStatus
from farmhand.store import runs
from farmhand.timeutil import utcnow
from tests.api.conftest import Api

FOLLOW = {"script_name": "follow", "script_config": {"target_users": ["alice"]}}


def make(api: Api, serials: list[str], **extra: Any) -> list[int]:
    data: Any = api.create({"serials": serials, **FOLLOW, **extra})
    return list(data["task_ids"])


def fail(api: Api, task_id: int, code: ErrorCode = ErrorCode.UI_NOT_FOUND) -> None:
    """Run a task to failure the way an engine would (claim, then finish)."""
    task = api.db.run_write(
        lambda c: runs.claim(
            c, host_name="host-a", run_id="r", now=utcnow(), device_limit=None, busy_serials=()
        )
    )
    assert task is not None and task.id == task_id
    api.db.run_write(
        lambda c: runs.finish(
            c, task_id, "r", now=utcnow(), status=TaskStatus.FAILED, remark="boom", error_code=code
        )
    )


def test_list_filters_and_pages_newest_first(api: Api) -> None:
    ids = make(api, ["R58M123ABC", "SERIAL3", "127.0.0.1:5601"])
    ids += make(api, ["R58M123ABC"])
    page: Any = api.call("GET", "/task", params={"page_size": 2})
    assert [t["id"] for t in page["items"]] == sorted(ids, reverse=True)[:2]
    assert page["total"] == 4 and page["page"] == 1 and page["page_size"] == 2
    page = api.call("GET", "/task", params={"page_size": 2, "page": 2})
    assert [t["id"] for t in page["items"]] == sorted(ids, reverse=True)[2:]
    page = api.call("GET", "/task", params={"serial": "R58M123ABC"})
    assert page["total"] == 2
    page = api.call("GET", "/task", params={"status": 0, "script_name": "follow", "source": "api"})
    assert page["total"] == 4
    page = api.call("GET", "/task", params={"source": "ui"})
    assert page["total"] == 0


@pytest.mark.parametrize(
    ("params", "needle"),
    [
        ({"page_size": 0}, "page_size: must be >= 1"),
        ({"page_size": 101}, "page_size: must be <= 100"),
        ({"status": 7}, "status: must be <= 3"),
        ({"page": 0}, "page: must be >= 1"),
        ({"status": "x"}, "status: must be an integer"),
        ({"source": "web"}, "source"),
    ],
)
def test_list_refuses_out_of_range_queries(api: Api, params: dict[str, Any], needle: str) -> None:
    reply: Any = api.call("GET", "/task", 40001, params=params)
    assert needle in reply["message"]


def test_unknown_and_malformed_ids(api: Api) -> None:
    assert "999" in api.call("GET", "/task/999", 40401)["message"]  # type: ignore[index]
    assert "task_id" in api.call("GET", "/task/abc", 40001)["message"]  # type: ignore[index]
    api.call("POST", "/task/abc/stop", 40001)
    api.call("POST", "/task/999/stop", 40401)
    api.call("POST", "/task/999/retry", 40401)
    api.call("DELETE", "/task/999", 40401)
    api.call("GET", "/task/999/log", 40401)
    api.call("GET", "/task/99999999999999999999", 40001)


def test_stop_pending_cancels_and_stop_again_conflicts(api: Api) -> None:
    (task_id,) = make(api, ["R58M123ABC"])
    task: Any = api.call("POST", f"/task/{task_id}/stop")
    assert task["status"] == 3 and task["error_code"] == "STOPPED" and task["remark"] == "stopped by user"
    assert "already failed" in api.call("POST", f"/task/{task_id}/stop", 40901)["message"]  # type: ignore[index]


def test_retry_and_retry_limit(api: Api) -> None:
    (task_id,) = make(api, ["R58M123ABC"], max_retries=1)
    assert "only failed" in api.call("POST", f"/task/{task_id}/retry", 40901)["message"]  # type: ignore[index]
    fail(api, task_id)
    task: Any = api.call("POST", f"/task/{task_id}/retry")
    assert (
        task["status"] == 0
        and task["retry_count"] == 1
        and task["error_code"] is None
        and task["remark"] is None
    )
    fail(api, task_id)
    assert "retry limit" in api.call("POST", f"/task/{task_id}/retry", 40901)["message"]  # type: ignore[index]


def test_retry_all_skips_those_at_the_limit(api: Api) -> None:
    a, b = make(api, ["R58M123ABC", "SERIAL3"], max_retries=0)
    (c,) = make(api, ["127.0.0.1:5601"])
    for task_id in (a, b, c):
        fail(api, task_id)
    data: Any = api.call("POST", "/task/retry-all")
    assert data == {"retried_count": 1, "task_ids": [c], "skipped_count": 2}


def test_stats_count_by_status(api: Api) -> None:
    a, b, _ = make(api, ["R58M123ABC", "SERIAL3", "127.0.0.1:5601"])
    fail(api, a)
    api.call("POST", f"/task/{b}/stop")
    assert api.call("GET", "/task/stats") == {
        "total": 3,
        "pending": 1,
        "running": 0,
        "completed": 0,
        "failed": 2,
    }


def test_delete_one_and_batch(api: Api) -> None:
    a, b, c = make(api, ["R58M123ABC", "SERIAL3", "127.0.0.1:5601"])
    assert api.call("DELETE", f"/task/{a}") == {"deleted": a}
    api.call("GET", f"/task/{a}", 40401)
    data: Any = api.call("DELETE", "/task/batch", json={"task_ids": [b, 424242, c]})
    assert data["deleted_count"] == 2 and data["deleted_ids"] == [b, c] and data["not_found_ids"] == [424242]
    for bad in ({"task_ids": []}, {"task_ids": "1"}, {"task_ids": ["x"]}, {}):
        api.call("DELETE", "/task/batch", 40001, json=bad)


def test_log_and_screenshot(api: Api) -> None:
    (task_id,) = make(api, ["R58M123ABC"])
    assert api.call("GET", f"/task/{task_id}/log") == {"task_id": task_id, "items": []}
    reply: Any = api.call("GET", f"/task/{task_id}/screenshot", 40401)
    assert "no screenshot" in reply["message"]
    from farmhand.store import tasks

    api.db.run_write(lambda c: tasks.append_log(c, task_id, "open app", "ok", 12, None))
    api.db.run_write(lambda c: tasks.save_screenshot(c, task_id, b"\x89PNG\r\n\x1a\nxx"))
    log: Any = api.call("GET", f"/task/{task_id}/log")
    assert [(i["step"], i["outcome"], i["duration_ms"]) for i in log["items"]] == [("open app", "ok", 12)]
    response = api.client.get(f"/api/v1/task/{task_id}/screenshot")
    assert response.status_code == 200 and response.headers["content-type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")


def test_ids_are_never_reused_after_a_delete(api: Api) -> None:
    a, b = make(api, ["R58M123ABC", "SERIAL3"])
    api.call("DELETE", "/task/batch", json={"task_ids": [a, b]})
    (c,) = make(api, ["R58M123ABC"])
    assert c > b  # a client holding id b must never see another task under it
