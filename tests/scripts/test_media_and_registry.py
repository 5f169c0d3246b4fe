"""Media push command lines on a scripted phone; the registry; run limits."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from farmhand.domain import ErrorCode
from farmhand.scripts import media_push
from farmhand.scripts.base import Script, ScriptConfig, ScriptError
from farmhand.scripts.configs import PostConfig, WarmupConfig
from farmhand.scripts.registry import all_scripts, api_script_names, get_script

from .fakes import FakeDevice, make_ctx
from .vphone import JPEG, MP4

SCAN = ["content", "call", "--uri", "content://media", "--method", "scan_volume", "--arg", "external_primary"]


def files(tmp_path: Path) -> list[Path]:
    clip = tmp_path / "My Clip (final) $(x).MP4"
    clip.write_bytes(MP4)
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(JPEG)
    return [clip, photo]


def test_push_uses_safe_names_in_the_camera_roll_and_registers_removal(tmp_path: Path) -> None:
    device = FakeDevice()
    ctx, _ = make_ctx(device, ScriptConfig())
    pushed = media_push.push_media(ctx, files(tmp_path))
    names = [p.remote for p in pushed]
    assert all(
        re.fullmatch(r"/sdcard/DCIM/Camera/farmhand_42_[0-9a-f]{8}_0[12]\.(mp4|jpg)", n) for n in names
    ), names
    assert names[0].split("_")[2] == names[1].split("_")[2]  # one token per run: sorts in order
    assert [p.kind for p in pushed] == ["video", "image"]
    assert [p.mime for p in pushed] == ["video/mp4", "image/jpeg"]
    assert set(device.pushed) == set(names)
    for _, action in ctx.cleanups():
        action()
    removed = [c[2] for c in device.commands if c[:2] == ["rm", "-f"]]
    assert sorted(removed) == sorted(names)


def test_a_missing_or_fake_file_is_material_missing(tmp_path: Path) -> None:
    fake = tmp_path / "x.mp4"
    fake.write_bytes(b"not a video at all")
    ctx, _ = make_ctx(FakeDevice(), ScriptConfig())
    for path in (fake, tmp_path / "gone.mp4"):
        with pytest.raises(ScriptError) as info:
            media_push.push_media(ctx, [path])
        assert info.value.code is ErrorCode.MATERIAL_MISSING


def test_scan_volume_first_then_the_broadcast_as_fallback(tmp_path: Path) -> None:
    device = FakeDevice()
    ctx, hooks = make_ctx(device, ScriptConfig())
    pushed = media_push.push_media(ctx, files(tmp_path))
    media_push.scan(ctx, pushed)
    assert device.commands[-1] == SCAN
    device.on(*SCAN, stdout="Error while accessing provider:media", exit_code=1)
    media_push.scan(ctx, pushed)
    broadcasts = [c for c in device.commands if c[:2] == ["am", "broadcast"]]
    assert broadcasts == [
        ["am", "broadcast", "-a", "android.intent.action.MEDIA_SCANNER_SCAN_FILE", "-d", f"file://{p.remote}"]
        for p in pushed
    ]
    assert "scan_volume refused; falling back to the media scanner broadcast" in hooks.messages()


def test_content_uri_is_read_from_the_media_store(tmp_path: Path) -> None:
    device = FakeDevice()
    ctx, _ = make_ctx(device, ScriptConfig())
    clip = media_push.push_media(ctx, files(tmp_path)[:1])[0]
    device.on("content", "query", stdout="Row: 0 _id=1234\n")
    assert media_push.content_uri(ctx, clip) == "content://media/external/video/media/1234"
    query = [c for c in device.commands if c[:2] == ["content", "query"]][-1]
    assert query[query.index("--where") + 1] == f"_data='/storage/emulated/0/DCIM/Camera/{clip.name}'"


def test_content_uri_gives_up_with_a_clear_error(tmp_path: Path) -> None:
    device = FakeDevice()
    ctx, _ = make_ctx(device, ScriptConfig())
    clip = media_push.push_media(ctx, files(tmp_path)[:1])[0]
    device.on("content", "query", stdout="No result found.\n")
    with pytest.raises(ScriptError) as info:
        media_push.content_uri(ctx, clip, timeout=0.2)
    assert info.value.code is ErrorCode.DEVICE_ERROR
    assert "did not list" in info.value.message


def test_registry() -> None:
    assert api_script_names() == ["post", "follow", "unfollow", "comment", "account_warmup"]
    scripts = all_scripts()
    assert set(scripts) == set(api_script_names())
    for name, script in scripts.items():
        assert isinstance(script, Script)
        assert script.name == name
        assert issubclass(script.config_model, ScriptConfig)
        assert script.title
    assert get_script("post") is scripts["post"]
    assert get_script("nope") is None


def test_run_limits_grow_with_the_scripts_own_waits() -> None:
    post = get_script("post")
    warmup = get_script("account_warmup")
    assert post is not None
    assert warmup is not None
    short, long = PostConfig(upload_wait_time=30), PostConfig(upload_wait_time=3000)
    assert post.timeout_s(long, 1.0) - post.timeout_s(short, 1.0) >= 2970
    assert post.timeout_s(long, 0.01) < post.timeout_s(long, 1.0)
    hour = WarmupConfig(task_duration=3600)
    assert warmup.timeout_s(hour, 1.0) > 3600
    assert warmup.timeout_s(hour, 0.01) < 3600 * 0.01 + 1000
