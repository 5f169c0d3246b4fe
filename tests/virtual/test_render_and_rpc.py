"""Screenshots drawn from the node tree, and the uiautomator2 JSON-RPC answers."""

from __future__ import annotations

import base64
import io

import pytest
from PIL import Image
from uiautomator2._selector import Selector

from farmhand.virtual.phone import VirtualPhone
from tests.virtual.conftest import NOTES, notes, sh

LAUNCH = f"monkey -p {NOTES} -c android.intent.category.LAUNCHER 1"


def _png(phone: VirtualPhone) -> Image.Image:
    data = phone.run("screencap -p").stdout
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    return Image.open(io.BytesIO(data))


def test_screencap_is_a_phone_sized_png(phone: VirtualPhone) -> None:
    image = _png(phone)
    assert image.size == (1080, 2400)
    assert sh(phone, "screencap -p /sdcard/s.png")[2] == 0
    saved = phone.read_file("/sdcard/s.png")
    assert saved is not None
    assert saved.startswith(b"\x89PNG")


def test_typed_text_changes_the_picture(phone: VirtualPhone) -> None:
    sh(phone, LAUNCH)
    sh(phone, "input tap 500 300")
    before = _png(phone).convert("RGB")
    sh(phone, "input text hello")
    after = _png(phone).convert("RGB")
    field = (40, 200, 1040, 400)
    assert before.crop(field).tobytes() != after.crop(field).tobytes()
    outside = (0, 1200, 1080, 2400)
    assert before.crop(outside).tobytes() == after.crop(outside).tobytes()
    sh(phone, "input text %sworld")
    assert _png(phone).convert("RGB").crop(field).tobytes() != after.crop(field).tobytes()


def test_selected_state_and_dialog_show_in_the_picture(phone: VirtualPhone) -> None:
    sh(phone, LAUNCH)
    plain = _png(phone).convert("RGB")
    sh(phone, "input tap 170 900")
    liked = _png(phone).convert("RGB")
    assert plain.crop((40, 800, 300, 1000)).tobytes() != liked.crop((40, 800, 300, 1000)).tobytes()
    sh(phone, "input tap 800 570")
    dialog = _png(phone).convert("RGB")
    assert dialog.crop((60, 860, 1020, 1700)).tobytes() != liked.crop((60, 860, 1020, 1700)).tobytes()


def test_screen_off_is_black(phone: VirtualPhone) -> None:
    sh(phone, "input keyevent POWER")
    assert _png(phone).convert("L").getextrema() == (0, 0)
    assert "mHoldingDisplaySuspendBlocker=false" in sh(phone, "dumpsys power")[0]
    phone.uiautomator_rpc("wakeUp", [])
    assert _png(phone).convert("L").getextrema() != (0, 0)


def rpc(phone: VirtualPhone, method: str, *params: object) -> object:
    return phone.uiautomator_rpc(method, list(params))


def test_rpc_device_info_and_dump(phone: VirtualPhone) -> None:
    info = rpc(phone, "deviceInfo")
    assert isinstance(info, dict)
    assert info["displayWidth"] == 1080
    assert info["displayHeight"] == 2400
    assert info["sdkInt"] == phone.profile.sdk
    assert info["currentPackageName"] == "com.android.launcher3"
    xml = rpc(phone, "dumpWindowHierarchy", False, 50)
    assert isinstance(xml, str)
    assert xml.startswith("<?xml")
    assert "<hierarchy" in xml
    shot = rpc(phone, "takeScreenshot", 1, 80)
    assert isinstance(shot, str)
    assert Image.open(io.BytesIO(base64.b64decode(shot))).size == (1080, 2400)


def test_rpc_selectors(phone: VirtualPhone) -> None:
    sh(phone, LAUNCH)
    save = Selector(text="Save")
    assert rpc(phone, "exist", save) is True
    info = rpc(phone, "objInfo", save)
    assert isinstance(info, dict)
    assert info["bounds"] == {"left": 40, "top": 500, "right": 520, "bottom": 640}
    assert info["className"] == "android.widget.Button"
    assert info["resourceName"] == f"{NOTES}:id/save"
    assert info["clickable"] is True
    assert rpc(phone, "count", Selector(className="android.widget.Button")) == 2
    assert rpc(phone, "count", Selector(packageName=NOTES, clickable=True)) == 4
    assert rpc(phone, "exist", Selector(descriptionContains="Cam")) is True
    assert rpc(phone, "exist", Selector(textMatches="S.v.")) is True
    assert rpc(phone, "exist", Selector(textMatches="S.v")) is False
    assert rpc(phone, "exist", Selector(resourceIdMatches=r".*:id/no.*")) is True
    assert (
        rpc(phone, "exist", Selector(description="Like").child(className="android.widget.ImageView")) is True
    )
    assert rpc(phone, "exist", Selector(text="Save").sibling(description="Camera")) is True
    assert rpc(phone, "exist", Selector(className="android.widget.Button", instance=1)) is True
    assert rpc(phone, "exist", Selector(className="android.widget.Button", instance=2)) is False
    with pytest.raises(LookupError):
        rpc(phone, "objInfo", Selector(text="Missing"))
    with pytest.raises(NotImplementedError):
        rpc(phone, "noSuchMethod")


def test_rpc_input(phone: VirtualPhone) -> None:
    sh(phone, LAUNCH)
    assert rpc(phone, "setText", Selector(className="android.widget.EditText"), "from rpc ✓") is True
    assert notes(phone).field == "from rpc ✓"
    assert rpc(phone, "getText", Selector(className="android.widget.EditText")) == "from rpc ✓"
    rpc(phone, "clearTextField", Selector(className="android.widget.EditText"))
    assert notes(phone).field == ""
    rpc(phone, "setClipboard", None, "pasted")
    assert rpc(phone, "getClipboard") == "pasted"
    rpc(phone, "pasteClipboard")
    assert notes(phone).field == "pasted"
    rpc(phone, "click", 170, 900)
    assert notes(phone).state["liked"] is True
    rpc(phone, "pressKey", "back")
    rpc(phone, "pressKey", "back")
    assert phone.focused()[0] == "com.android.launcher3"
    rpc(phone, "pressKeyCode", 3)
    assert rpc(phone, "getLastToast") is None
    rpc(phone, "makeToast", "hi", 1000)
    assert rpc(phone, "getLastToast") == "hi"
    rpc(phone, "clearLastToast")
    assert rpc(phone, "getLastToast") is None


def test_rpc_waits(phone: VirtualPhone) -> None:
    assert rpc(phone, "waitForExists", Selector(text="Save"), 300) is False
    sh(phone, LAUNCH)
    assert rpc(phone, "waitForExists", Selector(text="Save"), 5000) is True
    assert rpc(phone, "waitUntilGone", Selector(text="Save"), 300) is False
    sh(phone, "input keyevent HOME")
    assert rpc(phone, "waitUntilGone", Selector(text="Save"), 5000) is True
