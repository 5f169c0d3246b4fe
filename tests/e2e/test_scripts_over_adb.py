"""Every script through the whole stack: API, store, engine, the adb backend, the real adb
server, the wire protocol, the virtual phone and its apps. Outcomes are read back from the
virtual apps' journals through ``adb shell``, as a person would check a real phone."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.live import LiveServer, wait_until

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 2048
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 2048
CAPTION = 'Sunset 🌅 café naïve — "quoted" $(rm -rf /) `id`; echo hi\nsecond line #farm'


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("media")
    (folder / "clip one.mp4").write_bytes(MP4)
    for i in range(3):
        (folder / f"photo{i}.jpg").write_bytes(JPEG + bytes([i]))
    return folder


@pytest.fixture(scope="module")
def farm(tmp_path_factory: pytest.TempPathFactory, adb_port: int, media: Path) -> Iterator[LiveServer]:
    server = LiveServer(
        tmp_path_factory.mktemp("farm"),
        adb_port=adb_port,
        phones=4,
        time_scale=0.02,
        args=("--material-root", str(media)),
    )
    server.start()
    yield server
    server.stop()


def journal(server: LiveServer, serial: str, kind: str) -> list[dict[str, Any]]:
    out = server.phone_shell(serial, f"farmhand-vphone journal {kind}")
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def run(server: LiveServer, serial: str, script: str, config: dict[str, Any], **extra: Any) -> dict[str, Any]:
    (task_id,) = server.create([serial], script, config, **extra)
    return server.wait_status(task_id, "completed", "failed", timeout=120)


def completed(task: dict[str, Any]) -> dict[str, Any]:
    assert task["status_text"] == "completed", task
    return task


def camera_roll(server: LiveServer, serial: str) -> str:
    return server.phone_shell(serial, "ls /sdcard/DCIM/Camera/")


def test_tiktok_video_post_with_an_emoji_caption(farm: LiveServer, media: Path) -> None:
    phone = farm.online()[0]
    before = len(journal(farm, phone, "posted"))
    task = completed(
        run(farm, phone, "post", {"material_list": [str(media / "clip one.mp4")], "captions": CAPTION})
    )
    assert task["remark"].startswith("posted")
    posts = journal(farm, phone, "posted")[before:]
    assert len(posts) == 1
    assert posts[0]["caption"] == CAPTION.strip()
    assert posts[0]["media_kind"] == "video"
    assert posts[0]["package"] == "com.zhiliaoapp.musically"
    assert "farmhand_" not in camera_roll(farm, phone)  # the pushed file was removed


def test_tiktok_photo_carousel_keeps_the_order(farm: LiveServer, media: Path) -> None:
    phone = farm.online()[1]
    before = len(journal(farm, phone, "posted"))
    photos = [str(media / f"photo{i}.jpg") for i in range(3)]
    completed(
        run(
            farm,
            phone,
            "post",
            {"content_type": 1, "material_list": photos, "captions": "three ✨", "post_way": "addButton"},
        )
    )
    (post,) = journal(farm, phone, "posted")[before:]
    assert post["media_kind"] == "images"
    assert len(post["media"]) == 3
    assert "farmhand_" not in camera_roll(farm, phone)


@pytest.mark.parametrize("placement", ["reel", "story"])
def test_instagram_reel_and_story(farm: LiveServer, media: Path, placement: str) -> None:
    phone = farm.online()[2]
    before = len(journal(farm, phone, "posted"))
    completed(
        run(
            farm,
            phone,
            "post",
            {
                "platform": "instagram",
                "placement": placement,
                "captions": "ig 📸 ok",
                "material_list": [str(media / "clip one.mp4")],
            },
        )
    )
    (post,) = journal(farm, phone, "posted")[before:]
    assert post["package"] == "com.instagram.android"
    assert post["placement"] == placement
    if placement == "reel":
        assert post["caption"] == "ig 📸 ok"


def test_follow_then_unfollow(farm: LiveServer) -> None:
    phone = farm.online()[3]
    completed(run(farm, phone, "follow", {"target_users": ["kim_farm"]}))
    assert any(
        e.get("user") == "kim_farm" or "kim_farm" in json.dumps(e) for e in journal(farm, phone, "followed")
    )
    completed(run(farm, phone, "unfollow", {"target_users": ["kim_farm"], "access_method": "search"}))
    assert any("kim_farm" in json.dumps(e) for e in journal(farm, phone, "unfollowed"))


def test_comment_reaches_the_post(farm: LiveServer) -> None:
    phone = farm.online()[3]
    url = "https://www.tiktok.com/@lee/video/7400000000000000001"
    completed(run(farm, phone, "comment", {"target_post_urls": [url], "comment_content": "Lovely 😍; $(id)"}))
    comments = [e for e in journal(farm, phone, "commented") if e.get("url") == url]
    assert comments[-1]["text"] == "Lovely 😍; $(id)"


def test_warmup_watches_and_likes(farm: LiveServer) -> None:
    phone = farm.online()[0]
    before = len(journal(farm, phone, "liked"))
    task = completed(
        run(
            farm,
            phone,
            "account_warmup",
            {"task_duration": 300, "min_duration": 2, "max_duration": 3, "like_probable": 100},
        )
    )
    assert len(journal(farm, phone, "liked")) > before, task["remark"]


def test_permission_popup_is_answered(farm: LiveServer, media: Path) -> None:
    phone = farm.online()[1]
    farm.phone_shell(phone, "pm clear com.zhiliaoapp.musically")  # a fresh install asks again
    task = completed(
        run(farm, phone, "post", {"material_list": [str(media / "clip one.mp4")], "post_way": "addButton"})
    )
    log = json.dumps(farm.get(f"/task/{task['id']}/log"))
    assert "ermission" in log or "Allow" in log, log


def test_captcha_fails_with_its_code_and_a_screenshot(farm: LiveServer, media: Path) -> None:
    phone = farm.online()[2]
    farm.knob(phone, "captcha", 1)
    try:
        task = run(farm, phone, "post", {"material_list": [str(media / "clip one.mp4")], "captions": "x"})
    finally:
        farm.knob(phone, "captcha", 0)
    assert task["error_code"] == "CAPTCHA", task
    shot = farm.client.get(f"/task/{task['id']}/screenshot")
    assert shot.status_code == 200
    assert shot.content.startswith(b"\x89PNG")


def test_phone_killed_mid_post_fails_device_offline_others_go_on(farm: LiveServer, media: Path) -> None:
    victim, bystander = farm.online()[3], farm.online()[0]
    farm.knob(victim, "upload_seconds", 30)
    try:
        (post,) = farm.create(
            [victim],
            "post",
            {"material_list": [str(media / "clip one.mp4")], "captions": "z", "upload_wait_time": 3000},
        )
        (other,) = farm.create([bystander], "follow", {"target_users": ["mo"]})
        wait_until(lambda: (farm.task(post).get("step") or "").startswith("wait"), 60, what="the upload wait")
        farm.adb("-s", victim, "shell", "farmhand-vphone knob disconnect_for 8")
        failed = farm.wait_status(post, "failed", timeout=30)
        assert failed["error_code"] == "DEVICE_OFFLINE", failed
        assert "may have been posted" in failed["remark"]  # it was past the tap on Post
        completed(farm.wait_status(other, "completed", "failed", timeout=60))
    finally:
        wait_until(lambda: victim in farm.online(), 60, what="the phone back")
        # The adb server may still be settling its new transport: ask until the phone answers.
        wait_until(
            lambda: farm.adb("-s", victim, "shell", "farmhand-vphone knob upload_seconds 2").returncode == 0,
            30,
            0.5,
            "the phone to answer again",
        )


def test_full_disk_fails_the_post_with_a_clear_reason(farm: LiveServer, media: Path) -> None:
    phone = farm.online()[1]
    farm.knob(phone, "disk_full", 1)
    try:
        task = run(farm, phone, "post", {"material_list": [str(media / "clip one.mp4")], "captions": "full"})
    finally:
        farm.knob(phone, "disk_full", 0)
    assert task["status_text"] == "failed", task
    assert task["error_code"] == "DEVICE_ERROR", task
    assert "space" in task["remark"].lower(), task["remark"]
    assert not task["outcome_unknown"]  # it failed before the tap on Post


def test_account_mode_switches_to_the_bound_account(farm: LiveServer) -> None:
    phone = farm.online()[2]
    farm.phone_shell(phone, "farmhand-vphone sign-in com.zhiliaoapp.musically anna_farm,ben_farm")
    farm.post("/account", {"username": "ben_farm", "platform": "tiktok", "serial": phone})
    (task_id,) = farm.post(
        "/task",
        {"usernames": ["@ben_farm"], "script_name": "follow", "script_config": {"target_users": ["cara_x"]}},
    )["task_ids"]
    task = completed(farm.wait_status(task_id, "completed", "failed", timeout=120))
    assert task["username"] == "ben_farm"
    follows = [e for e in journal(farm, phone, "followed") if "cara_x" in json.dumps(e)]
    assert follows[-1]["account"] == "ben_farm"
    farm.post("/account", {"username": "nobody_here", "platform": "tiktok", "serial": phone})
    (missing,) = farm.post(
        "/task",
        {
            "usernames": ["nobody_here"],
            "script_name": "follow",
            "script_config": {"target_users": ["cara_x"]},
        },
    )["task_ids"]
    failed = farm.wait_status(missing, "failed", timeout=120)
    assert failed["error_code"] == "LOGGED_OUT"
    assert failed["remark"] == "account @nobody_here is not signed in to TikTok on this phone"
