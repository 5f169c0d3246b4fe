"""TikTok's tab roots: Home with the For You feed and the upload badge, Friends, Inbox; the
bottom navigation they share; the home pop-ups of a cold start (notes 1.2 1a, 2.3, 6.1.1)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from farmhand.virtual.apps.kit import tabs
from farmhand.virtual.apps.kit.people import Clip, feed_clip
from farmhand.virtual.apps.kit.prompts import Choice, Prompt
from farmhand.virtual.apps.kit.screenkit import BUTTON, FRAME, IMAGE, TEXT, Ui
from farmhand.virtual.apps.tiktok import activities
from farmhand.virtual.apps.tiktok.base import TikTokScreen
from farmhand.virtual.apps.tiktok.video import ClipPlayer, clip_nodes
from farmhand.virtual.ui import Node

if TYPE_CHECKING:
    from farmhand.virtual.apps.tiktok.app import TikTokApp

NAV_TABS = (
    ("home", "nav_home"),
    ("friends", "nav_friends"),
    ("create", "nav_create"),
    ("inbox", "nav_inbox"),
    ("profile", "nav_profile"),
)


def nav_bar(ui: Ui, selected: str) -> Node:
    bar = ui.node(FRAME, (0, 2200, 1080, 2400), rid="nav_bar")
    for index, (name, rid) in enumerate(NAV_TABS):
        left = index * 216
        tab = ui.node(
            FRAME,
            (left, 2200, left + 216, 2400),
            rid=rid,
            desc=ui.s(name),
            action="tab",
            arg=name,
            selected=name == selected,
        )
        if name == "create":
            tab.add(ui.node(IMAGE, (left + 48, 2240, left + 168, 2330)))
        else:
            tab.add(
                ui.node(IMAGE, (left + 68, 2220, left + 148, 2290)),
                ui.node(TEXT, (left + 8, 2300, left + 208, 2350), text=ui.s(name)),
            )
        bar.add(tab)
    return bar


class TabRoot(TikTokScreen, tabs.TabRoot):
    """A screen reached from the bottom navigation."""


class HomeScreen(ClipPlayer, TabRoot):
    activity = activities.MAIN
    tab = "home"

    def __init__(self, app: TikTokApp) -> None:
        if not app.feed:
            app.feed.extend(feed_clip(app.host.rng, plain=i == 0) for i in range(3))
        super().__init__(app, app.feed, app.feed_index)
        self.top_tab = "for_you"

    def more(self) -> Clip:
        return feed_clip(self.app.host.rng)

    def swipe(self, x1: float, y1: float, x2: float, y2: float) -> None:
        super().swipe(x1, y1, x2, y2)
        self.app.feed_index = self.index

    def build(self, ui: Ui) -> list[Node]:
        nodes = clip_nodes(ui, self.app, self.item, self.page_top, self.page_bottom)
        nodes.append(ui.node(IMAGE, (40, 110, 140, 200), desc=ui.s("live"), action="live_tab"))
        for key, (left, right) in (
            ("explore", (190, 390)),
            ("following_tab", (390, 630)),
            ("for_you", (630, 850)),
        ):
            nodes.append(
                ui.node(
                    TEXT,
                    (left, 110, right, 200),
                    text=ui.s(key),
                    action="top_tab",
                    arg=key,
                    selected=key == self.top_tab,
                )
            )
        nodes.append(
            ui.node(IMAGE, (940, 110, 1040, 200), rid="home_search", desc=ui.s("search"), action="search")
        )
        nodes.extend(self._upload_nodes(ui))
        nodes.append(nav_bar(ui, "home"))
        return nodes

    def _upload_nodes(self, ui: Ui) -> list[Node]:
        now = self.app.host.now()
        for upload in self.app.uploads:
            if upload.failed:
                return [
                    ui.node(
                        FRAME,
                        (40, 210, 1040, 340),
                        children=[
                            ui.node(TEXT, (70, 230, 700, 320), text=ui.s("upload_failed")),
                            ui.node(BUTTON, (720, 230, 900, 320), text=ui.s("retry"), action="upload_retry"),
                            ui.node(
                                IMAGE, (920, 240, 1010, 310), desc=ui.s("close"), action="upload_dismiss"
                            ),
                        ],
                    )
                ]
            return [ui.node(TEXT, (40, 220, 150, 280), rid="upload_badge", text=f"{upload.percent(now)}%")]
        return []

    def tap(self, action: str, arg: str | None) -> None:
        if action == "search":
            self.app.open_search()
        elif action == "top_tab" and arg:
            self.top_tab = arg
        elif action == "live_tab":
            self.app.open_live(None)
        elif action == "upload_retry":
            self.app.retry_upload()
        elif action == "upload_dismiss":
            self.app.discard_failed_upload()
        elif action == "tab" and arg:
            TabRoot.tap(self, action, arg)
        else:
            ClipPlayer.tap(self, action, arg)

    def back(self) -> bool:
        return TabRoot.back(self)


class FriendsScreen(TabRoot):
    activity = activities.MAIN
    tab = "friends"

    def build(self, ui: Ui) -> list[Node]:
        return [
            ui.node(TEXT, (40, 110, 1040, 200), text=ui.s("friends")),
            ui.node(TEXT, (140, 1100, 940, 1180), text=ui.s("friends_empty")),
            nav_bar(ui, "friends"),
        ]


class InboxScreen(TabRoot):
    activity = activities.MAIN
    tab = "inbox"

    def build(self, ui: Ui) -> list[Node]:
        return [
            ui.node(TEXT, (40, 110, 1040, 200), text=ui.s("inbox")),
            ui.node(TEXT, (40, 260, 1040, 340), text=ui.s("inbox_title")),
            nav_bar(ui, "inbox"),
        ]


class LiveScreen(TikTokScreen):
    """A LIVE room, left with Close or BACK."""

    activity = activities.LIVE

    def __init__(self, app: TikTokApp, clip: Clip) -> None:
        super().__init__(app)
        self.clip = clip

    def build(self, ui: Ui) -> list[Node]:
        return [
            ui.node(TEXT, (40, 110, 180, 170), text=ui.s("live")),
            ui.node(TEXT, (200, 110, 800, 170), text=f"@{self.clip.author}"),
            ui.node(IMAGE, (960, 100, 1040, 180), desc=ui.s("close"), action="close"),
        ]


HOME_PROMPTS = ("gdpr", "friends", "collections", "email", "promo")


def home_prompt(app: TikTokApp, kind: str) -> Prompt:
    """One of the notices TikTok shows over Home after a cold start (notes 1.2 1a)."""
    if kind == "gdpr":
        return Prompt(app, kind, "gdpr_title", "gdpr_body", (Choice("got_it"),))
    if kind == "friends":
        return Prompt(app, kind, "friends_title", "friends_body", (Choice("close", icon=True),))
    if kind == "collections":
        return Prompt(app, kind, "collections_title", "collections_body", (Choice("not_now"),), sheet=True)
    if kind == "email":
        return Prompt(app, kind, "email_title", "email_body", (Choice("not_now"),), sheet=True)
    return Prompt(app, kind, "promo_title", "", (Choice("close", icon=True, rid="promo_close"),))
