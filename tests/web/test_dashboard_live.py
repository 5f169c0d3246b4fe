"""The dashboard in a real browser against a real ``farmhand serve`` with virtual phones: tasks
created from the form run to completion on the list without a reload, a running task is
stopped and retried from the list, an invalid form shows the API's message next to its field
and creates nothing, a phone going offline shows on the overview. Each page is saved under
test-artifacts/screens/."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import FilePayload, Page, expect

from tests.web.conftest import PageFactory, screenshot
from tests.web.live import MP4_HEAD, PNG_HEAD, LiveFarm, UiApi, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PHONES = 4
RUN_TIMEOUT_MS = 90_000


@pytest.fixture(scope="module")
def farm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveFarm]:
    live = LiveFarm(tmp_path_factory.mktemp("farm"), PHONES)
    try:
        live.wait_ready()
        yield live
    finally:
        live.stop()


@pytest.fixture(scope="module")
def serials(farm: LiveFarm) -> list[str]:
    """Phones by role: 0 posts, 1 runs the task that is stopped, 2 is edited, 3 goes offline."""
    return sorted(d["serial"] for d in farm.api.get("/device")["items"])


@pytest.fixture
def api(farm: LiveFarm) -> UiApi:
    return farm.api


def open_page(new_page: PageFactory, farm: LiveFarm, path: str, **options: Any) -> Page:
    page = new_page(farm.base_url, **options)
    page.goto(path)
    page.wait_for_selector("[x-data]:not([x-cloak])")  # Alpine started
    return page


def tile(page: Page, serial: str) -> Any:
    return page.locator(f'article.tile[data-serial="{serial}"]')


def test_overview_shows_every_phone_with_a_live_picture_of_its_screen(
    new_page: PageFactory, farm: LiveFarm, serials: list[str]
) -> None:
    page = open_page(new_page, farm, "/")
    expect(page.locator("article.tile")).to_have_count(PHONES)
    for serial in serials:
        expect(tile(page, serial)).to_have_attribute("data-state", "online")
    # The engine takes pictures while someone watches: every tile gets one within seconds.
    expect(page.locator('article.tile img[data-loaded="1"]')).to_have_count(PHONES, timeout=30_000)
    expect(page.locator(".stat", has_text="phones online").locator(".n")).to_have_text(f"{PHONES} / {PHONES}")
    expect(page.locator(".page-head")).to_contain_text("Self-hosted plan")
    screenshot(page, "overview")


def test_materials_upload_with_progress_and_tags(new_page: PageFactory, farm: LiveFarm, api: UiApi) -> None:
    page = open_page(new_page, farm, "/materials")
    expect(page.locator(".empty", has_text="No materials yet")).to_be_visible()
    files: list[FilePayload] = [
        {"name": "clip.mp4", "mimeType": "video/mp4", "buffer": MP4_HEAD},
        {"name": "photo.png", "mimeType": "image/png", "buffer": PNG_HEAD},
        {"name": "notes.mp4", "mimeType": "video/mp4", "buffer": b"not a video at all"},
    ]
    page.set_input_files("#m-files", files)
    page.fill("#m-tags", "demo, summer")
    page.get_by_role("button", name="Upload").click()
    for name in ("clip.mp4", "photo.png"):
        item = page.locator(f'li[data-file="{name}"]')
        expect(item).to_contain_text("uploaded")
        expect(item.locator("progress")).to_have_attribute("value", "100")
    expect(page.locator('li[data-file="notes.mp4"] .error-text')).to_contain_text("not a mp4 file")
    rows = page.locator("#material-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="clip.mp4")).to_contain_text("demo, summer")
    expect(rows.filter(has_text="clip.mp4")).to_contain_text("unused")
    screenshot(page, "materials")
    assert {m["name"] for m in api.get("/material")["items"]} == {"clip.mp4", "photo.png"}


def test_a_post_task_created_from_the_form_reaches_completed_on_the_list_without_reloading(
    new_page: PageFactory, farm: LiveFarm, api: UiApi, serials: list[str]
) -> None:
    farm.adb().device(serials[0]).shell(
        "farmhand-vphone knob upload_seconds 0.2", timeout=10
    )  # a quick upload
    page = open_page(new_page, farm, "/tasks/new")
    expect(page.locator("#script-post")).to_be_checked()
    page.locator("#phone-list label", has_text=serials[0]).locator("input").check()
    page.fill("#cfg-post-captions", "Morning on the {farm|field} 🌾")
    page.fill("#cfg-post-materials_tags", "demo")
    expect(page.get_by_text("Creates 1 task.")).to_be_visible()
    screenshot(page, "new-task")
    page.click("#create-button")
    page.wait_for_url(re.compile(r"/tasks\?highlight=\d+$"))
    task_id = int(page.url.rsplit("=", 1)[1])
    page.evaluate("window.__sameDocument = true")
    row = page.locator(f'tr[data-task-id="{task_id}"]')
    expect(row).to_have_class(re.compile("highlight"))
    expect(row).to_have_attribute("data-status", "completed", timeout=RUN_TIMEOUT_MS)
    assert page.evaluate("window.__sameDocument") is True, "the list reloaded"
    expect(row).to_contain_text("posted")
    screenshot(page, "tasks")

    task = api.get(f"/task/{task_id}")
    assert task["source"] == "ui" and task["serial"] == serials[0]
    assert task["script_config"]["captions"] == "Morning on the {farm|field} 🌾"

    detail = open_page(new_page, farm, f"/tasks/{task_id}")
    expect(detail.locator("#task-status")).to_have_text("completed")
    expect(detail.locator("#task-log tbody tr").first).to_be_visible()
    expect(detail.locator("#task-log")).to_contain_text("tap Post")
    expect(detail.locator("#task-config")).to_contain_text("materials_tags")
    screenshot(detail, "task-detail")

    materials = open_page(new_page, farm, "/materials")
    expect(materials.locator("#material-table tbody tr", has_text="clip.mp4")).to_contain_text(
        f"by #{task_id}"
    )


def test_an_invalid_form_shows_the_apis_message_next_to_the_field_and_creates_nothing(
    new_page: PageFactory, farm: LiveFarm, api: UiApi, serials: list[str]
) -> None:
    before = api.get("/task/stats")["total"]
    page = open_page(new_page, farm, "/tasks/new")
    page.click("#create-button")
    expect(page.locator("#err-target")).to_have_text("must not be empty")
    expect(page.locator("#error-summary")).to_contain_text("serials: must not be empty")
    expect(page.locator("#error-summary")).to_be_focused()

    page.locator("#phone-list label", has_text=serials[2]).locator("input").check()
    page.fill("#cfg-post-upload_wait_time", "-5")
    page.click("#create-button")
    error = page.locator("#cfg-post-upload_wait_time-error")
    expect(error).to_have_text("must be >= 0")
    expect(page.locator("#cfg-post-upload_wait_time")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#err-target")).to_have_text("")
    expect(page.locator("#error-summary")).to_contain_text("Upload wait: must be >= 0")
    screenshot(page, "new-task-invalid")

    # Several problems at once, each next to its own field.
    page.check("#script-comment")
    page.click("#create-button")
    expect(page.locator("#cfg-comment-target_post_urls-error")).to_contain_text("required")
    expect(page.locator("#cfg-comment-comment_content-error")).to_contain_text("required")
    expect(page.locator("#cfg-post-upload_wait_time-error")).to_be_hidden()
    assert api.get("/task/stats")["total"] == before


def test_phone_groups_are_edited_on_the_overview_and_filter_it(
    new_page: PageFactory, farm: LiveFarm, api: UiApi, serials: list[str]
) -> None:
    page = open_page(new_page, farm, "/")
    tile(page, serials[2]).get_by_role("button", name=re.compile("^Group of")).click()
    dialog = page.locator("#group-dialog")
    expect(dialog.locator("#group-input")).to_be_focused()
    page.keyboard.type("Shelf A")
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    expect(tile(page, serials[2])).to_contain_text("Shelf A")
    assert api.get(f"/device/{serials[2]}")["group"] == "Shelf A"
    page.select_option("#f-group", "Shelf A")
    expect(page.locator("article.tile:visible")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"\?group=Shelf\+A$"))
    page.select_option("#f-group", "__none__")
    expect(page.locator("article.tile:visible")).to_have_count(PHONES - 1)

    new_task = open_page(new_page, farm, "/tasks/new")
    new_task.check("input[name=mode][value=groups]")
    new_task.get_by_role("group", name="Groups").get_by_text("Shelf A").click()
    expect(new_task.get_by_text("1 phone chosen")).to_be_visible()


def test_accounts_are_added_bound_enabled_and_imported(
    new_page: PageFactory, farm: LiveFarm, api: UiApi, serials: list[str]
) -> None:
    page = open_page(new_page, farm, "/accounts")
    expect(page.get_by_text("No accounts yet")).to_be_visible()
    page.fill("#a-username", "@demo_alice")
    page.select_option("#a-serial", serials[0])
    page.get_by_role("button", name="Add account").click()
    row = page.locator('tr[data-username="demo_alice"]')
    expect(row).to_be_visible()
    assert api.get("/account")["items"][0]["serial"] == serials[0]

    row.get_by_role("switch").uncheck()
    wait_for("the account disabled", lambda: not api.get("/account")["items"][0]["enabled"], timeout=10)
    row.get_by_label("Phone of @demo_alice").select_option(serials[1])
    wait_for(
        "the account re-bound", lambda: api.get("/account")["items"][0]["serial"] == serials[1], timeout=10
    )

    page.fill("#a-username", "bad name")
    page.get_by_role("button", name="Add account").click()
    expect(page.locator("#a-username-err")).to_contain_text("spaces")

    page.fill("#csv-text", f"username,platform,serial\nbob,instagram,{serials[1]}\ncarol,myspace\n")
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("Imported 1 account (1 new, 0 updated).")).to_be_visible()
    expect(page.get_by_text(re.compile(r"line 3 \(carol\): platform"))).to_be_visible()
    expect(page.locator("#account-table tbody tr")).to_have_count(2)
    screenshot(page, "accounts")


def test_tasks_for_accounts_at_a_time_and_spaced_out(
    new_page: PageFactory, farm: LiveFarm, api: UiApi, serials: list[str]
) -> None:
    api.call("POST", "/account", {"username": "erin", "platform": "tiktok", "serial": serials[1]})
    page = open_page(new_page, farm, "/tasks/new?script=follow", timezone_id="Asia/Tokyo")
    expect(page.locator("#script-follow")).to_be_checked()
    page.check("input[name=mode][value=accounts]")
    page.get_by_role("group", name="Accounts").get_by_text("@erin").click()
    page.fill("#cfg-follow-target_users", "carol_x\n@dave_y")
    page.check("input[name=when][value=at]")
    page.fill("#start-at", "2030-01-02T09:30")
    page.check("#stagger")
    page.fill("#min-interval", "10")
    page.fill("#max-interval", "10")
    expect(page.get_by_text("Creates 2 tasks.")).to_be_visible()
    page.click("#create-button")
    page.wait_for_url(re.compile(r"/tasks\?highlight=\d+,\d+$"))
    ids = [int(i) for i in page.url.rsplit("=", 1)[1].split(",")]
    created = sorted((api.get(f"/task/{i}") for i in ids), key=lambda t: t["start_at"])
    assert [t["username"] for t in created] == ["erin", "erin"]
    assert [t["script_config"]["target_users"] for t in created] == [["carol_x"], ["dave_y"]]
    # 09:30 in Tokyo is 00:30 UTC; the second task starts 10 minutes after the first.
    assert [t["start_at"][:16] for t in created] == ["2030-01-02T00:30", "2030-01-02T00:40"]
    api.call("DELETE", "/task/batch", {"task_ids": ids})


def test_settings_show_the_apis_messages_and_change_the_plan(
    new_page: PageFactory, farm: LiveFarm, api: UiApi
) -> None:
    page = open_page(new_page, farm, "/settings")
    expect(page.locator("#license-line")).to_contain_text("Self-hosted plan")
    page.fill("#s-scale", "0")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#s-scale-err")).to_have_text(re.compile(r"^must be > 0"))
    assert api.get("/settings")["time_scale"] == 0.02
    page.get_by_role("button", name="Undo changes").click()
    expect(page.locator("#s-scale")).to_have_value("0.02")

    page.select_option("#s-plan", "starter")
    page.get_by_role("button", name="Save").click()
    try:
        expect(page.locator("#license-line")).to_contain_text("Starter plan")
        screenshot(page, "settings")
        refused = api.http.get(f"{farm.base_url}/api/v1/task/stats").json()
        assert refused["code"] == 40301
        tasks = open_page(new_page, farm, "/tasks")
        expect(tasks.locator("#task-table tbody tr").first).to_be_visible()
    finally:
        api.call("PATCH", "/settings", {"plan": "self-hosted"})


def test_a_running_task_is_stopped_then_retried_from_the_list(
    new_page: PageFactory, farm: LiveFarm, api: UiApi, serials: list[str]
) -> None:
    created = api.call(
        "POST",
        "/task",
        {"serials": [serials[1]], "script_name": "account_warmup", "script_config": {"task_duration": 3000}},
    )
    task_id = created["task_ids"][0]
    page = open_page(new_page, farm, "/tasks")
    page.evaluate("window.__sameDocument = true")
    row = page.locator(f'tr[data-task-id="{task_id}"]')
    expect(row).to_have_attribute("data-status", "running", timeout=RUN_TIMEOUT_MS)
    overview = open_page(new_page, farm, "/")
    running_tile = tile(overview, serials[1])
    expect(running_tile.locator(".tile-task a")).to_have_text(f"#{task_id} account_warmup")
    expect(running_tile.locator(".badge")).to_have_text("running")
    screenshot(overview, "overview-running")
    row.get_by_label(f"Select task {task_id}").check()
    expect(page.get_by_text("1 task selected")).to_be_visible()
    page.get_by_role("group", name="Selected tasks").get_by_role("button", name="Stop").click()
    expect(row).to_have_attribute("data-status", "failed", timeout=30_000)
    expect(row.locator(".status")).to_have_text("failed · stopped")
    assert api.get(f"/task/{task_id}")["error_code"] == "STOPPED"

    row.get_by_label(f"Select task {task_id}").check()
    page.get_by_role("group", name="Selected tasks").get_by_role("button", name="Retry").click()
    expect(row).not_to_have_attribute("data-status", "failed")
    expect(row.locator("td[data-label=Retries]")).to_have_text("1 / 3")
    expect(row).to_have_attribute("data-status", "running", timeout=RUN_TIMEOUT_MS)
    assert page.evaluate("window.__sameDocument") is True, "the list reloaded"
    screenshot(page, "tasks-retried")
    api.call("POST", f"/task/{task_id}/stop")


def test_pages_fit_a_phone_screen_and_every_control_has_a_name(new_page: PageFactory, farm: LiveFarm) -> None:
    check_controls = """() => {
        const nameless = [];
        for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea, button')) {
            const named = (el.labels && el.labels.length) || el.getAttribute('aria-label')
                || el.getAttribute('aria-labelledby') || (el.tagName === 'BUTTON' && el.textContent.trim());
            if (!named) nameless.push(el.outerHTML.slice(0, 120));
        }
        const clickable = [...document.querySelectorAll('*')].filter((el) => el.hasAttribute('@click'))
            .filter((el) => !['BUTTON', 'A', 'INPUT', 'SELECT'].includes(el.tagName)).map((el) => el.tagName);
        return { nameless, clickable, overflow: document.documentElement.scrollWidth - window.innerWidth };
    }"""
    pages = {"/": "overview", "/tasks": "tasks", "/tasks/new": "new-task", "/tasks/1": "task-detail",
             "/accounts": "accounts", "/materials": "materials", "/settings": "settings"}  # fmt: skip
    phone = new_page(farm.base_url, width=390, height=844, is_mobile=True, has_touch=True)
    for path, name in pages.items():
        phone.goto(path)
        page = phone
        page.wait_for_selector("[x-data]:not([x-cloak])")
        page.wait_for_function(
            "() => ![...document.querySelectorAll('.spinner')].some((s) => s.offsetParent)"
        )
        found = page.evaluate(check_controls)
        assert found["nameless"] == [], (path, found["nameless"])
        assert found["clickable"] == [], (path, found["clickable"])
        assert found["overflow"] <= 1, f"{path} is {found['overflow']} px wider than a phone screen"
        screenshot(page, f"phone-{name}")


def test_the_new_task_form_is_used_by_keyboard_in_a_sensible_order(
    new_page: PageFactory, farm: LiveFarm
) -> None:
    page = open_page(new_page, farm, "/tasks/new")
    page.keyboard.press("Tab")
    expect(page.locator(".skip")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    order: list[str] = []
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.id || document.activeElement.name || ''")
        order.append(focused)
        if focused == "create-button":
            break
    landmarks = [
        "script-post",
        "phone-filter",
        "cfg-post-captions",
        "cfg-post-upload_wait_time",
        "create-button",
    ]
    positions = [order.index(mark) for mark in landmarks]
    assert positions == sorted(positions), order


def test_times_are_shown_in_the_browsers_time_zone(new_page: PageFactory, farm: LiveFarm, api: UiApi) -> None:
    task = api.get("/task?script_name=post")["items"][0]
    page = open_page(new_page, farm, f"/tasks/{task['id']}", timezone_id="Asia/Tokyo", locale="en-GB")
    created = datetime.fromisoformat(task["created_at"]).astimezone(ZoneInfo("Asia/Tokyo"))
    cell = page.locator("time").first
    expect(cell).to_have_attribute("datetime", task["created_at"])
    expect(cell).to_contain_text(created.strftime("%H:%M:%S"))
    expect(cell).to_contain_text(created.strftime("%Y"))


def test_the_overview_shows_a_phone_going_offline(
    new_page: PageFactory, farm: LiveFarm, serials: list[str]
) -> None:
    page = open_page(new_page, farm, "/")
    page.evaluate("window.__sameDocument = true")
    target = tile(page, serials[3])
    expect(target).to_have_attribute("data-state", "online")
    phone = farm.adb().device(serials[3])
    with contextlib.suppress(Exception):  # the phone may drop the connection before answering
        phone.shell("farmhand-vphone knob disconnect 1", timeout=5)
    expect(target).to_have_attribute("data-state", "offline", timeout=60_000)
    expect(target.locator(".state-flag")).to_have_text("Offline")
    expect(page.locator(".stat", has_text="phones online").locator(".n")).to_have_text(
        f"{PHONES - 1} / {PHONES}"
    )
    assert page.evaluate("window.__sameDocument") is True
    screenshot(page, "overview-offline")
