"""POST /task: validation in TikMatrix's order, fan-out, start times, atomicity, idempotency."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.api.conftest import Api

FOLLOW = {"script_name": "follow", "script_config": {"target_users": ["alice"]}}


def task_count(api: Api) -> int:
    data: Any = api.call("GET", "/task/stats")
    return int(data["total"])


def test_creates_one_task_per_serial_with_the_task_object(api: Api) -> None:
    data: Any = api.create({"serials": ["R58M123ABC", "127.0.0.1:5601"], **FOLLOW})
    assert data["created_count"] == 2 and len(data["task_ids"]) == 2
    task: Any = api.call("GET", f"/task/{data['task_ids'][0]}")
    assert task["serial"] == "R58M123ABC"
    assert task["status"] == 0 and task["status_text"] == "pending"
    assert task["source"] == "api"
    assert task["script_name"] == "follow"
    assert task["retry_count"] == 0 and task["max_retries"] == 3
    assert task["username"] is None and task["error_code"] is None and task["remark"] is None
    datetime.strptime(task["start_time"], "%Y-%m-%d %H:%M:%S")
    assert datetime.fromisoformat(task["created_at"]).utcoffset() is not None
    assert task["end_time"] is None and task["started_at"] is None


@pytest.mark.parametrize(
    ("body", "code", "needle"),
    [
        ({"serials": ["R58M123ABC"], "script_config": {}}, 40002, "script_name"),
        ({"serials": ["R58M123ABC"], "script_name": "", "script_config": {}}, 40002, "script_name"),
        ({"serials": ["R58M123ABC"], "script_name": "dance", "script_config": {}}, 40003, "dance"),
        ({"script_name": "follow", "script_config": {"target_users": ["a"]}}, 40001, "serials or usernames"),
        ({"serials": [], **FOLLOW}, 40001, "serials: must not be empty"),
        ({"usernames": [], **FOLLOW}, 40001, "usernames: must not be empty"),
        ({"serials": ["R58M123ABC"], "usernames": ["alice"], **FOLLOW}, 40001, "not both"),
        ({"serials": ["NOPE"], **FOLLOW}, 40401, "NOPE"),
        ({"serials": ["R58M123ABC", "NOPE2"], **FOLLOW}, 40401, "NOPE2"),
        ({"usernames": ["ghost"], **FOLLOW}, 40004, "ghost"),
        ({"serials": ["R58M123ABC"], "start_time": "24:00", **FOLLOW}, 40001, "start_time"),
        ({"serials": ["R58M123ABC"], "start_time": "9:7", **FOLLOW}, 40001, "start_time"),
        ({"serials": ["R58M123ABC"], "min_interval": 5, "max_interval": 2, **FOLLOW}, 40001, "min_interval"),
        ({"serials": ["R58M123ABC"], "max_interval": 1441, **FOLLOW}, 40001, "max_interval: must be <= 1440"),
        ({"serials": ["R58M123ABC"], "min_interval": -1, **FOLLOW}, 40001, "min_interval: must be >= 0"),
        ({"serials": ["R58M123ABC"], "script_name": "follow"}, 40001, "script_config"),
        ({"serials": ["R58M123ABC"], "script_name": "follow", "script_config": []}, 40001, "script_config"),
        ({"serials": "R58M123ABC", **FOLLOW}, 40001, "serials"),
        ({"serials": ["R58M123ABC"], "start_at": "2026-11-28T10:00:00", **FOLLOW}, 40001, "start_at"),
        (
            {"serials": ["R58M123ABC"], "script_name": "post", "script_config": {"upload_wait_time": -1}},
            40001,
            "script_config.upload_wait_time: must be >= 0",
        ),
    ],
)
def test_refusals_name_the_problem_and_create_nothing(
    api: Api, body: dict[str, Any], code: int, needle: str
) -> None:
    reply: Any = api.create(body, expect=code)
    assert needle in reply["message"]
    assert task_count(api) == 0


@pytest.mark.parametrize(
    ("path_of", "needle"),
    [
        (lambda m: str(m / "missing.mp4"), "does not exist"),
        (lambda m: str(m / "sub"), "folder"),
        (lambda m: "/etc/hostname", "outside the material roots"),
        (lambda m: str(m / "notes.txt"), "not a supported video or image"),
        (lambda m: str(m / "fake.mp4"), "first bytes"),
        (lambda m: "relative/clip.mp4", "absolute"),
    ],
)
def test_material_list_paths_are_checked_at_creation(api: Api, path_of: Any, needle: str) -> None:
    body = {
        "serials": ["R58M123ABC"],
        "script_name": "post",
        "script_config": {"material_list": [path_of(api.media)]},
    }
    reply: Any = api.create(body, expect=40001)
    assert "script_config.material_list" in reply["message"] and needle in reply["message"]
    assert task_count(api) == 0


def test_valid_material_list_and_non_ascii_caption(api: Api) -> None:
    caption = "Café 🚀 naïve — {ünïcode|ÄÖÜ} #straße\nline two"
    data: Any = api.create(
        {
            "serials": ["R58M123ABC"],
            "script_name": "post",
            "script_config": {"material_list": [str(api.media / "clip.mp4")], "captions": caption},
        }
    )
    task: Any = api.call("GET", f"/task/{data['task_ids'][0]}")
    assert task["script_config"]["captions"] == caption
    assert task["script_config"]["upload_wait_time"] == 30  # defaults applied


def test_follow_fans_out_per_target_and_device(api: Api) -> None:
    data: Any = api.create(
        {
            "serials": ["R58M123ABC", "SERIAL3"],
            "script_name": "follow",
            "script_config": {"target_user": "a\nb, c"},
        }
    )
    assert data["created_count"] == 6
    targets = sorted(
        tuple(api.call("GET", f"/task/{i}")["script_config"]["target_users"])  # type: ignore[index]
        for i in data["task_ids"]
    )
    assert targets == [("a",), ("a",), ("b",), ("b",), ("c",), ("c",)]


def test_account_mode_and_multi_account_mode(api: Api) -> None:
    for name, serial, enabled in (
        ("alice", "R58M123ABC", True),
        ("bob", "R58M123ABC", True),
        ("carol", "R58M123ABC", False),
        ("dave", "SERIAL3", True),
    ):
        api.call(
            "POST",
            "/account",
            json={"username": name, "platform": "tiktok", "serial": serial, "enabled": enabled},
        )
    data: Any = api.create({"usernames": ["@alice", "dave"], **FOLLOW})
    tasks = [api.call("GET", f"/task/{i}") for i in data["task_ids"]]
    assert [(t["username"], t["serial"]) for t in tasks] == [("alice", "R58M123ABC"), ("dave", "SERIAL3")]  # type: ignore[index]

    data = api.create({"serials": ["R58M123ABC"], "enable_multi_account": True, **FOLLOW})
    usernames = sorted(api.call("GET", f"/task/{i}")["username"] for i in data["task_ids"])  # type: ignore[index]
    assert usernames == ["alice", "bob"]  # carol is disabled

    reply: Any = api.create(
        {"serials": ["127.0.0.1:5601"], "enable_multi_account": True, **FOLLOW}, expect=40004
    )
    assert "127.0.0.1:5601" in reply["message"]
    reply = api.create({"usernames": ["carol"], **FOLLOW}, expect=40004)
    assert "disabled" in reply["message"]


def test_start_time_is_the_next_local_occurrence(api: Api) -> None:
    now = datetime.now().astimezone()
    ahead = (now + timedelta(minutes=30)).strftime("%H:%M")
    behind = (now - timedelta(minutes=30)).strftime("%H:%M")
    for hhmm, day_offset in (
        (ahead, (now + timedelta(minutes=30)).date()),
        (behind, (now - timedelta(minutes=30) + timedelta(days=1)).date()),
    ):
        data: Any = api.create({"serials": ["R58M123ABC"], "start_time": hhmm, **FOLLOW})
        task: Any = api.call("GET", f"/task/{data['task_ids'][0]}")
        planned = datetime.strptime(task["start_time"], "%Y-%m-%d %H:%M:%S")
        assert planned.strftime("%H:%M") == hhmm
        assert planned.date() == day_offset


def test_intervals_stagger_tasks_in_order(api: Api) -> None:
    data: Any = api.create(
        {
            "serials": ["R58M123ABC", "SERIAL3", "127.0.0.1:5601"],
            "min_interval": 2,
            "max_interval": 4,
            **FOLLOW,
        }
    )
    starts = [
        datetime.fromisoformat(api.call("GET", f"/task/{i}")["start_at"])  # type: ignore[index]
        for i in data["task_ids"]
    ]
    gaps = [(b - a).total_seconds() / 60 for a, b in itertools.pairwise(starts)]
    assert all(2 <= g <= 4 for g in gaps), gaps


def test_start_at_wins_and_priority_is_kept(api: Api) -> None:
    data: Any = api.create(
        {
            "serials": ["R58M123ABC"],
            "start_at": "2030-01-02T03:04:05+02:00",
            "start_time": "10:00",
            "priority": 7,
            **FOLLOW,
        }
    )
    task: Any = api.call("GET", f"/task/{data['task_ids'][0]}")
    assert datetime.fromisoformat(task["start_at"]) == datetime.fromisoformat("2030-01-02T01:04:05+00:00")
    assert task["priority"] == 7


def test_idempotency_key(api: Api) -> None:
    body = {"serials": ["R58M123ABC"], **FOLLOW}
    first = api.create(body, headers={"Idempotency-Key": "k1"})
    again = api.create(body, headers={"Idempotency-Key": "k1"})
    assert first == again
    assert task_count(api) == 1
    reply: Any = api.create(
        {"serials": ["SERIAL3"], **FOLLOW}, expect=40901, headers={"Idempotency-Key": "k1"}
    )
    assert "Idempotency-Key" in reply["message"]
    assert task_count(api) == 1


def test_body_must_be_a_json_object_sent_as_json(api: Api) -> None:
    for content, headers in (
        (b"not json", {"Content-Type": "application/json"}),
        (b'[{"serials": ["R58M123ABC"]}]', {"Content-Type": "application/json"}),
        (b'{"serials": ["R58M123ABC"], "script_name": "follow"}', {"Content-Type": "text/plain"}),
        (b"serials=R58M123ABC", {"Content-Type": "application/x-www-form-urlencoded"}),
        (b"", {"Content-Type": "application/json"}),
    ):
        reply: Any = api.call("POST", "/task", 40001, content=content, headers=headers)
        assert reply["message"].startswith("body")
    big = b'{"serials": ["R58M123ABC"], "script_name": "follow", "x": "' + b"a" * (10 * 1024 * 1024) + b'"}'
    reply = api.call("POST", "/task", 40001, content=big, headers={"Content-Type": "application/json"})
    assert "too large" in reply["message"]
    assert task_count(api) == 0


def test_duplicate_serials_make_one_task_each(api: Api) -> None:
    data: Any = api.create({"serials": ["R58M123ABC", "R58M123ABC"], **FOLLOW})
    assert data["created_count"] == 1


def test_dry_run_validates_and_counts_without_creating(api: Api) -> None:
    body = {
        "serials": ["R58M123ABC", "SERIAL3"],
        "script_name": "follow",
        "script_config": {"target_user": "a,b"},
    }
    data: Any = api.call("POST", "/task", json=body, params={"dry_run": "true"})
    assert data == {"task_ids": [], "created_count": 4, "dry_run": True}
    reply: Any = api.call("POST", "/task", 40401, json={**body, "serials": ["NOPE"]}, params={"dry_run": "1"})
    assert "NOPE" in reply["message"]
    assert task_count(api) == 0
