"""What posting on either app shares: the files to post, the caption, waiting for the upload."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

from farmhand.domain import ErrorCode
from farmhand.media import MediaError, media_kind
from farmhand.scripts import spintax
from farmhand.scripts.base import ScriptContext, ScriptError
from farmhand.scripts.configs import PostConfig
from farmhand.scripts.ui.screen import Screen

# However small time_scale is, a phone needs real seconds to upload; the upload wait never
# drops below this (it ends as soon as the upload is seen to finish).
MIN_UPLOAD_WAIT = 20.0
QUIET_POLLS = 3  # polls with no progress shown before an upload counts as done
# With no progress ever shown, the app gets this long to show it before the upload counts as
# done: closing the app too early would kill the upload (TikTok takes a few seconds to start).
GRACE_S = 8.0


def pick_files(ctx: ScriptContext, config: PostConfig) -> list[Path]:
    """The engine's resolved materials, checked: present, the right kind, enough of them."""
    files = list(ctx.materials)
    if not files:
        raise ScriptError(ErrorCode.MATERIAL_MISSING, "no material to post")
    want, count = config.kind, config.file_count
    for path in files:
        try:
            kind = media_kind(path)
        except MediaError as exc:
            raise ScriptError(ErrorCode.MATERIAL_MISSING, str(exc)) from None
        if kind != want:
            raise ScriptError(
                ErrorCode.MATERIAL_MISSING, f"{path.name} is a {kind}, but the post needs {want}s"
            )
    if len(files) < count:
        raise ScriptError(ErrorCode.MATERIAL_MISSING, f"{count} images wanted, only {len(files)} found")
    return files[:count]


def resolve_caption(ctx: ScriptContext, config: PostConfig) -> str:
    """One spintax rendering for this task, written to the task log."""
    caption = spintax.resolve(config.captions, ctx.rng).strip()
    ctx.log(f"caption: {caption!r}")
    return caption


def last_hashtag(text: str) -> str | None:
    """The hashtag being typed at the end of ``text`` (the one the app suggests completions for)."""
    match = re.search(r"#([^\s#]+)$", text)
    return match.group(1) if match else None


@dataclass
class UploadWatch:
    """Names of the elements that tell an upload's state on one app."""

    composer: tuple[str, ...]  # the screen we left by tapping Post / Share
    progress: str
    success: str
    failed: str = "upload.failed"


def wait_for_upload(ctx: ScriptContext, screen: Screen, watch: UploadWatch, wait_s: float) -> str:
    """Wait until the app reports the upload done; return how it showed.

    Done = a success marker, or the composer gone and no progress shown for a few polls (a
    badge that came and went, or an upload too quick to see). An upload error on screen ends
    the task with ``UPLOAD_FAILED`` (the selector table's faults); still uploading when the
    time is up does too, with a message saying it may still finish.
    """
    limit = max(wait_s * ctx.time_scale, MIN_UPLOAD_WAIT)
    started = time.monotonic()
    quiet = 0
    saw_progress = False
    last_percent: int | None = None
    while True:
        h = screen.poll()
        failed = screen.find(watch.failed, h)
        if failed is not None:
            raise ScriptError(
                ErrorCode.UPLOAD_FAILED, f"{screen.app_label} reports the upload failed: {failed.label!r}"
            )
        if screen.present(watch.success, h):
            return "success message"
        progress = screen.find(watch.progress, h)
        on_composer = any(screen.present(name, h) for name in watch.composer)
        if progress is not None:
            saw_progress = True
            quiet = 0
            match = re.search(r"(\d{1,3})\s?%", progress.text)
            if match and int(match.group(1)) != last_percent:
                last_percent = int(match.group(1))
                ctx.progress(last_percent)
        elif not on_composer:
            quiet += 1
            if quiet >= QUIET_POLLS and saw_progress:
                return "progress finished"
            if quiet >= QUIET_POLLS and time.monotonic() - started >= GRACE_S:
                return "composer closed, no progress shown"
        elapsed = time.monotonic() - started
        if elapsed >= limit:
            where = "still on the post screen" if on_composer else "still uploading"
            raise ScriptError(
                ErrorCode.UPLOAD_FAILED,
                f"{screen.app_label} was {where} after {elapsed:.0f} s (upload_wait_time); "
                "the post may still be published",
            )
        ctx.wait_real(0.5)
