"""The screen helpers on a scripted fake phone: waiting, pop-ups, faults, clear failures."""

from __future__ import annotations

import pytest

from farmhand.domain import ErrorCode, Platform
from farmhand.scripts.base import ScriptConfig, ScriptError, StopRequested
from farmhand.scripts.session import selectors_for
from farmhand.scripts.ui import screen as screen_mod
from farmhand.scripts.ui.screen import Screen
from farmhand.virtual.ui import Node

from .fakes import FakeDevice, make_ctx, node, permission_dialog, root


@pytest.fixture(autouse=True)
def short_timeouts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(screen_mod, "DEFAULT_TIMEOUT", 0.3)


def home() -> list[Node]:
    return [
        node(desc="Home", bounds=(0, 2250, 216, 2400), action="home", selected=True),
        node(desc="Create", bounds=(432, 2250, 648, 2400), action="create"),
        node(desc="Profile", bounds=(864, 2250, 1080, 2400), action="profile"),
    ]


def make(device: FakeDevice, platform: Platform = Platform.TIKTOK) -> tuple[Screen, object]:
    ctx, hooks = make_ctx(device, ScriptConfig(), platform=platform)
    return Screen(ctx, selectors_for(platform, "43.1.4"), app_label="TikTok"), hooks


def test_wait_for_returns_the_element_and_tap_hits_its_centre() -> None:
    device = FakeDevice(screen=root(*home()))
    screen, _ = make(device)
    element = screen.wait_for("nav.create", where="home screen")
    assert element.desc == "Create"
    screen.tap(element)
    assert device.taps == [(540, 2325)]
    assert device.tapped == ["Create"]


def test_an_element_that_comes_late_is_waited_for() -> None:
    device = FakeDevice(screen=root(node("Loading", bounds=(0, 0, 500, 100))))
    calls = {"n": 0}
    original = device.dump_hierarchy

    def slow_dump(*, timeout: float = 20.0) -> str:
        calls["n"] += 1
        if calls["n"] == 3:
            device.screen = root(*home())
        return original(timeout=timeout)

    device.dump_hierarchy = slow_dump  # type: ignore[method-assign]
    screen, _ = make(device)
    assert screen.wait_for("nav.profile", where="home screen").desc == "Profile"
    assert calls["n"] >= 3


def test_permission_dialogs_are_answered_before_looking_for_the_element() -> None:
    answers: list[str] = []
    device = FakeDevice()

    def answer(tapped: Node) -> None:
        answers.append(tapped.action_arg or "")
        device.screen = (
            root(*home())
            if len(answers) == 2
            else root(
                *home(),
                permission_dialog(
                    "Allow TikTok to take pictures and record video?",
                    [
                        ("permission_allow_foreground_only_button", "While using the app"),
                        ("permission_deny_button", "Don't allow"),
                    ],
                    action="answer",
                ),
            )
        )

    device.handlers["answer"] = answer
    device.screen = root(
        *home(),
        permission_dialog(
            "Allow TikTok to access your contacts?",
            [("permission_allow_button", "Allow"), ("permission_deny_button", "Don't allow")],
            action="answer",
        ),
    )
    screen, hooks = make(device)
    assert screen.wait_for("nav.create", where="home screen").desc == "Create"
    assert answers == ["Don't allow", "While using the app"]
    assert any("contacts permission" in m for m in hooks.messages())  # type: ignore[attr-defined]


def test_a_pop_up_that_never_goes_away_fails_clearly() -> None:
    device = FakeDevice(
        screen=root(
            node("Not now", cls="android.widget.Button", bounds=(100, 1000, 980, 1100), action="noop")
        )
    )
    screen, _ = make(device)
    with pytest.raises(ScriptError) as info:
        screen.wait_for("nav.create", where="home screen")
    assert info.value.code is ErrorCode.UI_NOT_FOUND
    assert "pop-up 'not-now prompt' of TikTok does not go away" in info.value.message


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Drag the puzzle piece into place", ErrorCode.CAPTCHA),
        ("You are following too fast.", ErrorCode.ACTION_BLOCKED),
        ("Sign up for TikTok", ErrorCode.LOGGED_OUT),
    ],
)
def test_fault_screens_end_the_wait_with_their_code(text: str, code: ErrorCode) -> None:
    device = FakeDevice(screen=root(*home(), node(text, bounds=(60, 1000, 1020, 1100))))
    screen, _ = make(device)
    with pytest.raises(ScriptError) as info:
        screen.wait_for("nav.create", where="home screen")
    assert info.value.code is code
    assert text in info.value.message


def test_element_never_found_names_the_element_and_the_screen() -> None:
    device = FakeDevice(screen=root(*home(), node("For You", bounds=(300, 100, 600, 200))))
    screen, _ = make(device)
    with pytest.raises(ScriptError) as info:
        screen.wait_for("post.button", where="post screen")
    assert info.value.code is ErrorCode.UI_NOT_FOUND
    message = info.value.message
    assert message.startswith("'post.button' not found on the post screen of TikTok within 0.3 s")
    assert "the screen looks like home" in message
    assert "'For You'" in message


def test_element_never_found_on_a_french_app_says_so() -> None:
    device = FakeDevice(
        screen=root(
            node(desc="Accueil", bounds=(0, 2250, 216, 2400)),
            node(desc="Créer", bounds=(432, 2250, 648, 2400)),
        )
    )
    screen, _ = make(device)
    with pytest.raises(ScriptError) as info:
        screen.wait_for("nav.create", where="home screen")
    assert info.value.code is ErrorCode.WRONG_LANGUAGE
    assert "runs in French (fr)" in info.value.message


def test_a_stop_ends_a_wait_at_once() -> None:
    device = FakeDevice(screen=root(*home()))
    screen, hooks = make(device)
    hooks.stop = "stopped"  # type: ignore[attr-defined]
    with pytest.raises(StopRequested):
        screen.wait_for("post.button", where="post screen", timeout=30.0)


def test_wait_enabled_waits_for_a_disabled_button() -> None:
    button = node(
        desc="Share",
        rid="com.instagram.android:id/share_button",
        cls="android.widget.Button",
        bounds=(540, 2200, 1040, 2320),
        action="share",
        enabled=False,
    )
    device = FakeDevice(screen=root(button))
    polls = {"n": 0}
    original = device.dump_hierarchy

    def dump(*, timeout: float = 20.0) -> str:
        polls["n"] += 1
        if polls["n"] == 4:
            button.enabled = True
        return original(timeout=timeout)

    device.dump_hierarchy = dump  # type: ignore[method-assign]
    ctx, _ = make_ctx(device, ScriptConfig(), platform=Platform.INSTAGRAM)
    screen = Screen(ctx, selectors_for(Platform.INSTAGRAM), app_label="Instagram")
    assert screen.wait_enabled("share.button", where="share screen", timeout=5.0).enabled
    assert polls["n"] >= 4
