"""Instagram search and explore: the search box, the result tabs and the account rows
(notes 4.4 G1, 6.4.9)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from farmhand.virtual.apps.instagram.base import TAB_TOP, TabRoot, tab_bar
from farmhand.virtual.apps.instagram.posts import IgPost, code_for, post_for
from farmhand.virtual.apps.kit.layouts import tab_row, tile_grid
from farmhand.virtual.apps.kit.people import person, search_users, stable_int
from farmhand.virtual.apps.kit.screenkit import FRAME, IMAGE, TEXT, Ui
from farmhand.virtual.ui import Node

if TYPE_CHECKING:
    from farmhand.virtual.apps.instagram.app import InstagramApp

TABS = ("for_you", "accounts", "audio", "tags", "places")


def explore_posts(query: str, count: int = 12) -> list[IgPost]:
    """What explore (no query) or a search shows: the same posts for the same words."""
    return [
        post_for(code_for(stable_int("explore", query.lower(), str(i))), reel=i % 3 == 0)
        for i in range(count)
    ]


class SearchScreen(TabRoot):
    tab = "search"

    def __init__(self, app: InstagramApp) -> None:
        super().__init__(app)
        self.result_tab = "for_you"

    def build(self, ui: Ui) -> list[Node]:
        hint = ui.s("search" if self.app.id_profile == "ig-300" else "search_meta")
        nodes = [ui.field(self, "query", (40, 100, 1040, 200), rid="action_bar_search_edit_text", hint=hint)]
        query = self.value("query").strip()
        if not query:
            nodes += tile_grid(ui, [""] * 9, 240, "explore")
        else:
            nodes += tab_row(ui, TABS, self.result_tab, top=220, bottom=300, width=216, action="result_tab")
            users = search_users(query)[: 2 if self.result_tab == "for_you" else 6]
            if self.result_tab in ("for_you", "accounts"):
                for i, name in enumerate(users):
                    top = 320 + i * 170
                    nodes.append(
                        ui.node(
                            FRAME,
                            (0, top, 1080, top + 160),
                            rid="row_search_user_container",
                            action="user",
                            arg=name,
                            children=[
                                ui.node(IMAGE, (30, top + 20, 150, top + 140)),
                                ui.node(
                                    TEXT,
                                    (180, top + 20, 1040, top + 80),
                                    rid="row_search_user_username",
                                    text=name,
                                ),
                                ui.node(
                                    TEXT,
                                    (180, top + 85, 1040, top + 140),
                                    rid="row_search_user_fullname",
                                    text=person(name).display_name,
                                ),
                            ],
                        )
                    )
            if self.result_tab == "for_you":
                nodes += self._tiles(ui, explore_posts(query), 320 + len(users) * 170)
        nodes.append(tab_bar(ui, self.app, "search"))
        return nodes

    def _tiles(self, ui: Ui, posts: list[IgPost], top: int) -> list[Node]:
        """A grid of posts, three a row, as far as the screen goes."""
        descs = [
            ui.s(
                "reel_by" if post.reel else "video_by" if post.media == "video" else "photo_by",
                user=post.author,
            )
            for post in posts
        ]
        return tile_grid(ui, descs, top, "explore", rid="image_button", bottom=TAB_TOP)

    def tap(self, action: str, arg: str | None) -> None:
        if action == "user" and arg:
            self.app.open_profile(arg)
        elif action == "result_tab" and arg:
            self.result_tab = arg
        elif action == "explore" and arg is not None:
            posts = explore_posts(self.value("query").strip())
            self.app.open_posts(posts, int(arg))
        else:
            super().tap(action, arg)

    def key(self, keycode: int) -> bool:
        if keycode == 66:  # ENTER: the results stay, the keyboard goes
            self.focus = None
            return True
        return False

    def edited(self, name: str) -> None:
        self.result_tab = "for_you"
