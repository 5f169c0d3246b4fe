"""Waiting for an upload after the tap on Post, on scripted screens."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from farmhand.domain import ErrorCode, Platform
from farmhand.scripts.base import ScriptConfig, ScriptError
from farmhand.scripts.post import common
from farmhand.scripts.post.tiktok import UPLOAD_WATCH
from farmhand.scripts.session import selectors_for
from farmhand.scripts.ui.screen import Screen
from farmhand.virtual.ui import Node

from .fakes import FakeDevice, make_ctx, node, root

TT = "com.zhiliaoapp.musically"


def feed(*extra: Node) -> Node:
    return root(
        node(desc="Home", bounds=(0, 2250, 216, 2400)),
        node(desc="Create", bounds=(432, 2250, 648, 2400)),
        *extra,
        package=TT,
    )


def post_screen() -> Node:
    return root(
        node(desc="Post", cls="android.widget.Button", bounds=(540, 2200, 1040, 2320), action="post"),
        node("Everyone can view this post", bounds=(40, 1200, 1040, 1300)),
        package=TT,
    )


def badge(percent: int) -> Node:
    return node(f"{percent}%", bounds=(40, 200, 150, 260))


def scripted(screens: Callable[[int], Node]) -> FakeDevice:
    device = FakeDevice()
    original = device.dump_hierarchy

    def dump(*, timeout: float = 20.0) -> str:
        device.screen = screens(device.dumps)
        return original(timeout=timeout)

    device.dump_hierarchy = dump  # type: ignore[method-assign]
    return device


def wait(device: FakeDevice, wait_s: float = 30) -> tuple[str, list[int | None]]:
    ctx, hooks = make_ctx(device, ScriptConfig(), time_scale=1.0)
    screen = Screen(ctx, selectors_for(Platform.TIKTOK), app_label="TikTok")
    return common.wait_for_upload(ctx, screen, UPLOAD_WATCH, wait_s), hooks.percents


def test_a_badge_that_counts_up_and_goes_means_done() -> None:
    steps = [post_screen(), feed(badge(10)), feed(badge(55)), feed(badge(100))]
    how, percents = wait(scripted(lambda n: steps[n] if n < len(steps) else feed()))
    assert how == "progress finished"
    assert [p for p in percents if p is not None] == [10, 55, 100]


def test_no_progress_at_all_waits_the_grace_period(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "GRACE_S", 0.5)
    device = scripted(lambda n: feed())
    how, _ = wait(device)
    assert how == "composer closed, no progress shown"
    assert device.dumps > common.QUIET_POLLS


def test_an_error_banner_is_upload_failed() -> None:
    banner = node("Something went wrong", bounds=(70, 230, 700, 320))
    steps = [feed(badge(40)), feed(banner)]
    with pytest.raises(ScriptError) as info:
        wait(scripted(lambda n: steps[min(n, 1)]))
    assert info.value.code is ErrorCode.UPLOAD_FAILED
    assert "Something went wrong" in info.value.message


def test_still_on_the_post_screen_when_time_is_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "MIN_UPLOAD_WAIT", 0.5)
    with pytest.raises(ScriptError) as info:
        wait(scripted(lambda n: post_screen()), wait_s=0)
    assert info.value.code is ErrorCode.UPLOAD_FAILED
    assert "was still on the post screen after" in info.value.message
    assert "may still be published" in info.value.message
