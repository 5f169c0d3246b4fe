"""Following the adb server: which phones it sees, in which state, with what model, Android
version and battery, and when each was last seen online.

One thread reads ``host:track-devices`` (pushed by the server on every change); phone details
are fetched on a small pool with timeouts, so a phone that answers slowly never holds up the
news about the others. When the server goes away (``adb kill-server``, a crash) every phone is
reported offline, the server is started again, the TCP phones it was told to keep are connected
again, and tracking resumes.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import adbutils
from adbutils.errors import AdbError

from farmhand.devices.adb import AdbDevice
from farmhand.devices.adb_server import AdbServer, AdbServerError, is_tcp_serial
from farmhand.devices.base import DeviceError, DeviceInfo
from farmhand.devices.shell_device import battery_level
from farmhand.domain import DeviceState

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DeviceReport:
    """What the tracker knows about one phone; a new one is sent on every change."""

    serial: str
    state: DeviceState
    adb_state: str  # the server's word: device, offline, unauthorized, recovery, ... ("" if absent)
    kind: str  # usb | tcp
    model: str | None = None
    android_version: str | None = None
    battery: int | None = None  # percent
    last_seen: datetime | None = None  # last time it was online (UTC)

    @property
    def connect_address(self) -> str | None:
        return self.serial if self.kind == "tcp" else None

    @property
    def info(self) -> DeviceInfo:
        return DeviceInfo(model=self.model, android_version=self.android_version, battery=self.battery)


def state_of(adb_state: str) -> DeviceState:
    if adb_state == "device":
        return DeviceState.ONLINE
    if adb_state == "unauthorized":
        return DeviceState.UNAUTHORIZED
    if not adb_state:
        return DeviceState.ABSENT
    return DeviceState.OFFLINE  # offline, connecting, authorizing, recovery, bootloader, ...


def parse_device_list(block: str) -> dict[str, str]:
    """``serial\\tstate`` lines, as ``host:devices`` and ``host:track-devices`` send them."""
    out = {}
    for line in block.splitlines():
        serial, sep, state = line.strip().partition("\t")
        if sep and serial:
            out[serial] = state.strip()
    return out


class DeviceTracker:
    def __init__(
        self,
        server: AdbServer,
        on_report: Callable[[DeviceReport], None],
        *,
        info_timeout: float = 10.0,
        info_workers: int = 8,
        refresh_s: float = 60.0,
        reconnect_s: float = 5.0,
        poll_s: float = 2.0,
    ) -> None:
        self.server = server
        self._on_report = on_report
        self._info_timeout = info_timeout
        self._refresh_s = refresh_s
        self._reconnect_s = reconnect_s
        self._poll_s = min(poll_s, reconnect_s)
        self._track_seq = 0
        self._pool = ThreadPoolExecutor(max_workers=info_workers, thread_name_prefix="adb-info")
        self._reports: dict[str, DeviceReport] = {}
        self._fetching: set[str] = set()
        self._connecting: set[str] = set()
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._outbox: queue.Queue[DeviceReport | None] = queue.Queue()
        self._conn: adbutils.AdbConnection | None = None
        self._threads: list[threading.Thread] = []
        self.restarts = 0  # times the server was found gone and tracking resumed

    # --- life cycle ------------------------------------------------------------------------------------
    def start(self) -> None:
        if self._threads:
            raise RuntimeError("tracker already started")
        self._stop.clear()
        loops = (
            (self._dispatch_loop, "adb-reports"),
            (self._track_loop, "adb-track"),
            (self._upkeep_loop, "adb-upkeep"),
        )
        for target, name in loops:
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._close_conn()
        self._outbox.put(None)
        for thread in self._threads:
            thread.join(timeout)
        self._threads.clear()
        self._pool.shutdown(wait=False, cancel_futures=True)

    def snapshot(self) -> dict[str, DeviceReport]:
        with self._lock:
            return dict(self._reports)

    def get(self, serial: str) -> DeviceReport | None:
        with self._lock:
            return self._reports.get(serial)

    def refresh(self, serial: str) -> None:
        """Fetch the phone's details again soon (model, Android version, battery)."""
        self._schedule_info(serial)

    # --- tracking ------------------------------------------------------------------------------------------
    def _track_loop(self) -> None:
        backoff = 0.2
        first = True
        while not self._stop.is_set():
            try:
                restarted = self.server.start() if self.server.auto_start else False
                if restarted or not first:
                    self._reconnect_kept()
                first = False
                conn = self.server.client.make_connection()
                self._conn = conn
                conn.send_command("host:track-devices")
                conn.check_okay()
                backoff = 0.2
                while not self._stop.is_set():
                    listing = parse_device_list(conn.read_string_block())
                    with self._lock:
                        self._track_seq += 1
                        self._apply(listing)
            except (AdbError, AdbServerError, OSError, EOFError, ValueError) as exc:
                if self._stop.is_set():
                    break
                log.warning("lost the adb server on port %d (%s); reconnecting", self.server.port, exc)
                self.restarts += 1
                self._all_offline()
            finally:
                self._close_conn()
            self._stop.wait(backoff)
            backoff = min(backoff * 2, 3.0)

    def _close_conn(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(OSError, AdbError):
                conn.conn.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError, AdbError):
                conn.close()

    def _apply(self, listing: dict[str, str]) -> None:
        now = datetime.now(UTC)
        to_fetch = []
        with self._lock:
            for serial, report in list(self._reports.items()):
                if serial not in listing and report.state != DeviceState.ABSENT:
                    self._emit(replace(report, state=DeviceState.ABSENT, adb_state=""))
            for serial, adb_state in listing.items():
                state = state_of(adb_state)
                old = self._reports.get(serial)
                if old is None:
                    kind = "tcp" if is_tcp_serial(serial) else "usb"
                    old = DeviceReport(serial=serial, state=DeviceState.ABSENT, adb_state="", kind=kind)
                if old.state == state and old.adb_state == adb_state:
                    continue
                seen = now if state == DeviceState.ONLINE else old.last_seen
                self._emit(replace(old, state=state, adb_state=adb_state, last_seen=seen))
                if state == DeviceState.ONLINE:
                    to_fetch.append(serial)
        for serial in to_fetch:
            self._schedule_info(serial)

    def _all_offline(self) -> None:
        with self._lock:
            for report in list(self._reports.values()):
                if report.state in (DeviceState.ONLINE, DeviceState.UNAUTHORIZED):
                    self._emit(replace(report, state=DeviceState.OFFLINE, adb_state="offline"))

    def _emit(self, report: DeviceReport) -> None:
        # Called with the lock held, so reports are queued in the order they happened; one
        # thread hands them to the listener, so a slow listener never stalls tracking.
        self._reports[report.serial] = report
        self._outbox.put(report)

    def _dispatch_loop(self) -> None:
        while True:
            report = self._outbox.get()
            if report is None:
                return
            try:
                self._on_report(report)
            except Exception:
                log.exception("device report listener failed for %s", report.serial)

    # --- details, off the tracking thread ----------------------------------------------------------------
    def _schedule_info(self, serial: str) -> None:
        with self._lock:
            if serial in self._fetching or self._stop.is_set():
                return
            self._fetching.add(serial)
        try:
            self._pool.submit(self._fetch_info, serial)
        except RuntimeError:  # shutting down
            with self._lock:
                self._fetching.discard(serial)

    def _fetch_info(self, serial: str) -> None:
        try:
            device = AdbDevice(serial, self.server, ui="shell")
            t = self._info_timeout
            model = device.shell(["getprop", "ro.product.model"], timeout=t).stdout.strip() or None
            version = device.shell(["getprop", "ro.build.version.release"], timeout=t).stdout.strip() or None
            battery = battery_level(device.shell(["dumpsys", "battery"], timeout=t).stdout)
        except (DeviceError, ValueError) as exc:
            log.info("%s: could not read its details: %s", serial, exc)
            return
        finally:
            with self._lock:
                self._fetching.discard(serial)
        with self._lock:
            report = self._reports.get(serial)
            if report is None or report.state != DeviceState.ONLINE:
                return
            updated = replace(
                report,
                model=model or report.model,
                android_version=version or report.android_version,
                battery=battery if battery is not None else report.battery,
                last_seen=datetime.now(UTC),
            )
            if updated != report:
                self._emit(updated)

    # --- upkeep: kept TCP phones, periodic details ----------------------------------------------------
    def _upkeep_loop(self) -> None:
        now = time.monotonic()
        next_reconnect, next_refresh = now + self._reconnect_s, now + self._refresh_s
        while not self._stop.wait(self._poll_s):
            if self._conn is None:
                continue  # no server right now: the tracking loop is bringing it back
            self._poll()
            now = time.monotonic()
            if now >= next_reconnect:
                next_reconnect = now + self._reconnect_s
                self._reconnect_kept()
            if now >= next_refresh:
                next_refresh = now + self._refresh_s
                for serial, report in self.snapshot().items():
                    if report.state == DeviceState.ONLINE:
                        self._schedule_info(serial)

    def _poll(self) -> None:
        """Compare with ``host:devices`` now and then: some servers (Debian's adb 29) push no
        update when a TCP phone goes from offline to unauthorized."""
        seq = self._track_seq
        try:
            listing = {d.serial: d.state for d in self.server.devices()}
        except AdbServerError:
            return
        with self._lock:
            # Applied only if no pushed update came meanwhile, which would be newer.
            if seq == self._track_seq and self._conn is not None:
                self._apply(listing)

    def _reconnect_kept(self) -> None:
        """Connect kept TCP phones the server does not list at all (it forgot them after a
        restart or after giving up on retries); offline ones it is still retrying itself."""
        kept = self.server.kept
        if not kept:
            return
        try:
            listed = {d.serial for d in self.server.devices()}
        except AdbServerError:
            return
        for address in sorted(kept - listed):
            with self._lock:
                if address in self._connecting:
                    continue
                self._connecting.add(address)
            try:
                self._pool.submit(self._connect_one, address)
            except RuntimeError:  # shutting down
                return

    def _connect_one(self, address: str) -> None:
        try:
            self.server.connect(address, timeout=self._info_timeout, keep=False)
            log.info("re-connected %s", address)
        except (DeviceError, ValueError) as exc:
            log.info("re-connecting %s: %s", address, exc)
        finally:
            with self._lock:
                self._connecting.discard(address)
