"""The base of every TikTok screen: a :class:`Screen` that knows its app is TikTok."""

from __future__ import annotations

from typing import TYPE_CHECKING

from farmhand.virtual.apps.kit.screenkit import Screen

if TYPE_CHECKING:
    from farmhand.virtual.apps.tiktok.app import TikTokApp


class TikTokScreen(Screen):
    app: TikTokApp

    def __init__(self, app: TikTokApp) -> None:
        super().__init__(app)
