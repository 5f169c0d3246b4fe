"""The tracker following the real adb server: states, details, faults, server restarts."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from farmhand.devices.adb_server import AdbServer
from farmhand.devices.tracker import DeviceReport, DeviceTracker, parse_device_list, state_of
from farmhand.domain import DeviceState

from .conftest import free_port, wait_until


class Reports:
    def __init__(self) -> None:
        self.items: list[DeviceReport] = []
        self.lock = threading.Lock()

    def __call__(self, report: DeviceReport) -> None:
        with self.lock:
            self.items.append(report)

    def last(self, serial: str) -> DeviceReport | None:
        with self.lock:
            return next((r for r in reversed(self.items) if r.serial == serial), None)

    def states(self, serial: str) -> list[DeviceState]:
        with self.lock:
            return [r.state for r in self.items if r.serial == serial]


@pytest.fixture
def track(adb_server: AdbServer) -> Iterator[tuple[DeviceTracker, Reports]]:
    reports = Reports()
    tracker = DeviceTracker(adb_server, reports, reconnect_s=0.5)
    tracker.start()
    yield tracker, reports
    tracker.stop()


def test_state_words_and_listing_parse():
    assert state_of("device") == DeviceState.ONLINE
    assert state_of("unauthorized") == DeviceState.UNAUTHORIZED
    assert state_of("recovery") == DeviceState.OFFLINE
    assert state_of("") == DeviceState.ABSENT
    listing = parse_device_list("R58M123ABC\tdevice\n127.0.0.1:5601\toffline\ngarbage\n")
    assert listing == {"R58M123ABC": "device", "127.0.0.1:5601": "offline"}


def test_online_phone_is_reported_with_its_details(make_phones, track):
    _tracker, reports = track
    group = make_phones()
    serial = group.serials[0]
    wait_until(lambda: (r := reports.last(serial)) is not None and r.battery == 77, what="details")
    report = reports.last(serial)
    assert report is not None
    assert (report.state, report.kind, report.model, report.android_version) == (
        DeviceState.ONLINE,
        "tcp",
        "Fake_Phone",
        "13",
    )
    assert report.last_seen is not None
    assert report.last_seen.tzinfo is not None
    assert report.connect_address == serial


def test_disconnect_switch_goes_offline_and_comes_back(make_phones, track):
    tracker, reports = track
    group = make_phones()
    serial = group.serials[0]
    wait_until(lambda: tracker.get(serial) is not None and tracker.get(serial).state == DeviceState.ONLINE)
    group.phones[0].connected_flag = False
    wait_until(lambda: tracker.get(serial).state == DeviceState.OFFLINE, what="offline seen")
    group.phones[0].connected_flag = True
    wait_until(lambda: tracker.get(serial).state == DeviceState.ONLINE, what="online again")
    assert reports.states(serial)[-3:] == [DeviceState.ONLINE, DeviceState.OFFLINE, DeviceState.ONLINE]


def test_unauthorized_phone_is_reported_as_such(make_phones, track):
    tracker, reports = track
    group = make_phones(authorized=False)
    serial = group.serials[0]
    wait_until(lambda: tracker.get(serial) is not None, what="phone seen")
    wait_until(lambda: tracker.get(serial).state == DeviceState.UNAUTHORIZED, what="unauthorized")
    assert DeviceState.ONLINE not in reports.states(serial)


def test_disconnected_by_hand_is_absent_then_kept_phones_come_back(make_phones, track, adb_server):
    tracker, reports = track
    group = make_phones()
    serial = group.serials[0]
    wait_until(lambda: tracker.get(serial) is not None and tracker.get(serial).state == DeviceState.ONLINE)
    adb_server.disconnect(serial, forget=False)  # still kept: the tracker must bring it back
    wait_until(lambda: DeviceState.ABSENT in reports.states(serial), what="absent seen")
    wait_until(lambda: tracker.get(serial).state == DeviceState.ONLINE, what="re-connected")


def test_slow_phone_does_not_hold_up_the_others(make_phones, track):
    tracker, _reports = track
    gate = threading.Event()
    group = make_phones(2, connect=False)
    slow, _quick = group.phones
    slow.gate = gate  # every command on the slow phone waits until the end of the test
    slow_serial, quick_serial = group.serials
    try:
        group.server.connect(slow_serial)
        wait_until(lambda: tracker.get(slow_serial) is not None, what="slow phone seen")
        group.server.connect(quick_serial)
        wait_until(
            lambda: (r := tracker.get(quick_serial)) is not None and r.battery == 77, what="quick details"
        )
        assert tracker.get(slow_serial).state == DeviceState.ONLINE
        assert tracker.get(slow_serial).battery is None
    finally:
        gate.set()


def test_adb_kill_server_is_survived(tmp_path, make_phones):
    # A server of its own: killing the shared one would disturb the other tests.
    server = AdbServer(port=free_port())
    group = make_phones(2, connect=False)
    reports = Reports()
    tracker = DeviceTracker(server, reports, reconnect_s=0.5)
    try:
        server.start()
        for serial in group.serials:
            server.connect(serial)
        tracker.start()
        online = lambda: all(  # noqa: E731
            (r := tracker.get(s)) is not None and r.state == DeviceState.ONLINE for s in group.serials
        )
        wait_until(online, what="phones online")
        result = server.run_adb("kill-server")
        assert result.returncode == 0
        wait_until(lambda: tracker.restarts >= 1, what="server loss noticed")
        wait_until(online, timeout=30, what="phones back after the restart")
        assert server.is_running()
        for serial in group.serials:
            assert DeviceState.OFFLINE in reports.states(serial)
    finally:
        tracker.stop()
        server.stop()


def test_adb_phones_connects_kept_addresses_and_hands_out_devices(make_phones, adb_server):
    from farmhand.devices.adb_phones import AdbPhones

    group = make_phones(connect=False)
    serial = group.serials[0]
    reports = Reports()
    phones = AdbPhones(adb_server, keep=[serial], ui="shell")
    phones.start(reports)
    try:
        wait_until(lambda: (r := reports.last(serial)) is not None and r.state == DeviceState.ONLINE)
        device = phones.device(serial)
        assert device is not None
        assert device.shell(["echo", "via", "facade"]).stdout == "via facade\n"
        assert phones.device("R58M000NONE") is None
        group.phones[0].connected_flag = False
        wait_until(lambda: reports.last(serial).state == DeviceState.OFFLINE, what="offline")
        group.phones[0].connected_flag = True
        wait_until(lambda: reports.last(serial).state == DeviceState.ONLINE, what="online again")
        fresh = phones.device(serial)
        assert fresh is not device  # a phone that came back gets a fresh handle
        assert fresh is not None
        assert fresh.shell(["echo", "again"]).stdout == "again\n"
    finally:
        phones.stop()
        adb_server.forget(serial)


def test_a_slow_listener_does_not_stall_tracking(make_phones, adb_server):
    release = threading.Event()
    received: list[DeviceReport] = []

    def slow_listener(report: DeviceReport) -> None:
        release.wait(30)
        received.append(report)

    tracker = DeviceTracker(adb_server, slow_listener)
    tracker.start()
    try:
        group = make_phones()
        serial = group.serials[0]
        wait_until(lambda: (r := tracker.get(serial)) is not None and r.battery == 77, what="details tracked")
        assert received == []
        release.set()
        wait_until(lambda: any(r.serial == serial and r.battery == 77 for r in received), what="delivered")
        online = [r for r in received if r.serial == serial and r.state == DeviceState.ONLINE]
        # In the order they happened: the phone came online, then its details arrived.
        assert online[0].battery is None
        assert online[-1].battery == 77
    finally:
        release.set()
        tracker.stop()
