"""The in-process driver: ShellDevice's operations against a virtual phone."""

from __future__ import annotations

from pathlib import Path

import pytest

from farmhand.devices import DeviceError, DeviceOffline, DeviceTimeout
from farmhand.devices.base import Device
from farmhand.devices.shell_device import IME_ID
from farmhand.devices.virtual import VirtualDevice
from farmhand.virtual.phone import VirtualPhone
from tests.virtual.conftest import NOTES, notes


@pytest.fixture
def device(phone: VirtualPhone) -> VirtualDevice:
    return VirtualDevice(phone, "127.0.0.1:5601")


def test_it_is_a_device(device: VirtualDevice) -> None:
    assert isinstance(device, Device)
    assert device.serial == "127.0.0.1:5601"


def test_info(device: VirtualDevice, phone: VirtualPhone) -> None:
    info = device.info()
    assert (info.model, info.android_version) == (phone.profile.model, phone.profile.release)
    assert (info.width, info.height) == (1080, 2400)
    assert info.battery is not None
    assert 0 < info.battery <= 100


def test_dump_tap_and_text(device: VirtualDevice, phone: VirtualPhone) -> None:
    device.shell(["monkey", "-p", NOTES, "-c", "android.intent.category.LAUNCHER", "1"]).check()
    xml = device.dump_hierarchy()
    assert f'resource-id="{NOTES}:id/note"' in xml
    device.tap(500, 300)
    device.input_text("Grüße 👋\nzweite Zeile")
    assert notes(phone).field == "Grüße 👋\nzweite Zeile"
    assert phone.ime.selected() == IME_ID  # ensure_ime set the keyboard up
    device.key("KEYCODE_BACK")
    device.key(4)
    assert phone.focused()[0] == "com.android.launcher3"
    png = device.screenshot()
    assert png.startswith(b"\x89PNG")


def test_input_text_fails_clearly_when_the_keyboard_is_gone(
    device: VirtualDevice, phone: VirtualPhone
) -> None:
    device.input_text("ok")
    phone.run("ime disable com.android.adbkeyboard/.AdbIME")
    with pytest.raises(DeviceError, match="did not receive"):
        device.input_text("lost")


def test_swipe_reaches_the_app(device: VirtualDevice, phone: VirtualPhone) -> None:
    device.swipe(540, 1800, 540, 600, 300)
    assert phone.journal.entries("swipe")[-1]["to"] == [540, 600]


def test_push_into_a_folder_and_pull(device: VirtualDevice, phone: VirtualPhone, tmp_path: Path) -> None:
    source = tmp_path / "clip.mp4"
    source.write_bytes(b"\x00\x00\x00\x18ftypmp42data")
    device.push(source, "/sdcard/DCIM/Camera/")
    assert phone.read_file("/sdcard/DCIM/Camera/clip.mp4") == source.read_bytes()
    st = phone.stat("/sdcard/DCIM/Camera/clip.mp4")
    assert st is not None
    assert st.mtime == int(source.stat().st_mtime)
    device.pull("/sdcard/DCIM/Camera/clip.mp4", tmp_path / "back.mp4")
    assert (tmp_path / "back.mp4").read_bytes() == source.read_bytes()
    with pytest.raises(DeviceError, match="does not exist"):
        device.pull("/sdcard/none.mp4", tmp_path / "none.mp4")
    assert not (tmp_path / "none.mp4").exists()


def test_push_to_a_full_disk_leaves_nothing(
    device: VirtualDevice, phone: VirtualPhone, tmp_path: Path
) -> None:
    source = tmp_path / "clip.mp4"
    source.write_bytes(b"x" * 10)
    phone.set_knob("disk_full", True)
    with pytest.raises(DeviceError, match="No space left"):
        device.push(source, "/sdcard/DCIM/Camera/clip.mp4")
    phone.set_knob("disk_full", False)
    assert not phone.fs.exists("/sdcard/DCIM/Camera/clip.mp4")


def test_offline_phone_raises(device: VirtualDevice, phone: VirtualPhone, tmp_path: Path) -> None:
    phone.set_knob("disconnect", True)
    with pytest.raises(DeviceOffline):
        device.shell(["echo", "hi"])
    with pytest.raises(DeviceOffline):
        device.screenshot()
    with pytest.raises(DeviceOffline):
        device.push(tmp_path, "/sdcard/x")
    phone.set_knob("disconnect", False)
    assert device.shell(["echo", "hi"]).stdout == "hi\n"


def test_timeouts_are_honoured(device: VirtualDevice, phone: VirtualPhone) -> None:
    phone.set_knob("slow_ms", 3000)
    with pytest.raises(DeviceTimeout):
        device.shell(["echo", "late"], timeout=0.2)
    phone.set_knob("slow_ms", 0)
    with pytest.raises(DeviceTimeout):
        device.shell(["sleep", "5"], timeout=0.2)
    assert device.shell(["echo", "on time"], timeout=10).stdout == "on time\n"


def test_quoting_keeps_hostile_text_inert(device: VirtualDevice, phone: VirtualPhone) -> None:
    result = device.shell(["ls", "/sdcard/$(rm -rf /sdcard)"])
    assert result.exit_code == 1
    assert phone.fs.is_dir("/sdcard/DCIM")


def test_concurrent_callers_share_one_phone_safely(phone: VirtualPhone) -> None:
    import threading

    from uiautomator2._selector import Selector

    errors: list[BaseException] = []

    def writer(index: int) -> None:
        try:
            device = VirtualDevice(phone)
            for line in range(20):
                device.shell(["sh", "-c", f"echo {line} >> /sdcard/log{index}.txt"]).check()
                phone.uiautomator_rpc("exist", [Selector(text="Notes")])
                device.dump_hierarchy()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    for index in range(6):
        lines = (phone.read_file(f"/sdcard/log{index}.txt") or b"").decode().split()
        assert lines == [str(n) for n in range(20)]
