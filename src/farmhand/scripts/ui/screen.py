"""Screen helpers every flow uses: dump, find, wait for, tap, get pop-ups out of the way, and
turn what the screen shows into a failure a person understands (captcha, block, upload error,
logged out, wrong language, element never found).

Polling waits real time (``ctx.wait_real``: a phone takes the time it takes, whatever
``time_scale`` says) and stops at once when the task is stopped.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TypeVar

from farmhand.devices.base import DeviceError, DeviceOffline
from farmhand.domain import ErrorCode
from farmhand.scripts.base import ScriptContext, ScriptError
from farmhand.scripts.ui.hierarchy import Hierarchy, UiElement, parse_hierarchy
from farmhand.scripts.ui.selectors import Found, Selectors

# Real seconds an element may take to show up. Module-level so tests can shorten it.
DEFAULT_TIMEOUT = 20.0
POLL_INTERVAL = 0.4
MAX_POPUPS_PER_WAIT = 12  # dismissals per poll before looking at the screen anyway
MAX_SAME_POPUP = 5  # the same pop-up dismissed this often in a row does not go away

T = TypeVar("T")

LANGUAGE_NAMES = {"fr": "French", "de": "German", "es": "Spanish", "pt": "Portuguese", "it": "Italian"}


class Screen:
    """One app's screens on one phone, seen through its selector table."""

    def __init__(self, ctx: ScriptContext, selectors: Selectors, *, app_label: str) -> None:
        self.ctx = ctx
        self.device = ctx.device
        self.selectors = selectors
        self.app_label = app_label
        self.last: Hierarchy | None = None
        self._popup_streak: tuple[str, int] = ("", 0)

    # --- reading ---------------------------------------------------------------------------
    def dump(self) -> Hierarchy:
        self.last = parse_hierarchy(self.device.dump_hierarchy())
        return self.last

    def find(self, name: str, h: Hierarchy | None = None) -> UiElement | None:
        found = self.selectors.find(h or self.dump(), name)
        return found.element if found else None

    def find_all(self, name: str, h: Hierarchy | None = None) -> list[UiElement]:
        return self.selectors.find_all(h or self.dump(), name)

    # --- what the screen says about the task ------------------------------------------------
    def check_faults(self, h: Hierarchy) -> None:
        fault = self.selectors.fault(h)
        if fault is not None:
            rule, element = fault
            raise ScriptError(rule.code, f"{self.app_label} shows {rule.name}: {element.label!r}")

    def check_language(self, h: Hierarchy | None = None) -> None:
        locale = self.selectors.locale(h or self.dump())
        if locale is not None:
            language = LANGUAGE_NAMES.get(locale, locale)
            raise ScriptError(
                ErrorCode.WRONG_LANGUAGE,
                f"{self.app_label} runs in {language} ({locale}); farmhand needs the app in English "
                "(set the phone's or the app's language to English)",
            )

    def dismiss_popup(self, h: Hierarchy) -> bool:
        """Get one known pop-up out of the way; True if something was done."""
        popup = self.selectors.popup(h)
        if popup is None:
            self._popup_streak = ("", 0)
            return False
        rule, target = popup
        name, count = self._popup_streak
        count = count + 1 if name == rule.name else 1
        self._popup_streak = (rule.name, count)
        if count > MAX_SAME_POPUP:
            raise ScriptError(
                ErrorCode.UI_NOT_FOUND,
                f"the pop-up {rule.name!r} of {self.app_label} does not go away "
                f"({MAX_SAME_POPUP} tries); it shows {h.summary()}",
            )
        if target is None:
            self.device.key("KEYCODE_BACK")
            self.ctx.log(f"pop-up {rule.name!r}: pressed Back")
        else:
            self.tap(target)
            self.ctx.log(f"pop-up {rule.name!r}: tapped {target.label!r}")
        self.ctx.pause(0.3, 0.8)
        return True

    def not_found(
        self, names: Sequence[str], where: str, h: Hierarchy | None, waited: float | None = None
    ) -> ScriptError:
        if h is not None:
            self.check_language(h)
        shown = self.selectors.screen(h) if h is not None else None
        what = " or ".join(repr(n) for n in names)
        looks = f"; the screen looks like {shown}" if shown else ""
        texts = f"; it shows {h.summary()}" if h is not None else ""
        within = f" within {waited:.1f} s" if waited is not None else ""
        return ScriptError(
            ErrorCode.UI_NOT_FOUND,
            f"{what} not found on the {where} of {self.app_label}{within}{looks}{texts}",
        )

    # --- waiting -----------------------------------------------------------------------------
    def poll(self, *, popups: bool = True) -> Hierarchy:
        """A fresh dump with faults checked and known pop-ups dismissed first."""
        for _ in range(MAX_POPUPS_PER_WAIT):
            h = self._dump_retrying()
            self.check_faults(h)
            if not (popups and self.dismiss_popup(h)):
                return h
        return self._dump_retrying()

    def _dump_retrying(self) -> Hierarchy:
        try:
            return self.dump()
        except DeviceOffline:
            raise
        except DeviceError:
            # uiautomator fails now and then while the screen animates ("could not get idle state").
            self.ctx.wait_real(POLL_INTERVAL)
            return self.dump()

    def poll_until(
        self, found: Callable[[Hierarchy], T | None], *, timeout: float | None = None, popups: bool = True
    ) -> T | None:
        """Poll until ``found`` gives something for a fresh dump (which is then ``self.last``)
        and return it; None once ``timeout`` real seconds (default ``DEFAULT_TIMEOUT``) passed."""
        limit = DEFAULT_TIMEOUT if timeout is None else timeout
        started = time.monotonic()
        while True:
            value = found(self.poll(popups=popups))
            if value is not None:
                return value
            if time.monotonic() - started >= limit:
                return None
            self.ctx.wait_real(POLL_INTERVAL)

    def wait_any(
        self,
        names: Sequence[str],
        *,
        where: str,
        timeout: float | None = None,
        popups: bool = True,
    ) -> Found:
        """Wait until one of ``names`` shows (table order of ``names`` decides a tie)."""
        started = time.monotonic()
        first = True

        def shown(h: Hierarchy) -> Found | None:
            nonlocal first
            if first:
                # Once per wait: a screen in another language may still match by ids alone.
                self.check_language(h)
                first = False
            return next((f for name in names if (f := self.selectors.find(h, name)) is not None), None)

        found = self.poll_until(shown, timeout=timeout, popups=popups)
        if found is None:
            raise self.not_found(names, where, self.last, time.monotonic() - started)
        return found

    def wait_for(
        self, name: str, *, where: str, timeout: float | None = None, popups: bool = True
    ) -> UiElement:
        return self.wait_any([name], where=where, timeout=timeout, popups=popups).element

    def wait_screen(self, screen: str, *, timeout: float | None = None) -> Hierarchy:
        """Wait until the screen's markers (the table's ``screens`` section) show."""
        markers = self.selectors.app.screens.get(screen) or self.selectors.system.screens.get(screen)
        if not markers:
            raise KeyError(f"no screen {screen!r} in the {self.selectors.app.app} table")
        self.wait_any(list(markers), where=f"{screen} screen", timeout=timeout)
        assert self.last is not None
        return self.last

    def wait_enabled(self, name: str, *, where: str, timeout: float = 90.0) -> UiElement:
        """Wait until ``name`` shows and is enabled (Share/Post start greyed out on new accounts)."""
        started = time.monotonic()
        while True:
            element = self.wait_for(name, where=where, timeout=timeout)
            if element.enabled:
                return element
            if time.monotonic() - started >= timeout:
                raise ScriptError(
                    ErrorCode.UI_NOT_FOUND,
                    f"{name!r} on the {where} of {self.app_label} stayed disabled for {timeout:.0f} s",
                )
            self.ctx.wait_real(POLL_INTERVAL * 2)

    def present(self, name: str, h: Hierarchy | None = None) -> bool:
        return self.selectors.find(h or self.dump(), name) is not None

    # --- acting ------------------------------------------------------------------------------
    def tap(self, target: UiElement | Found) -> None:
        element = target.element if isinstance(target, Found) else target
        x, y = element.center
        self.device.tap(x, y)

    def tap_on(self, name: str, *, where: str, timeout: float | None = None) -> UiElement:
        element = self.wait_for(name, where=where, timeout=timeout)
        self.tap(element)
        return element

    def back(self) -> None:
        self.device.key("KEYCODE_BACK")

    def swipe_up(self, h: Hierarchy | None = None) -> None:
        """Next video: a finger from low on the screen to the upper third, at mid width."""
        width, height = (h or self.last or self.dump()).size
        rng = self.ctx.rng
        x = int(width * rng.uniform(0.45, 0.55))
        self.device.swipe(
            x, int(height * rng.uniform(0.70, 0.80)), x, int(height * rng.uniform(0.25, 0.32)),
            int(rng.uniform(200, 400)),
        )  # fmt: skip

    def pull_to_refresh(self, h: Hierarchy | None = None) -> None:
        width, height = (h or self.last or self.dump()).size
        self.device.swipe(width // 2, int(height * 0.3), width // 2, int(height * 0.75), 400)
