"""The part of an app that knows who is signed in: what the virtual TikTok and Instagram share
about accounts (a fresh install comes signed in to one; the ``logged_out`` knob shows the login
screen until someone logs in), and the journal records of what an account did."""

from __future__ import annotations

from typing import Any

from farmhand.virtual.app import AppHost
from farmhand.virtual.apps.kit.appstate import AppState
from farmhand.virtual.apps.kit.localized import LocalizedApp
from farmhand.virtual.apps.kit.people import random_username
from farmhand.virtual.apps.kit.screenkit import knob_on


class SignedInApp(LocalizedApp):
    def __init__(self, host: AppHost, state: dict[str, Any]) -> None:
        super().__init__(host, state)
        self.data = AppState(state)
        self._session_login = False  # someone logged in since the app started (beats logged_out)

    def _effect(self, kind: str, **data: Any) -> None:
        """Record what the active account did (followed, commented, ...) in the phone's journal."""
        self.host.record(kind, {"account": self.data.current, **data})

    def _ensure_account(self) -> None:
        """A fresh install comes signed in to one account (tests and demos seed others into
        the state with :func:`farmhand.virtual.apps.kit.appstate.sign_in`)."""
        if self.data.accounts or self.data.flag("auto_account"):
            return
        name = random_username(self.host.rng)
        self.data.add_account(name)
        self.data.set_flag("auto_account", name)
        self.save()

    def logged_in(self) -> bool:
        if knob_on(self.host, "logged_out") and not self._session_login:
            return False
        return self.data.current is not None

    def log_in(self, name: str) -> None:
        self.data.add_account(name, make_current=True)
        self._session_login = True
        self.save()
        self.host.record("logged_in", {"account": name})
        self.go_home()
        self._after_login()

    def _after_login(self) -> None:
        """What the app shows right after a login, over its home screen; default: nothing."""

    def switch_account(self, name: str) -> None:
        """Make another signed-in account the active one, and start over from Home."""
        previous = self.data.current
        self.data.switch(name)
        self.save()
        if name != previous:
            self.host.record("account_switched", {"from": previous, "to": name})
        self._account_switched()
        self.go_home()

    def _account_switched(self) -> None:
        """Forget what the previous account was shown (its feed)."""

    # --- provided by the app: where the flows lead -------------------------------------------
    def go_home(self) -> None:
        raise NotImplementedError
