"""The uiautomator2 server's JSON-RPC (``tcp:9008`` on a real phone), answered by the phone.

Answers are shaped like the real server's, as the uiautomator2 client reads them: selectors
are dicts with a ``mask`` and ``childOrSibling`` chains, ``objInfo`` returns bounds as dicts,
screenshots are base64 JPEG. By the convention of the wire front, a selector that matches
nothing raises LookupError (the client's ``UiObjectNotFoundError``), an unknown method
NotImplementedError, and bad parameters TypeError/ValueError.
"""

from __future__ import annotations

import base64
import re
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from farmhand.virtual import keys
from farmhand.virtual.render import to_jpeg
from farmhand.virtual.screen import Window
from farmhand.virtual.ui import Node, to_xml

if TYPE_CHECKING:
    from farmhand.virtual.phone import VirtualPhone

POLL_S = 0.1
MAX_WAIT_S = 300.0
_BOOL_FIELDS = {
    "checkable": "checkable", "checked": "checked", "clickable": "clickable",
    "longClickable": "long_clickable", "scrollable": "scrollable", "enabled": "enabled",
    "focusable": "focusable", "focused": "focused", "selected": "selected",
}  # fmt: skip
_META = ("mask", "childOrSibling", "childOrSiblingSelector", "instance")

Match = tuple[Window, Node, Node | None, int]  # window, node, parent, index in parent


def _java_full_match(pattern: str, value: str) -> bool:
    try:
        return re.fullmatch(pattern, value, re.DOTALL) is not None
    except re.error as exc:
        raise ValueError(f"bad regular expression {pattern!r}: {exc}") from None


def _matches(node: Node, index: int, selector: dict[str, Any]) -> bool:
    for key, expected in selector.items():
        if key in _META:
            continue
        if key in _BOOL_FIELDS:
            if bool(getattr(node, _BOOL_FIELDS[key])) != bool(expected):
                return False
            continue
        value = {
            "text": node.text, "textContains": node.text, "textMatches": node.text,
            "textStartsWith": node.text,
            "description": node.desc, "descriptionContains": node.desc, "descriptionMatches": node.desc,
            "descriptionStartsWith": node.desc, "className": node.cls, "classNameMatches": node.cls,
            "packageName": node.package, "packageNameMatches": node.package, "resourceId": node.res_id,
            "resourceIdMatches": node.res_id, "index": index,
        }.get(key)  # fmt: skip
        if value is None:
            raise ValueError(f"unsupported selector field {key!r}")
        if key == "index":
            if int(expected) != value:
                return False
        elif key.endswith("Contains"):
            if str(expected) not in str(value):
                return False
        elif key.endswith("StartsWith"):
            if not str(value).startswith(str(expected)):
                return False
        elif key.endswith("Matches"):
            if not _java_full_match(str(expected), str(value)):
                return False
        elif str(value) != str(expected):
            return False
    return True


def _all_nodes(windows: list[Window]) -> list[Match]:
    found: list[Match] = []

    def visit(window: Window, node: Node, parent: Node | None, index: int) -> None:
        found.append((window, node, parent, index))
        for i, child in enumerate(node.children):
            visit(window, child, node, i)

    for i, window in enumerate(windows):
        visit(window, window.root, None, i)
    return found


def _select(windows: list[Window], selector: dict[str, Any]) -> list[Match]:
    if not isinstance(selector, dict):
        raise TypeError("a selector must be an object")
    everything = _all_nodes(windows)
    current = [m for m in everything if _matches(m[1], m[3], selector)]
    chain = list(
        zip(selector.get("childOrSibling") or [], selector.get("childOrSiblingSelector") or [], strict=False)
    )
    if not chain and "instance" in selector:
        n = int(selector["instance"])
        return current[n : n + 1]
    for relation, sub in chain:
        nxt: list[Match] = []
        for window, node, parent, _ in current:
            scope = node if relation == "child" else parent
            if scope is None:
                continue
            for candidate in _all_nodes([Window(window.owner, window.app, scope)])[1:]:
                if relation == "sibling" and candidate[2] is not scope:
                    continue
                if _matches(candidate[1], candidate[3], sub) and candidate[1] is not node:
                    nxt.append((window, candidate[1], candidate[2], candidate[3]))
        current = nxt
        if "instance" in sub:
            n = int(sub["instance"])
            current = current[n : n + 1]
    return current


def _bounds(node: Node) -> dict[str, int]:
    left, top, right, bottom = node.bounds
    return {"bottom": bottom, "left": left, "right": right, "top": top}


def obj_info(node: Node) -> dict[str, Any]:
    return {
        "bounds": _bounds(node),
        "checkable": node.checkable,
        "checked": node.checked,
        "childCount": len(node.children),
        "className": node.cls,
        "clickable": node.clickable,
        "contentDescription": node.desc or None,
        "enabled": node.enabled,
        "focusable": node.focusable,
        "focused": node.focused,
        "longClickable": node.long_clickable,
        "packageName": node.package,
        "resourceName": node.res_id or None,
        "scrollable": node.scrollable,
        "selected": node.selected,
        "text": node.text,
        "visibleBounds": _bounds(node),
    }


def _describe(selector: dict[str, Any]) -> str:
    shown = ", ".join(f"{k}={v!r}" for k, v in selector.items() if k not in ("mask",) and v not in ([], None))
    return f"UiSelector[{shown}]"


class UiAutomatorService:
    def __init__(self, phone: VirtualPhone) -> None:
        self._phone = phone
        self._down: tuple[int, int, float] | None = None
        self._methods: dict[str, Callable[..., Any]] = {
            "deviceInfo": self.device_info,
            "dumpWindowHierarchy": self.dump,
            "takeScreenshot": self.screenshot,
            "click": self.click,
            "longClick": self.long_click,
            "swipe": self.swipe,
            "swipePoints": self.swipe_points,
            "drag": self.swipe,
            "pressKey": self.press_key,
            "pressKeyCode": self.press_key_code,
            "injectInputEvent": self.inject,
            "waitForExists": lambda sel, timeout=0, *_: self._wait(sel, timeout, present=True),
            "waitUntilGone": lambda sel, timeout=0, *_: self._wait(sel, timeout, present=False),
            "exist": lambda sel: bool(self._locked(lambda: self._find(sel))),
            "count": lambda sel: len(self._locked(lambda: self._find(sel))),
            "objInfo": lambda sel: obj_info(self._one(sel)[1]),
            "objInfoOfAllInstances": lambda sel: [
                obj_info(m[1]) for m in self._locked(lambda: self._find(sel))
            ],
            "setText": self.set_text,
            "getText": lambda sel: self._one(sel)[1].text,
            "clearTextField": lambda sel: self.set_text(sel, ""),
            "setClipboard": self.set_clipboard,
            "getClipboard": lambda *_: self._phone.clipboard,
            "pasteClipboard": lambda *_: self._type(self._phone.clipboard),
            "clearInputText": lambda *_: self._locked(
                lambda: self._phone.activities.focused_app().on_clear_text()
            ),
            "getLastToast": lambda *_: self._phone.journal.last_toast(),
            "clearLastToast": lambda *_: self._phone.journal.clear_last_toast(),
            "makeToast": lambda text, *_: self._phone.journal.toast("com.github.uiautomator", str(text)),
            "wakeUp": lambda *_: self._key(keys.WAKEUP),
            "sleep": lambda *_: self._key(keys.SLEEP),
            "isScreenOn": lambda *_: self._phone.screen.on,
            "freezeRotation": lambda *_: None,
            "setOrientation": lambda *_: None,
            "getLastTraversedText": lambda *_: None,
            "clearLastTraversedText": lambda *_: None,
            "openNotification": lambda *_: True,
            "openQuickSettings": lambda *_: True,
        }

    def call(self, method: str, params: list[Any] | dict[str, Any]) -> Any:
        handler = self._methods.get(method)
        if handler is None:
            raise NotImplementedError(f"method {method} is not served by a virtual phone")
        if isinstance(params, dict):
            return handler(**params)
        return handler(*params)

    # --- helpers -----------------------------------------------------------------------------
    def _locked(self, fn: Callable[[], Any]) -> Any:
        with self._phone.lock:
            return fn()

    def _find(self, selector: dict[str, Any]) -> list[Match]:
        return _select(self._phone.screen.windows(), selector)

    def _one(self, selector: dict[str, Any]) -> Match:
        with self._phone.lock:
            found = self._find(selector)
        if not found:
            raise LookupError(_describe(selector))
        return found[0]

    def _wait(self, selector: dict[str, Any], timeout_ms: Any, present: bool) -> bool:
        deadline = time.monotonic() + min(MAX_WAIT_S, max(0.0, float(timeout_ms or 0) / 1000))
        while True:
            with self._phone.lock:
                if bool(self._find(selector)) == present:
                    return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(POLL_S)

    def _key(self, code: int) -> bool:
        with self._phone.lock:
            self._phone.screen.key(code)
        return True

    def _type(self, text: str) -> bool:
        with self._phone.lock:
            self._phone.screen.type_text(text, via="uiautomator2")
        return True

    # --- methods -------------------------------------------------------------------------------
    def device_info(self, *_: Any) -> dict[str, Any]:
        phone = self._phone
        with phone.lock:
            return {
                "currentPackageName": phone.activities.focused(),
                "displayHeight": phone.height,
                "displayRotation": 0,
                "displaySizeDpX": round(phone.width * 160 / 420),
                "displaySizeDpY": round(phone.height * 160 / 420),
                "displayWidth": phone.width,
                "productName": phone.profile.product,
                "screenOn": phone.screen.on,
                "sdkInt": phone.profile.sdk,
                "naturalOrientation": True,
            }

    def dump(self, *_: Any) -> str:
        with self._phone.lock:
            return to_xml(self._phone.screen.roots())

    def screenshot(self, scale: Any = 1, quality: Any = 80, *_: Any) -> str:
        with self._phone.lock:
            image = self._phone.screen.image()
        factor = float(scale or 1)
        if 0 < factor < 1:
            image = image.resize((max(1, int(image.width * factor)), max(1, int(image.height * factor))))
        return base64.b64encode(to_jpeg(image, int(quality or 80))).decode("ascii")

    def click(self, *args: Any) -> bool:
        if args and isinstance(args[0], dict):
            x, y = self._one(args[0])[1].center
        else:
            if len(args) < 2:
                raise TypeError("click needs x and y")
            x, y = int(float(args[0])), int(float(args[1]))
        with self._phone.lock:
            self._phone.screen.tap(x, y)
        return True

    def long_click(self, *args: Any) -> bool:
        return self.click(*args)

    def swipe(self, fx: Any, fy: Any, tx: Any, ty: Any, steps: Any = 10, *_: Any) -> bool:
        with self._phone.lock:
            self._phone.screen.swipe(int(fx), int(fy), int(tx), int(ty), int(steps) * 5)
        return True

    def swipe_points(self, points: list[Any], steps: Any = 10) -> bool:
        if len(points) < 4:
            raise ValueError("swipePoints needs at least two points")
        return self.swipe(points[0], points[1], points[-2], points[-1], steps)

    def press_key(self, name: Any, *_: Any) -> bool:
        key = str(name).lower()
        if key not in keys.U2_KEYS:
            try:
                return self._key(keys.keycode(str(name)))
            except ValueError:
                raise ValueError(f"unknown key name {name!r}") from None
        return self._key(keys.U2_KEYS[key])

    def press_key_code(self, code: Any, *_: Any) -> bool:
        return self._key(int(code))

    def inject(self, action: Any, x: Any, y: Any, *_: Any) -> bool:
        now = time.monotonic()
        if int(action) == 0:
            self._down = (int(x), int(y), now)
        elif int(action) == 1 and self._down is not None:
            x0, y0, started = self._down
            self._down = None
            with self._phone.lock:
                self._phone.screen.swipe(x0, y0, int(x), int(y), int((now - started) * 1000))
        return True

    def set_text(self, selector: dict[str, Any], text: Any) -> bool:
        window, node, _, _ = self._one(selector)
        if window.app is None:
            return False
        with self._phone.lock:
            self._phone.journal.record("text", {"package": window.owner, "text": str(text), "via": "setText"})
            window.app.on_set_text(node, str(text))
            self._phone.mark_dirty()
        return True

    def set_clipboard(self, label: Any = None, text: Any = None, *_: Any) -> None:
        with self._phone.lock:
            self._phone.clipboard = "" if text is None else str(text)
            self._phone.mark_dirty()


__all__ = ["UiAutomatorService", "obj_info"]
