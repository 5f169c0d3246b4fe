"""Posting on the virtual TikTok through a real VirtualPhone, driven by shell commands."""

from __future__ import annotations

from pathlib import Path

from tests.virtual_apps.driver import JPEG, MP4, TIKTOK, Driver, make_phone

SHARE = "com.ss.android.ugc.aweme.share.SystemShareActivity"
CAPTION = "Sunset vibes 🌅 café déjà vu #travel"


def share_video(d: Driver, uri: str) -> None:
    d.share(f"{TIKTOK}/{SHARE}", uri, grant=True)


def type_caption_and_post(d: Driver, caption: str) -> None:
    d.tap(cls="android.widget.EditText", id="g19")
    d.type(caption)
    if caption.split()[-1].startswith("#"):
        d.tap(text=caption.split()[-1], clickable=True)
    d.tap(desc="Post", id="qrb")


def test_share_intent_posts_the_exact_caption(tmp_path: Path) -> None:
    d = make_phone(tmp_path)
    uri = d.push_media("clip.mp4", MP4)
    share_video(d, uri)
    assert d.has(text="Your Story")
    assert d.has(text="Next", id="ntq")
    d.tap(text="Next", id="ntq")
    assert d.has(text="Describe your post, add hashtags, or mention creators that inspired you")
    type_caption_and_post(d, CAPTION)
    badge = d.get(id="x44")
    assert badge.text.endswith("%")
    assert badge.bounds[0] < 160
    assert badge.bounds[1] < 320
    assert not d.journal("posted")
    d.clock.advance(5)
    assert not d.has(id="x44")
    posted = d.journal("posted")
    assert len(posted) == 1
    assert posted[0]["caption"] == CAPTION
    assert posted[0]["media"] == ["/storage/emulated/0/DCIM/Camera/clip.mp4"]
    assert posted[0]["media_kind"] == "video"
    assert "Video posted. You can now share it" in d.toasts()
    assert d.state()["posts"][0]["caption"] == CAPTION


def open_gallery_from_home(d: Driver) -> None:
    d.start()
    d.grant_dialogs()  # contacts and notifications at first run: denied, as scripts do
    d.tap(desc="Create", id="mkn")
    assert d.has(desc="Record video")
    assert d.has(text="60s")
    assert d.has(text="PHOTO")
    popups = bool(d.phone.knob("permission_popup"))
    assert d.grant_dialogs() == (2 if popups else 0)  # camera, then microphone
    d.tap(desc="Upload", id="ymg")
    assert d.has(text="Allow TikTok to access photos and videos on this device?") == popups
    d.grant_dialogs()
    assert d.has(text="Recents")
    assert d.has(text="Select multiple", cls="android.widget.CheckBox")


def test_add_button_posts_the_newest_video_with_emoji_caption(tmp_path: Path) -> None:
    d = make_phone(tmp_path, publish_confirm=True)
    d.push_media("older.mp4", MP4 + b"1")
    d.clock.advance(10)
    d.push_media("newest.mp4", MP4 + b"22")
    open_gallery_from_home(d)
    next_button = d.get(id="tvr")
    assert not next_button.enabled
    thumbs = d.find_all(id="mub", cls="android.widget.ImageView")
    assert len(thumbs) == 2
    assert all(d.find_all(id="faj"))
    d.tap_at(*thumbs[0].center)
    assert d.get(id="tvr").enabled
    d.tap(id="tvr")
    assert d.has(text="Your Story")
    assert d.has(desc="Music")
    d.tap(text="Next", id="ntq")
    type_caption_and_post(d, CAPTION)
    assert d.has(text="Publish video publicly?")
    assert not d.has(id="x44")
    d.tap(text="Publish now")
    assert d.get(id="x44").text == "0%"
    d.clock.advance(1)
    assert d.get(id="x44").text == "50%"
    d.clock.advance(1.5)
    assert not d.has(id="x44")  # the upload lands when someone looks, as a polling script does
    posted = d.journal("posted")
    assert [p["media"] for p in posted] == [["/storage/emulated/0/DCIM/Camera/newest.mp4"]]
    assert posted[0]["caption"] == CAPTION
    assert posted[0]["via"] == "gallery"


def test_photo_carousel_keeps_the_tap_order_and_the_title(tmp_path: Path) -> None:
    d = make_phone(tmp_path, permission_popup=False)
    for i in range(3):
        d.push_media(f"photo{i}.jpg", JPEG + bytes([i]))
        d.clock.advance(1)
    open_gallery_from_home(d)
    d.tap(text="Photos")
    d.tap(text="Select multiple")
    assert d.get(id="mlr").checked
    thumbs = d.find_all(id="mub")
    for index in (2, 0, 1):  # oldest first, then the newest, then the middle one
        d.tap_at(*thumbs[index].center)
    assert d.get(id="tvr").text == "Next (3)"
    assert [el.text for el in d.find_all(id="gvi")] == ["2", "3", "1"]
    d.tap(id="tvr")
    assert d.has(text="1/3")
    d.tap(text="Next", id="ntq")
    d.tap(id="g1c")
    d.type("My trip")
    d.tap(id="g19")
    d.type("Three days in Lisbon ☀️")
    d.tap(desc="Post")
    d.clock.advance(3)
    assert not d.has(id="x44")
    posted = d.journal("posted")[0]
    assert posted["media_kind"] == "images"
    assert posted["title"] == "My trip"
    assert posted["caption"] == "Three days in Lisbon ☀️"
    names = [path.rsplit("/", 1)[-1] for path in posted["media"]]
    assert names == ["photo0.jpg", "photo2.jpg", "photo1.jpg"]


def test_hashtag_suggestions_cover_post_until_one_is_tapped(tmp_path: Path) -> None:
    d = make_phone(tmp_path)
    share_video(d, d.push_media("clip.mp4", MP4))
    d.tap(text="Next", id="ntq")
    d.tap(id="g19")
    d.type("hello #fun")
    rows = [el.text for el in d.find_all(text_has="#fun", cls="android.widget.TextView")]
    assert rows[:2] == ["#fun", "#funchallenge"]
    post = d.get(desc="Post")
    d.tap_at(*post.center)  # lands on the suggestion list, not on Post
    assert d.has(desc="Post")
    assert not d.has(id="x44")
    d.tap(text="#fun")
    assert d.get(id="g19").text == "hello #fun "
    assert not d.has(text="#funchallenge")
    d.tap(desc="Post")
    d.clock.advance(3)
    assert not d.has(id="x44")
    assert d.journal("posted")[0]["caption"] == "hello #fun"


def test_use_sound_from_a_music_link_attaches_the_sound(tmp_path: Path) -> None:
    d = make_phone(tmp_path, permission_popup=False)
    d.push_media("clip.mp4", MP4)
    d.view("https://www.tiktok.com/music/golden-hour-7311111111111111111")
    assert d.has(text="Golden Hour")
    d.tap(text="Use sound")
    assert d.get(desc="Add sound").center
    assert d.has(text="Golden Hour")
    d.tap(desc="Upload")
    d.tap_at(*d.find_all(id="mub")[0].center)
    d.tap(id="tvr")
    d.tap(text="Next", id="ntq")
    d.tap(desc="Post")
    d.clock.advance(3)
    assert not d.has(id="x44")
    posted = d.journal("posted")[0]
    assert posted["sound"]["title"] == "Golden Hour"
    assert posted["via"] == "sound"


def test_upload_error_shows_the_failure_and_records_no_post(tmp_path: Path) -> None:
    d = make_phone(tmp_path, upload_error=True)
    share_video(d, d.push_media("clip.mp4", MP4))
    d.tap(text="Next", id="ntq")
    d.tap(desc="Post")
    d.clock.advance(3)
    assert d.has(text="Something went wrong")
    assert d.has(text="Retry")
    assert d.journal("upload_failed")
    assert not d.journal("posted")
    d.knob("upload_error", "off")
    d.tap(text="Retry")
    d.clock.advance(3)
    assert not d.has(text="Something went wrong")
    assert len(d.journal("posted")) == 1


def test_force_stop_during_upload_loses_the_post(tmp_path: Path) -> None:
    d = make_phone(tmp_path, upload_seconds=30)
    share_video(d, d.push_media("clip.mp4", MP4))
    d.tap(text="Next", id="ntq")
    d.tap(desc="Post")
    d.clock.advance(5)
    d.sh("am", "force-stop", TIKTOK)
    d.clock.advance(60)
    d.start()
    assert not d.journal("posted")
    assert d.journal("upload_interrupted")


def test_your_story_posts_at_once_and_share_multiple_makes_a_carousel(tmp_path: Path) -> None:
    d = make_phone(tmp_path)
    uris = [d.push_media(f"p{i}.jpg", JPEG + bytes([i])) for i in range(2)]
    d.share(f"{TIKTOK}/{SHARE}", *uris, mime="image/*")
    assert d.has(text="1/2")
    d.tap(text="Your Story")
    d.clock.advance(3)
    assert not d.has(id="x44")
    posted = d.journal("posted")[0]
    assert posted["placement"] == "story"
    assert posted["media_kind"] == "images"
    assert len(posted["media"]) == 2


def test_unknown_media_uri_does_not_open_the_editor(tmp_path: Path) -> None:
    d = make_phone(tmp_path)
    share_video(d, "content://media/external/video/media/999")
    assert not d.has(text="Your Story")
    assert "Couldn't load this file" in d.toasts()
