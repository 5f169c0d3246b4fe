"""Screens that show one item of a list at a time (TikTok's feed and video page, Instagram's
feed, Reels and post page): a vertical swipe pages through the list, a double tap on the
media likes."""

from __future__ import annotations

from typing import Generic, TypeVar

from farmhand.virtual.apps.kit.screenkit import Screen, ScreenApp

SWIPE_MIN = 250  # design pixels a finger must travel for the page to change
DOUBLE_TAP_S = 0.6

ItemT = TypeVar("ItemT")


class PagedScreen(Screen, Generic[ItemT]):
    def __init__(self, app: ScreenApp, items: list[ItemT], index: int = 0) -> None:
        super().__init__(app)
        self.items = items
        self.index = index
        self._last_media_tap = -1.0

    @property
    def item(self) -> ItemT:
        return self.items[self.index]

    def more(self) -> ItemT | None:
        """The item after the last one (a feed never ends), or None where the list ends."""
        return None

    def refresh(self) -> None:
        """A pull down on the first page."""

    def swipe(self, x1: float, y1: float, x2: float, y2: float) -> None:
        if abs(y2 - y1) < SWIPE_MIN or abs(x2 - x1) > abs(y2 - y1):
            return
        if y2 < y1:
            if self.index + 1 >= len(self.items):
                extra = self.more()
                if extra is None:
                    return
                self.items.append(extra)
            self.index += 1
        elif self.index > 0:
            self.index -= 1
        else:
            self.refresh()

    def double_tapped(self) -> bool:
        """Called on a tap on the media: True if it closely follows the previous one."""
        now = self.app.host.now()
        if now - self._last_media_tap <= DOUBLE_TAP_S:
            self._last_media_tap = -1.0
            return True
        self._last_media_tap = now
        return False
