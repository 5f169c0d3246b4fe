"""Routing on the composed screen: hit-testing, BACK/HOME, intents, and the permission dialog."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from farmhand.virtual.phone import VirtualPhone
from tests.virtual.conftest import NOTES, notes, sh

LAUNCH = f"monkey -p {NOTES} -c android.intent.category.LAUNCHER 1"
DIALOG = "com.android.permissioncontroller"


def bounds_of(xml: str, attribute: str) -> tuple[int, int]:
    """Centre of the element whose attributes contain ``attribute``."""
    for line in xml.splitlines():
        if attribute in line:
            match = re.search(r'bounds="\[(\d+),(\d+)\]\[(\d+),(\d+)\]"', line)
            assert match is not None
            left, top, right, bottom = map(int, match.groups())
            return (left + right) // 2, (top + bottom) // 2
    raise AssertionError(f"{attribute} not on screen")


def test_fresh_phone_shows_the_launcher_with_app_icons(phone: VirtualPhone) -> None:
    assert phone.focused()[0] == "com.android.launcher3"
    xml = sh(phone, "uiautomator dump /sdcard/window_dump.xml && cat /sdcard/window_dump.xml")[0]
    assert xml.startswith("UI hierchary dumped to: /sdcard/window_dump.xml\n<?xml")
    assert 'text="Notes"' in xml
    assert 'resource-id="com.android.systemui:id/status_bar"' in xml
    x, y = bounds_of(xml, 'text="Notes"')
    sh(phone, f"input tap {x} {y}")
    assert phone.focused() == (NOTES, f"{NOTES}.MainActivity")
    assert notes(phone).intents[-1].categories == ["android.intent.category.LAUNCHER"]


def test_taps_reach_the_clickable_ancestor_and_toggle_state(phone: VirtualPhone) -> None:
    sh(phone, LAUNCH)
    sh(phone, "input tap 170 900")  # on the ImageView inside the clickable "Like" frame
    assert notes(phone).state["liked"] is True
    assert 'content-desc="Like"' in phone.dump_xml()
    assert re.search(r'content-desc="Like"[^>]*selected="true"', phone.dump_xml())
    sh(phone, "input tap 10 2300")  # nothing clickable there
    assert notes(phone).state["liked"] is True
    sh(phone, "input swipe 170 900 175 905 50")  # a "swipe" within the touch slop is a tap
    assert notes(phone).state["liked"] is False


def test_back_and_home(phone: VirtualPhone) -> None:
    sh(phone, LAUNCH)
    sh(phone, "input tap 500 300")
    sh(phone, "input keyevent 4")  # the app handles the first BACK (closes the field)
    assert phone.focused()[0] == NOTES
    assert not notes(phone).field_focused
    sh(phone, "input keyevent KEYCODE_BACK")  # the second leaves the app
    assert phone.focused()[0] == "com.android.launcher3"
    sh(phone, LAUNCH)
    sh(phone, "input keyevent HOME")
    assert phone.focused()[0] == "com.android.launcher3"
    sh(phone, LAUNCH)
    sh(phone, "am start -a android.intent.action.MAIN -c android.intent.category.HOME")
    assert phone.focused()[0] == "com.android.launcher3"
    assert NOTES in sh(phone, "ps -A")[0]
    sh(phone, f"am force-stop {NOTES}")
    assert NOTES not in sh(phone, "ps -A")[0]
    assert sh(phone, f"pidof {NOTES}")[2] == 1


def test_am_start_variants(phone: VirtualPhone) -> None:
    out, _, code = sh(phone, f"am start -W -n {NOTES}/.ShareActivity")
    assert code == 0
    assert "Status: ok" in out
    assert f"Activity: {NOTES}/.ShareActivity" in out
    assert phone.focused() == (NOTES, f"{NOTES}.ShareActivity")
    out, err, code = sh(phone, f"am start -n {NOTES}/.Nope")
    assert code == 1
    assert f"Activity class {{{NOTES}/{NOTES}.Nope}} does not exist" in err
    sh(phone, "am start -a android.intent.action.VIEW -d https://notes.example.com/n/1")
    intent = notes(phone).intents[-1]
    assert (intent.action, intent.data, intent.component) == (
        "android.intent.action.VIEW",
        "https://notes.example.com/n/1",
        f"{NOTES}/{NOTES}.MainActivity",
    )
    out, err, code = sh(phone, "am start -a android.intent.action.VIEW -d https://unknown.example.org/")
    assert code == 1
    assert "unable to resolve Intent" in err
    sh(
        phone,
        f"am start -S -a android.intent.action.SEND -t video/mp4 --eu android.intent.extra.STREAM "
        f"content://media/external/video/media/1000 --grant-read-uri-permission -n {NOTES}/.ShareActivity",
    )
    intent = notes(phone).intents[-1]
    assert intent.streams == ["content://media/external/video/media/1000"]
    assert "--grant-read-uri-permission" in intent.flags
    fired = phone.journal.entries("intent")
    assert fired[-1]["streams"] == ["content://media/external/video/media/1000"]
    out, _, _ = sh(
        phone, f"cmd package query-activities --brief -a android.intent.action.SEND -t video/mp4 {NOTES}"
    )
    assert out == f"{NOTES}/{NOTES}.ShareActivity\n"
    out, _, _ = sh(phone, f"cmd package resolve-activity --brief {NOTES}")
    assert out.splitlines()[-1] == f"{NOTES}/{NOTES}.MainActivity"


def test_permission_dialog_flow(phone: VirtualPhone) -> None:
    sh(phone, LAUNCH)
    sh(phone, "input tap 800 570")  # Camera: asks for the permission
    xml = phone.dump_xml()
    assert f'resource-id="{DIALOG}:id/grant_dialog"' in xml
    assert 'text="Allow Notes to take pictures?"' in xml
    buttons = {
        node.get("resource-id"): node.get("text")
        for node in ElementTree.fromstring(xml).iter("node")
        if node.get("class") == "android.widget.Button" and node.get("package") == DIALOG
    }
    assert buttons == {
        f"{DIALOG}:id/permission_allow_foreground_only_button": "While using the app",
        f"{DIALOG}:id/permission_allow_one_time_button": "Only this time",
        f"{DIALOG}:id/permission_deny_button": "Don't allow",
    }
    assert "mCurrentFocus=Window{" in sh(phone, "dumpsys window")[0]
    assert DIALOG in sh(phone, "dumpsys window")[0]
    # The dialog is modal: a tap on the app below is swallowed.
    sh(phone, "input tap 170 900")
    assert "liked" not in notes(phone).state
    x, y = bounds_of(xml, "permission_allow_foreground_only_button")
    sh(phone, f"input tap {x} {y}")
    assert notes(phone).permission_results == [("android.permission.CAMERA", True)]
    assert notes(phone).state["photos"] == 1
    assert DIALOG not in phone.dump_xml()
    # Answered once, remembered: no dialog the next time.
    sh(phone, "input tap 800 570")
    assert DIALOG not in phone.dump_xml()
    assert notes(phone).state["photos"] == 2


def test_denied_twice_is_not_asked_again(phone: VirtualPhone) -> None:
    sh(phone, LAUNCH)
    for _ in range(2):
        sh(phone, "input tap 800 570")
        x, y = bounds_of(phone.dump_xml(), "permission_deny_button")
        sh(phone, f"input tap {x} {y}")
    assert notes(phone).permission_results == [("android.permission.CAMERA", False)] * 2
    sh(phone, "input tap 800 570")
    assert DIALOG not in phone.dump_xml()
    assert "photos" not in notes(phone).state
    sh(phone, f"pm grant {NOTES} android.permission.CAMERA")
    sh(phone, "input tap 800 570")
    assert notes(phone).state["photos"] == 1


def test_back_on_the_dialog_denies(phone: VirtualPhone) -> None:
    sh(phone, LAUNCH)
    sh(phone, "input tap 800 570")
    sh(phone, "input keyevent BACK")
    assert notes(phone).permission_results == [("android.permission.CAMERA", False)]
    assert phone.focused()[0] == NOTES


def test_permission_popup_knob_off_grants_silently(phone: VirtualPhone) -> None:
    sh(phone, "farmhand-vphone knob permission_popup off")
    sh(phone, LAUNCH)
    sh(phone, "input tap 800 570")
    assert DIALOG not in phone.dump_xml()
    assert notes(phone).state["photos"] == 1


def test_media_dialog_wording_depends_on_android_version(make_phone) -> None:  # type: ignore[no-untyped-def]
    from farmhand.virtual.apps.permission_controller import buttons_for

    assert [label for _, label in buttons_for("android.permission.READ_MEDIA_VIDEO", 34)] == [
        "Allow all",
        "Select photos and videos",
        "Don't allow",
    ]
    assert [label for _, label in buttons_for("android.permission.READ_EXTERNAL_STORAGE", 29)] == [
        "Allow",
        "Deny",
    ]
    old = make_phone("vphone-09", profile="moto-g8-a10")
    assert old.profile.sdk == 29


def test_toasts_are_readable_but_not_in_the_dump(phone: VirtualPhone) -> None:
    sh(phone, LAUNCH)
    x, y = bounds_of(phone.dump_xml(), 'text="Save"')
    sh(phone, f"input tap {x} {y}")
    assert "Note saved" not in phone.dump_xml()
    assert '"text": "Note saved"' in sh(phone, "farmhand-vphone toasts")[0]
    assert phone.uiautomator_rpc("getLastToast", []) == "Note saved"
    events = [e for e in phone.journal.entries() if e["kind"] == "note_saved"]
    assert events[-1]["package"] == NOTES
