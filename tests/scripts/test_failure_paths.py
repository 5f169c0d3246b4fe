"""How scripts fail: before anything is sent when they can, with the phone left clean."""

from __future__ import annotations

from pathlib import Path

import pytest

from farmhand.devices.virtual import VirtualDevice
from farmhand.domain import Platform
from farmhand.scripts.base import ScriptConfig, ScriptError, StopRequested
from farmhand.scripts.configs import WarmupConfig
from farmhand.scripts.registry import get_script
from farmhand.scripts.session import AppSession
from farmhand.scripts.ui import screen as screen_mod
from farmhand.scripts.warmup import WarmupRun

from .fakes import FakeDevice, installed, make_ctx, node, root
from .vphone import TIKTOK, media, new_phone, run_script


def test_a_caption_that_does_not_arrive_intact_fails_before_post(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = VirtualDevice.input_text

    def lossy(self: VirtualDevice, text: str) -> None:  # a keyboard that drops emoji
        original(self, text.encode("ascii", "ignore").decode())

    monkeypatch.setattr(VirtualDevice, "input_text", lossy)
    phone = new_phone(tmp_path)
    run = run_script(
        phone, "post", {"captions": "hot 🔥 take", "post_way": "addButton"}, materials=media(tmp_path)
    )
    assert run.code == "DEVICE_ERROR"
    assert "did not arrive intact" in str(run.error)
    assert not run.hooks.is_committed
    assert not run.state().get("posts")
    assert not [name for name in run.camera_roll() if name.startswith("farmhand_")]


def test_a_stop_mid_post_ends_the_script_and_cleanup_still_empties_the_phone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    phone = new_phone(tmp_path)
    device = VirtualDevice(phone)
    script = get_script("post")
    assert script is not None
    config = script.config_model.model_validate({"captions": "x", "post_way": "addButton"})
    ctx, hooks = make_ctx(device, config, materials=media(tmp_path))
    dumps = {"n": 0}
    original = VirtualDevice.dump_hierarchy

    def counting(self: VirtualDevice, *, timeout: float = 20.0) -> str:
        dumps["n"] += 1
        if dumps["n"] == 6:
            hooks.stop = "stopped"
        return original(self, timeout=timeout)

    monkeypatch.setattr(VirtualDevice, "dump_hierarchy", counting)
    with pytest.raises(StopRequested):
        script.run(ctx)
    assert hooks.steps("stopped"), "the running step was not logged as stopped"
    for _, action in ctx.cleanups():
        action()
    listing = phone.run("ls /sdcard/DCIM/Camera").stdout.decode()
    assert "farmhand_" not in listing
    assert not (phone.app_state(TIKTOK) or {}).get("posts")


def feed_page(*extra: object) -> list:  # type: ignore[type-arg]
    return [
        node(desc="Home", bounds=(0, 2250, 216, 2400), action="home", selected=True),
        node(desc="Create", bounds=(432, 2250, 648, 2400)),
        *extra,
    ]


LIKE = node(desc="Like video", bounds=(940, 1200, 1040, 1300), action="like")


@pytest.mark.parametrize(
    ("page", "kind"),
    [
        (feed_page(LIKE), "video"),
        (feed_page(LIKE, node("Ad", bounds=(40, 1900, 120, 1950))), "ad"),
        (feed_page(LIKE, node("Sponsored", bounds=(40, 1900, 300, 1950))), "ad"),
        (feed_page(node("Tap to watch LIVE", bounds=(300, 1100, 800, 1200))), "live"),
        (feed_page(), "live"),
        (feed_page(LIKE, node("Swipe up to skip", bounds=(300, 1900, 800, 1950))), "suggestion"),
    ],
)
def test_warmup_tells_videos_from_ads_live_and_cards(page: list, kind: str) -> None:  # type: ignore[type-arg]
    device = FakeDevice(screen=root(*page, package=TIKTOK))
    installed(device, TIKTOK)
    ctx, _ = make_ctx(device, WarmupConfig())
    run = WarmupRun(ctx, WarmupConfig())
    run.app.prepare()
    assert run._classify(run.screen.dump()) == kind


def test_an_app_that_never_shows_home_fails_naming_the_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(screen_mod, "DEFAULT_TIMEOUT", 0.3)
    device = FakeDevice(screen=root(node("Loading…", bounds=(0, 1000, 1080, 1100), package=TIKTOK)))
    installed(device, TIKTOK)
    ctx, _ = make_ctx(device, ScriptConfig(), platform=Platform.TIKTOK)
    app = AppSession(ctx)
    monkeypatch.setattr("farmhand.scripts.session.START_TIMEOUT", 0.3)
    with pytest.raises(ScriptError) as info:
        app.start()
    assert "'nav.create' or 'nav.home' not found on the home screen of TikTok" in str(info.value)
    launches = [c for c in device.commands if c[:2] == ["am", "start"]]
    assert launches == [
        ["am", "start", "-S", "-n", f"{TIKTOK}/com.ss.android.ugc.aweme.splash.SplashActivity"]
    ]
    assert ["am", "force-stop", TIKTOK] in device.commands
