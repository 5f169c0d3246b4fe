"""A shared headless Chromium and pages that fail the test on any uncaught script error."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.web.live import CHROMIUM, CHROMIUM_ARGS, SCREENS

PageFactory = Callable[..., Page]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install chromium (scripts/test does it)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def new_page(browser: Browser) -> Iterator[PageFactory]:
    """new_page(base_url, width=1280, height=900, **context options) → a Page whose uncaught
    script errors fail the test."""
    contexts: list[BrowserContext] = []
    errors: list[str] = []

    def make(base_url: str, width: int = 1280, height: int = 900, **options: Any) -> Page:
        context = browser.new_context(
            base_url=base_url, viewport={"width": width, "height": height}, **options
        )
        context.set_default_timeout(20_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        return page

    yield make
    for context in contexts:
        context.close()
    assert not errors, f"script errors on the page: {errors}"


def screenshot(page: Page, name: str, *, full_page: bool = True) -> Path:
    """Save what a person would see (look at them: test-artifacts/screens/)."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    path = SCREENS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
