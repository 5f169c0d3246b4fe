"""Many phones on one event loop, through one adb server: none waits for another."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from farmhand.devices.adb import AdbDevice
from farmhand.virtual.adb import WireFarm
from farmhand.virtual.farm import VirtualFarm


def test_forty_virtual_phones_answer_at_once(adb_server, tmp_path):
    farm = VirtualFarm(tmp_path, 40, seed=3)
    wire = WireFarm([(entry.phone, entry.port) for entry in farm.phones])
    wire.start()
    try:
        with ThreadPoolExecutor(16) as pool:
            serials = list(pool.map(lambda s: adb_server.connect(s, timeout=20), wire.serials))
            listed = {d.serial: d.state for d in adb_server.devices()}
            assert all(listed[s] == "device" for s in serials)
            devices = [AdbDevice(s, adb_server, ui="shell") for s in serials]
            models = list(
                pool.map(lambda d: d.shell(["getprop", "ro.product.model"]).stdout.strip(), devices)
            )
        assert models == [entry.phone.profile.model for entry in farm.phones]
    finally:
        for serial in wire.serials:
            adb_server.disconnect(serial)
        wire.stop()


def test_a_stuck_phone_does_not_hold_up_the_others(make_phones):
    group = make_phones(3)
    gate = threading.Event()
    stuck, *others = group.phones
    stuck.gate = gate
    devices = [AdbDevice(s, group.server, ui="shell") for s in group.serials]
    outcome: list[str] = []
    waiting = threading.Thread(target=lambda: outcome.append(devices[0].shell(["echo", "late"]).stdout))
    waiting.start()
    try:
        for device in devices[1:]:
            assert device.shell(["echo", "prompt"]).stdout == "prompt\n"
        assert outcome == []  # the stuck phone is still busy
    finally:
        gate.set()
        waiting.join(30)
    assert outcome == ["late\n"]
    assert all(phone.commands == ["echo prompt"] for phone in others)
