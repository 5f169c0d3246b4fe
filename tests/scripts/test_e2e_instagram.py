"""Every script end to end on a virtual phone running the virtual Instagram."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from farmhand.domain import Platform
from farmhand.virtual.apps.kit.appstate import sign_in

from .vphone import INSTAGRAM, media, new_phone, run_script

IG = Platform.INSTAGRAM


def posts(run) -> list[dict]:  # type: ignore[no-untyped-def]
    return run.state(INSTAGRAM).get("posts", [])


@pytest.mark.parametrize("way", ["share", "addButton"])
def test_reel_with_an_emoji_caption(tmp_path: Path, way: str) -> None:
    phone = new_phone(tmp_path)
    config = {"captions": "Crème brûlée 🍮 #dessert", "post_way": way}
    run = run_script(phone, "post", config, platform=IG, materials=media(tmp_path))
    assert run.error is None, run.error
    assert run.remark == "posted: 1 video"
    post = posts(run)[-1]
    assert (post["caption"], post["kind"], post["placement"]) == ("Crème brûlée 🍮 #dessert", "video", "reel")
    assert run.hooks.is_committed
    assert not [name for name in run.camera_roll() if name.startswith("farmhand_")]


@pytest.mark.parametrize("way", ["share", "addButton"])
def test_story(tmp_path: Path, way: str) -> None:
    phone = new_phone(tmp_path)
    config = {"captions": "unused", "placement": "story", "post_way": way}
    run = run_script(phone, "post", config, platform=IG, materials=media(tmp_path))
    assert run.error is None, run.error
    assert run.remark == "posted: 1 video (story)"
    assert posts(run)[-1]["placement"] == "story"
    assert "stories take no caption: the caption is not used" in run.hooks.messages()


@pytest.mark.parametrize("way", ["share", "addButton"])
def test_carousel_keeps_the_order(tmp_path: Path, way: str) -> None:
    phone = new_phone(tmp_path)
    config = {"content_type": 1, "image_count": 3, "captions": "three 📸", "post_way": way}
    run = run_script(phone, "post", config, platform=IG, materials=media(tmp_path, 3, "image"))
    assert run.error is None, run.error
    post = posts(run)[-1]
    assert (post["kind"], post["caption"]) == ("images", "three 📸")
    order = [int(re.search(r"_(\d+)\.jpg$", path).group(1)) for path in post["media"]]  # type: ignore[union-attr]
    assert order == [1, 2, 3]


def test_share_waits_for_a_disabled_share_button(tmp_path: Path) -> None:
    phone = new_phone(tmp_path, knobs={"share_disabled_seconds": 1.5, "not_now_prompts": True})
    run = run_script(phone, "post", {"captions": "wait"}, platform=IG, materials=media(tmp_path))
    assert run.error is None, run.error
    assert posts(run)[-1]["caption"] == "wait"


def test_older_layout_ids(tmp_path: Path) -> None:
    phone = new_phone(tmp_path, knobs={"id_profile": "ig-300"})
    run = run_script(
        phone, "post", {"captions": "old", "post_way": "addButton"}, platform=IG, materials=media(tmp_path)
    )
    assert run.error is None, run.error
    assert posts(run)[-1]["caption"] == "old"
    follow = run_script(phone, "follow", {"target_users": ["carol"]}, platform=IG)
    assert follow.remark == "followed @carol"


@pytest.mark.parametrize(
    ("knob", "value", "code", "posted_nothing"),
    [
        ("upload_error", True, "UPLOAD_FAILED", False),
        ("captcha", True, "CAPTCHA", True),  # the human check shows at the tap on Share
        ("locale", "fr", "WRONG_LANGUAGE", True),
    ],
)
def test_post_faults(tmp_path: Path, knob: str, value: object, code: str, posted_nothing: bool) -> None:
    phone = new_phone(tmp_path, knobs={knob: value})
    run = run_script(phone, "post", {"captions": "x"}, platform=IG, materials=media(tmp_path))
    assert run.code == code, run.error
    if posted_nothing:
        assert not [p for p in posts(run) if p.get("caption") == "x"]
    if code == "UPLOAD_FAILED":
        assert run.hooks.is_committed  # after the tap on Share the outcome is a person's call
    if code == "WRONG_LANGUAGE":
        assert not run.hooks.is_committed


@pytest.mark.parametrize("access", ["direct", "search"])
def test_follow_then_unfollow(tmp_path: Path, access: str) -> None:
    phone = new_phone(tmp_path)
    run = run_script(phone, "follow", {"target_users": ["carol"], "access_method": access}, platform=IG)
    assert (run.error, run.remark) == (None, "followed @carol")
    me = run.state(INSTAGRAM)["current"]
    assert "carol" in run.state(INSTAGRAM)["lists"]["following"][me]
    gone = run_script(phone, "unfollow", {"target_users": ["carol"], "access_method": access}, platform=IG)
    assert (gone.error, gone.remark) == (None, "unfollowed @carol")
    assert "carol" not in gone.state(INSTAGRAM)["lists"]["following"][me]


def test_logged_out_app(tmp_path: Path) -> None:
    phone = new_phone(tmp_path, knobs={"logged_out": True})
    run = run_script(phone, "follow", {"target_users": ["carol"]}, platform=IG)
    assert run.code == "LOGGED_OUT"


def test_blocked_follow(tmp_path: Path) -> None:
    phone = new_phone(tmp_path, knobs={"action_blocked": True})
    run = run_script(phone, "follow", {"target_users": ["carol"]}, platform=IG)
    assert run.code == "ACTION_BLOCKED"


def test_comment(tmp_path: Path) -> None:
    phone = new_phone(tmp_path)
    url = "https://www.instagram.com/p/ABC123/"
    run = run_script(phone, "comment", {"target_post_url": url, "comment_content": "Génial 😍"}, platform=IG)
    assert run.error is None, run.error
    texts = [c["text"] for c in run.state(INSTAGRAM)["comments"][url]]
    assert texts == ["Génial 😍"]
    assert run.hooks.is_committed


def test_switch_account_then_follow(tmp_path: Path) -> None:
    phone = new_phone(tmp_path)
    sign_in(phone.app_states.setdefault(INSTAGRAM, {}), ["alice", "bob"], current="alice")
    run = run_script(phone, "follow", {"target_users": ["carol"]}, platform=IG, account="bob")
    assert run.error is None, run.error
    assert run.state(INSTAGRAM)["current"] == "bob"
    assert "carol" in run.state(INSTAGRAM)["lists"]["following"]["bob"]


def test_warmup_on_reels(tmp_path: Path) -> None:
    phone = new_phone(tmp_path)
    config = {
        "task_duration": 400,
        "min_duration": 5,
        "max_duration": 10,
        "like_probable": 100,
        "floow_probable": 50,
    }
    run = run_script(phone, "account_warmup", config, platform=IG, time_scale=0.005)
    assert run.error is None, run.error
    counts = dict(re.findall(r"(liked|followed) (\d+)", run.remark or ""))
    me = run.state(INSTAGRAM)["current"]
    lists = run.state(INSTAGRAM)["lists"]
    assert len(lists["liked"][me]) == int(counts["liked"]) > 0
    assert len(lists["following"][me]) == int(counts["followed"])


def test_warmup_with_a_topic(tmp_path: Path) -> None:
    phone = new_phone(tmp_path)
    config = {
        "task_duration": 100,
        "min_duration": 2,
        "max_duration": 4,
        "topic": "cats",
        "like_probable": 100,
    }
    run = run_script(phone, "account_warmup", config, platform=IG, time_scale=0.005)
    assert run.error is None, run.error
    assert "topic: 'cats'" in run.hooks.messages()
    assert any(e.get("text") == "cats" for e in run.journal("text"))
