"""The envelope on every answer; the request guard (Host, Origin, token, JSON bodies); plans."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from farmhand.api.app import create_app
from farmhand.api.context import AppContext
from farmhand.config import ServerConfig
from farmhand.store import settings
from farmhand.store.db import Database
from tests.api.conftest import Api


def test_unknown_route_and_wrong_method_get_the_envelope(api: Api) -> None:
    assert "not found" in api.call("GET", "/nope", 40401)["message"]  # type: ignore[index]
    reply = api.client.get("/completely/elsewhere")
    assert reply.status_code == 404 and reply.json()["code"] == 40401
    reply_405: Any = api.call("PUT", "/task/stats", 40501)
    assert "PUT" in reply_405["message"]
    api.call("PATCH", "/license/check", 40501, json={})


def test_internal_errors_carry_a_trace_id(api: Api, monkeypatch: Any) -> None:
    from farmhand.store import tasks

    def broken(*_: Any) -> Any:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(tasks, "stats", broken)
    reply: Any = api.call("GET", "/task/stats", 50001)
    assert "trace id" in reply["message"] and "kaboom" not in reply["message"]


def test_host_header_must_name_this_server(api: Api) -> None:
    reply = api.client.get("/api/v1/task/stats", headers={"Host": "evil.example:50809"})
    assert reply.status_code == 400 and "Host header" in reply.json()["message"]
    assert api.client.get("/api/v1/task/stats", headers={"Host": "localhost:50809"}).status_code == 200


def test_cross_site_posts_are_refused(api: Api) -> None:
    reply = api.client.post("/api/v1/task/retry-all", headers={"Origin": "https://evil.example"})
    assert reply.status_code == 400 and "cross-site" in reply.json()["message"]
    form = api.client.post(
        "/api/v1/task/retry-all", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert form.status_code == 400 and "application/json" in form.json()["message"]
    same = api.client.post("/api/v1/task/retry-all", headers={"Origin": "http://127.0.0.1:50809"})
    assert same.status_code == 200


def test_token_is_required_when_configured(db: Database, tmp_path: Path) -> None:
    config = ServerConfig(data_dir=tmp_path, host="0.0.0.0", api_token="s3cret", use_adb=False)
    with TestClient(
        create_app(AppContext(config=config, db=db)), base_url="http://127.0.0.1:50809"
    ) as client:
        assert client.get("/api/v1/task/stats").json()["code"] == 40101
        wrong = client.get("/api/v1/task/stats", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        good = client.get("/api/v1/task/stats", headers={"Authorization": "Bearer s3cret"})
        assert good.json()["code"] == 0


def test_plan_without_api_refuses_everything_but_keeps_the_dashboard(api: Api) -> None:
    api.db.run_write(lambda c: settings.save(c, {"plan": "starter"}))
    api.ctx.forget_settings()
    reply: Any = api.call("GET", "/task/stats", 40301)
    assert "plan" in reply["message"] and "--plan" in reply["message"]
    license_reply: Any = api.call("GET", "/license/check", 40301)
    assert license_reply["data"]["api_enabled"] is False
    assert license_reply["data"]["plan_name"] == "Starter" and license_reply["data"]["device_limit"] == 5
    api.call("POST", "/task", 40301, json={})
    ui = api.client.get("/ui/api/task/stats")
    assert ui.status_code == 200 and ui.json()["code"] == 0
    created = api.client.post(
        "/ui/api/task",
        json={"serials": ["R58M123ABC"], "script_name": "follow", "script_config": {"target_users": ["x"]}},
    )
    task_id = created.json()["data"]["task_ids"][0]
    assert api.client.get(f"/ui/api/task/{task_id}").json()["data"]["source"] == "ui"


def test_license_check_reports_each_plan(api: Api) -> None:
    data: Any = api.call("GET", "/license/check")
    assert data["plan_name"] == "Self-hosted" and data["api_enabled"] is True and data["device_limit"] is None
    for name, limit in (("pro", 20), ("team", 50), ("business", 100)):
        api.call("PATCH", "/settings", json={"plan": name})
        data = api.call("GET", "/license/check")
        assert data["device_limit"] == limit and data["api_enabled"] is True
    api.call("PATCH", "/settings", json={"plan": "self-hosted", "max_concurrent_devices": 7})
    assert api.call("GET", "/license/check")["device_limit"] == 7  # type: ignore[index]


def test_settings_validation(api: Api) -> None:
    assert "plan" in api.call("PATCH", "/settings", 40001, json={"plan": "gold"})["message"]  # type: ignore[index]
    assert (
        api.call("PATCH", "/settings", 40001, json={"time_scale": 0})["message"] == "time_scale: must be > 0"
    )  # type: ignore[index]
    assert "nonsense" in api.call("PATCH", "/settings", 40001, json={"nonsense": 1})["message"]  # type: ignore[index]
    data: Any = api.call("PATCH", "/settings", json={"time_scale": 0.05, "auto_retry": True})
    assert data["time_scale"] == 0.05 and data["auto_retry"] is True


def test_openapi_describes_every_endpoint(api: Api) -> None:
    doc = api.client.get("/openapi.json").json()
    paths = doc["paths"]
    expected = {
        ("/api/v1/task", "post"),
        ("/api/v1/task", "get"),
        ("/api/v1/task/{task_id}", "get"),
        ("/api/v1/task/{task_id}", "delete"),
        ("/api/v1/task/batch", "delete"),
        ("/api/v1/task/{task_id}/stop", "post"),
        ("/api/v1/task/{task_id}/retry", "post"),
        ("/api/v1/task/retry-all", "post"),
        ("/api/v1/task/stats", "get"),
        ("/api/v1/license/check", "get"),
        ("/api/v1/device", "get"),
        ("/api/v1/device/{serial}", "get"),
        ("/api/v1/account", "get"),
        ("/api/v1/account", "post"),
        ("/api/v1/account/{username}", "delete"),
        ("/api/v1/material", "get"),
        ("/api/v1/material", "post"),
        ("/api/v1/task/{task_id}/log", "get"),
        ("/api/v1/task/{task_id}/screenshot", "get"),
    }
    present = {(path, method) for path, ops in paths.items() for method in ops}
    assert expected <= present, expected - present
    create = paths["/api/v1/task"]["post"]
    schema = create["requestBody"]["content"]["application/json"]["schema"]
    assert {"serials", "usernames", "script_name", "script_config", "start_time"} <= set(schema["properties"])
    assert not any(p.startswith("/ui/") for p in paths)
