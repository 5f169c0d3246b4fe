"""The pieces the virtual apps are built from: knob reading, hashtag suggestions, the stable
outside world, account seeding, and the apps' behaviour on a knob the phone cannot set yet,
checked with a small in-test AppHost."""

from __future__ import annotations

import random
from typing import Any

import pytest

from farmhand.virtual.app import Intent, MediaItem
from farmhand.virtual.apps.instagram import InstagramApp
from farmhand.virtual.apps.kit.appstate import AppState, sign_in
from farmhand.virtual.apps.kit.people import clip_for, count_text, person, sound_for
from farmhand.virtual.apps.kit.screenkit import knob_float, knob_on, split_url
from farmhand.virtual.apps.tiktok import APPS, TikTokApp, TikTokAsiaApp
from farmhand.virtual.apps.tiktok.compose import suggestions
from farmhand.virtual.ui import Node, hit_test


class Host:
    """An AppHost double: knobs from a dict, a clock the test moves, events kept in lists."""

    def __init__(self, **knobs: Any) -> None:
        self.rng = random.Random(1)
        self.width = 1080
        self.height = 2400
        self.knobs = knobs
        self.clock = 100.0
        self.events: list[tuple[str, dict[str, Any]]] = []
        self.toasts: list[str] = []

    def now(self) -> float:
        return self.clock

    def knob(self, name: str, default: Any = None) -> Any:
        return self.knobs.get(name, default)

    def toast(self, text: str) -> None:
        self.toasts.append(text)

    def media(self) -> list[MediaItem]:
        return []

    def media_by_uri(self, uri: str) -> MediaItem | None:
        return None

    def read_file(self, path: str) -> bytes | None:
        return None

    def request_permission(self, package: str, permission: str, message: str) -> bool:
        return True

    def record(self, kind: str, data: dict[str, Any]) -> None:
        self.events.append((kind, data))

    def changed(self) -> None:
        pass


def texts(root: Node) -> list[str]:
    return [node.text for node in root.walk() if node.text]


@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, True), (False, False), ("on", True), ("0", False), ("false", False), ("", False), (1, True)],
)
def test_knob_on_reads_shell_strings(value: object, expected: bool) -> None:
    assert knob_on(Host(x=value), "x") is expected  # type: ignore[arg-type]


def test_knob_float_falls_back_on_garbage() -> None:
    assert knob_float(Host(x="2.5"), "x", 1.0) == 2.5  # type: ignore[arg-type]
    assert knob_float(Host(x="soon"), "x", 1.0) == 1.0  # type: ignore[arg-type]
    assert knob_float(Host(x=-3), "x", 1.0) == 0.0  # type: ignore[arg-type]


def test_suggestions_follow_the_token_being_typed() -> None:
    assert suggestions("nice day #fu")[:2] == ["#fu", "#fuchallenge"]
    assert suggestions("@ana")[0] == "@ana"
    assert suggestions("#fun ") == []
    assert suggestions("mail me at a#b") == []
    assert suggestions("déjà #été")[0] == "#été"


def test_the_outside_world_is_stable() -> None:
    assert person("Nasa") == person("nasa")
    assert person("private_x").private
    assert person("bestfriend").follows_you
    assert not person("ghost_1").exists
    assert clip_for("a", "1") == clip_for("a", "1")
    assert clip_for("a", "1").video_id != clip_for("a", "2").video_id
    assert sound_for("golden-hour-123").title == "Golden Hour"
    assert sound_for("golden-hour-123").sound_id == "123"
    assert count_text(999) == "999"
    assert count_text(12_345) == "12.3K"
    assert count_text(2_000_000) == "2M"


def test_split_url_handles_queries_and_missing_schemes() -> None:
    assert split_url("https://www.tiktok.com/@a/video/1?lang=en") == (
        "www.tiktok.com",
        ["@a", "video", "1"],
        "lang=en",
    )
    assert split_url("instagram.com/p/XYZ/") == ("instagram.com", ["p", "XYZ"], "")


def test_sign_in_replaces_the_install_account_and_rejects_nothing() -> None:
    state: dict[str, Any] = {}
    app = TikTokApp(Host(), state)  # type: ignore[arg-type]
    app.on_intent(Intent(action="android.intent.action.MAIN"))
    auto = AppState(state).current
    assert auto is not None
    sign_in(state, ["@alice", "bob"], current="bob")
    assert AppState(state).accounts == ["alice", "bob"]
    assert AppState(state).current == "bob"
    with pytest.raises(ValueError, match="at least one username"):
        sign_in(state, [])
    with pytest.raises(ValueError, match="'carol' is not signed in"):
        AppState(state).switch("carol")


def test_logged_out_knob_shows_the_login_screens() -> None:
    tiktok = TikTokApp(Host(logged_out=True), {})  # type: ignore[arg-type]
    tiktok.on_intent(Intent(action="android.intent.action.MAIN"))
    assert "Log in to TikTok" in texts(tiktok.render())
    instagram = InstagramApp(Host(logged_out=True), {})  # type: ignore[arg-type]
    instagram.on_intent(Intent(action="android.intent.action.MAIN"))
    assert "Use another profile" in texts(instagram.render())


def test_apps_register_both_tiktok_builds() -> None:
    assert [TikTokApp, TikTokAsiaApp] == APPS
    assert {cls.package for cls in APPS} == {"com.zhiliaoapp.musically", "com.ss.android.ugc.trill"}
    assert TikTokAsiaApp.launcher_activity == TikTokApp.launcher_activity


def test_overlays_swallow_taps_outside_their_buttons() -> None:
    host = Host()
    app = TikTokApp(host, {})  # type: ignore[arg-type]
    app.on_intent(Intent(action="android.intent.action.VIEW", data="https://www.tiktok.com/@nasa"))
    app.follow_button("nasa")
    app.follow_button("nasa")  # now following: the unfollow confirm opens
    root = app.render()
    follow = next(node for node in root.walk() if node.res_id.endswith(":id/eme"))
    target = hit_test(root, *follow.center)
    assert target is not None
    assert target.action == "outside"
    app.on_tap(target)  # a sheet closes on a tap outside; nothing is unfollowed
    assert [kind for kind, _ in host.events] == ["followed"]
