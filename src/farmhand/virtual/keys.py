"""Android key codes by name (``input keyevent KEYCODE_BACK``, uiautomator2's ``pressKey``)."""

from __future__ import annotations

import string

KEYCODES: dict[str, int] = {
    "HOME": 3, "BACK": 4, "CALL": 5, "ENDCALL": 6, "STAR": 17, "POUND": 18,
    "DPAD_UP": 19, "DPAD_DOWN": 20, "DPAD_LEFT": 21, "DPAD_RIGHT": 22, "DPAD_CENTER": 23,
    "VOLUME_UP": 24, "VOLUME_DOWN": 25, "POWER": 26, "CAMERA": 27, "CLEAR": 28,
    "COMMA": 55, "PERIOD": 56, "TAB": 61, "SPACE": 62, "ENTER": 66, "DEL": 67,
    "AT": 77, "MENU": 82, "NOTIFICATION": 83, "SEARCH": 84, "PAGE_UP": 92, "PAGE_DOWN": 93,
    "ESCAPE": 111, "FORWARD_DEL": 112, "MOVE_HOME": 122, "MOVE_END": 123, "VOLUME_MUTE": 164,
    "APP_SWITCH": 187, "SLEEP": 223, "WAKEUP": 224,
}  # fmt: skip
KEYCODES.update({str(d): 7 + d for d in range(10)})
KEYCODES.update({ch: 29 + i for i, ch in enumerate(string.ascii_uppercase)})
NAMES = {code: name for name, code in KEYCODES.items()}

# uiautomator2's pressKey names.
U2_KEYS = {
    "home": 3, "back": 4, "left": 21, "right": 22, "up": 19, "down": 20, "center": 23,
    "menu": 82, "search": 84, "enter": 66, "delete": 67, "del": 67, "recent": 187,
    "volume_up": 24, "volume_down": 25, "volume_mute": 164, "camera": 27, "power": 26,
}  # fmt: skip

HOME, BACK, POWER, ENTER, DEL, SLEEP, WAKEUP, APP_SWITCH = 3, 4, 26, 66, 67, 223, 224, 187


def keycode(value: str | int) -> int:
    """A key code from ``4``, ``BACK`` or ``KEYCODE_BACK``; ValueError names a bad one."""
    if isinstance(value, int):
        return value
    text = value.strip()
    if text.lstrip("-").isdigit():
        return int(text)
    name = text.upper()
    if name.startswith("KEYCODE_"):
        name = name[len("KEYCODE_") :]
    if name in KEYCODES:
        return KEYCODES[name]
    raise ValueError(f"unknown key {value!r}")
