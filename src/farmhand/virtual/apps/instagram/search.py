"""Instagram search and explore: the search box, the result tabs and the account rows
(notes 4.4 G1, 6.4.9)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from farmhand.virtual.apps.instagram.base import TabRoot, tab_bar
from farmhand.virtual.apps.instagram.posts import code_for, post_for
from farmhand.virtual.apps.tiktok.people import person, search_users, stable_int
from farmhand.virtual.apps.tiktok.screenkit import FRAME, IMAGE, TEXT, Ui
from farmhand.virtual.ui import Node

if TYPE_CHECKING:
    from farmhand.virtual.apps.instagram.app import InstagramApp

TABS = ("for_you", "accounts", "audio", "tags", "places")


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
            for i in range(9):
                left, top = (i % 3) * 360, 240 + (i // 3) * 420
                nodes.append(
                    ui.node(IMAGE, (left + 3, top, left + 357, top + 410), action="explore", arg=str(i))
                )
        else:
            for i, key in enumerate(TABS):
                left = i * 216
                nodes.append(
                    ui.node(
                        TEXT,
                        (left, 220, left + 216, 300),
                        text=ui.s(key),
                        action="result_tab",
                        arg=key,
                        selected=key == self.result_tab,
                    )
                )
            if self.result_tab in ("for_you", "accounts"):
                for i, name in enumerate(search_users(query)):
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
        nodes.append(tab_bar(ui, self.app, "search"))
        return nodes

    def tap(self, action: str, arg: str | None) -> None:
        if action == "user" and arg:
            self.app.open_profile(arg)
        elif action == "result_tab" and arg:
            self.result_tab = arg
        elif action == "explore" and arg is not None:
            self.app.open_post(post_for(code_for(stable_int("explore", arg))))
        else:
            super().tap(action, arg)

    def key(self, keycode: int) -> bool:
        if keycode == 66:  # ENTER: the results stay, the keyboard goes
            self.focus = None
            return True
        return False

    def edited(self, name: str) -> None:
        self.result_tab = "for_you"
