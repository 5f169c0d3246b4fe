"""The dashboard's pages and static files, served by the API's application (no browser)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from farmhand.api.app import create_app
from farmhand.api.context import AppContext
from farmhand.config import ServerConfig
from farmhand.store import migrate, settings
from farmhand.store.db import Database
from farmhand.web.assets import STATIC_DIR, asset_url, static_version

PAGES = {
    "/": ("Farm", "overviewPage"),
    "/tasks": ("Tasks", "tasksPage"),
    "/tasks/new": ("New task", "newTaskPage"),
    "/tasks/17": ("Tasks", "taskDetailPage"),
    "/accounts": ("Accounts", "accountsPage"),
    "/materials": ("Materials", "materialsPage"),
    "/settings": ("Settings", "settingsPage"),
}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    config = ServerConfig(data_dir=tmp_path_factory.mktemp("pages"), use_adb=False)
    db = Database(config.database)
    migrate.upgrade(db)
    with db.write() as conn:
        settings.save(conn, {"plan": "starter"})
    with TestClient(
        create_app(AppContext(config=config, db=db)), base_url="http://127.0.0.1:50809"
    ) as test_client:
        yield test_client
    db.dispose()


def page_data(html: str) -> dict[str, object]:
    match = re.search(r'<script type="application/json" id="page-data">(.*?)</script>', html, re.S)
    assert match, "the page carries its data block"
    data: dict[str, object] = json.loads(match.group(1))
    return data


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_is_a_shell_with_its_component_and_the_active_nav_link(
    client: TestClient, path: str
) -> None:
    reply = client.get(path)
    assert reply.status_code == 200
    assert reply.headers["content-type"].startswith("text/html")
    active, component = PAGES[path]
    html = reply.text
    assert f'x-data="{component}"' in html
    current = re.findall(r'<a href="[^"]*" aria-current="page">([^<]*)</a>', html)
    assert current == [active]
    assert f'src="/static/js/main.js?v={static_version()}"' in html
    assert reply.headers["content-security-policy"].startswith("default-src 'self'")
    assert "frame-ancestors 'none'" in reply.headers["content-security-policy"]


def test_pages_work_on_a_plan_without_api_access(client: TestClient) -> None:
    assert client.get("/api/v1/task/stats").json()["code"] == 40301
    assert client.get("/").status_code == 200
    assert client.get("/ui/api/task/stats").json()["code"] == 0


def test_task_detail_passes_the_id_and_refuses_nothing_as_a_page(client: TestClient) -> None:
    assert page_data(client.get("/tasks/17").text) == {"task_id": 17}
    odd = client.get("/tasks/abc")
    assert odd.status_code == 200 and page_data(odd.text) == {"task_id": None}
    assert page_data(client.get("/tasks/0").text) == {"task_id": None}


def test_new_task_page_carries_a_form_per_api_script(client: TestClient) -> None:
    data = page_data(client.get("/tasks/new").text)
    names = [form["name"] for form in data["scripts"]]  # type: ignore[attr-defined]
    assert names == ["post", "follow", "unfollow", "comment", "account_warmup"]


def test_settings_page_lists_the_plans(client: TestClient) -> None:
    plans = page_data(client.get("/settings").text)["plans"]
    assert {p["name"] for p in plans} == {"starter", "pro", "team", "business", "self-hosted"}  # type: ignore[attr-defined]
    starter = next(p for p in plans if p["name"] == "starter")  # type: ignore[attr-defined]
    assert starter == {"name": "starter", "display_name": "Starter", "device_limit": 5, "api_enabled": False}


def test_page_data_cannot_break_out_of_its_script_block(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from farmhand.web import pages

    monkeypatch.setattr(pages, "_plans", lambda: [{"name": "</script><script>alert(1)</script>"}])
    html = client.get("/settings").text
    assert "</script><script>alert(1)" not in html
    assert page_data(html)["plans"] == [{"name": "</script><script>alert(1)</script>"}]


def test_static_files_are_served_revalidated_and_versioned(client: TestClient) -> None:
    reply = client.get("/static/js/main.js")
    assert reply.status_code == 200
    assert reply.headers["cache-control"] == "no-cache"
    assert "javascript" in reply.headers["content-type"]
    assert asset_url("app.css") == f"/static/app.css?v={static_version()}"
    with pytest.raises(FileNotFoundError):
        asset_url("nope.js")
    assert client.get("/static/../pages.py").status_code == 404


def test_every_module_main_imports_exists(client: TestClient) -> None:
    main = (STATIC_DIR / "js" / "main.js").read_text()
    imports = re.findall(r'from "(\./[^"]+|\.\./[^"]+)"', main)
    assert len(imports) >= 10
    for target in imports:
        url = "/static/" + str(Path("js", target)).replace("js/../", "")
        assert client.get(url).status_code == 200, url


def test_alpine_is_vendored_with_its_licences_and_pinned_version() -> None:
    vendor = STATIC_DIR / "vendor" / "alpinejs"
    assert (vendor / "alpine-3.17.5.esm.min.js").stat().st_size > 40_000
    assert "MIT License" in (vendor / "LICENSE.md").read_text()
    assert "Yuxi (Evan) You" in (vendor / "LICENSE-vue-reactivity").read_text()
    assert 'alpine-3.17.5.esm.min.js"' in (STATIC_DIR / "js" / "main.js").read_text()


def test_the_api_keeps_its_envelope_next_to_the_pages(client: TestClient) -> None:
    reply = client.get("/nowhere")
    assert reply.status_code == 404 and reply.json()["code"] == 40401
    assert client.post("/tasks").json()["code"] == 40501


def test_pages_refuse_foreign_host_headers(client: TestClient) -> None:
    reply = client.get("/", headers={"Host": "evil.example"})
    assert reply.status_code == 400 and "Host header" in reply.json()["message"]
