from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from farmhand.domain import Platform
from farmhand.scripts.base import MaterialNeed, ScriptConfig
from farmhand.scripts.configs import CommentConfig, FollowConfig, PostConfig, UnfollowConfig, WarmupConfig

MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def errors(model: type[ScriptConfig], data: dict[str, Any], **context: Any) -> dict[str, str]:
    """``{"field.path": "message"}`` as the API would print them."""
    with pytest.raises(ValidationError) as info:
        model.model_validate(data, context=context or None)
    return {".".join(str(p) for p in e["loc"]): e["msg"] for e in info.value.errors()}


# --- post -------------------------------------------------------------------------------------


def test_post_defaults_are_tikmatrix_s() -> None:
    config = PostConfig.model_validate({})
    assert config.model_dump(mode="json") == {
        "platform": None,
        "content_type": 0,
        "image_count": 1,
        "captions": "",
        "post_way": "share",
        "material_list": [],
        "material_source": "materialLibrary",
        "material_path": "",
        "materials_tags": "",
        "upload_wait_time": 30,
        "sound_wait_time": 10,
        "add_sound": "-1",
        "sound_name": "",
        "custom_sound_keyword": "",
        "origin_sound_volume": 50,
        "add_sound_volume": 50,
        "add_product_link": 0,
        "placement": "reel",
    }


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"upload_wait_time": -1}, "upload_wait_time", "must be >= 0"),
        ({"sound_wait_time": -5}, "sound_wait_time", "must be >= 0"),
        ({"origin_sound_volume": 101}, "origin_sound_volume", "must be between 0 and 100"),
        ({"add_sound_volume": -1}, "add_sound_volume", "must be between 0 and 100"),
        ({"content_type": 2}, "content_type", "must be one of: 0, 1"),
        ({"image_count": 0}, "image_count", "must be between 1 and 35"),
        ({"post_way": "fax"}, "post_way", "must be one of: share, addButton, useSound"),
        ({"material_source": "cloud"}, "material_source", "must be one of: materialLibrary, localFolder"),
        ({"add_sound": "2"}, "add_sound", 'must be one of: "-1", "0", "1", "custom"'),
        ({"add_product_link": 3}, "add_product_link", "must be one of: 0, 1"),
        ({"placement": "feed"}, "placement", "must be one of: reel, story"),
        ({"platform": "facebook"}, "platform", "must be one of: tiktok, instagram"),
        ({"post_way": "useSound"}, "sound_name", "required when post_way is useSound"),
        ({"add_sound": "custom"}, "custom_sound_keyword", "required when add_sound is custom"),
        ({"material_source": "localFolder"}, "material_path", "required when material_source is localFolder"),
        (
            {"captions": "Hello {world|there"},
            "captions",
            "unclosed '{' at position 7 (write choices as {a|b|c})",
        ),
        (
            {"sound_name": "https://example.com/x"},
            "sound_name",
            "'https://example.com/x' is not a TikTok sound link",
        ),
        (
            {"placement": "story", "content_type": 1, "image_count": 3},
            "placement",
            "a story takes one file: set image_count to 1",
        ),
    ],
)
def test_post_bad_values_name_the_field_and_the_problem(
    data: dict[str, Any], field: str, message: str
) -> None:
    assert errors(PostConfig, data) == {field: message}


def test_post_type_errors_still_name_the_field() -> None:
    found = errors(PostConfig, {"upload_wait_time": "soon"})
    assert list(found) == ["upload_wait_time"]
    assert "integer" in found["upload_wait_time"]


def test_post_accepts_tikmatrix_spellings() -> None:
    config = PostConfig.model_validate(
        {
            "post_way": "add_button",
            "add_sound": -1,
            "material_source": "LOCALFOLDER",
            "material_path": "/m",
            "materials_tags": ["a", "b"],
            "add_product_link": True,
            "captions": None,
            "extra_key": 1,
        }
    )
    assert config.post_way == "addButton"
    assert config.add_sound == "-1"
    assert config.material_source == "localFolder"
    assert config.materials_tags == "a,b"
    assert config.add_product_link == 1
    assert config.captions == ""
    assert config.model_dump()["extra_key"] == 1  # kept, ignored


def test_post_material_need_per_source() -> None:
    library = PostConfig.model_validate({"materials_tags": " dance, ,trend "}).material_need()
    assert library == MaterialNeed(source="library", kind="video", count=1, tags=("dance", "trend"))
    folder = PostConfig.model_validate(
        {"material_source": "localFolder", "material_path": "/m", "content_type": 1, "image_count": 4}
    ).material_need()
    assert folder == MaterialNeed(source="folder", kind="image", count=4, folder="/m")
    listed = PostConfig.model_validate(
        {"material_list": ["/a.mp4", "/b.mp4"], "material_source": "localFolder"}
    )
    assert listed.material_need() == MaterialNeed(
        source="list", kind="video", count=1, paths=("/a.mp4", "/b.mp4")
    )


def test_images_listed_without_image_count_are_all_posted_and_stay_so_on_revalidation() -> None:
    config = PostConfig.model_validate({"content_type": 1, "material_list": ["/a.jpg", "/b.jpg", "/c.jpg"]})
    assert config.image_count == 3
    again = PostConfig.model_validate(config.model_dump(), context={"check_files": False})
    assert again.material_need() == MaterialNeed(
        source="list", kind="image", count=3, paths=("/a.jpg", "/b.jpg", "/c.jpg")
    )


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "materials"
    folder.mkdir()
    (folder / "clip.mp4").write_bytes(MP4)
    (folder / "photo.jpg").write_bytes(JPEG)
    (folder / "fake.mp4").write_bytes(b"this is a text file, not a video")
    (folder / "sub").mkdir()
    return folder


def test_material_list_checked_against_real_files(root: Path, tmp_path: Path) -> None:
    ctx = {"material_roots": [root], "check_files": True}
    ok = PostConfig.model_validate({"material_list": [str(root / "clip.mp4")]}, context=ctx)
    assert ok.material_list == [str(root / "clip.mp4")]
    outside = tmp_path / "elsewhere.mp4"
    outside.write_bytes(MP4)
    cases = {
        str(root / "missing.mp4"): "does not exist",
        str(root / "fake.mp4"): "content is not a mp4 file (its first bytes do not match)",
        str(root / "sub"): "is a folder, not a file",
        str(outside): f"outside the material roots ({root})",
        "relative/clip.mp4": "must be an absolute path",
        str(root / "notes.txt"): "not a supported video or image",
    }
    for path, expected in cases.items():
        found = errors(PostConfig, {"material_list": [str(root / "clip.mp4"), path]}, **ctx)
        assert list(found) == ["material_list"], path
        assert found["material_list"].startswith("item 1: "), found
        assert expected in found["material_list"], (path, found)


def test_material_kinds_must_match_content_type(root: Path) -> None:
    ctx = {"material_roots": [root], "check_files": True}
    assert errors(PostConfig, {"material_list": [str(root / "photo.jpg")]}, **ctx) == {
        "material_list": f"item 0: {root / 'photo.jpg'} is an image, but content_type 0 posts a video"
    }
    assert errors(PostConfig, {"content_type": 1, "material_list": [str(root / "clip.mp4")]}, **ctx) == {
        "material_list": f"item 0: {root / 'clip.mp4'} is a video, but content_type 1 posts images"
    }
    assert errors(
        PostConfig, {"content_type": 1, "image_count": 2, "material_list": [str(root / "photo.jpg")]}, **ctx
    ) == {"material_list": "has 1 image(s) but image_count is 2"}


def test_files_are_not_checked_at_run_time(root: Path) -> None:
    config = PostConfig.model_validate(
        {"material_list": [str(root / "gone.mp4")]}, context={"material_roots": [root], "check_files": False}
    )
    assert config.material_list == [str(root / "gone.mp4")]


def test_material_list_wins_over_the_folder(root: Path) -> None:
    ctx = {"material_roots": [root], "check_files": True}
    config = PostConfig.model_validate(
        {"material_list": [str(root / "clip.mp4")], "material_source": "localFolder"}, context=ctx
    )
    assert config.material_need().source == "list"


def test_local_folder_must_exist_under_a_root(root: Path, tmp_path: Path) -> None:
    ctx = {"material_roots": [root], "check_files": True}
    base = {"material_source": "localFolder"}
    assert PostConfig.model_validate({**base, "material_path": str(root)}, context=ctx).material_path == str(
        root
    )
    assert errors(PostConfig, {**base, "material_path": str(root / "nope")}, **ctx) == {
        "material_path": f"{root / 'nope'}: folder does not exist"
    }
    assert errors(PostConfig, {**base, "material_path": str(root / "clip.mp4")}, **ctx) == {
        "material_path": f"{root / 'clip.mp4'}: is not a folder"
    }
    assert errors(PostConfig, {**base, "material_path": str(tmp_path)}, **ctx) == {
        "material_path": f"{tmp_path}: outside the material roots ({root})"
    }


# --- follow / unfollow ------------------------------------------------------------------------


@pytest.mark.parametrize("model", [FollowConfig, UnfollowConfig])
def test_targets_from_every_tikmatrix_spelling(model: type[FollowConfig]) -> None:
    assert model.model_validate({"target_users": ["@a", "b"]}).target_users == ["a", "b"]
    assert model.model_validate({"target_user": "@a, b\nc\n"}).target_users == ["a", "b", "c"]
    assert model.model_validate({"target_username": "old_name"}).target_users == ["old_name"]
    both = model.model_validate({"target_users": ["x"], "target_user": "y"})
    assert both.target_users == ["x"]
    assert model.model_validate({"target_users": "p,q"}).target_users == ["p", "q"]
    url = model.model_validate(
        {"target_users": ["https://www.tiktok.com/@someone", "https://www.instagram.com/insta.user/"]}
    )
    assert url.target_users == ["someone", "insta.user"]
    assert model.model_validate({"target_users": ["a", "@A", "b"]}).target_users == ["a", "b"]


def test_follow_fans_out_one_config_per_target() -> None:
    config = FollowConfig.model_validate({"target_user": "a\nb", "access_method": "search", "k": 1})
    parts = config.split()
    assert [p["target_users"] for p in parts] == [["a"], ["b"]]
    assert all(p["access_method"] == "search" and p["k"] == 1 for p in parts)
    assert all("target_user" not in p and "target_username" not in p for p in parts)
    one = FollowConfig.model_validate(parts[1])
    assert one.target == "b"
    assert one.split() == [parts[1]]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {},
            "target_users",
            "required: give target_users (a list) or target_user (newline or comma separated)",
        ),
        (
            {"target_user": " , \n"},
            "target_users",
            "required: give target_users (a list) or target_user (newline or comma separated)",
        ),
        (
            {"target_users": ["ok", "not ok"]},
            "target_users",
            "'not ok' is not a valid username (letters, digits, '_' and '.', at most 30)",
        ),
        (
            {"target_user": "fine\n$(reboot)"},
            "target_user",
            "'$(reboot)' is not a valid username (letters, digits, '_' and '.', at most 30)",
        ),
        ({"target_users": [3]}, "target_users", "item 0 must be a string"),
        (
            {"target_users": ["a"], "access_method": "teleport"},
            "access_method",
            "must be one of: direct, search",
        ),
        (
            {"target_users": {"a": 1}},
            "target_users",
            "must be a list of usernames or a newline or comma separated string",
        ),
    ],
)
def test_follow_bad_values(data: dict[str, Any], field: str, message: str) -> None:
    assert errors(FollowConfig, data) == {field: message}


# --- comment ------------------------------------------------------------------------------------


def test_comment_fans_out_per_url_and_sequential_numbers_the_tasks() -> None:
    config = CommentConfig.model_validate(
        {
            "target_post_url": "https://www.tiktok.com/@a/video/1\nhttps://vm.tiktok.com/ZM8/",
            "comment_content": "one\n\ntwo\n",
            "comment_order": "sequential",
        }
    )
    parts = config.split()
    assert [p["target_post_urls"] for p in parts] == [
        ["https://www.tiktok.com/@a/video/1"],
        ["https://vm.tiktok.com/ZM8/"],
    ]
    assert [p["comment_index"] for p in parts] == [0, 1]
    assert "target_post_url" not in parts[0]
    assert CommentConfig.model_validate(parts[1]).comments == ["one", "two"]
    random_order = CommentConfig.model_validate(
        {**parts[0], "comment_order": "random", "comment_index": None}
    )
    assert random_order.split()[0]["comment_index"] is None


def test_comment_urls_win_over_the_single_one() -> None:
    config = CommentConfig.model_validate(
        {
            "target_post_urls": ["https://www.instagram.com/p/ABC/"],
            "target_post_url": "https://www.tiktok.com/@x/video/2",
            "comment_content": ["Nice", "Cool"],
        }
    )
    assert config.target_post_urls == ["https://www.instagram.com/p/ABC/"]
    assert config.comment_content == "Nice\nCool"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"comment_content": "hi"},
            "target_post_urls",
            "required: give target_post_urls (a list) or target_post_url (newline or comma separated)",
        ),
        (
            {"target_post_url": "https://www.tiktok.com/@a/video/1", "comment_content": " \n "},
            "comment_content",
            "required: one comment per line",
        ),
        (
            {"target_post_urls": ["https://evil.example/x"], "comment_content": "hi"},
            "target_post_urls",
            "'https://evil.example/x' is not a TikTok or Instagram post URL",
        ),
        (
            {"target_post_urls": ["ftp://www.tiktok.com/x"], "comment_content": "hi"},
            "target_post_urls",
            "'ftp://www.tiktok.com/x' is not a TikTok or Instagram post URL",
        ),
        (
            {
                "target_post_urls": ["https://www.tiktok.com/@a/video/1"],
                "comment_content": "hi",
                "platform": "instagram",
            },
            "target_post_urls",
            "'https://www.tiktok.com/@a/video/1' is a tiktok URL but platform is instagram",
        ),
        (
            {
                "target_post_url": "https://www.tiktok.com/@a/video/1",
                "comment_content": "hi",
                "comment_order": "shuffle",
            },
            "comment_order",
            "must be one of: random, sequential",
        ),
    ],
)
def test_comment_bad_values(data: dict[str, Any], field: str, message: str) -> None:
    assert errors(CommentConfig, data) == {field: message}


# --- warm-up ------------------------------------------------------------------------------------


def test_warmup_defaults_and_the_follow_alias() -> None:
    config = WarmupConfig.model_validate({})
    assert (config.task_duration, config.min_duration, config.max_duration) == (600, 15, 30)
    assert (
        config.like_probable,
        config.floow_probable,
        config.collect_probable,
        config.comment_probable,
    ) == (0, 0, 0, 0)
    assert WarmupConfig.model_validate({"follow_probable": 12}).floow_probable == 12
    assert WarmupConfig.model_validate({"floow_probable": 7, "follow_probable": 12}).floow_probable == 7
    assert WarmupConfig.model_validate({"floow_probable": 7}).model_dump()["floow_probable"] == 7
    assert WarmupConfig.model_validate({"topic": "cats\n\n dogs "}).topics == ["cats", "dogs"]
    assert WarmupConfig.model_validate({"platform": "Instagram"}).platform is Platform.INSTAGRAM


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"task_duration": 0}, "task_duration", "must be between 1 and 86400"),
        ({"min_duration": -1}, "min_duration", "must be >= 0"),
        ({"min_duration": 40}, "max_duration", "must be >= min_duration (40)"),
        ({"like_probable": 100.5}, "like_probable", "must be between 0 and 100"),
        ({"follow_probable": -3}, "follow_probable", "must be between 0 and 100"),
        ({"collect_probable": 300}, "collect_probable", "must be between 0 and 100"),
        ({"comment_probable": 10}, "comment", "required when comment_probable > 0 (one comment per line)"),
    ],
)
def test_warmup_bad_values(data: dict[str, Any], field: str, message: str) -> None:
    assert errors(WarmupConfig, data) == {field: message}
