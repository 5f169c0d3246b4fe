"""Instagram's in-app Create flow: the gallery with its POST / REEL / STORY destinations,
multi-select in tap order, and the "Create new ..." sheet of the profile (notes 4.3, 6.4.7)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from farmhand.virtual.app import MediaItem
from farmhand.virtual.apps.instagram import names
from farmhand.virtual.apps.instagram.base import IgScreen
from farmhand.virtual.apps.kit.draft import Draft
from farmhand.virtual.apps.kit.gallery import MediaGallery
from farmhand.virtual.apps.kit.screenkit import FRAME, IMAGE, RECYCLER, TEXT, Ui
from farmhand.virtual.apps.kit.sheet import Sheet
from farmhand.virtual.ui import Node

if TYPE_CHECKING:
    from farmhand.virtual.apps.instagram.app import InstagramApp

MODES = (
    ("post", "cam_dest_feed", "post_tab"),
    ("reel", "cam_dest_clips", "reel_tab"),
    ("story", "cam_dest_story", "story_tab"),
)
TITLES = {"post": "new_post", "reel": "new_reel", "story": "add_story"}
GRID_TOP = 1220
CELL_W = 270
CELL_H = 330
ROWS = 3


class GalleryScreen(IgScreen, MediaGallery):
    activity = names.MODAL
    permission = names.PERM_MEDIA
    permission_message = "Allow Instagram to access photos and videos on this device?"

    def __init__(self, app: InstagramApp, mode: str) -> None:
        super().__init__(app)
        self.mode = mode if mode in TITLES else "post"

    def _answer(self, granted: bool) -> None:
        super()._answer(granted)
        items = self.items()
        if granted and items and not self.selected:
            self.selected = [items[0].media_id]  # the newest is previewed, as Instagram opens

    def shows(self, item: MediaItem) -> bool:
        return self.mode != "reel" or item.kind == "video"

    def build(self, ui: Ui) -> list[Node]:
        nodes = [
            ui.node(IMAGE, (20, 100, 120, 200), desc=ui.s("close"), action="close"),
            ui.node(TEXT, (160, 100, 700, 200), rid="new_post_title", text=ui.s(TITLES[self.mode])),
        ]
        if self.mode != "story":
            nodes.append(
                ui.node(
                    TEXT,
                    (860, 100, 1060, 200),
                    rid="next_button_textview",
                    text=ui.s("next"),
                    action="next",
                    enabled=bool(self.selected),
                )
            )
        if self.granted is False:
            nodes += self.denied_nodes(ui)
        else:
            nodes += [
                ui.node(IMAGE, (0, 220, 1080, 1100), rid="crop_image_view"),
                ui.node(TEXT, (40, 1120, 400, 1200), text=ui.s("recents"), action="noop"),
                ui.node(
                    IMAGE,
                    (940, 1110, 1050, 1210),
                    rid="multi_select_slide_button_alt",
                    desc=ui.s("select_multiple"),
                    action="multi",
                    selected=self.multi,
                ),
                self._grid(ui),
            ]
        for i, (mode, rid, label) in enumerate(MODES):
            left = 180 + i * 260
            nodes.append(
                ui.node(
                    TEXT,
                    (left, 2260, left + 240, 2360),
                    rid=rid,
                    text=ui.s(label),
                    action="mode",
                    arg=mode,
                    selected=mode == self.mode,
                )
            )
        return nodes

    def _grid(self, ui: Ui) -> Node:
        grid = ui.node(
            RECYCLER,
            (0, GRID_TOP, 1080, GRID_TOP + ROWS * CELL_H),
            rid="gallery_recycler_view",
            scrollable=True,
        )
        for i, item in enumerate(self.items()[self.first_row * 4 : (self.first_row + ROWS) * 4]):
            left = (i % 4) * CELL_W
            top = GRID_TOP + (i // 4) * CELL_H
            kind = ui.s("video" if item.kind == "video" else "photo")
            date = time.strftime("%B %d, %Y", time.gmtime(item.added_at))
            picked = item.media_id in self.selected
            desc = (
                ui.s("selected_thumb", n=self.selected.index(item.media_id) + 1, kind=kind, date=date)
                if picked
                else ui.s("unselected_thumb", kind=kind, date=date)
            )
            grid.add(
                ui.node(
                    IMAGE,
                    (left + 3, top + 3, left + CELL_W - 3, top + CELL_H - 3),
                    rid="gallery_grid_item_thumbnail",
                    desc=desc,
                    action="pick",
                    arg=str(item.media_id),
                    selected=picked,
                )
            )
            if picked and self.multi:
                number = str(self.selected.index(item.media_id) + 1)
                grid.add(ui.node(TEXT, (left + 200, top + 14, left + 260, top + 74), text=number))
        return grid

    def tap(self, action: str, arg: str | None) -> None:
        if action == "pick" and arg:
            self._pick(int(arg))
        elif action == "multi":
            self.multi = not self.multi
            self.selected = self.selected[:1]  # multi-select starts from the previewed item
        elif action == "mode" and arg:
            self.mode = arg
            self.app.data.set_flag("create_mode", arg)
            self.app.save()
            self.selected = [m.media_id for m in self.items()[:1]]
        elif action == "next":
            self._next()
        elif action != "noop":
            super().tap(action, arg)

    def _pick(self, media_id: int) -> None:
        if not self.multi:
            self.selected = [media_id]
            if self.mode == "story":
                self._next()
        elif media_id in self.selected:
            self.selected.remove(media_id)
        else:
            self.selected.append(media_id)

    def _next(self) -> None:
        from farmhand.virtual.apps.instagram.compose import EditorScreen, StoryComposer

        media = self.picked()
        if not media:
            return
        draft = Draft(media=media, via="gallery")
        if self.mode == "story":
            self.app.push(StoryComposer(self.app, draft))
        else:
            self.app.push(EditorScreen(self.app, draft, "reel" if self.mode == "reel" else "feed"))

    def swipe(self, x1: float, y1: float, x2: float, y2: float) -> None:
        rows = max(0, (len(self.items()) + 3) // 4 - ROWS)
        if y1 - y2 > 200 and y1 > GRID_TOP:
            self.first_row = min(rows, self.first_row + 1)
        elif y2 - y1 > 200 and y1 > GRID_TOP:
            self.first_row = max(0, self.first_row - 1)


class CreateSheet(IgScreen, Sheet):
    """The profile's "Create New" sheet: Reel, Post, Story."""

    def build(self, ui: Ui) -> list[Node]:
        sheet = self.panel(ui, 1800)
        sheet.add(ui.node(TEXT, (40, 1830, 1040, 1900), text=ui.s("create")))
        for i, (mode, desc, label) in enumerate(
            (
                ("reel", "create_reel", "reel"),
                ("post", "create_post", "post"),
                ("story", "create_story", "story"),
            )
        ):
            top = 1920 + i * 150
            sheet.add(
                ui.node(
                    FRAME,
                    (0, top, 1080, top + 140),
                    desc=ui.s(desc),
                    action="create",
                    arg=mode,
                    children=[ui.node(TEXT, (150, top + 35, 1040, top + 105), text=ui.s(label))],
                )
            )
        return [sheet]

    def tap(self, action: str, arg: str | None) -> None:
        if action == "create" and arg:
            self.app.close(self)
            self.app.open_create(arg)
        else:
            super().tap(action, arg)
