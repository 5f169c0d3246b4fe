"""500 phones and 10,000 tasks: the overview draws every tile but only asks for the pictures of
the tiles in view, a phone's change reaches its tile without reloading the farm, and the task
list never loads more than a page."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, Request, expect

from farmhand.domain import DeviceState
from tests.web.conftest import PageFactory, screenshot
from tests.web.seeded import SeededServer, serial_of

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PHONES = 500
TASKS = 10_000


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeededServer]:
    server = SeededServer(tmp_path_factory.mktemp("big"), PHONES, TASKS)
    yield server
    server.stop()


def screen_requests(page: Page) -> list[str]:
    asked: list[str] = []

    def note(request: Request) -> None:
        match = re.search(r"/ui/api/device/([^/]+)/screen$", request.url)
        if match:
            asked.append(match.group(1))

    page.on("request", note)
    return asked


def test_the_overview_of_500_phones_fetches_only_the_pictures_in_view(
    new_page: PageFactory, seeded: SeededServer
) -> None:
    page = new_page(seeded.base_url)
    asked = screen_requests(page)
    page.goto("/")
    expect(page.locator("article.tile")).to_have_count(PHONES, timeout=30_000)
    expect(page.locator(".stat").first.locator(".n")).to_have_text("10,000")
    loaded = page.locator('article.tile img[data-loaded="1"]')
    expect(loaded.first).to_be_visible()
    # A refresh round: the tiles in view are asked for again, the others never.
    for _ in range(150):  # Playwright reports requests while the page is waited on, not during a sleep
        if len(asked) > len(set(asked)):
            break
        page.wait_for_timeout(200)
    assert len(asked) > len(set(asked)), "the pictures in view were not refreshed"
    in_view = set(
        page.evaluate(
            """() => [...document.querySelectorAll('article.tile')]
                .filter((t) => t.getBoundingClientRect().top < window.innerHeight + 400)
                .map((t) => t.dataset.serial)"""
        )
    )
    assert asked, "no picture was asked for"
    assert set(asked) <= in_view, sorted(set(asked) - in_view)[:5]
    assert len(in_view) < PHONES / 5
    screenshot(page, "scale-overview", full_page=False)

    last = serial_of(PHONES - 1)
    assert last not in asked
    page.locator(f'article.tile[data-serial="{last}"]').scroll_into_view_if_needed()
    expect(page.locator(f'article.tile[data-serial="{last}"] img')).to_have_attribute("data-loaded", "1")


def test_a_phone_change_reaches_its_tile_among_500_without_a_reload(
    new_page: PageFactory, seeded: SeededServer
) -> None:
    page = new_page(seeded.base_url)
    page.goto("/?state=offline")
    expect(page.get_by_text("No phone matches these filters.")).to_be_visible(timeout=30_000)
    page.evaluate("window.__sameDocument = true")
    gone = serial_of(250)
    seeded.set_state(gone, DeviceState.OFFLINE)
    expect(page.locator("article.tile:visible")).to_have_count(1, timeout=30_000)
    expect(page.locator(f'article.tile[data-serial="{gone}"]')).to_have_attribute("data-state", "offline")
    expect(page.locator(".stat", has_text="phones online").locator(".n")).to_have_text(
        f"{PHONES - 1} / {PHONES}"
    )
    assert page.evaluate("window.__sameDocument") is True


def test_the_task_list_of_10000_loads_a_page_at_a_time(new_page: PageFactory, seeded: SeededServer) -> None:
    page = new_page(seeded.base_url)
    sizes: list[int] = []
    page.on(
        "request",
        lambda r: (
            sizes.append(int(re.search(r"page_size=(\d+)", r.url).group(1)))  # type: ignore[union-attr]
            if re.search(r"/ui/api/task\?", r.url)
            else None
        ),
    )
    page.goto("/tasks")
    rows = page.locator("#task-table tbody tr")
    expect(rows).to_have_count(20)
    expect(page.get_by_text("1–20 of 10,000 tasks · page 1 of 500")).to_be_visible()
    page.get_by_role("button", name="Last").click()
    expect(page.get_by_text("9,981–10,000 of 10,000 tasks · page 500 of 500")).to_be_visible()
    expect(rows.first).to_have_attribute("data-task-id", "20")
    page.select_option("#f-status", "3")
    expect(page.get_by_text("of 2,500 tasks")).to_be_visible()
    expect(rows.first).to_have_attribute("data-status", "failed")
    expect(page).to_have_url(re.compile(r"/tasks\?status=3$"))
    page.select_option("#page-size", "100")
    expect(rows).to_have_count(100)
    assert sizes and max(sizes) <= 100
    screenshot(page, "scale-tasks")
