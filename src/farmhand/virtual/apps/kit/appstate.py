"""Typed access to a virtual app's persistent ``state`` dict (JSON-serializable): the accounts
signed in on the phone, what each follows, likes and favourites, the posts made, the comments
written, drafts and first-run flags. Shared by the TikTok and Instagram apps.

Layout of the dict::

    {"accounts": ["alice", "bob"], "current": "alice",
     "lists": {"following": {"alice": ["carol"]}, "liked": {...}, "favorites": {...}, "requested": {...}},
     "posts": [{"id", "account", "caption", "title", "media", "kind", "placement", "sound", "time", ...}],
     "comments": {"<url>": [{"account", "text", "time"}]},
     "drafts": [...], "flags": {"contacts_asked": true, ...}}
"""

from __future__ import annotations

from typing import Any


class AppState:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        data.setdefault("accounts", [])
        data.setdefault("current", None)
        data.setdefault("lists", {})
        data.setdefault("posts", [])
        data.setdefault("comments", {})
        data.setdefault("drafts", [])
        data.setdefault("flags", {})

    # --- accounts ---------------------------------------------------------------------------
    @property
    def accounts(self) -> list[str]:
        accounts: list[str] = self.data["accounts"]
        return accounts

    @property
    def current(self) -> str | None:
        current = self.data.get("current")
        return current if isinstance(current, str) and current in self.accounts else None

    def add_account(self, name: str, make_current: bool = False) -> bool:
        """Sign ``name`` in; True if it was not signed in before."""
        added = name not in self.accounts
        if added:
            self.accounts.append(name)
        if make_current or self.current is None:
            self.data["current"] = name
        return added

    def switch(self, name: str) -> None:
        if name not in self.accounts:
            raise ValueError(f"account {name!r} is not signed in on this phone")
        self.data["current"] = name

    def remove_account(self, name: str) -> None:
        if name in self.accounts:
            self.accounts.remove(name)
        if self.data.get("current") == name:
            self.data["current"] = self.accounts[0] if self.accounts else None

    # --- per-account lists (following, liked, favorites, requested) -------------------------
    def items(self, kind: str, account: str | None) -> list[str]:
        if account is None:
            return []
        per_account: dict[str, list[str]] = self.data["lists"].setdefault(kind, {})
        return per_account.setdefault(account, [])

    def has(self, kind: str, account: str | None, item: str) -> bool:
        return account is not None and item in self.items(kind, account)

    def put(self, kind: str, account: str | None, item: str, present: bool) -> bool:
        """Add or remove ``item``; True if that changed anything."""
        if account is None:
            return False
        items = self.items(kind, account)
        if present and item not in items:
            items.append(item)
            return True
        if not present and item in items:
            items.remove(item)
            return True
        return False

    # --- posts, comments, drafts, flags -----------------------------------------------------
    @property
    def posts(self) -> list[dict[str, Any]]:
        posts: list[dict[str, Any]] = self.data["posts"]
        return posts

    def posts_of(self, account: str | None) -> list[dict[str, Any]]:
        return [post for post in self.posts if post.get("account") == account]

    def comments(self, url: str) -> list[dict[str, Any]]:
        comments: dict[str, list[dict[str, Any]]] = self.data["comments"]
        return comments.setdefault(url, [])

    @property
    def drafts(self) -> list[dict[str, Any]]:
        drafts: list[dict[str, Any]] = self.data["drafts"]
        return drafts

    def flag(self, name: str) -> bool:
        return bool(self.data["flags"].get(name))

    def set_flag(self, name: str, value: Any = True) -> None:
        self.data["flags"][name] = value


def sign_in(state: dict[str, Any], usernames: list[str], current: str | None = None) -> None:
    """Sign accounts in on an app's state dict (a phone's ``app_states[package]``), as a
    person who logged in to each would have; ``current`` (default: the first) is active."""
    if not usernames:
        raise ValueError("sign_in needs at least one username")
    app_state = AppState(state)
    auto = app_state.data["flags"].get("auto_account")
    if isinstance(auto, str) and auto not in usernames:
        app_state.remove_account(auto)
    app_state.data["flags"]["auto_account"] = auto or True
    for name in usernames:
        app_state.add_account(name.lstrip("@"))
    app_state.switch((current or usernames[0]).lstrip("@"))
