"""Instagram's sharing screens: the system resolver for a package-only share, the reel editor
and the feed filter screen, the share screen with its full-screen caption editor and Share
button, the story composer with its sharing sheets, and the Direct share target (notes 4.1,
4.2, 4.3 N4, 6.4.2-6)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from farmhand.virtual.app import Intent
from farmhand.virtual.apps.instagram import names
from farmhand.virtual.apps.instagram.base import IgScreen
from farmhand.virtual.apps.kit.draft import Draft
from farmhand.virtual.apps.kit.prompts import Choice, Prompt
from farmhand.virtual.apps.kit.screenkit import (
    BUTTON,
    EDIT,
    FRAME,
    IMAGE,
    LINEAR,
    SWITCH,
    TEXT,
    TextField,
    Ui,
    knob_float,
    knob_on,
)
from farmhand.virtual.apps.kit.sheet import Sheet
from farmhand.virtual.ui import Node

if TYPE_CHECKING:
    from farmhand.virtual.apps.instagram.app import InstagramApp

RESOLVER_TARGETS = ("feed", "reels", "stories", "chats")


class ResolverScreen(IgScreen):
    """Android's chooser over Instagram's share targets (drawn by the system, package android)."""

    activity = names.RESOLVER
    overlay = True

    def __init__(self, app: InstagramApp, intent: Intent) -> None:
        super().__init__(app)
        self.intent = intent
        self.chosen: str | None = None

    def build(self, ui: Ui) -> list[Node]:
        system = "android"
        sheet = ui.node(FRAME, (0, 1300, 1080, 2400), package=system, action="sheet")
        sheet.res_id = "android:id/contentPanel"
        sheet.add(ui.node(TEXT, (40, 1330, 1040, 1410), text=ui.s("open_with"), package=system))
        for i, target in enumerate(RESOLVER_TARGETS):
            left = 20 + i * 260
            sheet.add(
                ui.node(
                    LINEAR,
                    (left, 1440, left + 240, 1700),
                    package=system,
                    action="target",
                    arg=target,
                    selected=self.chosen == target,
                    children=[
                        ui.node(IMAGE, (left + 60, 1460, left + 180, 1580), package=system),
                        ui.node(TEXT, (left, 1600, left + 240, 1680), text=ui.s(target), package=system),
                    ],
                )
            )
        sheet.add(ui.node(TEXT, (40, 1740, 1040, 1820), text=ui.s("use_different_app"), package=system))
        for key, box, rid in (
            ("always", (400, 2260, 700, 2360), "button_always"),
            ("just_once", (720, 2260, 1040, 2360), "button_once"),
        ):
            button = ui.node(
                BUTTON, box, text=ui.s(key), package=system, action=key, enabled=self.chosen is not None
            )
            button.res_id = f"android:id/{rid}"
            sheet.add(button)
        return [sheet]

    def tap(self, action: str, arg: str | None) -> None:
        if action == "target" and arg:
            self.chosen = arg
        elif action in ("just_once", "always") and self.chosen:
            if action == "always":
                self.app.data.set_flag("share_default", self.chosen)
                self.app.save()
            self.app.close(self)
            self.app.share(self.intent, self.chosen)
        elif action != "sheet":
            super().tap(action, arg)


class EditorScreen(IgScreen):
    """The reel editor (``reel``) or the feed filter screen (``feed``), both ending with Next."""

    activity = names.MODAL

    def __init__(self, app: InstagramApp, draft: Draft, mode: str) -> None:
        super().__init__(app)
        self.draft = draft
        self.mode = mode

    def opened(self) -> None:
        flag = "sharing_posts_seen" if self.mode == "feed" else ""
        if flag and knob_on(self.app.host, "not_now_prompts") and not self.app.data.flag(flag):
            self.app.data.set_flag(flag)
            self.app.save()
            self.app.push(
                Prompt(
                    self.app, "sharing_posts", "sharing_posts_title", "sharing_posts_body", (Choice("ok"),)
                )
            )

    def build(self, ui: Ui) -> list[Node]:
        nodes = [
            ui.node(IMAGE, (20, 100, 120, 200), desc=ui.s("back"), action="back"),
            ui.node(
                IMAGE,
                (0, 240, 1080, 1800),
                desc=ui.s(
                    "video_by" if self.draft.kind == "video" else "photo_by", user=self.app.data.current or ""
                ),
            ),
        ]
        if self.mode == "reel":
            nodes += [
                ui.node(TEXT, (40, 1850, 500, 1930), text=ui.s("edit_video"), action="noop"),
                ui.node(TEXT, (300, 1950, 780, 2020), text=ui.s("swipe_up_edit")),
                ui.node(
                    FRAME,
                    (800, 2220, 1060, 2340),
                    rid="clips_right_action_button",
                    desc=ui.s("next"),
                    action="next",
                    children=[ui.node(TEXT, (830, 2240, 1030, 2320), text=ui.s("next"))],
                ),
            ]
        else:
            nodes += [
                ui.node(TEXT, (160, 100, 700, 200), rid="action_bar_title", text=ui.s("new_post")),
                ui.node(
                    TEXT, (860, 100, 1060, 200), rid="next_button_textview", text=ui.s("next"), action="next"
                ),
                ui.node(TEXT, (200, 2250, 500, 2340), text=ui.s("filter"), action="noop", selected=True),
                ui.node(TEXT, (580, 2250, 880, 2340), text=ui.s("edit"), action="noop"),
            ]
            if len(self.draft.media) > 1:
                nodes.append(ui.node(TEXT, (40, 1850, 1040, 1930), text=ui.s("add_more"), action="noop"))
        return nodes

    def tap(self, action: str, arg: str | None) -> None:
        if action == "next":
            self.app.push(ShareScreen(self.app, self.draft, "reel" if self.mode == "reel" else "feed"))
        elif action != "noop":
            super().tap(action, arg)


class ShareScreen(IgScreen):
    activity = names.MODAL

    def __init__(self, app: InstagramApp, draft: Draft, placement: str) -> None:
        super().__init__(app)
        self.draft = draft
        self.placement = placement
        self.caption = ""
        self.opened_at = app.host.now()
        self.facebook = False

    def share_enabled(self) -> bool:
        wait = knob_float(self.app.host, "share_disabled_seconds", 0.0)
        return self.app.host.now() - self.opened_at >= wait

    def build(self, ui: Ui) -> list[Node]:
        reel = self.placement == "reel"
        caption = ui.node(
            EDIT,
            (280, 240, 1040, 520),
            rid="caption_input_text_view",
            text=self.caption or ui.s("caption_hint"),
            hint=ui.s("caption_hint"),
            action="caption",
            focusable=True,
        )
        nodes = [
            ui.node(IMAGE, (20, 100, 120, 200), desc=ui.s("back"), action="back"),
            ui.node(
                TEXT,
                (160, 100, 800, 200),
                rid="action_bar_title",
                text=ui.s("new_reel" if reel else "new_post"),
            ),
            ui.node(IMAGE, (40, 240, 250, 520), desc=ui.s("edit_cover") if reel else ""),
            caption,
        ]
        rows = ["edit_cover", "hashtags", "poll", "link_reel"] if reel else ["hashtags", "poll"]
        rows += ["add_location", "tag_people"]
        for i, key in enumerate(rows):
            top = 560 + i * 120
            nodes.append(ui.node(TEXT, (40, top, 1040, top + 110), text=ui.s(key), action="noop"))
        top = 560 + len(rows) * 120
        nodes.append(
            ui.node(
                LINEAR,
                (40, top, 1040, top + 110),
                children=[
                    ui.node(TEXT, (40, top, 820, top + 110), text=ui.s("also_share")),
                    ui.node(
                        SWITCH,
                        (880, top + 20, 1020, top + 90),
                        action="facebook",
                        checkable=True,
                        checked=self.facebook,
                    ),
                ],
            )
        )
        footer = ui.node(FRAME, (0, 2220, 1080, 2360), rid="share_button_container")
        footer.add(
            ui.node(
                BUTTON,
                (40, 2230, 520, 2350),
                rid="save_draft_button",
                text=ui.s("save_draft"),
                action="draft",
            ),
            ui.node(
                BUTTON,
                (560, 2230, 1040, 2350),
                rid="share_button",
                text=ui.s("share"),
                desc=ui.s("share"),
                action="share",
                enabled=self.share_enabled(),
            ),
        )
        nodes.append(footer)
        return nodes

    def tap(self, action: str, arg: str | None) -> None:
        if action == "caption":
            self.app.push(CaptionEditor(self.app, self))
        elif action == "facebook":
            self.facebook = not self.facebook
        elif action == "draft":
            self.app.save_draft(self.draft, self.caption, self.placement)
        elif action == "share":
            self._share()
        elif action != "noop":
            super().tap(action, arg)

    def _share(self) -> None:
        if not self.share_enabled() or not self.app.gate("post"):
            return
        if (
            self.placement == "reel"
            and knob_on(self.app.host, "not_now_prompts")
            and not self.app.data.flag("about_reels_seen")
        ):
            self.app.data.set_flag("about_reels_seen")
            self.app.save()
            self.app.push(
                Prompt(
                    self.app,
                    "about_reels",
                    "about_reels_title",
                    "about_reels_body",
                    (Choice("share", self._publish),),
                )
            )
            return
        self._publish()

    def _publish(self) -> None:
        self.app.publish(self.draft, self.caption, self.placement)


class CaptionEditor(IgScreen):
    """The full-screen caption editor; OK brings the text back to the share screen."""

    activity = names.MODAL

    def __init__(self, app: InstagramApp, share: ShareScreen) -> None:
        super().__init__(app)
        self.share = share
        self.fields["caption"] = TextField(share.caption)  # a draft caption is restored
        self.focus = "caption"

    def build(self, ui: Ui) -> list[Node]:
        return [
            ui.node(IMAGE, (20, 100, 120, 200), desc=ui.s("back"), action="back"),
            ui.node(TEXT, (160, 100, 700, 200), rid="action_bar_title", text=ui.s("caption")),
            ui.node(
                TEXT,
                (860, 100, 1060, 200),
                rid="action_bar_button_text",
                text=ui.s("ok"),
                desc=ui.s("ok"),
                action="ok",
            ),
            ui.field(
                self,
                "caption",
                (40, 240, 1040, 900),
                rid="caption_input_text_view",
                hint=ui.s("caption_hint"),
            ),
        ]

    def tap(self, action: str, arg: str | None) -> None:
        if action == "ok":
            self.share.caption = self.value("caption")
            self.app.close(self)
        else:
            super().tap(action, arg)

    def back(self) -> bool:
        self.share.caption = self.value("caption")
        self.app.close(self)
        return True


class StoryComposer(IgScreen):
    activity = names.MODAL

    def __init__(self, app: InstagramApp, draft: Draft) -> None:
        super().__init__(app)
        self.draft = draft

    def opened(self) -> None:
        if knob_on(self.app.host, "not_now_prompts") and not self.app.data.flag("story_prompt_seen"):
            self.app.data.set_flag("story_prompt_seen")
            self.app.save()
            self.app.push(
                Prompt(self.app, "story_prompt", "story_prompt_title", "story_prompt_body", (Choice("ok"),))
            )

    def build(self, ui: Ui) -> list[Node]:
        return [
            ui.node(IMAGE, (0, 80, 1080, 2180), desc=ui.s("photo_by", user=self.app.data.current or "")),
            ui.node(IMAGE, (20, 100, 120, 200), desc=ui.s("close"), action="back"),
            ui.node(IMAGE, (700, 100, 800, 200), rid="add_text_button", desc=ui.s("text"), action="noop"),
            ui.node(IMAGE, (820, 100, 920, 200), rid="music_button", desc=ui.s("music"), action="noop"),
            ui.node(IMAGE, (940, 100, 1040, 200), desc=ui.s("stickers"), action="noop"),
            ui.node(BUTTON, (20, 2200, 400, 2330), text=ui.s("your_story"), action="your_story"),
            ui.node(BUTTON, (420, 2200, 740, 2330), text=ui.s("close_friends"), action="close_friends"),
            ui.node(
                FRAME,
                (760, 2200, 1060, 2330),
                desc=ui.s("share_to"),
                action="share_to",
                children=[ui.node(TEXT, (780, 2230, 1000, 2300), text=ui.s("share_to"))],
            ),
        ]

    def tap(self, action: str, arg: str | None) -> None:
        if action in ("your_story", "close_friends"):
            if self.app.gate("post"):
                self.app.publish(self.draft, "", "story")
        elif action == "share_to":
            self.app.push(SharingOptions(self.app, self.draft))
        elif action != "noop":
            super().tap(action, arg)


class SharingOptions(IgScreen, Sheet):
    """ "Share to": a sheet with "Your story" and a wide Share, then "Also share to" + Done."""

    def __init__(self, app: InstagramApp, draft: Draft) -> None:
        super().__init__(app)
        self.draft = draft
        self.step = "options"

    def build(self, ui: Ui) -> list[Node]:
        sheet = self.panel(ui, 1500)
        if self.step == "options":
            sheet.add(
                ui.node(TEXT, (40, 1530, 1040, 1610), text=ui.s("sharing_options")),
                ui.node(TEXT, (40, 1650, 1040, 1760), text=ui.s("your_story"), selected=True, action="sheet"),
                ui.node(BUTTON, (40, 2220, 1040, 2340), text=ui.s("share"), action="share"),
            )
        else:
            sheet.add(
                ui.node(TEXT, (40, 1530, 1040, 1610), text=ui.s("also_share_to")),
                ui.node(BUTTON, (40, 2220, 1040, 2340), text=ui.s("done"), action="done"),
            )
        return [sheet]

    def tap(self, action: str, arg: str | None) -> None:
        if action == "share":
            self.step = "also"
        elif action == "done":
            self.app.close(self)
            if self.app.gate("post"):
                self.app.publish(self.draft, "", "story")
        else:
            super().tap(action, arg)


class DirectShareScreen(IgScreen):
    """The Chats target: a "Send to" list; nothing a script posts through."""

    activity = names.SHARE_DIRECT

    def build(self, ui: Ui) -> list[Node]:
        return [
            ui.node(IMAGE, (20, 100, 120, 200), desc=ui.s("back"), action="back"),
            ui.node(TEXT, (160, 100, 800, 200), text=ui.s("send_to")),
            ui.field(self, "query", (40, 240, 1040, 340), hint=ui.s("search")),
        ]
