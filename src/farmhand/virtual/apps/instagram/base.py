"""The base of every Instagram screen, and the tab bar the tab roots share."""

from __future__ import annotations

from typing import TYPE_CHECKING

from farmhand.virtual.apps.kit import tabs
from farmhand.virtual.apps.kit.screenkit import FRAME, IMAGE, Screen, Ui
from farmhand.virtual.ui import Node

if TYPE_CHECKING:
    from farmhand.virtual.apps.instagram.app import InstagramApp

TAB_TOP = 2250
TABS_410 = (
    ("home", "feed_tab", "home"),
    ("search", "search_tab", "search_tab"),
    ("reels", "clips_tab", "reels"),
    ("profile", "profile_tab", "profile"),
)
TABS_300 = (
    ("home", "feed_tab", "home"),
    ("search", "search_tab", "search_tab"),
    ("create", "creation_tab", "create"),
    ("reels", "clips_tab", "reels"),
    ("profile", "profile_tab", "profile"),
)


class IgScreen(Screen):
    app: InstagramApp

    def __init__(self, app: InstagramApp) -> None:
        super().__init__(app)


def tab_bar(ui: Ui, app: InstagramApp, selected: str) -> Node:
    tabs = TABS_300 if app.id_profile == "ig-300" else TABS_410
    width = 1080 // len(tabs)
    bar = ui.node(FRAME, (0, TAB_TOP, 1080, 2400), rid="tab_bar")
    for i, (name, rid, label) in enumerate(tabs):
        left = i * width
        bar.add(
            ui.node(
                FRAME,
                (left, TAB_TOP, left + width, 2400),
                rid=rid,
                desc=ui.s(label),
                action="tab",
                arg=name,
                selected=name == selected,
                children=[
                    ui.node(
                        IMAGE, (left + width // 2 - 45, TAB_TOP + 30, left + width // 2 + 45, TAB_TOP + 120)
                    )
                ],
            )
        )
    return bar


class TabRoot(IgScreen, tabs.TabRoot):
    activity = "com.instagram.mainactivity.MainActivity"
