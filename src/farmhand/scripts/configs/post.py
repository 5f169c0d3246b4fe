"""``post``: TikMatrix's parameters, defaults and rules (SPEC section 4).

File checks need the server's configuration and are only made when the engine asks for them
through pydantic's validation context: ``{"material_roots": [Path, ...], "check_files": True}``
at task creation; at run time the engine re-validates with ``check_files`` off (files are then
resolved, and reported missing, by the engine).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, ValidationInfo, field_validator, model_validator

from farmhand.domain import Platform
from farmhand.media import MediaError, check_material, under_roots
from farmhand.scripts import spintax
from farmhand.scripts.base import MaterialNeed
from farmhand.scripts.configs.common import (
    BaseScriptConfig,
    NonNegativeInt,
    OptionalText,
    Percent,
    between,
    choice_of,
    context_flag,
    invalid,
    url_platform,
    word,
)

MAX_IMAGES = 35  # TikTok's photo-post limit; Instagram takes up to 20 per carousel


def _add_sound(value: Any) -> Any:
    """TikMatrix sends ``add_sound`` as a string or an integer."""
    if isinstance(value, bool):
        raise invalid('must be one of: "-1", "0", "1", "custom"')
    if isinstance(value, int | str) and str(value).strip().lower() in {"-1", "0", "1", "custom"}:
        return str(value).strip().lower()
    raise invalid('must be one of: "-1", "0", "1", "custom"')


def _tags(value: Any) -> Any:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ",".join(value)
    return "" if value is None else value


def _flag(value: Any) -> Any:
    return int(value) if isinstance(value, bool) else value


def _material_roots(info: ValidationInfo) -> list[Path]:
    return [Path(r) for r in context_flag(info, "material_roots") or []]


class PostConfig(BaseScriptConfig):
    content_type: Annotated[int, choice_of(0, 1)] = 0  # 0 video, 1 images
    image_count: Annotated[int, between(1, MAX_IMAGES)] = 1
    captions: OptionalText = ""
    post_way: Annotated[
        str,
        word("share", "addButton", "useSound", aliases={"add_button": "addButton", "use_sound": "useSound"}),
    ] = "share"
    material_list: list[str] = Field(default_factory=list)  # wins over the other two sources
    material_source: Annotated[str, word("materialLibrary", "localFolder")] = "materialLibrary"
    material_path: OptionalText = Field("", validate_default=True)
    materials_tags: Annotated[str, BeforeValidator(_tags)] = ""
    upload_wait_time: NonNegativeInt = 30
    sound_wait_time: NonNegativeInt = 10
    add_sound: Annotated[str, BeforeValidator(_add_sound)] = "-1"  # -1 default, 0 off, 1 on, custom
    sound_name: OptionalText = Field("", validate_default=True)
    custom_sound_keyword: OptionalText = Field("", validate_default=True)
    origin_sound_volume: Percent = 50
    add_sound_volume: Percent = 50
    add_product_link: Annotated[int, BeforeValidator(_flag), choice_of(0, 1)] = 0  # TikTok
    placement: Annotated[str, word("reel", "story")] = "reel"  # Instagram

    @field_validator("captions")
    @classmethod
    def _spintax(cls, value: str) -> str:
        try:
            spintax.validate(value)
        except spintax.SpintaxError as exc:
            raise invalid(str(exc)) from None
        return value

    @field_validator("material_list")
    @classmethod
    def _materials(cls, value: list[str], info: ValidationInfo) -> list[str]:
        content_type = info.data.get("content_type")
        if content_type == 1 and len(value) > MAX_IMAGES:
            raise invalid(f"at most {MAX_IMAGES} images per post")
        if not context_flag(info, "check_files"):
            return value
        roots = _material_roots(info)
        for index, path_text in enumerate(value):
            try:
                _, kind = check_material(path_text, roots)
            except MediaError as exc:
                raise invalid(f"item {index}: {exc}") from None
            if content_type == 0 and kind != "video":
                raise invalid(f"item {index}: {path_text} is an image, but content_type 0 posts a video")
            if content_type == 1 and kind != "image":
                raise invalid(f"item {index}: {path_text} is a video, but content_type 1 posts images")
        image_count = info.data.get("image_count", 1)
        if content_type == 1 and value and image_count > len(value):
            raise invalid(f"has {len(value)} image(s) but image_count is {image_count}")
        return value

    @field_validator("material_path")
    @classmethod
    def _folder(cls, value: str, info: ValidationInfo) -> str:
        if "material_list" not in info.data or info.data["material_list"]:
            return value  # the list wins (or is itself invalid)
        if info.data.get("material_source") != "localFolder":
            return value
        if not value.strip():
            raise invalid("required when material_source is localFolder")
        if not context_flag(info, "check_files"):
            return value
        folder = Path(value).expanduser()
        roots = _material_roots(info)
        if not folder.is_absolute():
            raise invalid(f"{value}: must be an absolute path")
        if not under_roots(folder, roots):
            allowed = ", ".join(str(r) for r in roots) or "none configured"
            raise invalid(f"{value}: outside the material roots ({allowed})")
        if not folder.exists():
            raise invalid(f"{value}: folder does not exist")
        if not folder.is_dir():
            raise invalid(f"{value}: is not a folder")
        return value

    @field_validator("sound_name")
    @classmethod
    def _sound(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("post_way") == "useSound" and not value.strip():
            raise invalid("required when post_way is useSound")
        text = value.strip()
        if text.lower().startswith(("http://", "https://")) and url_platform(text) is not Platform.TIKTOK:
            raise invalid(f"{text!r} is not a TikTok sound link")
        return value

    @field_validator("custom_sound_keyword")
    @classmethod
    def _keyword(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("add_sound") == "custom" and not value.strip():
            raise invalid("required when add_sound is custom")
        return value

    @field_validator("placement")
    @classmethod
    def _story(cls, value: str, info: ValidationInfo) -> str:
        if value == "story" and info.data.get("content_type") == 1 and info.data.get("image_count", 1) > 1:
            raise invalid("a story takes one file: set image_count to 1")
        return value

    @model_validator(mode="after")
    def _count_from_list(self) -> PostConfig:
        # Images given as a list and no image_count: post them all (stored so a re-validation
        # at run time reads the same count).
        if self.content_type == 1 and self.material_list and "image_count" not in self.model_fields_set:
            self.image_count = len(self.material_list)
        return self

    # --- what the engine asks -------------------------------------------------------------
    @property
    def kind(self) -> str:
        return "video" if self.content_type == 0 else "image"

    @property
    def file_count(self) -> int:
        """How many files one post takes: one video, or ``image_count`` images."""
        return 1 if self.content_type == 0 else self.image_count

    def material_need(self) -> MaterialNeed:
        kind: Any = self.kind
        count = self.file_count
        if self.material_list:
            return MaterialNeed(source="list", kind=kind, count=count, paths=tuple(self.material_list))
        if self.material_source == "localFolder":
            return MaterialNeed(source="folder", kind=kind, count=count, folder=self.material_path)
        tags = tuple(t.strip() for t in self.materials_tags.split(",") if t.strip())
        return MaterialNeed(source="library", kind=kind, count=count, tags=tags)
