"""Variants a script meets on some phones: uiautomator2's setText, older id profiles and
wordings, the sound panel, editor tips, BACK out of a share, Instagram refusals."""

from __future__ import annotations

from pathlib import Path

from tests.virtual_apps.driver import INSTAGRAM, MP4, TIKTOK, TRILL, Driver, make_phone

TT_SHARE = "com.ss.android.ugc.aweme.share.SystemShareActivity"
IG_CLIPS = "com.instagram.share.handleractivity.ClipsShareHandlerActivity"


def tiktok_share(d: Driver, package: str = TIKTOK) -> None:
    d.share(f"{package}/{TT_SHARE}", d.push_media("clip.mp4", MP4))


def instagram_reel(d: Driver) -> None:
    d.share(f"{INSTAGRAM}/{IG_CLIPS}", d.push_media("reel.mp4", MP4))


def test_uiautomator2_set_text_fills_the_captions(tmp_path: Path) -> None:
    d = make_phone(tmp_path)
    tiktok_share(d)
    d.tap(text="Next")
    caption = {"resourceId": f"{TIKTOK}:id/g19"}
    d.phone.uiautomator_rpc("setText", [caption, "first"])
    d.phone.uiautomator_rpc("setText", [caption, "ça marche ✅"])  # replaces, as setText does
    assert d.get(id="g19").text == "ça marche ✅"
    d.phone.uiautomator_rpc("clearTextField", [caption])
    assert d.get(id="g19").text.startswith("Describe your post")
    instagram_reel(d)
    d.tap(desc="Next")
    d.phone.uiautomator_rpc("setText", [{"resourceId": f"{INSTAGRAM}:id/caption_input_text_view"}, "reel ✨"])
    d.tap(desc="OK")
    assert d.get(id="caption_input_text_view").text == "reel ✨"


def test_older_tiktok_wording_of_the_publish_confirmation(tmp_path: Path) -> None:
    d = make_phone(tmp_path, id_profile="tiktok-35", publish_confirm=True)
    tiktok_share(d)
    d.tap(text="Next")
    d.tap(desc="Post")
    assert d.has(text="Post video publicly?")
    d.tap(text="Post Now")
    assert d.has(id="ykm5")  # the v35 bottom bar: the badge sits over the feed again
    d.clock.advance(3)
    assert not d.has(text="Post video publicly?")
    assert len(d.journal("posted")) == 1


def test_comment_send_is_post_comment_on_the_older_profile(tmp_path: Path) -> None:
    d = make_phone(tmp_path, id_profile="tiktok-35")
    d.view("https://www.tiktok.com/@a/video/7300000000000000001")
    d.tap(desc_has="Read or add comments")
    assert d.has(desc="Post comment")
    assert not d.has(desc="Post", cls="android.widget.ImageView")


def test_sound_panel_attaches_a_searched_sound_with_volumes(tmp_path: Path) -> None:
    d = make_phone(tmp_path)
    tiktok_share(d)
    d.tap(desc="Music")
    d.tap(desc="Search", package=TIKTOK)
    d.type("sunset")
    d.tap(text="Search", clickable=True)
    d.tap(text="Sunset")
    d.tap(desc="Use this sound")
    d.tap(text="Volume")
    bar = d.get(desc="Added sound", cls="android.widget.SeekBar")
    left, top, _right, bottom = bar.bounds
    y = (top + bottom) // 2
    d.sh("input", "swipe", str(left + 500), str(y), str(left + 200), str(y), "300")
    assert d.get(desc="Added sound", cls="android.widget.SeekBar").text == "20"
    d.tap(text="Done")
    assert d.get(id="d8a").text == "Sunset"
    d.tap(text="Next")
    d.tap(desc="Post")
    d.clock.advance(3)
    assert not d.has(id="x44")
    posted = d.journal("posted")[0]
    assert posted["sound"]["title"] == "Sunset"
    assert posted["volumes"] == {"original": 50, "added": 20}


def test_editor_tip_shows_once_with_prompts_on(tmp_path: Path) -> None:
    d = make_phone(tmp_path, not_now_prompts=True)
    tiktok_share(d)
    tips = {"Adjust clips feature enhanced", "Introducing 10 minutes video", "View your friends' posts"}
    shown = [el.text for el in d.dump() if el.text in tips]
    assert len(shown) == 1
    d.tap(text="OK")
    d.key("KEYCODE_BACK")
    tiktok_share(d)
    assert not any(el.text in tips for el in d.dump())


def test_back_out_of_a_share_leaves_the_app(tmp_path: Path) -> None:
    d = make_phone(tmp_path)
    tiktok_share(d)
    assert d.phone.focused() == (TIKTOK, TT_SHARE)
    d.key("KEYCODE_BACK")
    assert d.phone.focused()[0] != TIKTOK


def test_asia_build_names_its_follow_button_differently(tmp_path: Path) -> None:
    d = make_phone(tmp_path)
    d.view("https://www.tiktok.com/@nasa", TRILL)
    assert d.get(text="Follow", cls="android.widget.Button").rid == f"{TRILL}:id/dq0"


def test_instagram_older_profile_ids(tmp_path: Path) -> None:
    d = make_phone(tmp_path, id_profile="ig-300", permission_popup=False)
    d.start(INSTAGRAM)
    assert d.has(id="creation_tab", desc="Create")
    assert not d.has(id="action_bar_buttons_container_left")
    d.view("https://www.instagram.com/natgeo/")
    assert d.has(id="row_profile_header_textview_followers_count")
    assert d.has(id="row_profile_header_imageview")
    d.view("https://www.instagram.com/p/AbC/")
    d.tap(desc="Comment")
    assert d.has(id="layout_comment_thread_edittext", cls="android.widget.EditText")
    instagram_reel(d)
    d.tap(desc="Next")
    assert d.get(desc="Share").id_name == "share_footer_button"


def test_instagram_refuses_likes_and_comments_when_blocked(tmp_path: Path) -> None:
    d = make_phone(tmp_path, action_blocked=True)
    d.view("https://www.instagram.com/p/AbC/")
    d.tap(id="row_feed_button_like")
    assert not d.journal("liked")
    assert d.journal("like_refused")
    d.tap(text="OK")
    assert d.get(id="row_feed_button_like").desc == "Like"
    d.tap(desc="Comment")
    d.tap(id="layout_comment_thread_edittext_multiline")
    d.type("hello")
    d.tap(id="layout_comment_thread_post_button_click_area")
    assert not d.journal("commented")
    assert d.journal("comment_refused")[0]["text"] == "hello"
