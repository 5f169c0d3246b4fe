"""TikTok's Create flow up to the editor: the camera and the gallery picker, with the camera,
microphone and media permission requests (notes 1.2 steps 2-4, 1.3, 6.1.2-4)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from farmhand.virtual.app import MediaItem
from farmhand.virtual.apps.kit.draft import Draft
from farmhand.virtual.apps.kit.gallery import MediaGallery
from farmhand.virtual.apps.kit.layouts import tab_row
from farmhand.virtual.apps.kit.people import stable_int
from farmhand.virtual.apps.kit.screenkit import BUTTON, CHECKBOX, FRAME, IMAGE, RECYCLER, TEXT, Ui
from farmhand.virtual.apps.tiktok import activities
from farmhand.virtual.apps.tiktok.base import TikTokScreen
from farmhand.virtual.ui import Node

if TYPE_CHECKING:
    from farmhand.virtual.apps.tiktok.app import TikTokApp

GRID_TOP = 340
CELL_W = 270
CELL_H = 360
ROWS = 5


class CameraScreen(TikTokScreen):
    activity = activities.CREATION

    def __init__(self, app: TikTokApp, sound: dict[str, Any] | None = None) -> None:
        super().__init__(app)
        self.sound = sound
        self.duration = "60s"
        self.camera_ok: bool | None = None

    def opened(self) -> None:
        """Ask for the camera, then the microphone, as TikTok does when the camera opens."""
        self.app.ask_permission(
            activities.PERM_CAMERA, "Allow TikTok to take pictures and record video?", self._camera_answer
        )

    def _camera_answer(self, granted: bool) -> None:
        self.camera_ok = granted
        self.app.ask_permission(activities.PERM_MIC, "Allow TikTok to record audio?", lambda _granted: None)

    def build(self, ui: Ui) -> list[Node]:
        sound_label = self.sound["title"] if self.sound else ui.s("add_sound")
        nodes = [
            ui.node(FRAME, (0, 80, 1080, 2400)),
            ui.node(IMAGE, (40, 110, 130, 200), rid="cam_close", desc=ui.s("close"), action="close"),
            ui.node(
                FRAME,
                (340, 110, 740, 200),
                rid="cam_add_sound",
                desc=ui.s("add_sound"),
                action="add_sound",
                children=[ui.node(TEXT, (380, 120, 720, 190), text=sound_label)],
            ),
        ]
        for i, key in enumerate(("flip", "flash", "timer")):
            top = 250 + i * 150
            nodes.append(ui.node(IMAGE, (940, top, 1040, top + 100), desc=ui.s(key), action="noop"))
        if self.camera_ok is False:
            nodes.append(ui.node(TEXT, (140, 1000, 940, 1080), text=ui.s("camera_off")))
        for i, label in enumerate(("10m", "60s", "15s")):
            left = 120 + i * 150
            nodes.append(
                ui.node(
                    TEXT,
                    (left, 1900, left + 130, 1960),
                    text=label,
                    action="duration",
                    arg=label,
                    selected=label == self.duration,
                )
            )
        nodes += [
            ui.node(TEXT, (600, 1900, 760, 1960), text=ui.s("photo_mode"), action="noop"),
            ui.node(TEXT, (780, 1900, 940, 1960), text=ui.s("text_mode"), action="noop"),
            ui.node(IMAGE, (200, 2020, 340, 2160), desc=ui.s("effects"), action="noop"),
            ui.node(
                FRAME, (440, 1990, 640, 2190), rid="cam_record", desc=ui.s("record_video"), action="record"
            ),
            ui.node(
                FRAME,
                (770, 2010, 930, 2230),
                rid="cam_upload",
                desc=ui.s("upload"),
                action="upload",
                children=[
                    ui.node(IMAGE, (790, 2020, 910, 2140)),
                    ui.node(TEXT, (770, 2150, 930, 2220), text=ui.s("upload")),
                ],
            ),
            ui.node(TEXT, (360, 2300, 520, 2380), text=ui.s("post_mode"), action="noop", selected=True),
            ui.node(TEXT, (560, 2300, 760, 2380), text=ui.s("create_mode"), action="noop"),
        ]
        return nodes

    def tap(self, action: str, arg: str | None) -> None:
        if action == "upload":
            self.app.push(GalleryScreen(self.app, self.sound))
        elif action == "duration" and arg:
            self.duration = arg
        elif action == "add_sound":
            from farmhand.virtual.apps.tiktok.editor import SoundPanel  # a cycle: the panel opens from both

            self.app.push(SoundPanel(self.app, self._set_sound))
        elif action in ("record", "noop"):
            pass  # recording with the camera is not something the scripts do
        else:
            super().tap(action, arg)

    def _set_sound(self, sound: dict[str, Any]) -> None:
        self.sound = sound


class GalleryScreen(TikTokScreen, MediaGallery):
    activity = activities.CREATION
    permission = activities.PERM_MEDIA
    permission_message = "Allow TikTok to access photos and videos on this device?"

    def __init__(self, app: TikTokApp, sound: dict[str, Any] | None = None) -> None:
        super().__init__(app)
        self.sound = sound
        self.tab = "all"

    def shows(self, item: MediaItem) -> bool:
        if self.tab == "videos":
            return item.kind == "video"
        if self.tab == "photos":
            return item.kind == "image"
        return True

    def build(self, ui: Ui) -> list[Node]:
        count = len(self.selected)
        next_label = ui.s("next_n", n=count) if self.multi and count else ui.s("next")
        nodes = [
            ui.node(IMAGE, (40, 110, 130, 200), desc=ui.s("close"), action="close"),
            ui.node(TEXT, (380, 110, 700, 200), rid="gal_recents", text=ui.s("recents"), action="noop"),
        ]
        nodes += tab_row(
            ui, ("all", "videos", "photos"), self.tab, top=230, bottom=310, width=300, left=60, gap=20
        )
        if self.granted is False:
            nodes += self.denied_nodes(ui)
        else:
            nodes.append(self._grid(ui))
        nodes += [
            ui.node(
                CHECKBOX,
                (60, 2200, 520, 2320),
                rid="gal_multi",
                text=ui.s("select_multiple"),
                action="multi",
                checkable=True,
                checked=self.multi,
            ),
            ui.node(
                BUTTON,
                (760, 2200, 1040, 2320),
                rid="gal_next",
                text=next_label,
                action="next",
                enabled=count > 0,
            ),
        ]
        return nodes

    def _grid(self, ui: Ui) -> Node:
        grid = ui.node(
            RECYCLER, (0, GRID_TOP, 1080, GRID_TOP + ROWS * CELL_H), rid="gal_grid", scrollable=True
        )
        visible = self.items()[self.first_row * 4 : (self.first_row + ROWS) * 4]
        for i, item in enumerate(visible):
            left = (i % 4) * CELL_W
            top = GRID_TOP + (i // 4) * CELL_H
            picked = item.media_id in self.selected
            cell = ui.node(
                IMAGE,
                (left + 4, top + 4, left + CELL_W - 4, top + CELL_H - 4),
                rid="gal_thumb",
                action="pick",
                arg=str(item.media_id),
                selected=picked,
            )
            number = str(self.selected.index(item.media_id) + 1) if picked and self.multi else ""
            grid.add(cell)
            if item.kind == "video":
                grid.add(
                    ui.node(
                        TEXT,
                        (left + 150, top + 300, left + 260, top + 350),
                        rid="gal_duration",
                        text=_duration(item),
                    )
                )
            grid.add(
                ui.node(
                    IMAGE if not number else TEXT,
                    (left + 200, top + 14, left + 260, top + 74),
                    rid="gal_circle",
                    text=number,
                    action="pick",
                    arg=str(item.media_id),
                    selected=picked,
                )
            )
        return grid

    def tap(self, action: str, arg: str | None) -> None:
        if action == "pick" and arg:
            self._pick(int(arg))
        elif action == "multi":
            self.multi = not self.multi
            if not self.multi:
                self.selected = self.selected[:1]
        elif action == "tab" and arg:
            self.tab = arg
            self.first_row = 0
        elif action == "next":
            self._next()
        elif action == "noop":
            pass
        else:
            super().tap(action, arg)

    def _pick(self, media_id: int) -> None:
        if media_id in self.selected:
            self.selected.remove(media_id)
        elif self.multi:
            self.selected.append(media_id)
        else:
            self.selected = [media_id]

    def _next(self) -> None:
        media = self.picked()
        if not media:
            return
        from farmhand.virtual.apps.tiktok.editor import EditorScreen  # the editor leads back here

        draft = Draft(media=media, via="sound" if self.sound else "gallery", sound=self.sound)
        self.app.push(EditorScreen(self.app, draft))

    def swipe(self, x1: float, y1: float, x2: float, y2: float) -> None:
        rows = max(0, (len(self.items()) + 3) // 4 - ROWS)
        if y1 - y2 > 200:
            self.first_row = min(rows, self.first_row + 2)
        elif y2 - y1 > 200:
            self.first_row = max(0, self.first_row - 2)


def _duration(item: MediaItem) -> str:
    """A plausible clip length (the virtual media store does not decode videos)."""
    seconds = 5 + stable_int("duration", item.path, str(item.size)) % 55
    return f"00:{seconds:02d}"
