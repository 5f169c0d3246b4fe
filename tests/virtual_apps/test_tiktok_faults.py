"""Fault knobs and variants of the virtual TikTok: captcha, refused follows, language, id
profiles, login screens, pop-ups, the Asia build, and state kept across a phone restart."""

from __future__ import annotations

from pathlib import Path

from farmhand.virtual.phone import VirtualPhone
from tests.virtual_apps.driver import MP4, TIKTOK, TRILL, Driver, FakeClock, make_phone

SHARE = "com.ss.android.ugc.aweme.share.SystemShareActivity"


def test_captcha_stops_the_follow_until_the_slider_is_dragged(tmp_path: Path) -> None:
    d = make_phone(tmp_path, captcha=True)
    d.view("https://www.tiktok.com/@nasa")
    d.tap(text="Follow")
    screen = d.dump()
    texts = " ".join(el.text for el in screen)
    assert "Drag the puzzle piece into place" in texts or "Drag the slider to fit the puzzle" in texts
    assert any(el.cls == "android.webkit.WebView" for el in screen)
    slider = d.get(rid="secsdk-captcha-drag-wrapper")
    assert not d.journal("followed")
    assert d.journal("captcha_shown")[0]["on"] == "follow"
    d.tap(text="Follow")  # under the captcha: nothing happens
    assert not d.journal("followed")
    left, top, right, bottom = slider.bounds
    y = (top + bottom) // 2
    d.sh("input", "swipe", str(left + 30), str(y), str(right - 30), str(y), "800")
    assert not d.has(rid="secsdk-captcha-drag-wrapper")
    d.tap(text="Follow")
    assert d.get(id="eme").text == "Following"
    assert len(d.journal("followed")) == 1


def test_captcha_at_post_blocks_the_upload(tmp_path: Path) -> None:
    d = make_phone(tmp_path, captcha=True)
    uri = d.push_media("clip.mp4", MP4)
    d.share(f"{TIKTOK}/{SHARE}", uri)
    d.tap(text="Next")
    d.tap(desc="Post")
    assert d.has(rid="secsdk-captcha-drag-wrapper")
    d.tap(desc="Close")
    assert d.has(desc="Post")
    assert not d.has(id="x44")


def test_refused_follow_shows_following_until_refresh(tmp_path: Path) -> None:
    d = make_phone(tmp_path, action_blocked=True)
    d.view("https://www.tiktok.com/@nasa")
    d.tap(text="Follow")
    assert d.get(id="eme").text == "Following"
    assert "You are following too fast." in d.toasts()
    assert not d.journal("followed")
    assert d.journal("follow_refused")
    d.swipe_down()
    assert d.get(id="eme").text == "Follow"


def test_blocked_comment_is_not_posted(tmp_path: Path) -> None:
    d = make_phone(tmp_path, action_blocked=True)
    d.view("https://www.tiktok.com/@chef.leo/video/7312345678901234567")
    d.tap(id="dtv")
    d.tap(cls="android.widget.EditText", desc="Add comment...")
    d.type("nice")
    d.tap(desc="Post", cls="android.widget.ImageView")
    assert not d.journal("commented")
    assert "Try again later." in d.toasts()
    assert d.get(id="bqk").text == "nice"


def test_french_app_has_no_english_labels(tmp_path: Path) -> None:
    d = make_phone(tmp_path, locale="fr", permission_popup=False)
    d.start()
    nav = [el.text for el in d.find_all(package=TIKTOK) if el.text]
    assert "Accueil" in nav
    assert "Profil" in nav
    assert "Pour toi" in nav
    assert not {"Home", "Profile", "For You", "Inbox", "Friends"} & set(nav)
    assert d.get(id="mkn").desc == "Créer"


def test_id_profiles_change_ids_and_layout(tmp_path: Path) -> None:
    d = make_phone(tmp_path, id_profile="tiktok-35", permission_popup=False)
    d.share(f"{TIKTOK}/{SHARE}", d.push_media("clip.mp4", MP4))
    next_button = d.get(text="Next")
    assert next_button.bounds[1] < 300  # top-right on v35, bottom-right on v43
    d.tap(text="Next")
    caption = d.get(cls="android.widget.EditText")
    assert caption.id_name == "fpj"
    assert caption.text == "Add description..."
    assert d.get(desc="Post").id_name == "pwo"
    d.knob("id_profile", "tiktok-noids")
    screen = d.find_all(package=TIKTOK)
    assert screen
    assert all(el.rid == "" for el in screen)
    assert d.get(desc="Post").text == "Post"
    d.knob("id_profile", "tiktok-43,ig-300")
    assert d.get(desc="Post").id_name == "qrb"


def test_app_without_accounts_shows_the_login_screen(tmp_path: Path) -> None:
    d = make_phone(tmp_path)
    d.phone.app_states[TIKTOK] = {"accounts": [], "flags": {"auto_account": True}}  # everyone logged out
    d.start()
    assert d.has(text="Log in to TikTok")
    assert not d.has(desc="Create")
    d.tap(text="Use phone / email / username")
    assert not d.get(text="Log in", cls="android.widget.Button").enabled
    d.tap(text="Email or username")
    d.type("carol")
    d.tap(text="Password")
    d.type("secret")
    d.tap(text="Log in", cls="android.widget.Button")
    assert d.has(desc="Create")
    assert d.state()["current"] == "carol"


def test_home_prompts_follow_the_seed(tmp_path: Path) -> None:
    def prompts(folder: str, seed: int) -> list[str]:
        d = make_phone(tmp_path / folder, seed=seed, not_now_prompts=True, permission_popup=False)
        d.start()
        found = []
        for _ in range(4):
            button = d.find(text="Got it") or d.find(text="Not now") or d.find(desc="Close", package=TIKTOK)
            if button is None:
                break
            found.append(button.text or button.desc)
            d.tap_at(*button.center)
        assert d.has(desc="Create")
        return found

    first = prompts("a", 3)
    assert first
    assert first == prompts("b", 3)
    assert {tuple(prompts(f"s{seed}", seed)) for seed in range(4, 10)} != {tuple(first)}


def test_asia_build_shares_the_flows(tmp_path: Path) -> None:
    d = make_phone(tmp_path, permission_popup=False)
    d.share(f"{TRILL}/{SHARE}", d.push_media("clip.mp4", MP4))
    d.tap(text="Next")
    assert d.get(desc="Post").rid == f"{TRILL}:id/qrb"
    d.tap(desc="Post")
    d.clock.advance(3)
    assert not d.has(id="x44")
    assert d.journal("posted")[0]["package"] == TRILL
    assert d.phone.focused() == (TRILL, "com.ss.android.ugc.aweme.main.MainActivity")


def test_follows_and_posts_survive_a_phone_restart(tmp_path: Path) -> None:
    d = make_phone(tmp_path)
    d.view("https://www.tiktok.com/@nasa")
    d.tap(text="Follow")
    d.phone.save()
    clock = FakeClock()
    again = Driver(VirtualPhone("vphone-01", tmp_path / "vphone-01", clock=clock), clock)
    again.view("https://www.tiktok.com/@nasa")
    assert again.get(id="eme").text == "Following"
