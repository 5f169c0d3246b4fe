"""Someone's profile: reach it (link or search), read and change the follow state."""

from __future__ import annotations

import time
from typing import Literal

from farmhand.domain import ErrorCode, Platform
from farmhand.scripts.accounts import current_username
from farmhand.scripts.base import ScriptContext, ScriptError
from farmhand.scripts.session import AppSession
from farmhand.scripts.ui.hierarchy import Hierarchy, UiElement
from farmhand.scripts.ui.screen import DEFAULT_TIMEOUT, Screen
from farmhand.scripts.ui.selectors import norm
from farmhand.scripts.ui.typing import submit_search, type_into

PROFILE_URLS = {
    Platform.TIKTOK: "https://www.tiktok.com/@{}",
    Platform.INSTAGRAM: "https://www.instagram.com/{}/",
}
FollowState = Literal["following", "not_following"]


def profile_url(platform: Platform, username: str) -> str:
    return PROFILE_URLS[platform].format(username)


def open_profile(ctx: ScriptContext, app: AppSession, target: str, access_method: str) -> Hierarchy:
    """Show ``target``'s profile; fail clearly if the app says it does not exist."""
    screen = app.screen
    if access_method == "search":
        _search_user(ctx, app, target)
    else:
        app.open_url(profile_url(app.platform, target))
    found = screen.wait_any(["profile.not_found", "profile.follow", "profile.following"], where="profile")
    if found.name == "profile.not_found":
        raise ScriptError(
            ErrorCode.UI_NOT_FOUND, f"{app.label} says @{target} does not exist ({found.element.label!r})"
        )
    h = screen.last
    assert h is not None
    shown = current_username(screen, h)
    if shown is not None and shown != target.casefold():
        raise ScriptError(ErrorCode.UI_NOT_FOUND, f"{app.label} opened @{shown} instead of @{target}")
    return h


def _search_user(ctx: ScriptContext, app: AppSession, target: str) -> None:
    screen = app.screen
    screen.tap_on("home.search" if app.platform is Platform.TIKTOK else "nav.search", where="home screen")
    type_into(screen, "search.input", target, where="search screen")
    submit_search(screen)
    tab = "search.tab_users" if app.platform is Platform.TIKTOK else "search.tab_accounts"
    h = screen.poll()
    users_tab = screen.find(tab, h)
    if users_tab is not None and not users_tab.selected:
        screen.tap(users_tab)
        ctx.pause(0.6, 1.2)
    row = screen.poll_until(lambda h: _result_row(h, target))
    shown = screen.last
    assert shown is not None
    if row is None:
        raise ScriptError(
            ErrorCode.UI_NOT_FOUND,
            f"searching {app.label} for @{target} found no such account ({shown.summary(8)})",
        )
    screen.tap(shown.clickable_ancestor(row))


def _result_row(h: Hierarchy, target: str) -> UiElement | None:
    """The search result whose username is the target: exact spelling first, then any case
    (a display name may read the same); never the search box that holds the query."""
    labels = {target, f"@{target}"}
    folded = {norm(label) for label in labels}
    found = [
        el
        for el in h
        if el.visible
        and not el.cls.endswith("EditText")
        and (norm(el.text) in folded or norm(el.desc) in folded)
    ]
    exact = [el for el in found if el.text in labels or el.desc in labels]
    best = exact or found
    return best[0] if best else None


def follow_state(screen: Screen, h: Hierarchy) -> FollowState | None:
    # "Follow" first: on TikTok, "Following" is also the label of a profile stat.
    if screen.find("profile.follow", h) is not None:
        return "not_following"
    if screen.find("profile.following", h) is not None:
        return "following"
    return None


def wait_state(screen: Screen, want: FollowState, timeout: float | None = None) -> Hierarchy | None:
    return screen.poll_until(lambda h: h if follow_state(screen, h) == want else None, timeout=timeout)


def follow(ctx: ScriptContext, app: AppSession, target: str) -> str:
    screen = app.screen
    h = screen.poll()
    if follow_state(screen, h) == "following":
        return f"already following @{target}"
    ctx.pause(0.6, 1.8)
    screen.tap(screen.wait_for("profile.follow", where="profile"))
    h2 = wait_state(screen, "following")
    if h2 is None:
        raise ScriptError(
            ErrorCode.UI_NOT_FOUND, f"the Follow button of @{target} did not change after the tap"
        )
    if app.platform is Platform.TIKTOK:
        # TikTok may turn a follow down while the button shows success (notes 2.1 F4).
        ctx.pause(1.0, 2.5)
        screen.pull_to_refresh(h2)
        ctx.pause(1.0, 2.0)
        h3 = screen.poll()
        if follow_state(screen, h3) == "not_following":
            raise ScriptError(
                ErrorCode.ACTION_BLOCKED,
                f"TikTok turned the follow of @{target} down "
                "(Follow came back after a refresh: following too fast?)",
            )
        h2 = h3
    button = screen.find("profile.following", h2)
    if button is not None and button.text.casefold() == "requested":
        return f"follow requested: @{target} (private account)"
    return f"followed @{target}"


def unfollow(ctx: ScriptContext, app: AppSession, target: str) -> str:
    screen = app.screen
    h = screen.poll()
    if follow_state(screen, h) == "not_following":
        return f"not following @{target}"
    ctx.pause(0.6, 1.8)
    screen.tap(screen.wait_for("profile.following", where="profile"))
    started = time.monotonic()
    while True:
        ctx.pause(0.4, 0.9)
        h = screen.poll()
        if follow_state(screen, h) == "not_following":
            return f"unfollowed @{target}"
        # Confirmations: Instagram's sheet row, then a private account's dialog; TikTok's sheet.
        for name in ("profile.unfollow_confirm", "profile.unfollow_row"):
            if screen.selectors.known(name):
                element = screen.find(name, h)
                if element is not None:
                    screen.tap(element)
                    break
        if time.monotonic() - started >= DEFAULT_TIMEOUT:
            raise ScriptError(ErrorCode.UI_NOT_FOUND, f"@{target} still shows Following after the unfollow")
