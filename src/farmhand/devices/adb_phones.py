"""The adb side of one host, in one object: the server, the tracker following it, and a
device handle per phone. This is what the engine plugs in as its source of real phones (and of
virtual phones on the wire, which the adb server sees as TCP phones)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

from farmhand.devices.adb import AdbDevice, UiBackend
from farmhand.devices.adb_server import DEFAULT_PORT, AdbServer
from farmhand.devices.tracker import DeviceReport, DeviceTracker
from farmhand.domain import DeviceState


class AdbPhones:
    name = "adb"

    def __init__(
        self,
        server: AdbServer | None = None,
        *,
        port: int = DEFAULT_PORT,
        keep: Iterable[str] = (),
        ui: UiBackend = "uiautomator2",
        info_timeout: float = 10.0,
    ) -> None:
        self.server = server or AdbServer(port)
        for address in keep:
            self.server.keep(address)
        self.ui: UiBackend = ui
        self._info_timeout = info_timeout
        self._tracker: DeviceTracker | None = None
        self._devices: dict[str, AdbDevice] = {}
        self._lock = threading.Lock()
        self._listener: Callable[[DeviceReport], None] | None = None

    def start(self, report: Callable[[DeviceReport], None]) -> None:
        """Start the server if needed, connect the kept TCP phones, and report every change
        (from the tracker's threads; ``report`` must be thread-safe and quick)."""
        self._listener = report
        self.server.start()
        self.server.reconnect_kept()
        self._tracker = DeviceTracker(self.server, self._on_report, info_timeout=self._info_timeout)
        self._tracker.start()

    def stop(self) -> None:
        if self._tracker is not None:
            self._tracker.stop()
            self._tracker = None
        with self._lock:
            devices, self._devices = list(self._devices.values()), {}
        for device in devices:
            device.close()

    def device(self, serial: str) -> AdbDevice | None:
        """A handle on a phone the server knows (None for an unknown serial). Its calls raise
        ``DeviceOffline`` while the phone is not online."""
        if self._tracker is None or self._tracker.get(serial) is None:
            return None
        with self._lock:
            device = self._devices.get(serial)
            if device is None:
                device = self._devices[serial] = AdbDevice(serial, self.server, ui=self.ui)
            return device

    def snapshot(self) -> dict[str, DeviceReport]:
        return self._tracker.snapshot() if self._tracker is not None else {}

    def connect(self, address: str, *, timeout: float = 5.0) -> str:
        """``adb connect`` a TCP phone and keep it connected; returns its serial."""
        return self.server.connect(address, timeout=timeout, keep=True)

    def disconnect(self, address: str) -> None:
        self.server.disconnect(address, forget=True)

    def _on_report(self, report: DeviceReport) -> None:
        if report.state in (DeviceState.OFFLINE, DeviceState.ABSENT):
            # A phone that comes back gets a fresh handle (its uiautomator2 server and
            # keyboard choice may not have survived).
            with self._lock:
                stale = self._devices.pop(report.serial, None)
            if stale is not None:
                # Off the tracker's thread: closing may wait on a phone that is gone.
                threading.Thread(target=stale.close, name="adb-close", daemon=True).start()
        if self._listener is not None:
            self._listener(report)
