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
from dataclasses import dataclass
from pathlib import Path

from farmhand.devices.base import DEFAULT_TIMEOUT, DeviceError, DeviceInfo, ShellResult


@dataclass(frozen=True, slots=True)
class InputMethod:
    """An input method that types base64 UTF-8 sent by broadcast, so emoji, accents and line
    breaks arrive intact (``input text`` cannot type them)."""

    ime_id: str
    action: str
    extra: str


# The input method farmhand types through: ADBKeyBoard (installed by the person, docs/phones.md).
ADB_KEYBOARD = InputMethod("com.android.adbkeyboard/.AdbIME", "ADB_INPUT_B64", "msg")
IME_ID = ADB_KEYBOARD.ime_id
DUMP_PATH = "/sdcard/window_dump.xml"

_BATTERY_LEVEL = re.compile(r"^\s*level:\s*(\d+)", re.MULTILINE)
_WM_SIZE = re.compile(r"(?:Override|Physical) size:\s*(\d+)x(\d+)")


def battery_level(dumpsys_battery: str) -> int | None:
    """The charge in percent from ``dumpsys battery``'s output, or None if it does not say."""
    match = _BATTERY_LEVEL.search(dumpsys_battery)
    return int(match.group(1)) if match else None


def quote(command: Sequence[str] | str) -> str:
    """Quote an argument list for the phone's ``sh``; pass a constant string through."""
    if isinstance(command, str):
        return command
    return shlex.join(str(part) for part in command)


class ShellDevice(ABC):
    """A :class:`farmhand.devices.base.Device` whose UI operations go through its shell."""

    def __init__(self, serial: str) -> None:
        self._serial = serial
        self._ime: InputMethod | None = None  # set up once per connection

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
        ime = self._input_method()
        encoded = base64.b64encode(text.encode("utf-8")).decode("ascii")
        result = self.shell(["am", "broadcast", "-a", ime.action, "--es", ime.extra, encoded])
        result.check("text broadcast")
        if "result=0" in result.stdout:
            # Delivered to nobody: someone switched the keyboard; set it up again next time.
            self._ime = None
            raise DeviceError(f"{self.serial}: input method {ime.ime_id} did not receive the text broadcast")

    def ensure_ime(self) -> None:
        """Make farmhand's input method the active one (once per connection)."""
        self._input_method()

    def _input_method(self) -> InputMethod:
        if self._ime is None:
            self._ime = self._choose_input_method()
        return self._ime

    def _choose_input_method(self) -> InputMethod:
        """Activate the input method to type through and return it; backends that can offer
        another keyboard override this."""
        current = self.shell(["settings", "get", "secure", "default_input_method"]).stdout.strip()
        if current != ADB_KEYBOARD.ime_id:
            if ADB_KEYBOARD.ime_id not in self.listed_input_methods():
                raise DeviceError(
                    f"input method {ADB_KEYBOARD.ime_id} is not installed on {self.serial}; "
                    "install ADBKeyboard (see docs/phones.md)"
                )
            self.activate_input_method(ADB_KEYBOARD)
        return ADB_KEYBOARD

    def listed_input_methods(self) -> list[str]:
        return self.shell(["ime", "list", "-a", "-s"]).stdout.split()

    def activate_input_method(self, ime: InputMethod) -> None:
        self.shell(["ime", "enable", ime.ime_id]).check("ime enable")
        self.shell(["ime", "set", ime.ime_id]).check("ime set")

    def info(self) -> DeviceInfo:
        props = self.shell(["getprop"]).stdout
        values = dict(re.findall(r"^\[([^\]]+)\]: \[([^\]]*)\]", props, re.MULTILINE))
        battery = battery_level(self.shell(["dumpsys", "battery"]).stdout)
        size = _WM_SIZE.search(self.shell(["wm", "size"]).stdout)
        return DeviceInfo(
            model=values.get("ro.product.model"),
            android_version=values.get("ro.build.version.release"),
            battery=battery,
            width=int(size.group(1)) if size else None,
            height=int(size.group(2)) if size else None,
        )
