"""Input methods installed on a virtual phone. They have no window of their own: the phone's
input-method service (``farmhand.virtual.ime``) routes their broadcasts to the focused app."""

from __future__ import annotations

from typing import ClassVar

from farmhand.virtual.apps.generic import GenericApp


class AdbKeyboard(GenericApp):
    """ADBKeyBoard: types base64 UTF-8 from ``am broadcast -a ADB_INPUT_B64 --es msg ...``."""

    package: ClassVar[str] = "com.android.adbkeyboard"
    label: ClassVar[str] = "ADB Keyboard"
    version_name: ClassVar[str] = "2.4-dev"
    launcher_activity: ClassVar[str] = "com.android.adbkeyboard.MainActivity"
    ime_service: ClassVar[str] = ".AdbIME"


class U2Keyboard(GenericApp):
    """uiautomator2's keyboard (``com.github.uiautomator``): ``ADB_KEYBOARD_INPUT_TEXT``."""

    package: ClassVar[str] = "com.github.uiautomator"
    label: ClassVar[str] = "ATX"
    version_name: ClassVar[str] = "2.4.0"
    launcher_activity: ClassVar[str] = "com.github.uiautomator.MainActivity"
    ime_service: ClassVar[str] = ".AdbKeyboard"


class GboardKeyboard(GenericApp):
    """The phone's own keyboard, selected on a fresh phone; broadcasts do not reach it."""

    package: ClassVar[str] = "com.google.android.inputmethod.latin"
    label: ClassVar[str] = "Gboard"
    version_name: ClassVar[str] = "14.1.05.611484290"
    launcher_activity: ClassVar[str] = "com.google.android.apps.inputmethod.latin.MainActivity"
    ime_service: ClassVar[str] = "com.android.inputmethod.latin.LatinIME"
    system: ClassVar[bool] = True
