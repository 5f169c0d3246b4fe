"""Drive a :class:`VirtualPhone` the way a script does over ``adb shell``: ``uiautomator dump``
and ``cat``, ``input tap`` on an element's centre, text through the ADB keyboard's base64
broadcast, ``am start`` intents, swipes and key events. Elements are found by text, content-desc
or resource id in the parsed dump, never through the app objects."""

from __future__ import annotations

import base64
import shlex
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from farmhand.virtual.phone import VirtualPhone

TIKTOK = "com.zhiliaoapp.musically"
TRILL = "com.ss.android.ugc.trill"
INSTAGRAM = "com.instagram.android"
IME = "com.android.adbkeyboard/.AdbIME"
SEND = "android.intent.action.SEND"
SEND_MULTIPLE = "android.intent.action.SEND_MULTIPLE"
VIEW = "android.intent.action.VIEW"
STORAGE = "/storage/emulated/0/"  # how the media store records /sdcard paths, as Android does


class FakeClock:
    """The phone's clock, moved by the test (uploads advance without sleeping)."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass(frozen=True)
class El:
    text: str
    desc: str
    rid: str
    cls: str
    package: str
    bounds: tuple[int, int, int, int]
    clickable: bool
    enabled: bool
    selected: bool
    checked: bool
    focused: bool
    hint: str

    @property
    def center(self) -> tuple[int, int]:
        left, top, right, bottom = self.bounds
        return (left + right) // 2, (top + bottom) // 2

    @property
    def id_name(self) -> str:
        return self.rid.split(":id/", 1)[-1] if ":id/" in self.rid else self.rid


def _bounds(value: str) -> tuple[int, int, int, int]:
    left, top, right, bottom = (int(v) for v in value.replace("][", ",").strip("[]").split(","))
    return left, top, right, bottom


class Driver:
    def __init__(self, phone: VirtualPhone, clock: FakeClock) -> None:
        self.phone = phone
        self.clock = clock
        self._ime_ready = False

    # --- shell -------------------------------------------------------------------------------
    def sh(self, *args: str, check: bool = True) -> str:
        command = shlex.join(args)
        outcome = self.phone.run(command)
        out = outcome.stdout.decode("utf-8", "replace")
        if check:
            assert outcome.exit_code == 0, f"{command} failed: {out} {outcome.stderr!r}"
        return out

    def start(self, package: str = TIKTOK, stop: bool = True) -> None:
        activity = (
            "com.ss.android.ugc.aweme.splash.SplashActivity"
            if package != INSTAGRAM
            else "com.instagram.mainactivity.LauncherActivity"
        )
        args = ["am", "start", *(["-S"] if stop else []), "-n", f"{package}/{activity}"]
        self.sh(*args)

    def share(self, component: str, *uris: str, mime: str = "video/mp4", grant: bool = False) -> None:
        """``am start`` a share to ``component`` (package/activity) with ``uris`` as its
        streams: SEND, or SEND_MULTIPLE for several."""
        args = ["am", "start", "-n", component, "-a", SEND_MULTIPLE if len(uris) > 1 else SEND, "-t", mime]
        for uri in uris:
            args += ["--eu", "android.intent.extra.STREAM", uri]
        self.sh(*args, *(["--grant-read-uri-permission"] if grant else []))

    def view(self, url: str, package: str | None = None, wait: bool = False) -> None:
        """``am start`` a VIEW of ``url`` (``-W`` to wait), optionally limited to ``package``."""
        self.sh(
            "am", "start", *(["-W"] if wait else []), "-a", VIEW, "-d", url, *([package] if package else [])
        )

    def knob(self, name: str, value: object) -> None:
        self.sh("farmhand-vphone", "knob", name, str(value))

    # --- media -------------------------------------------------------------------------------
    def push_media(self, name: str, data: bytes) -> str:
        """Put a file in the camera roll, index it, and return its content URI."""
        path = f"/sdcard/DCIM/Camera/{name}"
        error = self.phone.write_file(path, data)
        assert error is None, error
        self.sh(
            "content",
            "call",
            "--uri",
            "content://media",
            "--method",
            "scan_volume",
            "--arg",
            "external_primary",
        )
        table = "video" if name.endswith((".mp4", ".mov")) else "images"
        out = self.sh(
            "content",
            "query",
            "--uri",
            f"content://media/external/{table}/media",
            "--projection",
            "_id",
            "--where",
            f"_data='{path.replace('/sdcard/', STORAGE)}'",
        )
        media_id = out.strip().rsplit("_id=", 1)[-1]
        assert media_id.isdigit(), out
        return f"content://media/external/{table}/media/{media_id}"

    # --- screen ------------------------------------------------------------------------------
    def dump(self) -> list[El]:
        self.sh("uiautomator", "dump", "/sdcard/window_dump.xml")
        xml = self.sh("cat", "/sdcard/window_dump.xml")
        root = ET.fromstring(xml)
        found = []
        for node in root.iter("node"):
            a = node.attrib
            found.append(
                El(
                    text=a.get("text", ""),
                    desc=a.get("content-desc", ""),
                    rid=a.get("resource-id", ""),
                    cls=a.get("class", ""),
                    package=a.get("package", ""),
                    bounds=_bounds(a["bounds"]),
                    clickable=a.get("clickable") == "true",
                    enabled=a.get("enabled") == "true",
                    selected=a.get("selected") == "true",
                    checked=a.get("checked") == "true",
                    focused=a.get("focused") == "true",
                    hint=a.get("hint", ""),
                )
            )
        return found

    def find_all(self, **sel: Any) -> list[El]:
        return [el for el in self.dump() if _matches(el, sel)]

    def find(self, **sel: Any) -> El | None:
        found = self.find_all(**sel)
        return found[0] if found else None

    def has(self, **sel: Any) -> bool:
        return self.find(**sel) is not None

    def get(self, **sel: Any) -> El:
        elements = self.dump()
        for el in elements:
            if _matches(el, sel):
                return el
        summary = [(e.text or e.desc or e.id_name) for e in elements if e.text or e.desc][:60]
        raise AssertionError(f"no element {sel} on screen; visible: {summary}")

    def tap(self, **sel: Any) -> El:
        el = self.get(**sel)
        x, y = el.center
        self.sh("input", "tap", str(x), str(y))
        return el

    def tap_at(self, x: int, y: int) -> None:
        self.sh("input", "tap", str(x), str(y))

    def type(self, text: str) -> None:
        if not self._ime_ready:
            self.sh("ime", "enable", IME)
            self.sh("ime", "set", IME)
            self._ime_ready = True
        encoded = base64.b64encode(text.encode("utf-8")).decode("ascii")
        out = self.sh("am", "broadcast", "-a", "ADB_INPUT_B64", "--es", "msg", encoded)
        assert "result=-1" in out, out

    def swipe_up(self) -> None:
        self.sh("input", "swipe", "540", "1900", "540", "600", "300")

    def swipe_down(self) -> None:
        self.sh("input", "swipe", "540", "700", "540", "1900", "300")

    def key(self, name: str) -> None:
        self.sh("input", "keyevent", name)

    def grant_dialogs(self, deny_contacts: bool = True) -> int:
        """Answer every permission dialog on screen, as scripts do; return how many."""
        answered = 0
        for _ in range(6):
            message = self.find(rid="com.android.permissioncontroller:id/permission_message")
            if message is None:
                return answered
            wants_deny = deny_contacts and ("contacts" in message.text or "notifications" in message.text)
            for choice in (
                ("permission_deny_button",)
                if wants_deny
                else (
                    "permission_allow_foreground_only_button",
                    "permission_allow_all_button",
                    "permission_allow_button",
                )
            ):
                button = self.find(rid=f"com.android.permissioncontroller:id/{choice}")
                if button is not None:
                    self.tap_at(*button.center)
                    answered += 1
                    break
        return answered

    # --- outcomes ----------------------------------------------------------------------------
    def journal(self, kind: str) -> list[dict[str, Any]]:
        return self.phone.journal.entries(kind)

    def toasts(self) -> list[str]:
        return [toast.text for toast in self.phone.journal.toasts()]

    def state(self, package: str = TIKTOK) -> dict[str, Any]:
        state = self.phone.app_state(package)
        assert state is not None
        return state


# Selector key → the element attribute it must equal, or (``_has``) contain.
_EQUAL = {
    "text": "text",
    "desc": "desc",
    "id": "id_name",
    "rid": "rid",
    "cls": "cls",
    "clickable": "clickable",
    "package": "package",
}
_CONTAINS = {"text_has": "text", "desc_has": "desc"}


def _matches(el: El, sel: dict[str, Any]) -> bool:
    for key, want in sel.items():
        if key in _EQUAL and getattr(el, _EQUAL[key]) != want:
            return False
        if key in _CONTAINS and want not in getattr(el, _CONTAINS[key]):
            return False
    return True


def make_phone(tmp: Path, seed: int = 7, **knobs: object) -> Driver:
    clock = FakeClock()
    phone = VirtualPhone("vphone-01", tmp / "vphone-01", seed=seed, clock=clock)
    for name, value in knobs.items():
        phone.set_knob(name, value)
    return Driver(phone, clock)


MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
