"""UI operations built on a phone's shell, shared by every backend.

A backend implements the four transport primitives (``shell``, ``exec_out``, ``push``,
``pull``); this base class turns them into taps, swipes, key events, typed text, hierarchy
dumps and screenshots with the same commands a person would type after ``adb shell``. The
in-process virtual phone and a real phone behind the adb server therefore receive the very
same command lines.
"""

from __future__ import annotations

import base64
import re
import shlex
from abc import ABC, abstractmethod
from collections.abc import Sequence
from pathlib import Path

from farmhand.devices.base import DEFAULT_TIMEOUT, DeviceError, DeviceInfo, ShellResult

# The input method farmhand types through. ADBKeyBoard's protocol: a broadcast carrying base64
# UTF-8, so emoji, accents and line breaks arrive intact (``input text`` cannot type them).
IME_ID = "com.android.adbkeyboard/.AdbIME"
IME_B64_ACTION = "ADB_INPUT_B64"
DUMP_PATH = "/sdcard/window_dump.xml"

_BATTERY_LEVEL = re.compile(r"^\s*level:\s*(\d+)", re.MULTILINE)
_WM_SIZE = re.compile(r"(?:Override|Physical) size:\s*(\d+)x(\d+)")


def quote(command: Sequence[str] | str) -> str:
    """Quote an argument list for the phone's ``sh``; pass a constant string through."""
    if isinstance(command, str):
        return command
    return shlex.join(str(part) for part in command)


class ShellDevice(ABC):
    """A :class:`farmhand.devices.base.Device` whose UI operations go through its shell."""

    def __init__(self, serial: str) -> None:
        self._serial = serial
        self._ime_ready = False

    @property
    def serial(self) -> str:
        return self._serial

    # --- transport primitives, per backend ------------------------------------------------
    @abstractmethod
    def shell(self, command: Sequence[str] | str, *, timeout: float = DEFAULT_TIMEOUT) -> ShellResult: ...

    @abstractmethod
    def exec_out(self, command: Sequence[str], *, timeout: float = DEFAULT_TIMEOUT) -> bytes: ...

    @abstractmethod
    def push(self, local: Path, remote: str, *, timeout: float = 300.0) -> None: ...

    @abstractmethod
    def pull(self, remote: str, local: Path, *, timeout: float = 300.0) -> None: ...

    def close(self) -> None:  # noqa: B027 - optional for backends without resources
        """Release what the backend holds; the base holds nothing."""

    # --- UI ---------------------------------------------------------------------------------
    def dump_hierarchy(self, *, timeout: float = DEFAULT_TIMEOUT) -> str:
        self.shell(["uiautomator", "dump", DUMP_PATH], timeout=timeout).check("uiautomator dump")
        xml = self.shell(["cat", DUMP_PATH], timeout=timeout).check("reading the UI dump").stdout
        if "<hierarchy" not in xml:
            raise DeviceError("uiautomator dump produced no hierarchy")
        return xml

    def screenshot(self, *, timeout: float = DEFAULT_TIMEOUT) -> bytes:
        png = self.exec_out(["screencap", "-p"], timeout=timeout)
        if not png.startswith(b"\x89PNG"):
            raise DeviceError("screencap did not return a PNG")
        return png

    def tap(self, x: int, y: int) -> None:
        self.shell(["input", "tap", str(int(x)), str(int(y))]).check("input tap")

    def swipe(self, x1: int, y1: int, x2: int, y2: int, duration_ms: int = 300) -> None:
        args = ["input", "swipe", *(str(int(v)) for v in (x1, y1, x2, y2, duration_ms))]
        self.shell(args).check("input swipe")

    def key(self, keycode: int | str) -> None:
        self.shell(["input", "keyevent", str(keycode)]).check("input keyevent")

    def input_text(self, text: str) -> None:
        self.ensure_ime()
        encoded = base64.b64encode(text.encode("utf-8")).decode("ascii")
        result = self.shell(["am", "broadcast", "-a", IME_B64_ACTION, "--es", "msg", encoded])
        result.check("text broadcast")
        if "result=0" in result.stdout:
            # Broadcast delivered to nobody: the input method is not active after all.
            self._ime_ready = False
            raise DeviceError(f"input method {IME_ID} did not receive the text broadcast")

    def ensure_ime(self) -> None:
        """Make farmhand's input method the active one (once per connection)."""
        if self._ime_ready:
            return
        current = self.shell(["settings", "get", "secure", "default_input_method"]).stdout.strip()
        if current != IME_ID:
            listed = self.shell(["ime", "list", "-a", "-s"]).stdout.split()
            if IME_ID not in listed:
                raise DeviceError(
                    f"input method {IME_ID} is not installed on {self.serial}; "
                    "install ADBKeyboard (see docs/phones.md)"
                )
            self.shell(["ime", "enable", IME_ID]).check("ime enable")
            self.shell(["ime", "set", IME_ID]).check("ime set")
        self._ime_ready = True

    def info(self) -> DeviceInfo:
        props = self.shell(["getprop"]).stdout
        values = dict(re.findall(r"^\[([^\]]+)\]: \[([^\]]*)\]", props, re.MULTILINE))
        battery = _BATTERY_LEVEL.search(self.shell(["dumpsys", "battery"]).stdout)
        size = _WM_SIZE.search(self.shell(["wm", "size"]).stdout)
        return DeviceInfo(
            model=values.get("ro.product.model"),
            android_version=values.get("ro.build.version.release"),
            battery=int(battery.group(1)) if battery else None,
            width=int(size.group(1)) if size else None,
            height=int(size.group(2)) if size else None,
        )
