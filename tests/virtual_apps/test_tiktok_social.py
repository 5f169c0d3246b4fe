"""Follow, unfollow, comment, the For You feed and account switching on the virtual TikTok."""

from __future__ import annotations

from pathlib import Path

from farmhand.virtual.apps.kit.appstate import sign_in
from tests.virtual_apps.driver import MP4, TIKTOK, make_phone


def test_follow_then_unfollow_through_the_confirm(tmp_path: Path) -> None:
    d = make_phone(tmp_path)
    d.view("https://www.tiktok.com/@nasa")
    assert d.get(id="qh5").text == "@nasa"
    assert [el.text for el in d.find_all(id="qfv")] == ["Following", "Followers", "Likes"]
    d.tap(text="Follow", id="eme")
    assert d.get(id="eme").text == "Following"
    me = d.state()["current"]
    assert [e["username"] for e in d.journal("followed")] == ["nasa"]
    assert d.journal("followed")[0]["account"] == me
    d.tap(id="eme")
    assert d.has(text="Cancel")
    d.tap(text="Unfollow", clickable=True)
    assert d.get(id="eme").text == "Follow"
    assert [e["username"] for e in d.journal("unfollowed")] == ["nasa"]
    assert d.state()["lists"]["following"][me] == []


def test_mutual_and_private_accounts(tmp_path: Path) -> None:
    d = make_phone(tmp_path)
    d.view("https://www.tiktok.com/@bestfriend_ana?lang=en")
    assert d.get(id="eme").text == "Follow back"
    d.tap(id="eme")
    assert d.get(id="eme").text == "Friends"
    d.view("https://www.tiktok.com/@private_joe")
    assert d.has(text="This account is private")
    d.tap(id="eme")
    assert d.get(id="eme").text == "Requested"
    assert d.journal("follow_requested")[0]["username"] == "private_joe"
    d.view("https://www.tiktok.com/@ghost_nobody")
    assert d.has(text="Couldn't find this account")
    assert not d.has(id="eme")


def test_follow_from_search_results(tmp_path: Path) -> None:
    d = make_phone(tmp_path, permission_popup=False)
    d.start()
    d.tap(desc="Search", id="irz")
    assert d.get(id="giv").focused
    d.type("cooking_mia")
    d.tap(text="Search", id="y61")
    d.tap(text="Users")
    row = d.get(id="ye2")
    assert row.text == "cooking_mia"
    follow = d.find_all(id="rdh")[0]
    d.tap_at(*follow.center)
    assert d.find_all(id="rdh")[0].text == "Following"
    d.tap(id="ye2", text="cooking_mia")
    assert d.get(id="qh5").text == "@cooking_mia"
    assert d.get(id="eme").text == "Following"
    assert [e["username"] for e in d.journal("followed")] == ["cooking_mia"]


def test_comment_on_a_video_by_url(tmp_path: Path) -> None:
    d = make_phone(tmp_path)
    url = "https://www.tiktok.com/@chef.leo/video/7312345678901234567"
    d.view(url + "?is_from_webapp=1")
    comments = d.get(id="dtv")
    assert comments.desc.startswith("Read or add comments.")
    d.tap(id="dtv")
    send = d.get(desc="Post", cls="android.widget.ImageView")
    assert not send.enabled
    d.tap(desc="Add comment...", cls="android.widget.EditText")
    d.type("Love this 😍 merci!")
    d.tap(desc="Post", cls="android.widget.ImageView")
    screen = d.dump()
    start = next(i for i, el in enumerate(screen) if el.id_name == "jt3")
    inside = [el.text for el in screen[start:] if el.text]
    me = d.state()["current"]
    assert inside[:2] == [me, "Love this 😍 merci!"]  # the new comment heads the list
    assert d.get(id="bqk").text == "Add comment..."  # the input is empty again
    entry = d.journal("commented")[0]
    assert entry["text"] == "Love this 😍 merci!"
    assert entry["url"] == url
    assert d.state()["comments"][url][0]["text"] == "Love this 😍 merci!"
    d.tap(desc="Close comments")
    assert not d.has(desc="Close comments")


def test_feed_swipes_through_videos_ads_and_lives_and_likes(tmp_path: Path) -> None:
    d = make_phone(tmp_path, permission_popup=False)
    d.start()
    assert d.get(desc="Home", id="mkq").selected
    assert d.get(text="For You").selected
    seen: list[str] = []
    kinds: set[str] = set()
    for _ in range(40):
        screen = d.dump()
        texts = {el.text for el in screen}
        if "Ad" in texts:
            kinds.add("ad")
        elif "LIVE" in texts:
            kinds.add("live")
            assert not any(el.id_name == "f57" for el in screen)
        elif "Swipe up to skip" in texts:
            kinds.add("card")
        else:
            kinds.add("video")
        caption = next((el.text for el in screen if el.id_name == "desc"), "")
        seen.append(caption)
        d.swipe_up()
    assert kinds == {"ad", "live", "card", "video"}
    while d.has(text="Ad") or d.has(text="LIVE") or d.has(text="Swipe up to skip"):
        d.swipe_up()
    like = d.get(id="f57", desc="Like video")
    assert not like.selected
    d.tap_at(*like.center)
    liked = d.get(id="f57", desc="Unlike video")
    assert liked.selected
    d.tap(id="guh")
    assert d.get(id="guh").selected
    url = d.journal("liked")[0]["url"]
    assert d.journal("favorited")[0]["url"] == url
    d.tap_at(*liked.center)
    assert d.journal("unliked")[0]["url"] == url


def test_same_seed_gives_the_same_feed(tmp_path: Path) -> None:
    def captions(folder: str) -> list[str]:
        d = make_phone(tmp_path / folder, seed=11, permission_popup=False)
        d.start()
        found = []
        for _ in range(5):
            found.append("|".join(el.text for el in d.dump() if el.text and el.package == TIKTOK))
            d.swipe_up()
        return found

    assert captions("a") == captions("b")


def test_switch_account_from_the_profile_dropdown(tmp_path: Path) -> None:
    d = make_phone(tmp_path, permission_popup=False)
    sign_in(d.phone.app_states.setdefault(TIKTOK, {}), ["alice", "bob"])
    d.start()
    d.tap(desc="Profile", id="mks")
    assert d.get(id="qh5").text == "@alice"
    d.tap(desc="Switch account")
    rows = d.find_all(desc="alice") + d.find_all(desc="bob")
    assert [r.selected for r in rows] == [True, False]
    assert d.has(text="Add account")
    d.tap(desc="bob")
    assert d.get(desc="Home", id="mkq").selected
    d.tap(desc="Profile")
    assert d.get(id="qh5").text == "@bob"
    assert d.journal("account_switched")[0]["to"] == "bob"
    d.tap(desc="Profile menu")
    d.tap(text="Settings and privacy")
    d.tap(text="Switch account")
    d.tap(desc="alice")
    d.tap(desc="Profile")
    assert d.get(id="qh5").text == "@alice"


def test_profile_shows_the_new_post(tmp_path: Path) -> None:
    d = make_phone(tmp_path, permission_popup=False)
    sign_in(d.phone.app_states.setdefault(TIKTOK, {}), ["alice"])
    d.start()
    d.tap(desc="Profile")
    assert d.has(text="No videos yet")
    uri = d.push_media("clip.mp4", MP4)
    d.share(f"{TIKTOK}/com.ss.android.ugc.aweme.share.SystemShareActivity", uri)
    d.tap(text="Next")
    d.tap(id="g19")
    d.type("first post")
    d.tap(desc="Post")
    d.clock.advance(3)
    d.tap(desc="Profile")
    assert d.has(desc="first post")
    assert not d.has(text="No videos yet")
