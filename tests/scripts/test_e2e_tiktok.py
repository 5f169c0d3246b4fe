"""Every script end to end on a virtual phone running the virtual TikTok, checked against what
the app recorded (posts, follows, comments) and what was left on the phone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from farmhand.scripts import spintax
from farmhand.virtual.apps.kit.appstate import sign_in

from .vphone import TIKTOK, media, new_phone, run_script

CAPTION = "Crème brûlée night 🍮🔥 {so good|amazing} #dessert"


def last_post(run) -> dict:  # type: ignore[no-untyped-def]
    posts = run.state()["posts"]
    assert posts, "no post recorded"
    return posts[-1]


def current_account(run) -> str:  # type: ignore[no-untyped-def]
    return run.state()["current"]


# --- post ----------------------------------------------------------------------------------------


def test_post_video_through_the_share_intent(tmp_path: Path) -> None:
    phone = new_phone(tmp_path)
    run = run_script(phone, "post", {"captions": CAPTION}, materials=media(tmp_path))
    assert run.error is None, run.error
    assert run.remark == "posted: 1 video"
    post = last_post(run)
    assert post["caption"] in spintax.variants(CAPTION)
    assert post["kind"] == "video"
    assert post["via"] == "share"
    assert f"caption: {post['caption']!r}" in run.hooks.messages()
    # The caption went through the ADB keyboard broadcast, emoji and accents intact.
    typed = [e for e in run.journal("text") if e.get("text") == post["caption"]]
    assert typed
    assert "adbkeyboard" in str(typed[0])
    # At most once: the tap on Post is the point of no return; the phone is left clean.
    assert run.hooks.is_committed
    assert not [name for name in run.camera_roll() if name.startswith("farmhand_")]
    assert any(c.startswith("close TikTok") for c in run.cleaned)


def test_post_video_through_the_create_button_answers_the_permission_dialogs(tmp_path: Path) -> None:
    phone = new_phone(tmp_path, knobs={"permission_popup": True})
    run = run_script(
        phone, "post", {"captions": "Hi 👋 #fyp", "post_way": "addButton"}, materials=media(tmp_path)
    )
    assert run.error is None, run.error
    assert last_post(run)["caption"] == "Hi 👋 #fyp"
    assert last_post(run)["via"] == "gallery"
    answers = {e["permission"].rsplit(".", 1)[-1]: e["granted"] for e in run.journal("permission_answer")}
    assert answers.get("READ_CONTACTS") is False
    assert answers.get("CAMERA") is True
    assert any(v for k, v in answers.items() if "MEDIA" in k or "STORAGE" in k)
    assert any("contacts permission" in m for m in run.hooks.messages())


def test_post_photo_carousel_keeps_the_order_and_the_title(tmp_path: Path) -> None:
    phone = new_phone(tmp_path)
    files = media(tmp_path, 3, "image")
    config = {
        "content_type": 1,
        "image_count": 3,
        "captions": "My day##three photos 📸",
        "post_way": "addButton",
    }
    run = run_script(phone, "post", config, materials=files)
    assert run.error is None, run.error
    assert run.remark == "posted: 3 images"
    post = last_post(run)
    assert post["kind"] == "images"
    assert (post["title"], post["caption"]) == ("My day", "three photos 📸")
    order = [int(re.search(r"_(\d+)\.jpg$", path).group(1)) for path in post["media"]]  # type: ignore[union-attr]
    assert order == [1, 2, 3]


def test_post_photos_through_the_share_intent(tmp_path: Path) -> None:
    phone = new_phone(tmp_path)
    run = run_script(
        phone,
        "post",
        {"content_type": 1, "image_count": 2, "captions": "two"},
        materials=media(tmp_path, 2, "image"),
    )
    assert run.error is None, run.error
    post = last_post(run)
    assert (post["kind"], len(post["media"]), post["caption"]) == ("images", 2, "two")
    intents = [e for e in run.journal("intent") if "SEND_MULTIPLE" in str(e.get("action"))]
    assert intents
    assert len(intents[-1]["streams"]) == 2


@pytest.mark.parametrize("sound", ["dance", "https://www.tiktok.com/music/original-sound-7123456789"])
def test_post_with_use_sound(tmp_path: Path, sound: str) -> None:
    phone = new_phone(tmp_path)
    run = run_script(
        phone,
        "post",
        {"post_way": "useSound", "sound_name": sound, "captions": "s"},
        materials=media(tmp_path),
    )
    assert run.error is None, run.error
    post = last_post(run)
    assert post["via"] == "sound"
    assert post["sound"]


def test_post_with_a_custom_sound_and_volumes(tmp_path: Path) -> None:
    phone = new_phone(tmp_path)
    config = {
        "add_sound": "custom",
        "custom_sound_keyword": "lofi",
        "origin_sound_volume": 20,
        "add_sound_volume": 80,
    }
    run = run_script(phone, "post", {**config, "captions": "x"}, materials=media(tmp_path))
    assert run.error is None, run.error
    post = last_post(run)
    assert "lofi" in post["sound"]["title"].lower()
    assert post["volumes"] == {"original": 20, "added": 80}


@pytest.mark.parametrize("profile", ["tiktok-35", "tiktok-noids"])
def test_post_on_other_builds_by_labels_alone(tmp_path: Path, profile: str) -> None:
    phone = new_phone(tmp_path, knobs={"id_profile": profile})
    run = run_script(
        phone, "post", {"captions": "ids 🆔 #x", "post_way": "addButton"}, materials=media(tmp_path)
    )
    assert run.error is None, run.error
    assert last_post(run)["caption"] == "ids 🆔 #x"


def test_post_gets_through_prompts_and_the_publish_confirmation(tmp_path: Path) -> None:
    phone = new_phone(tmp_path, knobs={"not_now_prompts": True, "publish_confirm": True})
    run = run_script(phone, "post", {"captions": "ok", "post_way": "addButton"}, materials=media(tmp_path))
    assert run.error is None, run.error
    assert last_post(run)["caption"] == "ok"
    assert any("publish confirmation" in m for m in run.hooks.messages())


def test_upload_error_fails_with_upload_failed_after_the_point_of_no_return(tmp_path: Path) -> None:
    phone = new_phone(tmp_path, knobs={"upload_error": True})
    run = run_script(phone, "post", {"captions": "x"}, materials=media(tmp_path))
    assert run.code == "UPLOAD_FAILED"
    assert run.hooks.is_committed
    assert not [name for name in run.camera_roll() if name.startswith("farmhand_")]


def test_captcha_fails_with_captcha_before_anything_is_posted(tmp_path: Path) -> None:
    phone = new_phone(tmp_path, knobs={"captcha": True})
    run = run_script(phone, "post", {"captions": "x", "post_way": "addButton"}, materials=media(tmp_path))
    assert run.code == "CAPTCHA"
    assert not run.state().get("posts")


def test_french_app_fails_with_wrong_language(tmp_path: Path) -> None:
    phone = new_phone(tmp_path, knobs={"locale": "fr"})
    run = run_script(phone, "post", {"captions": "x", "post_way": "addButton"}, materials=media(tmp_path))
    assert run.code == "WRONG_LANGUAGE"
    assert "French" in str(run.error)


def test_product_link_that_the_app_does_not_offer_fails_before_post(tmp_path: Path) -> None:
    phone = new_phone(tmp_path)
    run = run_script(phone, "post", {"captions": "x", "add_product_link": 1}, materials=media(tmp_path))
    assert run.code == "UI_NOT_FOUND"
    assert "'post.add_link' not found on the post screen" in str(run.error)
    assert not run.hooks.is_committed


@pytest.mark.parametrize("script", ["post", "follow"])
def test_logged_out_app(tmp_path: Path, script: str) -> None:
    phone = new_phone(tmp_path, knobs={"logged_out": True})
    config = {"captions": "x", "post_way": "addButton"} if script == "post" else {"target_users": ["carol"]}
    run = run_script(phone, script, config, materials=media(tmp_path))
    assert run.code == "LOGGED_OUT"
    assert "Log in to TikTok" in str(run.error)


def test_app_not_installed(tmp_path: Path) -> None:
    phone = new_phone(tmp_path)
    phone.run(f"pm uninstall {TIKTOK}")
    run = run_script(phone, "follow", {"target_users": ["carol"]})
    assert run.code == "APP_NOT_INSTALLED"


# --- follow / unfollow ---------------------------------------------------------------------------


@pytest.mark.parametrize("access", ["direct", "search"])
def test_follow_then_unfollow(tmp_path: Path, access: str) -> None:
    phone = new_phone(tmp_path)
    run = run_script(phone, "follow", {"target_users": ["@carol"], "access_method": access})
    assert (run.error, run.remark) == (None, "followed @carol")
    me = current_account(run)
    assert "carol" in run.state()["lists"]["following"][me]
    again = run_script(phone, "follow", {"target_users": ["carol"], "access_method": access})
    assert again.remark == "already following @carol"
    gone = run_script(phone, "unfollow", {"target_users": ["carol"], "access_method": access})
    assert (gone.error, gone.remark) == (None, "unfollowed @carol")
    assert "carol" not in gone.state()["lists"]["following"][me]
    assert run_script(phone, "unfollow", {"target_users": ["carol"]}).remark == "not following @carol"


def test_the_asia_build_with_its_own_ids(tmp_path: Path) -> None:
    trill = "com.ss.android.ugc.trill"
    phone = new_phone(tmp_path)
    run = run_script(phone, "follow", {"target_users": ["carol"]}, package=trill)
    assert (run.error, run.remark) == (None, "followed @carol")
    post = run_script(phone, "post", {"captions": "亚洲 🌏"}, package=trill, materials=media(tmp_path))
    assert post.error is None, post.error
    assert post.state(trill)["posts"][-1]["caption"] == "亚洲 🌏"
    assert any(e.get("component", "").startswith(f"{trill}/") for e in post.journal("intent"))


def test_follow_refused_silently_is_action_blocked(tmp_path: Path) -> None:
    phone = new_phone(tmp_path, knobs={"action_blocked": True})
    run = run_script(phone, "follow", {"target_users": ["carol"]})
    assert run.code == "ACTION_BLOCKED"


def test_follow_as_another_account_switches_first(tmp_path: Path) -> None:
    phone = new_phone(tmp_path)
    sign_in(phone.app_states.setdefault(TIKTOK, {}), ["alice", "bob"], current="alice")
    run = run_script(phone, "follow", {"target_users": ["carol"]}, account="bob")
    assert run.error is None, run.error
    state = run.state()
    assert state["current"] == "bob"
    assert "carol" in state["lists"]["following"]["bob"]
    assert "carol" not in state["lists"]["following"].get("alice", [])


def test_account_not_on_the_phone_is_logged_out(tmp_path: Path) -> None:
    phone = new_phone(tmp_path)
    sign_in(phone.app_states.setdefault(TIKTOK, {}), ["alice"], current="alice")
    run = run_script(phone, "follow", {"target_users": ["carol"]}, account="zed")
    assert run.code == "LOGGED_OUT"
    assert "@zed is not signed in" in str(run.error)


# --- comment -------------------------------------------------------------------------------------------


def test_comment_on_a_video_by_url(tmp_path: Path) -> None:
    phone = new_phone(tmp_path)
    url = "https://www.tiktok.com/@bob/video/7234567890123456789"
    config = {"target_post_url": url, "comment_content": "Génial 😍", "insert_emoji": True}
    run = run_script(phone, "comment", config)
    assert run.error is None, run.error
    comments = run.state()["comments"][url]
    assert len(comments) == 1
    assert comments[0]["text"].startswith("Génial 😍 ")
    assert run.remark == f"commented: {comments[0]['text']}"
    assert run.hooks.is_committed


def test_a_url_full_of_shell_syntax_reaches_the_app_as_one_argument(tmp_path: Path) -> None:
    phone = new_phone(tmp_path)
    url = "https://www.tiktok.com/@bob/video/7234567890123456789?x=$(reboot)&y=`id`;echo"
    run = run_script(phone, "comment", {"target_post_url": url, "comment_content": "hi"})
    assert run.error is None, run.error
    assert [e["data"] for e in run.journal("intent") if (e.get("data") or "").startswith("https://")] == [url]


def test_sequential_comments_follow_the_fan_out(tmp_path: Path) -> None:
    phone = new_phone(tmp_path)
    urls = [f"https://www.tiktok.com/@bob/video/72345678901234567{n}" for n in (80, 81)]
    from farmhand.scripts.configs import CommentConfig

    parts = CommentConfig.model_validate(
        {"target_post_urls": urls, "comment_content": "first\nsecond", "comment_order": "sequential"}
    ).split()
    texts = []
    for part in parts:
        run = run_script(phone, "comment", part)
        assert run.error is None, run.error
        texts.append(run.state()["comments"][part["target_post_urls"][0]][0]["text"])
    assert texts == ["first", "second"]


# --- warm-up ------------------------------------------------------------------------------------------


def test_warmup_watches_and_interacts_as_its_remark_says(tmp_path: Path) -> None:
    phone = new_phone(tmp_path)
    config = {
        "task_duration": 600, "min_duration": 5, "max_duration": 10, "like_probable": 100,
        "floow_probable": 30, "collect_probable": 30, "comment_probable": 20, "comment": "nice\ncool",
    }  # fmt: skip
    run = run_script(phone, "account_warmup", config, time_scale=0.005)
    assert run.error is None, run.error
    counts = dict(re.findall(r"(liked|followed|favourited|commented) (\d+)", run.remark or ""))
    watched = int(re.search(r"watched (\d+) videos", run.remark or "").group(1))  # type: ignore[union-attr]
    assert watched >= 1
    me = current_account(run)
    lists = run.state()["lists"]
    assert len(lists["liked"][me]) == int(counts["liked"]) > 0
    assert len(lists["following"][me]) == int(counts["followed"])
    assert len(lists["favorites"][me]) == int(counts["favourited"])
    commented = sum(len(v) for v in run.state()["comments"].values())
    assert commented == int(counts["commented"])


def test_warmup_with_a_topic_searches_it_first(tmp_path: Path) -> None:
    phone = new_phone(tmp_path)
    config = {
        "task_duration": 100,
        "min_duration": 2,
        "max_duration": 4,
        "topic": "cats",
        "like_probable": 100,
    }
    run = run_script(phone, "account_warmup", config, time_scale=0.005)
    assert run.error is None, run.error
    assert "topic: 'cats'" in run.hooks.messages()
    assert any(e.get("text") == "cats" for e in run.journal("text"))
