"""The real virtual phone model (``VirtualPhone`` in a ``VirtualFarm``) behind the wire front,
driven through the real adb server: the path every demo and end-to-end test takes."""

from __future__ import annotations

import io
import json
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from farmhand.devices.adb import AdbDevice
from farmhand.devices.adb_server import AdbServer
from farmhand.devices.base import DeviceTimeout
from farmhand.devices.tracker import DeviceTracker
from farmhand.domain import DeviceState
from farmhand.virtual.adb import WireFarm
from farmhand.virtual.farm import VirtualFarm

from .conftest import wait_until
from .test_adb_device import NASTY


@dataclass
class Farm:
    server: AdbServer
    virtual: VirtualFarm
    wire: WireFarm

    def adb(self, *args: str) -> tuple[int, bytes, bytes]:
        result = subprocess.run(
            [str(self.server.adb_path), "-P", str(self.server.port), *args],
            capture_output=True,
            stdin=subprocess.DEVNULL,
            timeout=60,
            check=False,
        )
        return result.returncode, result.stdout, result.stderr


@pytest.fixture
def farm(adb_server: AdbServer, tmp_path: Path) -> Iterator[Farm]:
    virtual = VirtualFarm(tmp_path / "data", 2, seed=7)
    wire = WireFarm([(entry.phone, entry.port) for entry in virtual.phones])
    wire.start()
    for serial in wire.serials:
        adb_server.connect(serial)
    yield Farm(adb_server, virtual, wire)
    for serial in wire.serials:
        adb_server.disconnect(serial)
    wire.stop()


def test_phones_keep_their_farm_ports_and_show_their_model(farm):
    assert farm.wire.serials == [entry.serial for entry in farm.virtual.phones]
    listing = farm.server.devices()
    for entry in farm.virtual.phones:
        line = next(d for d in listing if d.serial == entry.serial)
        assert line.state == "device"
        assert line.model == entry.phone.profile.model.replace("-", "_").replace(" ", "_")


def test_plain_adb_shell_runs_the_phone_shell(farm):
    serial = farm.wire.serials[0]
    assert farm.adb("-s", serial, "shell", "echo hi; false; echo $?")[:2] == (0, b"hi\n1\n")
    assert farm.adb("-s", serial, "shell", "false")[0] == 1
    code, _out, err = farm.adb("-s", serial, "shell", "no-such-tool")
    assert code == 127
    assert b"no-such-tool: inaccessible or not found" in err


def test_push_keeps_content_and_time_and_pull_brings_it_back(farm, tmp_path):
    serial = farm.wire.serials[0]
    local = tmp_path / "clip.mp4"
    local.write_bytes(os.urandom(300_000))
    os.utime(local, (1_700_000_000, 1_700_000_000))
    assert farm.adb("-s", serial, "push", str(local), "/sdcard/DCIM/Camera/clip.mp4")[0] == 0
    _code, out, _err = farm.adb("-s", serial, "ls", "/sdcard/DCIM/Camera")
    line = next(line.split() for line in out.decode().splitlines() if line.endswith("clip.mp4"))
    assert int(line[1], 16) == 300_000
    assert int(line[2], 16) == 1_700_000_000
    back = tmp_path / "back.mp4"
    assert farm.adb("-s", serial, "pull", "/storage/emulated/0/DCIM/Camera/clip.mp4", str(back))[0] == 0
    assert back.read_bytes() == local.read_bytes()


def test_exec_out_screencap_is_a_full_screen_png(farm):
    code, png, _err = farm.adb("-s", farm.wire.serials[0], "exec-out", "screencap -p")
    assert code == 0
    assert Image.open(io.BytesIO(png)).size == (1080, 2400)
    device = AdbDevice(farm.wire.serials[0], farm.server, ui="shell")
    # The same picture through AdbDevice (the status bar clock may have moved on: compare sizes).
    assert Image.open(io.BytesIO(device.screenshot())).size == (1080, 2400)


def test_arguments_and_paths_arrive_literally(farm, tmp_path):
    device = AdbDevice(farm.wire.serials[0], farm.server, ui="shell")
    assert device.shell(["echo", *NASTY]).stdout == " ".join(NASTY) + "\n"
    remote = '/sdcard/DCIM/Camera/it\'s "x"; $(id) `id`\nnew.mp4'
    local = tmp_path / "a.mp4"
    local.write_bytes(b"abc")
    device.push(local, remote)
    assert device.shell(["cat", remote]).stdout == "abc"
    device.shell(["rm", "-f", remote]).check()
    assert not device.shell(["ls", remote]).ok
    assert not device.shell(["ls", "/sdcard/pwned"]).ok


def test_caption_is_typed_exactly_after_farmhand_sets_up_the_keyboard(farm):
    serial = farm.wire.serials[0]
    device = AdbDevice(serial, farm.server, ui="shell")
    before = device.shell(["settings", "get", "secure", "default_input_method"]).stdout.strip()
    assert before != "com.android.adbkeyboard/.AdbIME"
    caption = 'Golden hour \U0001f305 at the caf\u00e9 \u2014 \u00e0 bient\u00f4t!\n#sunset "quoted" $(id)'
    device.input_text(caption)
    _code, out, _err = farm.adb("-s", serial, "shell", "farmhand-vphone journal text")
    typed = [json.loads(line)["text"] for line in out.decode().splitlines() if line.strip()]
    assert typed[-1] == caption


def test_both_hierarchy_backends_see_the_same_screen(farm):
    serial = farm.wire.serials[1]
    by_shell = AdbDevice(serial, farm.server, ui="shell").dump_hierarchy()
    u2 = AdbDevice(serial, farm.server, ui="uiautomator2")
    try:
        by_u2 = u2.dump_hierarchy()
    finally:
        u2.close()
    assert by_shell.count("<node") == by_u2.count("<node") > 0


def test_knobs_set_through_adb_shell_reach_the_transport(farm):
    serial = farm.wire.serials[0]
    device = AdbDevice(serial, farm.server, ui="shell")
    assert farm.adb("-s", serial, "shell", "farmhand-vphone knob slow_ms 2000")[0] == 0
    with pytest.raises(DeviceTimeout):
        device.shell(["echo", "x"], timeout=0.5)
    farm.virtual.phones[0].phone.set_knob("slow_ms", 0)
    assert device.shell(["echo", "x"]).stdout == "x\n"


def test_disconnect_and_unauthorized_knobs_as_the_tracker_sees_them(farm):
    reports = []
    tracker = DeviceTracker(farm.server, reports.append)
    tracker.start()
    try:
        a, b = farm.virtual.phones
        online = lambda serial: (r := tracker.get(serial)) is not None and r.state == DeviceState.ONLINE  # noqa: E731
        wait_until(lambda: online(a.serial) and online(b.serial), what="both online")
        a.phone.set_knob("disconnect", True)
        wait_until(lambda: tracker.get(a.serial).state == DeviceState.OFFLINE, what="offline")
        assert tracker.get(b.serial).state == DeviceState.ONLINE
        b.phone.set_knob("unauthorized", True)
        wait_until(lambda: tracker.get(b.serial).state == DeviceState.UNAUTHORIZED, what="unauthorized")
        a.phone.set_knob("disconnect", False)
        b.phone.set_knob("unauthorized", False)
        wait_until(lambda: online(a.serial) and online(b.serial), what="both back")
    finally:
        tracker.stop()
