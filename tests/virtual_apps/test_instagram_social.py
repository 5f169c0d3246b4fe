"""Follow, unfollow, comment, feed and Reels warm-up, account switching and the fault knobs
on the virtual Instagram."""

from __future__ import annotations

from pathlib import Path

from farmhand.virtual.apps.kit.appstate import sign_in
from tests.virtual_apps.driver import INSTAGRAM, Driver, make_phone


def view(d: Driver, url: str) -> None:
    d.view(url, INSTAGRAM, wait=True)


def test_follow_and_unfollow_through_the_following_sheet(tmp_path: Path) -> None:
    d = make_phone(tmp_path)
    view(d, "https://www.instagram.com/natgeo/")
    assert d.get(id="action_bar_title").text == "natgeo"
    assert d.has(id="profile_header_followers_stacked_familiar")
    d.tap(id="profile_header_follow_button", text="Follow")
    assert d.get(id="profile_header_follow_button").text == "Following"
    assert [e["username"] for e in d.journal("followed")] == ["natgeo"]
    d.tap(id="profile_header_follow_button")
    assert d.has(text="Mute")
    d.tap(id="follow_sheet_unfollow_row")
    assert d.get(id="profile_header_follow_button").text == "Follow"
    assert [e["username"] for e in d.journal("unfollowed")] == ["natgeo"]


def test_private_review_and_mutual_accounts(tmp_path: Path) -> None:
    d = make_phone(tmp_path)
    view(d, "https://www.instagram.com/private_anna/")
    assert d.has(text="This account is private")
    d.tap(id="profile_header_follow_button")
    assert d.get(id="profile_header_follow_button").text == "Requested"
    view(d, "https://www.instagram.com/review_me/")
    d.tap(text="Follow", id="profile_header_follow_button")
    assert d.has(text="Review this account before following")
    assert not d.journal("followed")
    d.tap(text="Follow", cls="android.widget.Button", id="")
    assert d.get(id="profile_header_follow_button").text == "Following"
    view(d, "https://www.instagram.com/myfriend.joe/")
    assert d.get(id="profile_header_follow_button").text == "Follow back"


def test_unfollow_of_a_private_account_asks_to_confirm(tmp_path: Path) -> None:
    d = make_phone(tmp_path)
    me = None
    view(d, "https://www.instagram.com/private_bob/")
    me = d.state(INSTAGRAM)["current"]
    d.phone.app_states[INSTAGRAM]["lists"]["following"] = {me: ["private_bob"]}
    view(d, "https://www.instagram.com/private_bob/")
    d.tap(text="Following")
    d.tap(id="follow_sheet_unfollow_row")
    assert d.has(text="Unfollow private_bob?")
    d.tap(id="primary_button", text="Unfollow")
    assert d.get(id="profile_header_follow_button").text == "Follow"


def test_follow_through_search(tmp_path: Path) -> None:
    d = make_phone(tmp_path, permission_popup=False)
    d.start(INSTAGRAM)
    d.tap(desc="Search and explore", id="search_tab")
    d.tap(id="action_bar_search_edit_text")
    d.type("bakery_lyon")
    d.tap(text="Accounts")
    rows = d.find_all(id="row_search_user_username")
    assert rows[0].text == "bakery_lyon"
    d.tap_at(*rows[0].center)
    assert d.get(id="action_bar_title").text == "bakery_lyon"
    d.tap(text="Follow")
    assert d.journal("followed")[0]["username"] == "bakery_lyon"


def test_comment_on_a_post_link(tmp_path: Path) -> None:
    d = make_phone(tmp_path)
    url = "https://www.instagram.com/p/CxYz123AbCd/"
    view(d, url + "?igsh=abc")
    d.tap(id="row_feed_button_comment", desc="Comment")
    assert d.get(id="title_text_view").text == "Comments"
    post = d.get(id="layout_comment_thread_post_button_click_area")
    assert not post.enabled
    d.tap(id="layout_comment_thread_edittext_multiline")
    d.type("Magnifique 😍")
    d.tap(id="layout_comment_thread_post_button_click_area")
    me = d.state(INSTAGRAM)["current"]
    assert d.find_all(id="row_comment_textview_comment")[0].text == f"{me} Magnifique 😍"
    entry = d.journal("commented")[0]
    assert entry["text"] == "Magnifique 😍"
    assert entry["url"] == url


def test_feed_and_reels_warm_up(tmp_path: Path) -> None:
    d = make_phone(tmp_path, permission_popup=False)
    d.start(INSTAGRAM)
    assert d.has(desc="Instagram Home Feed")
    sponsored = 0
    for _ in range(25):
        if d.has(id="secondary_label", text="Sponsored"):
            sponsored += 1
        d.swipe_up()
    assert sponsored > 0
    like = d.get(id="row_feed_button_like")
    assert like.desc == "Like"
    d.tap_at(*like.center)
    liked = d.get(id="row_feed_button_like")
    assert liked.desc == "Unlike"
    assert liked.selected
    d.tap(desc="Reels", id="clips_tab")
    assert d.get(id="like_button").desc == "Like"
    d.tap(id="like_button")
    assert d.get(id="like_button").selected
    d.swipe_up()
    assert d.get(id="like_button").desc == "Like"
    assert len(d.journal("liked")) == 2


def test_switch_account_from_the_username_sheet(tmp_path: Path) -> None:
    for profile, row_id in (("ig-410", ""), ("ig-300", "row_user_textview")):
        d = make_phone(tmp_path / profile, id_profile=profile, permission_popup=False)
        sign_in(d.phone.app_states.setdefault(INSTAGRAM, {}), ["alice", "bob"], current="alice")
        d.start(INSTAGRAM)
        d.tap(desc="Profile", id="profile_tab")
        assert d.get(id="action_bar_title").text == "alice"
        d.tap(id="action_bar_username_container")
        assert d.has(text="Add account")
        if row_id:
            d.tap(id=row_id, text="bob")
        else:
            d.tap(desc="bob", clickable=True)
        assert d.get(id="feed_tab").selected
        d.tap(id="profile_tab")
        assert d.get(id="action_bar_title").text == "bob"


def test_blocked_follow_shows_a_block_dialog(tmp_path: Path) -> None:
    d = make_phone(tmp_path, action_blocked=True)
    view(d, "https://www.instagram.com/natgeo/")
    d.tap(text="Follow")
    screen = d.dump()
    titles = {
        el.text for el in screen if el.id_name in ("igds_alert_dialog_headline", "igds_headline_headline")
    }
    assert titles & {"Try Again Later", "Action Blocked"}
    assert not d.journal("followed")
    assert d.journal("follow_refused")
    d.tap(text="OK")
    assert d.get(id="profile_header_follow_button").text == "Follow"


def test_captcha_asks_to_confirm_you_are_human(tmp_path: Path) -> None:
    d = make_phone(tmp_path, captcha=True)
    view(d, "https://www.instagram.com/p/CxYz123AbCd/")
    d.tap(desc="Comment")
    d.tap(id="layout_comment_thread_edittext_multiline")
    d.type("hi")
    d.tap(id="layout_comment_thread_post_button_click_area")
    assert d.has(text="Confirm you're human")
    assert not d.journal("commented")
    d.tap(text="Continue")
    d.tap(id="layout_comment_thread_post_button_click_area")
    assert len(d.journal("commented")) == 1


def test_french_instagram(tmp_path: Path) -> None:
    d = make_phone(tmp_path, locale="fr", permission_popup=False)
    d.start(INSTAGRAM)
    assert d.get(id="feed_tab").desc == "Accueil"
    assert d.get(id="row_feed_button_like").desc == "J'aime"
    assert not d.has(text="Your story")


def test_logged_out_picker_and_login(tmp_path: Path) -> None:
    d = make_phone(tmp_path)
    d.phone.app_states[INSTAGRAM] = {"accounts": ["alice"], "current": None, "flags": {"auto_account": True}}
    d.start(INSTAGRAM)
    assert d.has(text="Use another profile")
    d.tap(text="Use another profile")
    d.tap(text="Username, email or mobile number")
    d.type("carol")
    d.tap(text="Password")
    d.type("pw")
    d.tap(text="Log in")
    assert d.get(id="feed_tab").selected
    assert d.state(INSTAGRAM)["current"] == "carol"


def test_cold_start_prompts_follow_the_seed(tmp_path: Path) -> None:
    def prompts(folder: str) -> list[str]:
        d = make_phone(tmp_path / folder, seed=5, not_now_prompts=True, permission_popup=False)
        d.start(INSTAGRAM)
        seen = []
        for _ in range(3):
            title = d.find(text="Turn on notifications?") or d.find(text="We've simplified our navigation")
            if title is None:
                break
            seen.append(title.text)
            d.tap(text="Not now") if title.text.startswith("Turn") else d.tap(text="Got it")
        assert d.has(desc="Instagram Home Feed")
        return seen

    first = prompts("a")
    assert first
    assert first == prompts("b")
