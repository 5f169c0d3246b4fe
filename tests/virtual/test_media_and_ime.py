"""The media store (scan, query like Android) and typing through input methods."""

from __future__ import annotations

import base64
import shlex
from collections.abc import Callable
from pathlib import Path

from farmhand.virtual.phone import VirtualPhone
from tests.virtual.conftest import NOTES, notes, sh

MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64
CAMERA = "/storage/emulated/0/DCIM/Camera"


def query(phone: VirtualPhone, path: str, table: str = "video") -> str:
    where = shlex.quote(f"_data='{path}'")
    uri = f"content://media/external/{table}/media"
    return sh(phone, f"content query --uri {uri} --projection _id --where {where}")[0]


def test_pushed_files_are_not_in_the_store_until_scanned(phone: VirtualPhone) -> None:
    phone.write_file("/sdcard/DCIM/Camera/clip.mp4", MP4)
    assert query(phone, f"{CAMERA}/clip.mp4") == "No result found.\n"
    out, _, code = sh(phone, "content call --uri content://media --method scan_volume --arg external_primary")
    assert code == 0
    assert out.startswith("Result:")
    row = query(phone, f"{CAMERA}/clip.mp4")
    assert row.startswith("Row: 0 _id=")
    media_id = int(row.strip().split("=")[1])
    item = phone.media.by_uri(f"content://media/external/video/media/{media_id}")
    assert item is not None
    assert (item.path, item.kind, item.mime) == (f"{CAMERA}/clip.mp4", "video", "video/mp4")
    # Android stores the canonical path: the /sdcard spelling finds nothing.
    assert query(phone, "/sdcard/DCIM/Camera/clip.mp4") == "No result found.\n"


def test_scan_file_broadcast_and_images(phone: VirtualPhone) -> None:
    phone.write_file("/sdcard/Pictures/p.jpg", b"\xff\xd8\xff\xe0jpeg")
    out, _, _ = sh(
        phone,
        "am broadcast -a android.intent.action.MEDIA_SCANNER_SCAN_FILE -d file:///sdcard/Pictures/p.jpg",
    )
    assert "Broadcast completed: result=-1" in out
    assert query(phone, "/storage/emulated/0/Pictures/p.jpg", "images").startswith("Row: 0 _id=")
    assert query(phone, "/storage/emulated/0/Pictures/p.jpg", "video") == "No result found.\n"


def test_store_order_deletion_and_ids(make_phone: Callable[..., VirtualPhone]) -> None:
    clock = [1000.0]
    phone = make_phone(clock=lambda: clock[0])
    for name in ("a.mp4", "b.mp4"):
        phone.write_file(f"/sdcard/DCIM/Camera/{name}", MP4)
        phone.media.scan_file(f"/sdcard/DCIM/Camera/{name}")
        clock[0] += 5
    newest = phone.media.items()
    assert [i.path.rsplit("/", 1)[1] for i in newest] == ["b.mp4", "a.mp4"]
    assert newest[0].media_id != newest[1].media_id
    sh(phone, "rm /sdcard/DCIM/Camera/b.mp4")
    sh(phone, "content call --uri content://media --method scan_volume --arg external_primary")
    assert [i.path.rsplit("/", 1)[1] for i in phone.media.items()] == ["a.mp4"]
    _out, err, code = sh(phone, "content query --uri content://media/external/video/media --where 'bogus'")
    assert code == 1
    assert "unsupported where clause" in err


def test_fresh_phone_has_the_adb_keyboard_installed_but_not_selected(phone: VirtualPhone) -> None:
    assert "com.android.adbkeyboard/.AdbIME" in sh(phone, "ime list -a -s")[0].split()
    assert "com.android.adbkeyboard/.AdbIME" not in sh(phone, "ime list -s")[0].split()
    assert sh(phone, "settings get secure default_input_method")[0].strip().startswith("com.google")


def _open_field(phone: VirtualPhone) -> None:
    sh(phone, f"monkey -p {NOTES} -c android.intent.category.LAUNCHER 1")
    sh(phone, "input tap 500 300")
    assert notes(phone).field_focused


def test_ime_broadcast_types_only_when_selected(phone: VirtualPhone) -> None:
    _open_field(phone)
    text = "Crème brûlée 😀\nline two #fyp"
    b64 = base64.b64encode(text.encode()).decode()
    out, _, _ = sh(phone, f"am broadcast -a ADB_INPUT_B64 --es msg {b64}")
    assert "result=0" in out
    assert notes(phone).field == ""
    sh(phone, "ime enable com.android.adbkeyboard/.AdbIME && ime set com.android.adbkeyboard/.AdbIME")
    out, _, _ = sh(phone, f"am broadcast -a ADB_INPUT_B64 --es msg {b64}")
    assert "Broadcast completed: result=-1" in out
    assert notes(phone).field == text
    typed = phone.journal.entries("text")
    assert typed[-1]["text"] == text
    # The other keyboard's action is not received by ADBKeyBoard.
    out, _, _ = sh(phone, f"am broadcast -a ADB_KEYBOARD_INPUT_TEXT --es text {b64}")
    assert "result=0" in out
    out, _, _ = sh(phone, "am broadcast -a ADB_INPUT_B64 --es msg '%%%not base64'")
    assert "result=0" in out
    assert notes(phone).field == text


def test_uiautomator2_keyboard_installs_from_its_apk(phone: VirtualPhone) -> None:
    import uiautomator2

    apk = Path(uiautomator2.__file__).parent / "assets" / "app-uiautomator.apk"
    phone.write_file("/data/local/tmp/unknown.apk", apk.read_bytes())
    assert sh(phone, "pm install -r -t /data/local/tmp/unknown.apk")[0] == "Success\n"
    assert "package:com.github.uiautomator" in sh(phone, "pm list packages -3")[0]
    assert "versionName=2.4.0" in sh(phone, "dumpsys package com.github.uiautomator")[0]
    ime = "com.github.uiautomator/.AdbKeyboard"
    assert ime in sh(phone, "ime list -s -a")[0].split()
    _open_field(phone)
    sh(phone, f"ime enable {ime}; ime set {ime}; settings put secure default_input_method {ime}")
    b64 = base64.b64encode("été ✓".encode()).decode()
    out, _, _ = sh(phone, f"am broadcast -a ADB_KEYBOARD_INPUT_TEXT --es text {b64}")
    assert 'result=-1, data="success"' in out
    assert notes(phone).field == "été ✓"
    sh(phone, "am broadcast -a ADB_KEYBOARD_CLEAR_TEXT")
    assert notes(phone).field == ""


def test_pm_install_refuses_what_is_not_an_apk(phone: VirtualPhone) -> None:
    phone.write_file("/data/local/tmp/bad.apk", b"not a zip")
    out, _, code = sh(phone, "pm install /data/local/tmp/bad.apk")
    assert code == 1
    assert out.startswith("Failure [INSTALL_PARSE_FAILED_NOT_APK")


def test_input_text_types_ascii_like_android(phone: VirtualPhone) -> None:
    _open_field(phone)
    assert sh(phone, "input text 'hello%sworld'")[2] == 0
    assert notes(phone).field == "hello world"
    _, err, code = sh(phone, "input text 'héllo'")
    assert code != 0
    assert "input method" in err
    assert notes(phone).field == "hello world"
    sh(phone, "input keyevent KEYCODE_DEL")
    assert notes(phone).field == "hello worl"
