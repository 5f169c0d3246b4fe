"""Input methods of a virtual phone: which are installed, enabled and selected (kept in the
secure settings, as on Android), and the keyboard broadcasts that type text.

Text broadcasts reach a keyboard only while it is the selected input method; otherwise nobody
receives them and ``am broadcast`` answers ``result=0``, exactly what tells a script that its
keyboard is not set up.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import TYPE_CHECKING

from farmhand.virtual.apps import AdbKeyboard, U2Keyboard
from farmhand.virtual.apps.keyboard import GboardKeyboard

if TYPE_CHECKING:
    from farmhand.virtual.phone import VirtualPhone

KEYBOARDS = (GboardKeyboard, AdbKeyboard, U2Keyboard)
ADB_IME = f"{AdbKeyboard.package}/{AdbKeyboard.ime_service}"
U2_IME = f"{U2Keyboard.package}/{U2Keyboard.ime_service}"
LATIN_IME = f"{GboardKeyboard.package}/{GboardKeyboard.ime_service}"
KEY_ENTER = 66

# Actions each keyboard's receiver handles.
_ADB_ACTIONS = {
    "ADB_INPUT_TEXT",
    "ADB_INPUT_B64",
    "ADB_INPUT_CHARS",
    "ADB_INPUT_CODE",
    "ADB_EDITOR_CODE",
    "ADB_CLEAR_TEXT",
}
_U2_ACTIONS = {
    "ADB_KEYBOARD_INPUT_TEXT",
    "ADB_KEYBOARD_CLEAR_TEXT",
    "ADB_KEYBOARD_HIDE",
    "ADB_KEYBOARD_EDITOR_CODE",
    "ADB_KEYBOARD_SMART_ENTER",
    "ADB_KEYBOARD_INPUT_KEYCODE",
}


@dataclass(frozen=True, slots=True)
class BroadcastAnswer:
    result: int  # -1 received and handled (RESULT_OK), 0 nobody received it
    data: str | None = None


def ime_id(package: str) -> str | None:
    for keyboard in KEYBOARDS:
        if keyboard.package == package:
            return f"{package}/{keyboard.ime_service}"
    return None


def ime_action(action: str) -> bool:
    return action in _ADB_ACTIONS or action in _U2_ACTIONS


class InputMethods:
    def __init__(self, phone: VirtualPhone) -> None:
        self._phone = phone

    @property
    def _secure(self) -> dict[str, str]:
        return self._phone.settings.setdefault("secure", {})

    def installed(self) -> list[str]:
        ids = [ime_id(r.package) for r in self._phone.packages.all()]
        return [i for i in ids if i is not None]

    def enabled(self) -> list[str]:
        installed = self.installed()
        listed = self._secure.get("enabled_input_methods", "").split(":")
        return [i for i in listed if i and i in installed]

    def selected(self) -> str:
        current = self._secure.get("default_input_method", "")
        return current if current in self.installed() else ""

    def enable(self, ime: str) -> str | None:
        if ime not in self.installed():
            return f"Unknown input method {ime} cannot be enabled for user #0"
        enabled = self.enabled()
        if ime not in enabled:
            self._secure["enabled_input_methods"] = ":".join([*enabled, ime])
            self._phone.mark_dirty()
        return None

    def disable(self, ime: str) -> str | None:
        if ime not in self.installed():
            return f"Unknown input method {ime} cannot be disabled for user #0"
        self._secure["enabled_input_methods"] = ":".join(i for i in self.enabled() if i != ime)
        if self._secure.get("default_input_method") == ime:
            self._secure["default_input_method"] = LATIN_IME if LATIN_IME in self.enabled() else ""
        self._phone.mark_dirty()
        return None

    def select(self, ime: str) -> str | None:
        if ime not in self.installed():
            return f"Unknown input method {ime} cannot be selected for user #0"
        if ime not in self.enabled():
            return f"Input method {ime} is not enabled for user #0"
        self._secure["default_input_method"] = ime
        self._phone.mark_dirty()
        return None

    # --- broadcasts --------------------------------------------------------------------------
    def broadcast(self, action: str, extras: dict[str, object]) -> BroadcastAnswer:
        """Deliver a keyboard broadcast; ``result=0`` unless that keyboard is selected."""
        selected = self.selected()
        if action in _ADB_ACTIONS:
            if selected != ADB_IME:
                return BroadcastAnswer(0)
            return self._adb_keyboard(action, extras)
        if action in _U2_ACTIONS:
            if selected != U2_IME:
                return BroadcastAnswer(0)
            return self._u2_keyboard(action, extras)
        return BroadcastAnswer(0)

    def _adb_keyboard(self, action: str, extras: dict[str, object]) -> BroadcastAnswer:
        if action == "ADB_INPUT_TEXT":
            return self._type(str(extras.get("msg", "")))
        if action == "ADB_INPUT_B64":
            return self._type_b64(extras.get("msg"))
        if action == "ADB_INPUT_CHARS":
            chars = extras.get("chars", [])
            codes = chars if isinstance(chars, list) else []
            return self._type("".join(chr(int(c)) for c in codes))
        if action in ("ADB_INPUT_CODE", "ADB_EDITOR_CODE"):
            return self._key(extras.get("code"), KEY_ENTER if action == "ADB_EDITOR_CODE" else None)
        self._phone.activities.focused_app().on_clear_text()
        return BroadcastAnswer(-1)

    def _u2_keyboard(self, action: str, extras: dict[str, object]) -> BroadcastAnswer:
        if action == "ADB_KEYBOARD_INPUT_TEXT":
            answer = self._type_b64(extras.get("text"))
            return BroadcastAnswer(answer.result, "success" if answer.result == -1 else answer.data)
        if action == "ADB_KEYBOARD_CLEAR_TEXT":
            self._phone.activities.focused_app().on_clear_text()
        elif action in ("ADB_KEYBOARD_EDITOR_CODE", "ADB_KEYBOARD_SMART_ENTER"):
            self._phone.screen.key(KEY_ENTER)
        elif action == "ADB_KEYBOARD_INPUT_KEYCODE":
            return self._key(extras.get("code"), None)
        return BroadcastAnswer(-1, "success")

    def _type_b64(self, value: object) -> BroadcastAnswer:
        if not isinstance(value, str) or not value:
            return BroadcastAnswer(0, "missing base64 text extra")
        try:
            text = base64.b64decode(value.encode("ascii"), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeError, ValueError):
            return BroadcastAnswer(0, "invalid base64 UTF-8 text")
        return self._type(text)

    def _type(self, text: str) -> BroadcastAnswer:
        self._phone.screen.type_text(text, via=self.selected())
        return BroadcastAnswer(-1)

    def _key(self, code: object, fallback: int | None) -> BroadcastAnswer:
        try:
            keycode = int(str(code)) if code is not None else fallback
        except ValueError:
            keycode = fallback
        if keycode is None:
            return BroadcastAnswer(0, "missing key code")
        self._phone.screen.key(keycode if fallback is None else KEY_ENTER)
        return BroadcastAnswer(-1)
