"""Posting on Instagram (notes section 4): a reel, a feed post or carousel, or a story, through
the share handler activities or the in-app Create button."""

from __future__ import annotations

from pathlib import Path

from farmhand.domain import ErrorCode
from farmhand.scripts.accounts import ensure_account
from farmhand.scripts.base import ScriptContext, ScriptError
from farmhand.scripts.configs import PostConfig
from farmhand.scripts.media_push import PushedFile, prepare_media, share_intent_args
from farmhand.scripts.post.common import UploadWatch, wait_for_upload
from farmhand.scripts.session import AppSession
from farmhand.scripts.ui.screen import Screen
from farmhand.scripts.ui.typing import check_typed, type_into

HANDLERS = "com.instagram.share.handleractivity"
FEED_HANDLER = f"{HANDLERS}.ShareHandlerActivity"
STORY_HANDLER = f"{HANDLERS}.StoryShareHandlerActivity"
REEL_HANDLERS = ("ClipsShareHandlerActivity", "ReelShareHandlerActivity")  # sources disagree: ask the phone
CAPTION_HINTS = ("Write a caption...", "Add a caption...", "Write a caption", "Add a caption")
EDITOR_TIMEOUT = 40.0
UPLOAD_WATCH = UploadWatch(
    composer=("share.button", "share.caption"), progress="upload.progress", success="upload.success"
)
STORY_WATCH = UploadWatch(
    composer=("story.markers", "story.your_story"), progress="upload.progress", success="upload.success"
)


class InstagramPoster:
    def __init__(self, ctx: ScriptContext, config: PostConfig, caption: str) -> None:
        self.ctx = ctx
        self.config = config
        self.caption = caption
        self.app = AppSession(ctx)
        self.story = config.placement == "story"
        self.way = config.post_way
        if self.way == "useSound":
            ctx.log("post_way useSound is TikTok's; on Instagram the post goes through the Create button")
            self.way = "addButton"

    @property
    def screen(self) -> Screen:
        return self.app.screen

    def run(self, files: list[Path]) -> None:
        ctx = self.ctx
        with ctx.step("check Instagram"):
            self.app.prepare()
        pushed, uris = prepare_media(ctx, files, need_uris=self.way == "share")
        if self.way != "share" or ctx.account is not None:
            with ctx.step("open Instagram"):
                self.app.start()
            ensure_account(ctx, self.app)
        with ctx.step("open the editor"):
            if self.way == "share":
                self._share_intent(pushed, uris)
            else:
                self._create(pushed)
        if self.story:
            if self.caption:
                ctx.log("stories take no caption: the caption is not used")
            with ctx.step("share the story"):
                self._share_story()
            with ctx.step("wait for the upload"):
                how = wait_for_upload(ctx, self.screen, STORY_WATCH, self.config.upload_wait_time)
                ctx.log(f"upload done ({how})")
            return
        with ctx.step("go to the share screen"):
            self._to_share_screen()
        with ctx.step("type the caption"):
            self._fill_caption()
        with ctx.step("tap Share"):
            share = self.screen.wait_enabled("share.button", where="share screen")
            ctx.pause(0.8, 2.0)
            ctx.point_of_no_return("tap on Share")
            self.screen.tap(share)
        with ctx.step("wait for the upload"):
            how = wait_for_upload(ctx, self.screen, UPLOAD_WATCH, self.config.upload_wait_time)
            ctx.log(f"upload done ({how})")

    # --- entry -----------------------------------------------------------------------------------
    def _reel_handler(self) -> str:
        result = self.ctx.device.shell(
            ["cmd", "package", "query-activities", "--brief", "-a", "android.intent.action.SEND",
             "-t", "video/mp4", self.app.package]
        )  # fmt: skip
        for line in result.stdout.split():
            for name in REEL_HANDLERS:
                if line.endswith("." + name) and "/" in line:
                    return line.split("/", 1)[1]
        return FEED_HANDLER

    def _share_intent(self, pushed: list[PushedFile], uris: list[str]) -> None:
        several = len(uris) > 1
        if self.story:
            handler = STORY_HANDLER
        elif pushed[0].kind == "video" and not several:
            handler = self._reel_handler()
        else:
            handler = FEED_HANDLER
        if handler.startswith("."):
            handler = self.app.package + handler
        args = share_intent_args(f"{self.app.package}/{handler}", pushed, uris)
        if self.ctx.account is None:
            self.app.close()
        self.ctx.log(f"share intent to {handler.rsplit('.', 1)[-1]}")
        self.app.start_activity(args, "the share intent to Instagram")
        names = ["story.markers", "story.your_story"] if self.story else ["editor.next", "share.caption"]
        self.screen.wait_any(names, where="editor", timeout=EDITOR_TIMEOUT)

    def _create(self, pushed: list[PushedFile]) -> None:
        screen = self.screen
        count = len(pushed)
        screen.tap_on("nav.create", where="home screen")
        if self.story:
            kind, tab = "create.new_story", "create.tab_story"
        elif pushed[0].kind == "video" and count == 1:
            kind, tab = "create.new_reel", "create.tab_reel"
        else:
            kind, tab = "create.new_post", "create.tab_post"
        found = screen.wait_any([kind, tab, "gallery.thumbnail"], where="create screen", timeout=30.0)
        if found.name != "gallery.thumbnail":
            screen.tap(found.element)
            self.ctx.pause(0.6, 1.2)
        h = screen.poll()
        preview = screen.find("gallery.preview_button", h)
        if preview is not None and not screen.present("gallery.thumbnail", h):
            screen.tap(preview)  # the camera opened instead of the gallery
        screen.wait_for("gallery.thumbnail", where="gallery", timeout=30.0)
        self._select(count)
        if self.story:
            return
        screen.tap_on("gallery.next", where="gallery")

    def _select(self, count: int) -> None:
        screen = self.screen
        h = screen.poll()
        if count > 1:
            screen.tap_on("gallery.select_multiple", where="gallery")
            self.ctx.pause(0.4, 0.9)
            h = screen.poll()
            # Multi-select picks the previewed item by itself; start from an empty selection.
            for thumb in screen.find_all("gallery.thumbnail", h):
                if thumb.selected or thumb.desc.startswith("Selected"):
                    screen.tap(thumb)
                    self.ctx.pause(0.3, 0.6)
            h = screen.poll()
        thumbs = screen.find_all("gallery.thumbnail", h)
        if len(thumbs) < count:
            raise ScriptError(
                ErrorCode.UI_NOT_FOUND, f"the gallery shows {len(thumbs)} item(s), {count} needed"
            )
        # Newest first in the grid, slides in tap order: tap N..1 so the first file leads.
        for thumb in reversed(thumbs[:count]):
            screen.tap(thumb)
            self.ctx.pause(0.3, 0.7)

    # --- composer ----------------------------------------------------------------------------------
    def _to_share_screen(self) -> None:
        screen = self.screen
        for _ in range(4):
            h = screen.poll()
            if screen.present("share.caption", h):
                return
            found = screen.wait_any(["share.caption", "editor.next", "gallery.next"], where="editor",
                                    timeout=EDITOR_TIMEOUT)  # fmt: skip
            if found.name == "share.caption":
                return
            screen.tap(found.element)
            self.ctx.pause(0.8, 1.6)
        screen.wait_for("share.caption", where="share screen", timeout=EDITOR_TIMEOUT)

    def _fill_caption(self) -> None:
        if not self.caption:
            return
        screen = self.screen
        # Tapping the caption opens a full-screen editor closed with OK (Back would not close
        # every keyboard); a draft caption may be restored there, so it is cleared first.
        type_into(screen, "share.caption", self.caption, where="caption editor", placeholders=CAPTION_HINTS)
        h = screen.poll()
        ok = screen.find("share.caption_ok", h)
        if ok is not None:
            check_typed(
                screen, "share.caption", self.caption, where="caption editor", placeholders=CAPTION_HINTS
            )
            screen.tap(ok)
            self.ctx.pause(0.5, 1.0)
        check_typed(screen, "share.caption", self.caption, where="share screen", placeholders=CAPTION_HINTS)

    def _share_story(self) -> None:
        screen = self.screen
        button = screen.wait_for("story.your_story", where="story composer", timeout=EDITOR_TIMEOUT)
        self.ctx.pause(0.8, 2.0)
        self.ctx.point_of_no_return("tap on Your story")
        screen.tap(button)
        self.ctx.pause(0.6, 1.2)
        h = screen.poll()
        if screen.find("story.sheet_share", h) is not None and screen.find("story.share_to", h) is None:
            screen.tap_on("story.sheet_share", where="sharing options")  # "Sharing options" sheet
            self.ctx.pause(0.5, 1.0)
            h = screen.poll()
        done = screen.find("story.done", h)
        if done is not None:
            screen.tap(done)  # "Also share to" + Done
