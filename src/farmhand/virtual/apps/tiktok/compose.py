"""TikTok's post screen: the caption that receives typed text, the hashtag and mention
suggestions that cover Post until one is tapped, the settings rows, Drafts, Post and the
publish confirmation (notes 1.2 steps 7-9, 1.3 C3, 6.1.6-7)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from farmhand.virtual.apps.kit.draft import Draft
from farmhand.virtual.apps.kit.people import count_text, stable_int
from farmhand.virtual.apps.kit.prompts import Choice, Prompt
from farmhand.virtual.apps.kit.screenkit import BUTTON, FRAME, IMAGE, LINEAR, SWITCH, TEXT, Ui, knob_on
from farmhand.virtual.apps.kit.sheet import Sheet
from farmhand.virtual.apps.tiktok import activities
from farmhand.virtual.apps.tiktok.base import TikTokScreen
from farmhand.virtual.ui import Node

if TYPE_CHECKING:
    from farmhand.virtual.apps.tiktok.app import TikTokApp

# A hashtag or mention being typed: "#" or "@" then word characters, at the end of the text.
TOKEN_AT_END = re.compile(r"(?:^|(?<=\s))([#@])(\w+)$")
HASHTAG_SUFFIXES = ("", "challenge", "tiktok", "fyp", "trend")
MENTION_SUFFIXES = ("", "_official", ".fan", "tv")
VISIBILITY_LABELS = {
    "everyone": "visibility_everyone",
    "friends": "visibility_friends",
    "only_you": "visibility_only_you",
}
PANEL_TOP = 1400


def suggestions(text: str) -> list[str]:
    """The rows TikTok offers while a hashtag or mention is being typed."""
    match = TOKEN_AT_END.search(text)
    if match is None:
        return []
    sign, word = match.groups()
    suffixes = HASHTAG_SUFFIXES if sign == "#" else MENTION_SUFFIXES
    return [f"{sign}{word}{suffix}" for suffix in suffixes]


class ComposeScreen(TikTokScreen):
    activity = activities.PUBLISH

    def __init__(self, app: TikTokApp, draft: Draft) -> None:
        super().__init__(app)
        self.draft = draft
        self.visibility = "everyone"
        self.allow_comments = True
        self.save_to_device = False

    @property
    def has_title(self) -> bool:
        return self.draft.kind == "images" and self.app.id_profile != "tiktok-35"

    def rows(self) -> list[str]:
        return suggestions(self.value("caption")) if self.focus == "caption" else []

    def build(self, ui: Ui) -> list[Node]:
        hint = ui.s("hint_v35" if self.app.id_profile == "tiktok-35" else "hint_v43")
        caption_top = 240
        nodes = [ui.node(IMAGE, (30, 100, 130, 200), desc=ui.s("back"), action="back")]
        if self.has_title:
            nodes.append(
                ui.field(self, "title", (40, 240, 760, 340), rid="post_title", hint=ui.s("title_hint"))
            )
            caption_top = 360
        nodes += [
            ui.field(self, "caption", (40, caption_top, 760, 700), rid="post_caption", hint=hint),
            ui.node(
                FRAME,
                (800, 240, 1040, 700),
                children=[
                    ui.node(IMAGE, (800, 240, 1040, 620)),
                    ui.node(
                        TEXT, (800, 620, 1040, 700), rid="post_cover", text=ui.s("edit_cover"), action="noop"
                    ),
                ],
            ),
            ui.node(
                TEXT,
                (40, 720, 300, 800),
                rid="post_hashtags",
                text=ui.s("hashtags"),
                action="insert",
                arg="#",
            ),
            ui.node(
                TEXT, (320, 720, 580, 800), rid="post_mention", text=ui.s("mention"), action="insert", arg="@"
            ),
            self._row(ui, 860, ui.s("location"), "noop", rid="post_location"),
            self._row(ui, 980, ui.s(VISIBILITY_LABELS[self.visibility]), "visibility"),
            ui.node(
                LINEAR,
                (40, 1100, 1040, 1200),
                children=[
                    ui.node(TEXT, (40, 1100, 800, 1200), text=ui.s("allow_comments")),
                    ui.node(
                        SWITCH,
                        (880, 1120, 1020, 1180),
                        action="comments_switch",
                        checkable=True,
                        checked=self.allow_comments,
                    ),
                ],
            ),
            self._row(ui, 1220, ui.s("more_options"), "more"),
            ui.node(
                BUTTON,
                (40, 2220, 520, 2340),
                rid="post_drafts",
                text=ui.s("drafts"),
                desc=ui.s("save_draft"),
                action="draft",
            ),
            ui.node(
                BUTTON,
                (560, 2220, 1040, 2340),
                rid="post_button",
                text=ui.s("post"),
                desc=ui.s("post"),
                action="post",
            ),
        ]
        rows = self.rows()
        if rows:
            panel = ui.node(FRAME, (0, PANEL_TOP, 1080, 2400), action="panel")
            for i, row in enumerate(rows):
                top = PANEL_TOP + 20 + i * 110
                views = count_text(stable_int("tag", row) % 900_000_000)
                panel.add(
                    ui.node(
                        TEXT,
                        (40, top, 1040, top + 100),
                        text=row,
                        action="suggestion",
                        arg=row,
                        children=[ui.node(TEXT, (700, top + 20, 1020, top + 80), text=ui.s("views", n=views))]
                        if row.startswith("#")
                        else [],
                    )
                )
            nodes.append(panel)
        return nodes

    def _row(self, ui: Ui, top: int, text: str, action: str, rid: str | None = None) -> Node:
        return ui.node(TEXT, (40, top, 1040, top + 100), rid=rid, text=text, action=action)

    def tap(self, action: str, arg: str | None) -> None:
        if action == "suggestion" and arg:
            self._complete(arg)
        elif action == "insert" and arg:
            self.focus = "caption"
            value = self.value("caption")
            self.fields["caption"].value = value + ("" if not value or value.endswith(" ") else " ") + arg
        elif action == "visibility":
            self.app.push(VisibilitySheet(self.app, self))
        elif action == "comments_switch":
            self.allow_comments = not self.allow_comments
        elif action == "more":
            self.app.push(MoreOptionsSheet(self.app, self))
        elif action == "draft":
            self.app.save_draft(self.draft, self.value("caption"))
        elif action == "post":
            self._post()
        elif action in ("noop", "panel"):
            pass
        else:
            if action == "focus" and self.focus == arg:
                return
            super().tap(action, arg)

    def _complete(self, row: str) -> None:
        value = self.value("caption")
        match = TOKEN_AT_END.search(value)
        start = match.start(1) if match else len(value)
        self.fields["caption"].value = value[:start] + row + " "

    def _post(self) -> None:
        if not self.app.gate("post"):
            return
        if knob_on(self.app.host, "publish_confirm"):
            old = self.app.id_profile == "tiktok-35"  # the older wording, as older builds show it
            self.app.push(
                Prompt(
                    self.app,
                    "publish_confirm",
                    "publish_title_old" if old else "publish_title",
                    "publish_body",
                    (Choice("post_now" if old else "publish_now", self._publish), Choice("cancel")),
                )
            )
            return
        self._publish()

    def _publish(self) -> None:
        self.app.publish(
            self.draft,
            caption=self.value("caption"),
            title=self.value("title") if self.has_title else "",
            placement="feed",
            visibility=self.visibility,
            allow_comments=self.allow_comments,
            save_to_device=self.save_to_device,
        )


class VisibilitySheet(TikTokScreen, Sheet):
    def __init__(self, app: TikTokApp, compose: ComposeScreen) -> None:
        super().__init__(app)
        self.compose = compose

    def build(self, ui: Ui) -> list[Node]:
        sheet = self.panel(ui, 1700)
        for i, (key, label) in enumerate(
            (("everyone", "everyone"), ("friends", "friends"), ("only_you", "only_you"))
        ):
            top = 1760 + i * 180
            sheet.add(
                ui.node(
                    TEXT,
                    (40, top, 1040, top + 150),
                    text=ui.s(label),
                    action="pick",
                    arg=key,
                    selected=self.compose.visibility == key,
                )
            )
        return [sheet]

    def tap(self, action: str, arg: str | None) -> None:
        if action == "pick" and arg:
            self.compose.visibility = arg
            self.app.close(self)
        else:
            super().tap(action, arg)


class MoreOptionsSheet(TikTokScreen, Sheet):
    def __init__(self, app: TikTokApp, compose: ComposeScreen) -> None:
        super().__init__(app)
        self.compose = compose

    def build(self, ui: Ui) -> list[Node]:
        return [
            self.panel(
                ui,
                1900,
                children=[
                    ui.node(TEXT, (40, 1940, 800, 2040), text=ui.s("save_to_device")),
                    ui.node(
                        SWITCH,
                        (880, 1960, 1020, 2020),
                        action="toggle",
                        checkable=True,
                        checked=self.compose.save_to_device,
                    ),
                    ui.node(TEXT, (860, 2280, 1040, 2360), text=ui.s("done"), action="close"),
                ],
            )
        ]

    def tap(self, action: str, arg: str | None) -> None:
        if action == "toggle":
            self.compose.save_to_device = not self.compose.save_to_device
        else:
            super().tap(action, arg)
