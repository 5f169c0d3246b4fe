"""The in-app gallery both apps open to pick media: it asks for the media permission when it
opens (and again on "Allow access" after a refusal), lists the phone's media newest first,
and keeps the picked items in tap order."""

from __future__ import annotations

from typing import ClassVar

from farmhand.virtual.app import MediaItem
from farmhand.virtual.apps.kit.screenkit import BUTTON, TEXT, Screen, ScreenApp, Ui
from farmhand.virtual.ui import Node


class MediaGallery(Screen):
    permission: ClassVar[str]
    permission_message: ClassVar[str]

    def __init__(self, app: ScreenApp) -> None:
        super().__init__(app)
        self.granted: bool | None = None  # None until the person answers
        self.multi = False
        self.selected: list[int] = []  # media ids, in tap order
        self.first_row = 0

    def opened(self) -> None:
        self.app.ask_permission(self.permission, self.permission_message, self._answer)

    def _answer(self, granted: bool) -> None:
        self.granted = granted

    def shows(self, item: MediaItem) -> bool:
        """Whether the gallery lists ``item`` (its tab or mode may show only videos)."""
        return True

    def items(self) -> list[MediaItem]:
        if not self.granted:
            return []
        return [item for item in self.app.host.media() if self.shows(item)]

    def picked(self) -> list[MediaItem]:
        """The picked items still on the phone, in tap order."""
        by_id = {item.media_id: item for item in self.app.host.media()}
        return [by_id[media_id] for media_id in self.selected if media_id in by_id]

    def denied_nodes(self, ui: Ui) -> list[Node]:
        """What stands in place of the media after a refusal."""
        return [
            ui.node(TEXT, (100, 900, 980, 1000), text=ui.s("allow_media")),
            ui.node(BUTTON, (300, 1050, 780, 1160), text=ui.s("allow_access"), action="allow"),
        ]

    def tap(self, action: str, arg: str | None) -> None:
        if action == "allow":
            self.opened()
        else:
            super().tap(action, arg)
