"""Posting on the virtual Instagram through a real VirtualPhone: reels, posts, carousels and
stories, through the share handlers and through Create, with the upload snackbar."""

from __future__ import annotations

from pathlib import Path

from farmhand.virtual.app import Intent
from tests.virtual_apps.driver import INSTAGRAM, JPEG, MP4, Driver, make_phone

HANDLERS = "com.instagram.share.handleractivity"
CAPTION = "Golden hour 🌇 à Paris #travel"


def share_to(d: Driver, handler: str, *uris: str, mime: str = "video/mp4") -> None:
    d.share(f"{INSTAGRAM}/{HANDLERS}.{handler}", *uris, mime=mime, grant=True)


def write_caption(d: Driver, caption: str) -> None:
    d.tap(id="caption_input_text_view")
    field = d.get(id="caption_input_text_view")
    assert field.focused
    d.type(caption)
    d.tap(id="action_bar_button_text", desc="OK")


def test_reel_through_the_clips_handler_with_the_snackbar(tmp_path: Path) -> None:
    d = make_phone(tmp_path)
    share_to(d, "ClipsShareHandlerActivity", d.push_media("reel.mp4", MP4))
    d.tap(id="clips_right_action_button", desc="Next")
    assert d.get(id="action_bar_title").text == "New reel"
    assert d.get(id="caption_input_text_view").text == "Write a caption..."
    write_caption(d, CAPTION)
    assert d.get(id="caption_input_text_view").text == CAPTION
    d.tap(desc="Share", id="share_button")
    me = d.state(INSTAGRAM)["current"]
    assert d.get(id="row_pending_media_status_textview").text == f"Posting to {me}…"
    assert d.has(text="Keep Instagram open to finish posting")
    assert d.get(id="status_text").text == "Sharing to Reels"
    d.clock.advance(2.5)
    assert d.get(id="row_pending_media_status_textview").text == "Posted!"
    assert d.get(id="status_text").text == "Done posting"
    posted = d.journal("posted")
    assert len(posted) == 1
    assert posted[0]["caption"] == CAPTION
    assert posted[0]["placement"] == "reel"
    assert posted[0]["media"] == ["/storage/emulated/0/DCIM/Camera/reel.mp4"]
    d.clock.advance(10)
    assert not d.has(id="row_pending_container")


def test_share_button_starts_disabled_on_the_knob(tmp_path: Path) -> None:
    d = make_phone(tmp_path, share_disabled_seconds=20)
    share_to(d, "ShareHandlerActivity", d.push_media("p.jpg", JPEG), mime="image/jpeg")
    d.tap(id="next_button_textview")
    share = d.get(desc="Share")
    assert not share.enabled
    d.tap_at(*share.center)
    assert d.has(text="New post")
    d.clock.advance(21)
    assert d.get(desc="Share").enabled
    d.tap(desc="Share")
    d.clock.advance(3)
    assert not d.has(text="New post")
    assert d.journal("posted")[0]["placement"] == "feed"
    assert d.journal("posted")[0]["media_kind"] == "images"


def test_story_through_the_story_handler(tmp_path: Path) -> None:
    d = make_phone(tmp_path)
    share_to(d, "StoryShareHandlerActivity", d.push_media("s.mp4", MP4))
    assert d.has(text="Close Friends")
    assert d.has(desc="Share to")
    d.tap(text="Your story", cls="android.widget.Button")
    assert d.has(text="Story uploading")
    d.clock.advance(3)
    assert d.has(text="Shared")
    posted = d.journal("posted")[0]
    assert posted["placement"] == "story"
    assert posted["caption"] == ""


def test_story_through_share_to_and_the_sharing_sheets(tmp_path: Path) -> None:
    d = make_phone(tmp_path)
    share_to(d, "StoryShareHandlerActivity", d.push_media("s.jpg", JPEG), mime="image/jpeg")
    d.tap(desc="Share to")
    assert d.has(text="Sharing options")
    d.tap(text="Share", cls="android.widget.Button")
    assert d.has(text="Also share to")
    d.tap(text="Done")
    d.clock.advance(3)
    assert not d.has(text="Story uploading")
    assert d.journal("posted")[0]["placement"] == "story"


def test_carousel_through_create_in_tap_order(tmp_path: Path) -> None:
    d = make_phone(tmp_path)
    for i in range(4):
        d.push_media(f"c{i}.jpg", JPEG + bytes([i]))
        d.clock.advance(1)
    d.start(INSTAGRAM)
    d.tap(desc="Create")
    d.grant_dialogs()
    assert d.get(id="new_post_title").text == "New post"
    assert d.get(id="cam_dest_feed").selected
    d.tap(desc="Select multiple button")
    thumbs = d.find_all(id="gallery_grid_item_thumbnail")
    assert thumbs[0].desc.startswith("Selected media number 1")  # the previewed newest is picked
    assert thumbs[1].desc.startswith("Unselected photo thumbnail created on")
    d.tap_at(*thumbs[2].center)
    d.tap_at(*thumbs[1].center)
    d.tap_at(*thumbs[2].center)  # a second tap deselects
    d.tap_at(*thumbs[3].center)
    d.tap(id="next_button_textview")
    assert d.has(text="Add More Photos and Videos")
    d.tap(id="next_button_textview")
    write_caption(d, "three 📸")
    d.tap(desc="Share")
    d.clock.advance(3)
    assert not d.has(id="row_pending_media_progress_bar")
    posted = d.journal("posted")[0]
    assert posted["caption"] == "three 📸"
    assert [p.rsplit("/", 1)[-1] for p in posted["media"]] == ["c3.jpg", "c2.jpg", "c0.jpg"]
    assert posted["media_kind"] == "images"


def test_reel_and_story_tabs_of_create(tmp_path: Path) -> None:
    d = make_phone(tmp_path, permission_popup=False)
    d.push_media("a.mp4", MP4)
    d.start(INSTAGRAM)
    d.tap(desc="Create")
    d.tap(id="cam_dest_story")
    assert d.get(id="new_post_title").text == "Add to story"
    d.tap_at(*d.find_all(id="gallery_grid_item_thumbnail")[0].center)
    d.tap(text="Your story", cls="android.widget.Button")
    d.clock.advance(3)
    assert d.has(text="Shared")
    d.tap(desc="Create")  # opens on the last-used destination
    assert d.get(id="cam_dest_story").selected
    d.tap(id="cam_dest_clips")
    d.tap(id="next_button_textview")
    d.tap(desc="Next", id="clips_right_action_button")
    d.tap(desc="Share")
    d.clock.advance(3)
    assert d.has(text="Posted!")
    assert [p["placement"] for p in d.journal("posted")] == ["story", "reel"]


def test_upload_error_shows_the_banner_and_retry_posts(tmp_path: Path) -> None:
    d = make_phone(tmp_path, upload_error=True)
    share_to(d, "ClipsShareHandlerActivity", d.push_media("r.mp4", MP4))
    d.tap(desc="Next")
    d.tap(desc="Share")
    d.clock.advance(3)
    assert d.has(text="Video can't be posted")
    assert d.journal("upload_failed")
    assert not d.journal("posted")
    d.knob("upload_error", "off")
    d.tap(text="Retry")
    d.clock.advance(3)
    assert d.has(text="Posted!")
    assert len(d.journal("posted")) == 1


def test_force_stop_does_not_lose_the_upload(tmp_path: Path) -> None:
    d = make_phone(tmp_path, upload_seconds=30)
    share_to(d, "ClipsShareHandlerActivity", d.push_media("r.mp4", MP4))
    d.tap(desc="Next")
    d.tap(desc="Share")
    d.sh("am", "force-stop", INSTAGRAM)
    d.clock.advance(40)
    d.start(INSTAGRAM, stop=False)
    assert d.has(text="Posted!")
    assert len(d.journal("posted")) == 1


def test_saved_draft_brings_the_draft_question(tmp_path: Path) -> None:
    d = make_phone(tmp_path, permission_popup=False)
    share_to(d, "ClipsShareHandlerActivity", d.push_media("r.mp4", MP4))
    d.tap(desc="Next")
    write_caption(d, "later")
    d.tap(text="Save draft", id="save_draft_button")
    assert d.get(desc="Home", id="feed_tab").selected
    d.tap(desc="Create")
    assert d.has(text="Keep editing your draft?")
    d.tap(text="Keep editing", id="primary_button")
    assert d.get(id="caption_input_text_view").text == "later"
    d.key("KEYCODE_BACK")
    d.tap(desc="Create")
    assert not d.has(text="Keep editing your draft?")


def test_package_only_share_shows_the_resolver(tmp_path: Path) -> None:
    d = make_phone(tmp_path)
    uri = d.push_media("r.mp4", MP4)
    d.start(INSTAGRAM)
    app = d.phone.activities.instance(INSTAGRAM)
    # What Android's chooser gets: no component, several targets in the package.
    app.on_intent(
        Intent(action="android.intent.action.SEND", mime="video/mp4", streams=[uri], package=INSTAGRAM)
    )
    assert not d.get(rid="android:id/button_once").enabled
    assert [
        el.text for el in d.find_all(package="android") if el.text in ("Feed", "Reels", "Stories", "Chats")
    ] == [
        "Feed",
        "Reels",
        "Stories",
        "Chats",
    ]
    d.tap(text="Reels")
    d.tap(text="JUST ONCE")
    assert d.has(desc="Next", id="clips_right_action_button")
