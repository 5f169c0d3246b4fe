"""What every part of the virtual Instagram shares: its state, configuration (id profile,
language), the signed-in accounts, and the journal records of its effects."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from farmhand.virtual.app import AppHost
from farmhand.virtual.apps.instagram.ids import IdTable
from farmhand.virtual.apps.instagram.posts import IgPost
from farmhand.virtual.apps.instagram.strings import LOCALES
from farmhand.virtual.apps.kit.prompts import Choice, Prompt
from farmhand.virtual.apps.kit.screenkit import knob_on
from farmhand.virtual.apps.kit.signed_in import SignedInApp
from farmhand.virtual.apps.kit.upload import Upload


class InstagramCore(SignedInApp):
    id_family = "ig"
    labels = LOCALES

    def __init__(self, host: AppHost, state: dict[str, Any]) -> None:
        super().__init__(host, state)
        self.landed: list[tuple[Upload, float]] = []  # uploads done, shown as "Posted!" a moment
        self.feed: list[IgPost] = []
        self.feed_index = 0
        self._alive = False
        self._asked_notifications = False

    def ids(self) -> Mapping[str, str]:
        return IdTable(self.id_profile)

    # --- accounts ---------------------------------------------------------------------------
    def _after_login(self) -> None:
        if knob_on(self.host, "not_now_prompts"):
            self.push(Prompt(self, "save_login", "save_login_title", "", (Choice("save"), Choice("not_now"))))

    def log_out(self) -> None:
        me = self.data.current
        if me is None:
            return
        self.data.data["current"] = None
        self._session_login = False
        self.save()
        self.host.record("logged_out", {"account": me})
        self.open_login()

    def _account_switched(self) -> None:
        self._session_login = True  # on Instagram a switch signs in again (beats logged_out)
        self.feed.clear()
        self.feed_index = 0

    # --- provided by the app: where the flows lead -------------------------------------------
    def open_login(self) -> None:
        raise NotImplementedError
