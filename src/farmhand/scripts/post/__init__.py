"""``post``: a video or a photo carousel on TikTok or Instagram."""

from __future__ import annotations

from typing import ClassVar

from farmhand.domain import Platform
from farmhand.scripts.base import Script, ScriptConfig, ScriptContext
from farmhand.scripts.configs import PostConfig
from farmhand.scripts.post.common import MIN_UPLOAD_WAIT, pick_files, resolve_caption
from farmhand.scripts.post.instagram import InstagramPoster
from farmhand.scripts.post.tiktok import TikTokPoster

DEVICE_WORK_S = 600.0  # pushes of large files, cold starts, screens: real time, not scaled


class PostScript(Script):
    name = "post"
    title = "Post a video or photos"
    config_model: ClassVar[type[ScriptConfig]] = PostConfig

    def run(self, ctx: ScriptContext) -> str:
        config = ctx.config_as(PostConfig)
        with ctx.step("prepare the post"):
            files = pick_files(ctx, config)
            caption = resolve_caption(ctx, config)
        if ctx.platform is Platform.INSTAGRAM:
            InstagramPoster(ctx, config, caption).run(files)
        else:
            TikTokPoster(ctx, config, caption).run(files)
        remark = f"posted: {len(files)} {config.kind}{'' if len(files) == 1 else 's'}"
        if ctx.platform is Platform.INSTAGRAM and config.placement == "story":
            remark += " (story)"
        return remark

    def timeout_s(self, config: ScriptConfig, time_scale: float) -> float:
        assert isinstance(config, PostConfig)
        waits = config.upload_wait_time + 2 * config.sound_wait_time + 120.0  # 120: human-like pauses
        return DEVICE_WORK_S + max(config.upload_wait_time * time_scale, MIN_UPLOAD_WAIT) + waits * time_scale
