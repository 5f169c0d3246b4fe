"""Input methods installed on a virtual phone. They have no window of their own: the phone's
input-method service (``farmhand.virtual.ime``) routes their broadcasts to the focused app."""

from __future__ import annotations

from typing import ClassVar

from farmhand.virtual.apps.generic import GenericApp


class Keyboard(GenericApp):
    """An app that is an input method: ``ime_service`` is its service (``package/ime_service``
    is the id ``ime`` lists and sets)."""

    ime_service: ClassVar[str]


class AdbKeyboard(Keyboard):
    """ADBKeyBoard: types base64 UTF-8 from ``am broadcast -a ADB_INPUT_B64 --es msg ...``."""

    package = "com.android.adbkeyboard"
    label = "ADB Keyboard"
    version_name = "2.4-dev"
    launcher_activity = "com.android.adbkeyboard.MainActivity"
    ime_service = ".AdbIME"


class U2Keyboard(Keyboard):
    """uiautomator2's keyboard (``com.github.uiautomator``): ``ADB_KEYBOARD_INPUT_TEXT``."""

    package = "com.github.uiautomator"
    label = "ATX"
    version_name = "2.4.0"
    launcher_activity = "com.github.uiautomator.MainActivity"
    ime_service = ".AdbKeyboard"


class GboardKeyboard(Keyboard):
    """The phone's own keyboard, selected on a fresh phone; broadcasts do not reach it."""

    package = "com.google.android.inputmethod.latin"
    label = "Gboard"
    version_name = "14.1.05.611484290"
    launcher_activity = "com.google.android.apps.inputmethod.latin.MainActivity"
    ime_service = "com.android.inputmethod.latin.LatinIME"
    system = True
