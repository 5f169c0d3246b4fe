"""Account mode: make sure the app runs as the task's account before anything else.

TikTok (notes section 3, partly inferred): Profile tab, read ``@name``; if another account is
active, open the account dropdown at the top of the profile (or Profile menu → Settings and
privacy → Switch account) and pick the row with the username. Instagram (notes 4.7): Profile
tab, ``action_bar_title``; the username with its chevron opens the account sheet.
An account that is not signed in on the phone ends the task with ``LOGGED_OUT``.
"""

from __future__ import annotations

from farmhand.domain import ErrorCode, Platform
from farmhand.scripts.base import ScriptContext, ScriptError
from farmhand.scripts.session import AppSession
from farmhand.scripts.ui.hierarchy import Hierarchy, UiElement
from farmhand.scripts.ui.screen import Screen
from farmhand.scripts.ui.selectors import Matcher

SETTINGS_SCROLLS = 5


def _clean(username: str) -> str:
    return username.strip().removeprefix("@").strip().casefold()


def current_username(screen: Screen, h: Hierarchy | None = None) -> str | None:
    element = screen.find("profile.username", h)
    if element is None or not element.text.strip():
        return None
    return _clean(element.text.split()[0])


def _account_row(screen: Screen, h: Hierarchy, target: str) -> UiElement | None:
    """The row of ``target`` in an account list: its text or desc is the username (maybe with
    an ``@``, or followed by ", New notifications" on Instagram)."""
    matchers = [
        Matcher.of(label=[target, f"@{target}"], clickable=True),
        Matcher.of(label=[target, f"@{target}"]),
        Matcher.of(desc_startswith=[f"{target},", f"@{target},"]),
    ]
    found = screen.selectors.match(h, matchers)
    return found.element if found else None


def open_own_profile(screen: Screen) -> Hierarchy:
    screen.tap_on("nav.profile", where="home screen")
    screen.wait_for("profile.username", where="own profile")
    assert screen.last is not None
    return screen.last


def ensure_account(ctx: ScriptContext, app: AppSession) -> None:
    """Switch the running app to ``ctx.account`` if another account is active."""
    if ctx.account is None:
        return
    target = _clean(ctx.account.username)
    screen = app.screen
    with ctx.step(f"use account @{target}"):
        h = open_own_profile(screen)
        active = current_username(screen, h)
        if active == target:
            ctx.log(f"@{target} is the active account")
            return
        ctx.log(f"@{active or 'unknown'} is active; switching to @{target}")
        _open_switcher(ctx, app, screen)
        screen.wait_for("account.add", where="account list")
        h = screen.poll()
        row = _account_row(screen, h, target)
        if row is None:
            ctx.log(f"the account list shows {h.summary(8)}")
            raise ScriptError(
                ErrorCode.LOGGED_OUT, f"account @{target} is not signed in to {app.label} on this phone"
            )
        screen.tap(h.clickable_ancestor(row))
        ctx.pause(1.0, 2.0)
        screen.wait_screen("home", timeout=30.0)
        h = open_own_profile(screen)
        active = current_username(screen, h)
        if active != target:
            raise ScriptError(
                ErrorCode.LOGGED_OUT,
                f"switching to @{target} failed: {app.label} shows @{active or 'nobody'}",
            )
        ctx.log(f"switched to @{target}")


def _open_switcher(ctx: ScriptContext, app: AppSession, screen: Screen) -> None:
    """Tap what opens the account list (the caller waits for the list)."""
    if app.platform is Platform.INSTAGRAM:
        screen.tap_on("profile.username_switcher", where="own profile")
        return
    # TikTok: the dropdown at the top of the profile, else Settings and privacy.
    switcher = screen.find("profile.account_switcher", screen.poll())
    if switcher is not None:
        screen.tap(switcher)
        return
    ctx.log("no account dropdown; going through Settings and privacy")
    screen.tap_on("profile.menu", where="own profile")
    screen.tap_on("settings.entry", where="profile menu")
    for _ in range(SETTINGS_SCROLLS):
        h = screen.poll()
        entry = screen.find("settings.switch_account", h)
        if entry is not None:
            screen.tap(entry)
            return
        screen.swipe_up(h)
        ctx.pause(0.4, 0.8)
    raise screen.not_found(["settings.switch_account"], "settings screen", screen.last)
