"""The plug-in interface of a virtual app (TikTok, Instagram, the launcher, the permission
controller): what an app receives from the phone, and what the phone offers it.

An app keeps all it must remember in ``self.state`` (JSON-serializable: posts, follows,
comments, first-run flags); the phone persists it with the phone's data, so a restarted farm
finds its apps as it left them. Screen state that a force-stop resets lives in plain
attributes.
"""

from __future__ import annotations

import random
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from farmhand.virtual.ui import Node


@dataclass
class Intent:
    """An ``am start`` / ``am broadcast`` as the phone parsed it."""

    action: str | None = None  # android.intent.action.SEND, ...VIEW, ...MAIN
    data: str | None = None  # -d
    mime: str | None = None  # -t
    component: str | None = None  # -n package/activity (activity expanded to its full name)
    package: str | None = None  # the target package (from -n, or a trailing package argument)
    categories: list[str] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)  # --es/--ei/--ez/--eu/--esa ...
    streams: list[str] = field(default_factory=list)  # android.intent.extra.STREAM uris, in order
    flags: list[str] = field(default_factory=list)  # -W, -S, --grant-read-uri-permission, ...


@dataclass(frozen=True)
class MediaItem:
    """One entry of the phone's media store (what a gallery shows, newest first)."""

    media_id: int
    path: str  # /sdcard/DCIM/Camera/x.mp4
    kind: str  # video | image
    mime: str
    size: int
    added_at: float

    @property
    def uri(self) -> str:
        table = "video" if self.kind == "video" else "images"
        return f"content://media/external/{table}/media/{self.media_id}"


@dataclass(frozen=True)
class IntentFilter:
    """An activity an app exports for implicit intents (``am start -a ... -t ... -d ...``,
    ``cmd package query-activities``). Empty tuples match anything of that kind."""

    activity: str  # full class name
    actions: tuple[str, ...]  # android.intent.action.SEND, ...VIEW
    mime_types: tuple[str, ...] = ()  # "video/*", "image/*", "video/mp4"
    hosts: tuple[str, ...] = ()  # VIEW links: "www.tiktok.com", "vm.tiktok.com"

    def matches(self, action: str | None, mime: str | None, data: str | None) -> bool:
        if action is not None and action not in self.actions:
            return False
        if self.mime_types and mime is not None:
            major = mime.split("/", 1)[0]
            if not any(
                t in (mime, f"{major}/*", "*/*") or mime in ("*/*", f"{t.split('/', 1)[0]}/*")
                for t in self.mime_types
            ):
                return False
        if self.hosts:
            if data is None:
                return False
            host = data.split("://", 1)[-1].split("/", 1)[0].split("?", 1)[0].lower()
            if host not in self.hosts:
                return False
        return True


class AppHost(Protocol):
    """What the phone offers its apps."""

    rng: random.Random
    width: int
    height: int

    def now(self) -> float:
        """Seconds (the phone's clock; apps time their uploads with it)."""
        ...

    def knob(self, name: str, default: Any = None) -> Any:
        """A fault or behaviour switch (``captcha``, ``upload_error``, ``id_profile``, ...)."""
        ...

    def toast(self, text: str) -> None: ...

    def media(self) -> list[MediaItem]:
        """The media store, newest first."""
        ...

    def media_by_uri(self, uri: str) -> MediaItem | None: ...

    def read_file(self, path: str) -> bytes | None: ...

    def request_permission(self, package: str, permission: str, message: str) -> bool:
        """True if granted already; otherwise the phone shows the system permission dialog
        over the app and returns False (the app retries the action after the grant)."""
        ...

    def record(self, kind: str, data: dict[str, Any]) -> None:
        """Append an event to the phone's journal (posted, followed, commented, ...)."""
        ...

    def changed(self) -> None:
        """The app's ``state`` changed; persist it soon."""
        ...


class VirtualApp(ABC):
    """One installed app."""

    package: ClassVar[str]
    label: ClassVar[str]
    version_name: ClassVar[str] = "1.0"
    version_code: ClassVar[int] = 1
    launcher_activity: ClassVar[str]
    # Every activity ``am start -n`` may name (the launcher one is always allowed); empty:
    # any name is accepted and handed to ``on_intent``.
    activities: ClassVar[tuple[str, ...]] = ()
    intent_filters: ClassVar[tuple[IntentFilter, ...]] = ()
    system: ClassVar[bool] = False  # preinstalled, not listed by ``pm list packages -3``

    def __init__(self, host: AppHost, state: dict[str, Any]) -> None:
        self.host = host
        self.state = state

    @abstractmethod
    def on_intent(self, intent: Intent) -> None:
        """Started by ``am start`` (launcher, ``-n`` component, VIEW url, SEND streams)."""

    @abstractmethod
    def current_activity(self) -> str:
        """Full activity name in front (``com.ss.android.ugc.aweme.splash.SplashActivity``)."""

    @abstractmethod
    def render(self) -> Node:
        """The current screen, full-window root node."""

    @abstractmethod
    def on_tap(self, node: Node) -> None:
        """A tap reached ``node`` (found by hit-testing :meth:`render`'s tree)."""

    def on_swipe(self, x1: int, y1: int, x2: int, y2: int, duration_ms: int) -> None:  # noqa: B027
        """A swipe; default: nothing scrolls."""

    def on_key(self, keycode: int) -> bool:
        """A key event; return True if handled. BACK not handled leaves the app."""
        return False

    def on_text(self, text: str) -> None:  # noqa: B027
        """Text typed (IME broadcast or ``input text``) into the focused field."""

    def on_clear_text(self) -> None:  # noqa: B027
        """The input method cleared the focused field (``ADB_CLEAR_TEXT``, uiautomator2's
        ``clearTextField``); default: nothing is cleared."""

    def on_set_text(self, node: Node, text: str) -> None:
        """uiautomator2's ``setText`` on ``node``: by default focus it with a tap, clear it
        and type ``text``; apps with a better notion of fields may override."""
        self.on_tap(node)
        self.on_clear_text()
        if text:
            self.on_text(text)

    def on_permission_result(self, permission: str, granted: bool) -> None:  # noqa: B027
        """The person answered the system permission dialog the app asked for."""

    def on_stop(self) -> None:  # noqa: B027
        """``am force-stop``: forget the screen stack; keep ``state``."""

    def toasts(self) -> list[str]:
        return []
