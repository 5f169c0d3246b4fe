"""The dashboard's own JavaScript helpers, run in the browser, and the dashboard on a server that
asks for an API token."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.web.conftest import PageFactory, screenshot
from tests.web.seeded import SeededServer

pytestmark = [pytest.mark.browser]
TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeededServer]:
    server = SeededServer(tmp_path_factory.mktemp("small"), phones=2, task_count=3)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeededServer]:
    server = SeededServer(tmp_path_factory.mktemp("guarded"), phones=2, task_count=3, api_token=TOKEN)
    yield server
    server.stop()


def module_page(new_page: PageFactory, server: SeededServer) -> Page:
    """A page of the dashboard's origin that runs nothing itself, for importing its modules."""
    page = new_page(server.base_url)
    page.goto("/static/favicon.svg")
    return page


def run_module(page: Page, module: str, expression: str) -> Any:
    return page.evaluate(
        f"async () => {{ const m = await import('/static/js/{module}'); return {expression}; }}"
    )


def test_api_messages_are_split_by_field_path(new_page: PageFactory, small: SeededServer) -> None:
    page = module_page(new_page, small)
    parts = run_module(
        page,
        "api.js",
        "m.fieldErrors('script_config.upload_wait_time: must be >= 0; serials[2]: device X not found; "
        "body: give either serials; or usernames')",
    )
    assert parts == [
        {"path": "script_config.upload_wait_time", "problem": "must be >= 0"},
        {"path": "serials[2]", "problem": "device X not found"},
        {"path": "body", "problem": "give either serials; or usernames"},
    ]
    assert run_module(page, "api.js", "m.fieldErrors('cannot reach the server')") == [
        {"path": "", "problem": "cannot reach the server"}
    ]


def test_form_values_become_what_the_api_expects(new_page: PageFactory, small: SeededServer) -> None:
    page = module_page(new_page, small)
    cases = run_module(
        page,
        "new_task.js",
        """[
          m.apiValue({widget: 'number'}, '30'), m.apiValue({widget: 'number'}, ''),
          m.apiValue({widget: 'number'}, '2.5'), m.apiValue({widget: 'number'}, 'abc'),
          m.apiValue({widget: 'select'}, '0'), m.apiValue({widget: 'select'}, '"share"'),
          m.apiValue({widget: 'select'}, 'null'), m.apiValue({widget: 'lines'}, ' alice \\n\\n@bob\\n'),
          m.apiValue({widget: 'checkbox'}, true), m.apiValue({widget: 'text'}, ' keep spaces '),
        ]""",
    )
    assert cases == [30, None, 2.5, "abc", 0, "share", None, ["alice", "@bob"], True, " keep spaces "]


def test_durations_and_sizes_read_well(new_page: PageFactory, small: SeededServer) -> None:
    page = module_page(new_page, small)
    shown = run_module(
        page,
        "format.js",
        "[m.duration(450), m.duration(1500), m.duration(75000), m.duration(null), m.seconds(86400), "
        "m.bytes(1536), m.plural(1, 'task'), m.plural(10000, 'task')]",
    )
    assert shown == ["450 ms", "1.5 s", "1 min 15 s", "—", "24 h", "1.5 KB", "1 task", "10,000 tasks"]


def test_task_states_read_as_one_word(new_page: PageFactory, small: SeededServer) -> None:
    page = module_page(new_page, small)
    words = run_module(
        page,
        "format.js",
        "[m.statusWord({status: 0}), m.statusWord({status: 1, stop_requested: true}), "
        "m.statusWord({status: 1, stop_requested: false}), m.statusWord({status: 3, stop_requested: true}), "
        "m.statusWord({status: 7, status_text: 'Paused'})]",
    )
    assert words == ["pending", "stopping", "running", "failed", "paused"]


def test_a_server_with_an_api_token_asks_for_it_once_then_works(
    new_page: PageFactory, guarded: SeededServer
) -> None:
    page = new_page(guarded.base_url)
    page.goto("/")
    dialog = page.locator("#token-dialog")
    expect(dialog).to_be_visible()
    screenshot(page, "token-dialog", full_page=False)
    page.fill("#token-input", TOKEN)
    page.get_by_role("button", name="Use token").click()
    expect(page.locator("article.tile")).to_have_count(2)
    expect(dialog).to_be_hidden()
    expect(page.locator(".live")).to_have_text("Live")
    expect(page.locator('article.tile img[data-loaded="1"]')).to_have_count(2)
    page.goto("/tasks")
    expect(page.locator("#task-table tbody tr")).to_have_count(3)
    expect(dialog).to_be_hidden()
