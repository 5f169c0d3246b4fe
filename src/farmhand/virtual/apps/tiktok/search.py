"""TikTok search: the query box, suggestions while typing, and the result tabs Top, Users,
Videos, Sounds, LIVE and Hashtags (notes 2.1 F1', 1.4 U1, 6.2.2)."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from farmhand.virtual.apps.kit.layouts import tab_row
from farmhand.virtual.apps.kit.people import (
    Clip,
    count_text,
    feed_clip,
    person,
    search_sounds,
    search_users,
    stable_int,
)
from farmhand.virtual.apps.kit.screenkit import BUTTON, FRAME, IMAGE, TEXT, Ui
from farmhand.virtual.apps.tiktok import activities
from farmhand.virtual.apps.tiktok.base import TikTokScreen
from farmhand.virtual.ui import Node

if TYPE_CHECKING:
    from farmhand.virtual.apps.tiktok.app import TikTokApp

TABS = ("top", "users", "videos", "sounds", "live", "hashtags_tab")
CONTENT_TOP = 340


def search_clips(query: str, count: int = 12) -> list[Clip]:
    """The videos a query finds: the same list for the same query."""
    rng = random.Random(stable_int("search", query.strip().lower()))
    return [feed_clip(rng, topic=query.strip().replace(" ", "") or None, plain=True) for _ in range(count)]


class SearchScreen(TikTokScreen):
    activity = activities.SEARCH

    def __init__(self, app: TikTokApp) -> None:
        super().__init__(app)
        self.focus = "query"
        self.submitted: str | None = None
        self.tab = "top"

    def build(self, ui: Ui) -> list[Node]:
        nodes = [
            ui.node(IMAGE, (30, 100, 130, 200), desc=ui.s("back"), action="back"),
            ui.field(self, "query", (150, 100, 840, 200), rid="search_input", hint=ui.s("search")),
            ui.node(TEXT, (860, 100, 1040, 200), rid="search_go", text=ui.s("search"), action="go"),
        ]
        query = self.value("query").strip()
        if self.submitted is None:
            if query:
                for i, text in enumerate((query, f"{query} dance", f"{query} tutorial", f"{query} 2026")):
                    top = 240 + i * 110
                    nodes.append(
                        ui.node(TEXT, (40, top, 1040, top + 100), text=text, action="suggest", arg=text)
                    )
            return nodes
        nodes += tab_row(ui, TABS, self.tab, top=230, bottom=310, width=180)
        nodes.extend(self._content(ui, self.submitted))
        return nodes

    def _content(self, ui: Ui, query: str) -> list[Node]:
        if self.tab == "users":
            return [
                self._user_row(ui, name, CONTENT_TOP + i * 190) for i, name in enumerate(search_users(query))
            ]
        if self.tab == "videos":
            return self._tiles(ui, search_clips(query), CONTENT_TOP)
        if self.tab == "sounds":
            rows = []
            for i, sound in enumerate(search_sounds(query)):
                top = CONTENT_TOP + i * 170
                rows.append(
                    ui.node(
                        FRAME,
                        (0, top, 1080, top + 160),
                        action="sound",
                        arg=str(i),
                        children=[
                            ui.node(TEXT, (180, top + 10, 1040, top + 70), text=sound.title),
                            ui.node(TEXT, (180, top + 80, 1040, top + 140), text=sound.artist),
                        ],
                    )
                )
            return rows
        if self.tab == "hashtags_tab":
            tag = "#" + query.replace(" ", "")
            views = count_text(stable_int("tag", tag) % 900_000_000)
            return [
                ui.node(
                    FRAME,
                    (0, CONTENT_TOP, 1080, CONTENT_TOP + 160),
                    action="tab",
                    arg="videos",
                    children=[
                        ui.node(TEXT, (180, CONTENT_TOP + 10, 1040, CONTENT_TOP + 70), text=tag),
                        ui.node(
                            TEXT,
                            (180, CONTENT_TOP + 80, 1040, CONTENT_TOP + 140),
                            text=ui.s("views", n=views),
                        ),
                    ],
                )
            ]
        if self.tab == "live":
            return [
                ui.node(TEXT, (40, CONTENT_TOP, 1040, CONTENT_TOP + 100), text=ui.s("live"), action="live")
            ]
        users = search_users(query)[:2]
        nodes = [self._user_row(ui, name, CONTENT_TOP + i * 190) for i, name in enumerate(users)]
        return nodes + self._tiles(ui, search_clips(query)[:4], CONTENT_TOP + 2 * 190)

    def _user_row(self, ui: Ui, name: str, top: int) -> Node:
        p = person(name)
        return ui.node(
            FRAME,
            (0, top, 1080, top + 180),
            rid="search_user_row",
            action="user",
            arg=name,
            children=[
                ui.node(IMAGE, (40, top + 30, 160, top + 150)),
                ui.node(TEXT, (190, top + 20, 760, top + 80), rid="search_username", text=name),
                ui.node(TEXT, (190, top + 80, 760, top + 130), text=p.display_name),
                ui.node(
                    TEXT,
                    (190, top + 130, 760, top + 175),
                    text=ui.s("n_followers", n=count_text(p.followers)),
                ),
                ui.node(
                    BUTTON,
                    (780, top + 45, 1040, top + 135),
                    rid="search_follow",
                    text=ui.s(self.app.follow_state(name)),
                    action="row_follow",
                    arg=name,
                ),
            ],
        )

    def _tiles(self, ui: Ui, clips: list[Clip], top: int) -> list[Node]:
        nodes = []
        for i, clip in enumerate(clips[:6]):
            left = (i % 2) * 540
            y = top + (i // 2) * 620
            if y + 600 > 2400:
                break
            nodes.append(
                ui.node(
                    FRAME,
                    (left + 6, y, left + 534, y + 600),
                    desc=clip.caption,
                    action="video",
                    arg=str(i),
                    children=[
                        ui.node(TEXT, (left + 20, y + 470, left + 520, y + 540), text=clip.caption),
                        ui.node(TEXT, (left + 20, y + 540, left + 520, y + 590), text=f"@{clip.author}"),
                    ],
                )
            )
        return nodes

    def tap(self, action: str, arg: str | None) -> None:
        if action == "go":
            self._submit()
        elif action == "suggest" and arg:
            self.fields["query"].value = arg
            self._submit()
        elif action == "tab" and arg:
            self.tab = arg
        elif action == "user" and arg:
            self.app.open_profile(arg)
        elif action == "row_follow" and arg:
            self.app.follow_button(arg)
        elif action == "video" and arg is not None and self.submitted is not None:
            self.app.open_video(search_clips(self.submitted), int(arg))
        elif action == "sound" and arg is not None and self.submitted is not None:
            self.app.open_sound(search_sounds(self.submitted)[int(arg)])
        elif action == "live":
            self.app.open_live(None)
        else:
            super().tap(action, arg)

    def key(self, keycode: int) -> bool:
        if keycode == 66:  # ENTER on the keyboard searches
            self._submit()
            return True
        return False

    def edited(self, name: str) -> None:
        self.submitted = None

    def _submit(self) -> None:
        query = self.value("query").strip()
        if query:
            self.submitted = query
            self.tab = "top"
            self.focus = None
