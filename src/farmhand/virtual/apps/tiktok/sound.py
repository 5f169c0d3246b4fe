"""TikTok's sound page, reached by a ``/music/`` link or from search, with "Use sound"
(notes 1.4, 6.1.10)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from farmhand.virtual.apps.kit.people import Sound, count_text
from farmhand.virtual.apps.kit.screenkit import BUTTON, IMAGE, TEXT, Ui
from farmhand.virtual.apps.tiktok import activities
from farmhand.virtual.apps.tiktok.base import TikTokScreen
from farmhand.virtual.ui import Node

if TYPE_CHECKING:
    from farmhand.virtual.apps.tiktok.app import TikTokApp


class SoundScreen(TikTokScreen):
    activity = activities.MUSIC

    def __init__(self, app: TikTokApp, sound: Sound) -> None:
        super().__init__(app)
        self.sound = sound

    def build(self, ui: Ui) -> list[Node]:
        s = self.sound
        return [
            ui.node(IMAGE, (30, 100, 130, 200), desc=ui.s("back"), action="back"),
            ui.node(IMAGE, (40, 250, 340, 550)),
            ui.node(TEXT, (380, 260, 1040, 340), text=s.title),
            ui.node(TEXT, (380, 350, 1040, 410), text=s.artist),
            ui.node(TEXT, (380, 420, 1040, 480), text=ui.s("n_videos", n=count_text(s.videos))),
            ui.node(BUTTON, (380, 500, 760, 580), text=ui.s("add_to_favorites"), action="noop"),
            ui.node(BUTTON, (240, 2200, 840, 2330), text=ui.s("use_sound"), action="use_sound"),
        ]

    def tap(self, action: str, arg: str | None) -> None:
        if action == "use_sound":
            self.app.open_camera(
                {"id": self.sound.sound_id, "title": self.sound.title, "artist": self.sound.artist}
            )
        elif action != "noop":
            super().tap(action, arg)
