"""Posting on TikTok (notes section 1): share intent, Create (+) button, or "Use sound"; a
video or a photo carousel; caption, Post, upload."""

from __future__ import annotations

import re
from pathlib import Path

from farmhand.domain import ErrorCode
from farmhand.scripts import spintax
from farmhand.scripts.accounts import ensure_account
from farmhand.scripts.base import ScriptContext, ScriptError
from farmhand.scripts.configs import PostConfig
from farmhand.scripts.media_push import PushedFile, prepare_media, share_intent_args
from farmhand.scripts.post.common import UploadWatch, last_hashtag, wait_for_upload
from farmhand.scripts.session import AppSession
from farmhand.scripts.ui.screen import Screen
from farmhand.scripts.ui.selectors import norm
from farmhand.scripts.ui.typing import check_typed, submit_search, type_into

SHARE_ACTIVITY = "com.ss.android.ugc.aweme.share.SystemShareActivity"
CAPTION_HINTS = (
    "Add description...",
    "Describe your post, add hashtags, or mention creators that inspired you",
    "Writing a long description can help get 3x more views on average.",
)
TITLE_HINTS = ("Add a catchy title",)
EDITOR_TIMEOUT = 40.0  # the editor takes a while to load a clip
UPLOAD_WATCH = UploadWatch(
    composer=("post.button", "post.caption"), progress="upload.badge", success="upload.success"
)


class TikTokPoster:
    def __init__(self, ctx: ScriptContext, config: PostConfig, caption: str) -> None:
        self.ctx = ctx
        self.config = config
        self.caption = caption
        self.app = AppSession(ctx)
        self.way = config.post_way

    @property
    def screen(self) -> Screen:
        return self.app.screen

    def run(self, files: list[Path]) -> None:
        ctx = self.ctx
        with ctx.step("check TikTok"):
            self.app.prepare()
        pushed, uris = prepare_media(ctx, files, need_uris=self.way == "share")
        if self.way != "share" or ctx.account is not None:
            with ctx.step("open TikTok"):
                self.app.start()
            ensure_account(ctx, self.app)
        with ctx.step("open the editor"):
            if self.way == "share":
                self._share_intent(pushed, uris)
            elif self.way == "useSound":
                self._open_sound()
                self._camera_to_gallery()
            else:
                self.screen.tap_on("nav.create", where="home screen")
                self._camera_to_gallery()
        if self.way != "share":
            with ctx.step("select media"):
                self._select(pushed)
        if self.config.add_sound in ("1", "custom"):
            with ctx.step("add sound"):
                self._add_sound()
        with ctx.step("go to the post screen"):
            self._to_post_screen()
        with ctx.step("type the caption"):
            self._fill_caption()
        if self.config.add_product_link:
            with ctx.step("add product link"):
                self._product_link()
        with ctx.step("tap Post"):
            self._publish()
        with ctx.step("wait for the upload"):
            how = wait_for_upload(ctx, self.screen, UPLOAD_WATCH, self.config.upload_wait_time)
            ctx.log(f"upload done ({how})")

    # --- reaching the editor -------------------------------------------------------------------
    def _share_intent(self, pushed: list[PushedFile], uris: list[str]) -> None:
        args = share_intent_args(f"{self.app.package}/{SHARE_ACTIVITY}", pushed, uris)
        if self.ctx.account is None:
            self.app.close()  # a fresh start, so no half-finished screen is in the way
        self.app.start_activity(args, "the share intent to TikTok")
        self.screen.wait_any(["editor.next", "editor.your_story"], where="editor", timeout=EDITOR_TIMEOUT)

    def _open_sound(self) -> None:
        sound = self.config.sound_name.strip()
        screen = self.screen
        if sound.lower().startswith(("http://", "https://")):
            self.app.open_url(sound)
        else:
            screen.tap_on("home.search", where="home screen")
            type_into(screen, "search.input", sound, where="search screen")
            submit_search(screen)
            screen.tap_on("search.tab_sounds", where="search results")
            screen.tap_on("search.sound_row", where="sound results")
        self.ctx.sleep(self.config.sound_wait_time)
        screen.tap_on("sound.use", where="sound page", timeout=max(20.0, self.config.sound_wait_time))

    def _camera_to_gallery(self) -> None:
        screen = self.screen
        screen.wait_screen("camera", timeout=30.0)
        screen.tap_on("camera.upload", where="camera screen")
        screen.wait_screen("gallery", timeout=30.0)

    # --- gallery -------------------------------------------------------------------------------
    def _select(self, pushed: list[PushedFile]) -> None:
        screen = self.screen
        count = len(pushed)
        h = screen.wait_screen("gallery")
        tab = screen.find("gallery.tab_videos" if pushed[0].kind == "video" else "gallery.tab_photos", h)
        if tab is not None and not tab.selected:
            screen.tap(tab)
            self.ctx.pause(0.4, 0.9)
            h = screen.poll()
        if count > 1:
            toggle = screen.wait_for("gallery.select_multiple", where="gallery")
            if not toggle.checked:
                screen.tap(toggle)
                self.ctx.pause(0.4, 0.9)
            h = screen.poll()
        thumbs = screen.find_all("gallery.thumbnail", h)
        if len(thumbs) < count:
            raise ScriptError(
                ErrorCode.UI_NOT_FOUND,
                f"the gallery shows {len(thumbs)} item(s), {count} needed (were the files indexed?)",
            )
        # The grid is newest first and slides follow tap order: tap N..1 so that the first
        # file pushed is the first slide.
        for thumb in reversed(thumbs[:count]):
            screen.tap(thumb)
            self.ctx.pause(0.3, 0.7)
        nxt = screen.wait_for("gallery.next", where="gallery")
        shown = re.search(r"\((\d+)\)", nxt.text)
        if count > 1 and shown and int(shown.group(1)) != count:
            raise ScriptError(
                ErrorCode.UI_NOT_FOUND, f"the gallery selected {shown.group(1)} item(s) instead of {count}"
            )
        screen.tap(nxt)

    # --- editor and sound ------------------------------------------------------------------------
    def _add_sound(self) -> None:
        screen = self.screen
        screen.wait_any(["editor.next", "editor.your_story"], where="editor", timeout=EDITOR_TIMEOUT)
        screen.tap_on("editor.add_sound", where="editor")
        if self.config.add_sound == "custom":
            screen.tap_on("sound.search", where="sound panel")
            type_into(screen, "sound.search_input", self.config.custom_sound_keyword, where="sound panel")
            submit_search(screen)
        self.ctx.sleep(self.config.sound_wait_time)
        screen.tap_on("sound.result", where="sound panel", timeout=max(20.0, self.config.sound_wait_time))
        self.ctx.pause(0.5, 1.2)
        h = screen.poll()
        confirm = screen.find("sound.confirm", h)
        if confirm is not None:
            screen.tap(confirm)
        self._set_volumes()

    def _set_volumes(self) -> None:
        screen = self.screen
        volume = screen.find("sound.volume")
        if volume is None:
            self.ctx.log("no Volume control on this sound panel; volumes left as they are")
        else:
            screen.tap(volume)
            self.ctx.pause(0.5, 1.0)
            sliders = screen.find_all("sound.volume_slider", screen.poll())
            wanted = (self.config.origin_sound_volume, self.config.add_sound_volume)
            for slider, value in zip(sliders, wanted, strict=False):
                # Drag the thumb from where it is to the value (a SeekBar follows the finger).
                left, top, right, bottom = slider.bounds
                current = int(slider.text) if slider.text.isdigit() else 50
                y = (top + bottom) // 2
                x1, x2 = (left + (right - left) * v // 100 for v in (current, value))
                self.ctx.device.swipe(x1, y, x2, y, 400)
                self.ctx.pause(0.3, 0.6)
            self.ctx.log(f"volumes: original {wanted[0]}, added {wanted[1]}")
        done = screen.find("sound.done", screen.poll())
        if done is not None:
            screen.tap(done)
        elif not screen.present("editor.next"):
            screen.back()

    def _to_post_screen(self) -> None:
        screen = self.screen
        for _ in range(4):
            h = screen.poll()
            if screen.present("post.caption", h) or screen.present("post.button", h):
                return
            if screen.present("video_editor.cancel", h) and not screen.present("editor.your_story", h):
                screen.tap_on("video_editor.cancel", where="video editor")
            else:
                found = screen.wait_any(
                    ["editor.next", "gallery.next"], where="editor", timeout=EDITOR_TIMEOUT
                )
                screen.tap(found.element)
            self.ctx.pause(0.8, 1.6)
        screen.wait_any(["post.caption", "post.button"], where="post screen", timeout=EDITOR_TIMEOUT)

    # --- post screen ---------------------------------------------------------------------------------
    def _fill_caption(self) -> None:
        screen = self.screen
        title, description = "", self.caption
        if self.config.content_type == 1:
            title, description = spintax.split_title(self.caption)
        if title:
            if screen.find("post.title", screen.poll()) is not None:
                type_into(screen, "post.title", title, where="post screen title", placeholders=TITLE_HINTS)
                check_typed(screen, "post.title", title, where="post screen title", placeholders=TITLE_HINTS)
            else:
                self.ctx.log("no title field on this TikTok version: the title opens the description")
                description = f"{title}\n{description}".strip()
        type_into(screen, "post.caption", description, where="post screen", placeholders=CAPTION_HINTS)
        self._settle_hashtag_suggestions(description)
        check_typed(screen, "post.caption", description, where="post screen", placeholders=CAPTION_HINTS)

    def _settle_hashtag_suggestions(self, typed: str) -> None:
        """Suggestion rows for the hashtag being typed cover Post until one is tapped: tap the
        row that is exactly the typed tag, else type a space to close the list (notes 1.2 s8)."""
        screen = self.screen
        tag = last_hashtag(typed)
        for _ in range(3):
            h = screen.poll()
            rows = screen.find_all("post.hashtag_row", h)
            if not rows:
                return
            exact = [r for r in rows if tag is not None and norm(r.text) == norm(f"#{tag}")]
            if exact:
                screen.tap(exact[0])
                self.ctx.log(f"hashtag suggestion #{tag} tapped")
            else:
                self.ctx.device.input_text(" ")
                self.ctx.log("hashtag suggestions closed with a space")
            self.ctx.pause(0.3, 0.8)

    def _product_link(self) -> None:
        screen = self.screen
        link = screen.find("post.add_link", screen.poll())
        if link is None:
            raise screen.not_found(["post.add_link"], "post screen", screen.last)
        screen.tap(link)
        screen.tap_on("post.product_tab", where="link sheet")
        screen.tap_on("post.product_add", where="product list")
        screen.wait_for("post.button", where="post screen")

    def _publish(self) -> None:
        screen = self.screen
        h = screen.poll()
        post = screen.find("post.button", h)
        if post is None:
            screen.back()  # the keyboard may hide the bottom bar
            self.ctx.pause(0.4, 0.8)
            post = screen.wait_for("post.button", where="post screen")
        if not post.enabled:
            post = screen.wait_enabled("post.button", where="post screen")
        self.ctx.pause(0.8, 2.0)
        self.ctx.point_of_no_return("tap on Post")
        screen.tap(post)
