"""TikTok's editor (after the gallery, or straight from a share intent), the clip editor a stray
tap on Edit opens, and the sound panel (notes 1.1 S2, 1.2 steps 5-6, 5a, 6.1.5, 6.1.9)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from farmhand.virtual.apps.kit.draft import Draft
from farmhand.virtual.apps.kit.layouts import tab_row
from farmhand.virtual.apps.kit.people import Sound, search_sounds
from farmhand.virtual.apps.kit.prompts import Choice, Prompt
from farmhand.virtual.apps.kit.screenkit import BUTTON, FRAME, IMAGE, SEEKBAR, TEXT, Ui, knob_on
from farmhand.virtual.apps.kit.sheet import Sheet
from farmhand.virtual.apps.tiktok import activities
from farmhand.virtual.apps.tiktok.base import TikTokScreen
from farmhand.virtual.ui import Node

if TYPE_CHECKING:
    from farmhand.virtual.apps.tiktok.app import TikTokApp

VIDEO_TOOLS = ("edit", "text", "stickers", "effects", "filters", "captions", "autocut", "templates")
PHOTO_TOOLS = ("text", "stickers", "effects", "filters", "templates")
EDITOR_TIPS = ("adjust_clips", "ten_minutes", "friends_posts")


class EditorScreen(TikTokScreen):
    def __init__(self, app: TikTokApp, draft: Draft) -> None:
        super().__init__(app)
        self.draft = draft
        self.activity = activities.SHARE if draft.via == "share" else activities.CREATION

    def opened(self) -> None:
        if knob_on(self.app.host, "not_now_prompts") and not self.app.data.flag("editor_tip_shown"):
            self.app.data.set_flag("editor_tip_shown")
            self.app.save()
            tip = self.app.host.rng.choice(EDITOR_TIPS)
            self.app.push(Prompt(self.app, tip, tip, "", (Choice("ok"),)))

    def build(self, ui: Ui) -> list[Node]:
        sound = self.draft.sound
        nodes = [
            ui.node(FRAME, (0, 80, 1080, 2200)),
            ui.node(IMAGE, (30, 100, 130, 200), desc=ui.s("back"), action="back"),
            ui.node(
                FRAME,
                (340, 110, 740, 200),
                rid="ed_music",
                desc=ui.s("music"),
                action="music",
                children=[
                    ui.node(
                        TEXT,
                        (380, 120, 720, 190),
                        rid="ed_add_sound",
                        text=sound["title"] if sound else ui.s("add_sound"),
                    )
                ],
            ),
        ]
        if self.draft.kind == "images" and len(self.draft.media) > 1:
            nodes.append(ui.node(TEXT, (480, 2100, 600, 2160), text=f"1/{len(self.draft.media)}"))
        tools = PHOTO_TOOLS if self.draft.kind == "images" else VIDEO_TOOLS
        for i, key in enumerate(tools):
            top = 250 + i * 130
            nodes.append(ui.node(IMAGE, (940, top, 1040, top + 110), desc=ui.s(key), action="tool", arg=key))
        next_box = (860, 100, 1040, 190) if self.app.id_profile == "tiktok-35" else (800, 2220, 1040, 2340)
        nodes += [
            ui.node(BUTTON, (40, 2220, 440, 2340), rid="ed_story", text=ui.s("your_story"), action="story"),
            ui.node(BUTTON, next_box, rid="ed_next", text=ui.s("next"), action="next"),
        ]
        return nodes

    def tap(self, action: str, arg: str | None) -> None:
        if action == "next":
            from farmhand.virtual.apps.tiktok.compose import ComposeScreen  # compose leads back here

            self.app.push(ComposeScreen(self.app, self.draft))
        elif action == "story":
            if self.app.gate("post"):
                self.app.publish(self.draft, caption="", title="", placement="story")
        elif action == "music":
            self.app.push(SoundPanel(self.app, self._set_sound, self.draft.volumes))
        elif action == "tool" and arg == "edit":
            self.app.push(ClipEditorScreen(self.app))
        elif action == "tool":
            pass  # effects, stickers and the like change nothing a script checks
        else:
            super().tap(action, arg)

    def _set_sound(self, sound: dict[str, Any]) -> None:
        self.draft.sound = sound


class ClipEditorScreen(TikTokScreen):
    """The trim/adjust screen: scripts that land here by mistake leave with Cancel."""

    activity = activities.CREATION

    def build(self, ui: Ui) -> list[Node]:
        return [
            ui.node(
                FRAME,
                (0, 80, 1080, 2400),
                rid="clip_editor",
                children=[
                    ui.node(TEXT, (40, 110, 240, 200), text=ui.s("cancel"), action="close"),
                    ui.node(TEXT, (840, 110, 1040, 200), text=ui.s("save"), action="close"),
                    ui.node(TEXT, (440, 2250, 640, 2330), text=ui.s("preview"), action="noop"),
                ],
            )
        ]

    def tap(self, action: str, arg: str | None) -> None:
        if action != "noop":
            super().tap(action, arg)


class SoundPanel(TikTokScreen, Sheet):
    """Pick a sound (search, select, confirm) and set the two volumes."""

    def __init__(
        self, app: TikTokApp, on_pick: Callable[[dict[str, Any]], None], volumes: dict[str, int] | None = None
    ) -> None:
        super().__init__(app)
        self.on_pick = on_pick
        self.volumes = volumes
        self.tab = "sounds"
        self.searching = False
        self.results: list[Sound] = search_sounds("trending")
        self.chosen: int | None = None
        self.added: int | None = None

    def build(self, ui: Ui) -> list[Node]:
        sheet = self.panel(ui, 1100)
        sheet.add(
            *tab_row(ui, ("sounds", "volume"), self.tab, top=1130, bottom=1200, width=240, left=60, gap=20),
            ui.node(IMAGE, (960, 1130, 1040, 1200), desc=ui.s("search"), action="search_mode"),
            ui.node(TEXT, (860, 2280, 1040, 2360), text=ui.s("done"), action="close"),
        )
        if self.tab == "volume":
            for i, key in enumerate(("original", "added")):
                top = 1300 + i * 220
                label = "original_sound" if key == "original" else "added_sound"
                value = (self.volumes or {}).get(key, 50)
                sheet.add(
                    ui.node(TEXT, (40, top, 1040, top + 60), text=ui.s(label)),
                    ui.node(
                        SEEKBAR,
                        (40, top + 80, 1040, top + 150),
                        desc=ui.s(label),
                        text=str(value),
                        action="noop",
                        arg=key,
                    ),
                )
            return [sheet]
        top = 1230
        if self.searching:
            sheet.add(
                ui.field(self, "query", (40, 1230, 840, 1310), hint=ui.s("search_sounds")),
                ui.node(TEXT, (860, 1230, 1040, 1310), text=ui.s("search"), action="search"),
            )
            top = 1340
        for i, sound in enumerate(self.results):
            y = top + i * 160
            row = ui.node(
                FRAME,
                (40, y, 1040, y + 150),
                action="choose",
                arg=str(i),
                selected=self.added == i,
                children=[
                    ui.node(TEXT, (180, y + 10, 860, y + 70), text=sound.title),
                    ui.node(TEXT, (180, y + 80, 860, y + 130), text=sound.artist),
                ],
            )
            sheet.add(row)
            if self.chosen == i:
                sheet.add(
                    ui.node(
                        IMAGE,
                        (900, y + 35, 1000, y + 115),
                        desc=ui.s("use_this_sound"),
                        action="use",
                        arg=str(i),
                    )
                )
        return [sheet]

    def tap(self, action: str, arg: str | None) -> None:
        if action == "tab" and arg:
            self.tab = arg
        elif action == "search_mode":
            self.searching = True
            self.focus = "query"
        elif action == "search":
            self.results = search_sounds(self.value("query"))
            self.chosen = None
            self.focus = None
        elif action == "choose" and arg is not None:
            self.chosen = int(arg)
        elif action == "use" and arg is not None:
            sound = self.results[int(arg)]
            self.added = int(arg)
            self.on_pick({"id": sound.sound_id, "title": sound.title, "artist": sound.artist})
        else:
            super().tap(action, arg)

    def key(self, keycode: int) -> bool:
        if keycode == 66 and self.searching:  # ENTER runs the search
            self.tap("search", None)
            return True
        return False

    def swipe(self, x1: float, y1: float, x2: float, y2: float) -> None:
        """Dragging a volume SeekBar sets it to where the finger stops."""
        if self.tab != "volume" or self.volumes is None:
            return
        for i, key in enumerate(("original", "added")):
            top = 1300 + i * 220 + 80
            if top <= y1 <= top + 70:
                self.volumes[key] = max(0, min(100, round((x2 - 40) / 10)))
