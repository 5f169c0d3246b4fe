"""AdbDevice through the real adb server to phones on the wire: what arrives on the phone."""

from __future__ import annotations

import base64
import shlex
import threading

import pytest

from farmhand.devices.adb import AdbDevice
from farmhand.devices.base import DeviceError, DeviceOffline, DeviceTimeout

from .conftest import wait_until

NASTY = [
    "it's",
    'say "hi"',
    "a;b",
    "$(touch /sdcard/pwned)",
    "`id`",
    "line1\nline2",
    "&& rm -rf /",
    "| cat",
    "back\\slash",
    "$HOME",
    "caf\u00e9 \U0001f600",
]


@pytest.fixture
def phone(make_phones):
    group = make_phones()
    device = AdbDevice(group.serials[0], group.server, ui="shell")
    yield group.phones[0], device
    device.close()


def test_shell_returns_stdout_stderr_and_exit_code(phone):
    _fake, device = phone
    result = device.shell(["fail", "5"])
    assert (result.stdout, result.stderr, result.exit_code) == ("out\n", "err\n", 5)
    assert device.shell(["echo", "ok"]).ok


def test_every_argument_arrives_quoted(phone):
    fake, device = phone
    result = device.shell(["args", *NASTY])
    assert shlex.split(fake.commands[-1]) == ["args", *NASTY]
    assert result.stdout == "".join(f"<{arg}>\n" for arg in NASTY)
    assert not fake.local("/sdcard/pwned").exists()


def test_caption_reaches_the_phone_exactly_through_the_ime_broadcast(phone):
    fake, device = phone
    caption = 'Sunset \U0001f305 at the caf\u00e9!\nSecond line: it\'s "great"; $(rm -rf /) `id`'
    device.input_text(caption)
    assert fake.typed == [caption]
    assert fake.ime == "com.android.adbkeyboard/.AdbIME"
    broadcast = shlex.split(fake.commands[-1])
    assert broadcast[:4] == ["am", "broadcast", "-a", "ADB_INPUT_B64"]
    assert base64.b64decode(broadcast[-1]).decode() == caption


def test_text_without_any_input_method_is_a_clear_error(phone):
    fake, device = phone
    fake.ime_installed = []
    with pytest.raises(DeviceError, match="input method"):
        device.input_text("hello")


def test_push_and_pull_paths_full_of_shell_characters(phone, tmp_path):
    fake, device = phone
    remote = '/sdcard/DCIM/Camera/it\'s a "clip"; $(id) `id`\nnew.mp4'
    local = tmp_path / "clip.mp4"
    local.write_bytes(b"video bytes \x00\x01")
    device.push(local, remote)
    assert fake.local(remote).read_bytes() == b"video bytes \x00\x01"
    back = tmp_path / "back" / "clip.mp4"
    device.pull(remote, back)
    assert back.read_bytes() == b"video bytes \x00\x01"
    device.shell(["rm", "-f", remote]).check()
    assert not fake.local(remote).exists()


def test_pull_of_a_missing_file_leaves_nothing_behind(phone, tmp_path):
    _fake, device = phone
    target = tmp_path / "pulled" / "out.bin"
    with pytest.raises(DeviceError, match="does not exist"):
        device.pull("/sdcard/missing.bin", target)
    assert list(target.parent.iterdir()) == []


def test_push_to_a_full_disk_names_the_reason(phone, tmp_path):
    fake, device = phone
    fake.disk_full = True
    local = tmp_path / "a.bin"
    local.write_bytes(b"x" * 1000)
    with pytest.raises(DeviceError, match="No space left"):
        device.push(local, "/sdcard/a.bin")


def test_bad_arguments_are_refused_before_reaching_the_phone(phone, tmp_path):
    fake, device = phone
    with pytest.raises(FileNotFoundError, match=r"nothing\.bin"):
        device.push(tmp_path / "nothing.bin", "/sdcard/x")
    with pytest.raises(ValueError, match="absolute"):
        device.push(tmp_path, "relative/path")
    with pytest.raises(ValueError, match="empty"):
        device.shell([])
    with pytest.raises(ValueError, match="timeout"):
        device.shell(["echo"], timeout=0)
    assert fake.commands == []


def test_exec_out_and_screenshot_bytes(phone):
    _fake, device = phone
    assert device.exec_out(["screencap", "-p"]) == b"\x89PNG\r\n\x1a\nfake-png"
    assert device.screenshot().startswith(b"\x89PNG")


def test_slow_command_times_out(phone):
    fake, device = phone
    fake.delay_s = 3.0
    with pytest.raises(DeviceTimeout):
        device.shell(["echo", "slow"], timeout=0.5)


def test_phone_gone_is_device_offline(phone, make_phones):
    fake, device = phone
    fake.connected_flag = False
    wait_until(lambda: device.server.state_of(device.serial) == "offline", what="offline")
    with pytest.raises(DeviceOffline):
        device.shell(["echo", "x"])
    unknown = AdbDevice("127.0.0.1:1", device.server)
    with pytest.raises(DeviceOffline):
        unknown.shell(["echo", "x"])


def test_phone_dropping_mid_command_is_device_offline(phone):
    fake, device = phone
    fake.delay_s = 1.0

    def drop_soon():
        fake.connected_flag = False

    threading.Timer(0.3, drop_soon).start()
    with pytest.raises(DeviceOffline):
        device.shell(["echo", "x"], timeout=30)


def test_info_reads_model_version_battery_and_size(phone):
    _fake, device = phone
    info = device.info()
    assert (info.model, info.android_version, info.battery) == ("Fake_Phone", "13", 77)
    assert (info.width, info.height) == (1080, 2400)


def test_hierarchy_through_uiautomator2(make_phones):
    group = make_phones()
    fake = group.phones[0]
    device = AdbDevice(group.serials[0], group.server, ui="uiautomator2")
    try:
        xml = device.dump_hierarchy()
    finally:
        device.close()
    assert '<node text="fake" />' in xml
    assert ("dumpWindowHierarchy", [False, 50]) in fake.rpc_calls
    # uiautomator2 put its server jar on the phone through our sync service.
    assert fake.local("/data/local/tmp/u2.jar").stat().st_size > 1_000_000


def test_phone_that_stops_answering_mid_push_times_out(phone, tmp_path):
    fake, device = phone
    gate = threading.Event()
    original = fake.open_write

    def stalling_open_write(path, mode=0o644):
        target = original(path, mode)
        real_write = target.write

        def write(data):
            gate.wait(30)  # the phone stops taking data
            return real_write(data)

        target.write = write  # type: ignore[method-assign]
        return target

    fake.open_write = stalling_open_write  # type: ignore[method-assign]
    local = tmp_path / "big.bin"
    with local.open("wb") as out:
        out.truncate(32 * 1024 * 1024)
    try:
        with pytest.raises(DeviceTimeout, match="push"):
            device.push(local, "/sdcard/big.bin", timeout=2.0)
    finally:
        gate.set()
