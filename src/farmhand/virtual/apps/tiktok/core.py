"""What every part of the virtual TikTok shares: its state, configuration (id profile,
language), the signed-in accounts, and the journal records of its effects."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from farmhand.virtual.app import AppHost
from farmhand.virtual.apps.kit.people import Clip
from farmhand.virtual.apps.kit.signed_in import SignedInApp
from farmhand.virtual.apps.tiktok import ids
from farmhand.virtual.apps.tiktok.strings import LOCALES


class TikTokCore(SignedInApp):
    id_family = "tiktok"
    labels = LOCALES

    def __init__(self, host: AppHost, state: dict[str, Any]) -> None:
        super().__init__(host, state)
        self.feed: list[Clip] = []
        self.feed_index = 0
        self._alive = False  # the app's process runs (a launch after a force-stop is a cold start)
        self._refused: set[str] = set()  # follows the server turned down while the button says Following

    def ids(self) -> Mapping[str, str]:
        return ids.ids_for(self.id_profile, self.package)

    # --- accounts ---------------------------------------------------------------------------
    def log_out(self) -> None:
        me = self.data.current
        if me is None:
            return
        self.data.remove_account(me)
        self.save()
        self.host.record("logged_out", {"account": me})
        self._session_login = False
        if self.data.current is None:
            self.open_login(replace=True)
        else:
            self.go_home()

    def _account_switched(self) -> None:
        self.feed.clear()
        self.feed_index = 0

    # --- provided by the app: where the flows lead -------------------------------------------
    def open_login(self, replace: bool = False) -> None:
        raise NotImplementedError
