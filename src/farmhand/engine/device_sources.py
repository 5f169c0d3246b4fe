"""The phones ``farmhand serve`` drives: virtual phones (on the wire through the adb server,
or in-process with ``--no-adb``) and real phones the adb server sees.

Several farms may share one machine and its adb server. A farm marks its own virtual phones
with an owner id (an Android global setting); a TCP phone marked by another farm is left to
that farm, so no phone is ever driven by two farms at once. Phones without a mark (real ones,
and ``farmhand vphone`` phones connected by hand) are everybody's to adopt, as the adb server
shows them.
"""

from __future__ import annotations

import hashlib
import logging
import shlex
import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from farmhand.config import ServerConfig
from farmhand.devices.base import Device, DeviceError, DeviceInfo
from farmhand.devices.virtual import VirtualDevice
from farmhand.domain import DeviceState
from farmhand.engine.sources import DeviceSource, Report, Sighting
from farmhand.virtual.farm import VirtualFarm

if TYPE_CHECKING:
    from farmhand.devices.tracker import DeviceReport
    from farmhand.virtual.adb.server import WireFarm

log = logging.getLogger(__name__)
OWNER_SETTING = "farmhand_owner"


def owner_id(config: ServerConfig) -> str:
    return hashlib.sha256(str(config.data_dir.resolve()).encode()).hexdigest()[:16]


def _mark_owner(farm: VirtualFarm, owner: str) -> None:
    for entry in farm.phones:
        entry.phone.run(shlex.join(["settings", "put", "global", OWNER_SETTING, owner]))


class InProcessVirtualPhones:
    """Virtual phones driven in this process (no adb): for ``--no-adb`` and unit tests."""

    name = "virtual (in-process)"

    def __init__(self, farm: VirtualFarm, poll_s: float = 0.5) -> None:
        self.farm = farm
        self.poll_s = poll_s
        self._devices = {entry.serial: VirtualDevice(entry.phone, entry.serial) for entry in farm.phones}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, report: Report) -> None:
        def watch() -> None:
            last: dict[str, DeviceState] = {}
            while True:
                for entry in self.farm.phones:
                    state = DeviceState.ONLINE if entry.phone.connected else DeviceState.OFFLINE
                    if last.get(entry.serial) != state:
                        last[entry.serial] = state
                        info = self._info(entry.serial) if state == DeviceState.ONLINE else None
                        report(Sighting(entry.serial, state, "virtual", info))
                if self._stop.wait(self.poll_s):
                    return

        self._thread = threading.Thread(target=watch, name="vphones-inproc", daemon=True)
        self._thread.start()

    def _info(self, serial: str) -> DeviceInfo | None:
        try:
            return self._devices[serial].info()
        except DeviceError:  # dropped while asked: reported without details
            return None

    def device(self, serial: str) -> Device | None:
        return self._devices.get(serial)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self.farm.save()


class AdbSource:
    """Phones through the adb server: real ones, and virtual ones on the wire."""

    name = "adb"

    def __init__(
        self, config: ServerConfig, *, farm: VirtualFarm | None = None, owner: str, kept: Sequence[str] = ()
    ) -> None:
        from farmhand.devices.adb_phones import AdbPhones

        self.farm = farm
        self.owner = owner
        self.wire: WireFarm | None = None
        self._virtual = {entry.serial for entry in farm.phones} if farm else set()
        self.phones = AdbPhones(port=config.adb_port, keep=sorted({*self._virtual, *kept}))
        self._foreign: dict[str, bool] = {}  # TCP serial -> marked by another farm
        self._checking: set[str] = set()
        self._lock = threading.Lock()

    def start(self, report: Report) -> None:
        from farmhand.virtual.adb.server import WireFarm

        if self.farm is not None and self.farm.phones:
            _mark_owner(self.farm, self.owner)
            wire = WireFarm([(entry.phone, entry.port) for entry in self.farm.phones])
            wire.start()
            self.wire = wire
            log.info("%d virtual phones listening: %s", len(self.farm.phones), ", ".join(wire.serials))

        def forward(item: DeviceReport) -> None:
            if item.kind == "tcp" and item.state == DeviceState.ONLINE:
                # Connected by hand or by `farmhand devices connect`: ours to re-connect after
                # an adb server restart, as the store keeps it for the next start.
                self.phones.server.keep(item.serial)
            kind = "virtual" if item.serial in self._virtual else item.kind
            report(Sighting(item.serial, item.state, kind, item.info, item.connect_address))

        def on_report(item: DeviceReport) -> None:
            if item.kind != "tcp" or item.serial in self._virtual:
                forward(item)
                return
            with self._lock:
                verdict = self._foreign.get(item.serial)
                checking = item.serial in self._checking
            if verdict is False or (verdict is None and item.state == DeviceState.UNAUTHORIZED):
                # An unauthorized phone cannot be asked whose it is: show it, a person must act.
                forward(item)
            elif verdict is None and not checking and item.state == DeviceState.ONLINE:
                # Asking the phone takes a shell call: do it off the tracker's thread, then
                # report the phone as it is by then.
                with self._lock:
                    self._checking.add(item.serial)
                threading.Thread(
                    target=self._check_owner,
                    args=(item.serial, forward),
                    daemon=True,
                    name=f"owner-{item.serial}",
                ).start()

        self.phones.start(on_report)

    def _check_owner(self, serial: str, forward: Callable[[DeviceReport], None]) -> None:
        """Is this TCP phone a virtual phone of another farm? Asked once, when first seen online."""
        device = self.phones.device(serial)
        try:
            if device is None:
                raise LookupError(serial)
            mark = device.shell(["settings", "get", "global", OWNER_SETTING], timeout=5.0).stdout.strip()
        except Exception:
            # Not answering yet: no verdict, the next online sighting asks again.
            with self._lock:
                self._checking.discard(serial)
            return
        foreign = mark not in ("", "null", self.owner)
        if foreign:
            log.info("%s is a virtual phone of another farmhand farm; leaving it alone", serial)
        with self._lock:
            self._foreign[serial] = foreign
            self._checking.discard(serial)
        latest = self.phones.snapshot().get(serial)
        if not foreign and latest is not None:
            forward(latest)

    def device(self, serial: str) -> Device | None:
        with self._lock:
            if self._foreign.get(serial):
                return None
        return self.phones.device(serial)

    def stop(self) -> None:
        self.phones.stop()
        if self.wire is not None:
            self.wire.stop()
        if self.farm is not None:
            self.farm.save()


def sources_for(
    config: ServerConfig, *, kept: Sequence[str] = (), farm_factory: Callable[..., VirtualFarm] = VirtualFarm
) -> list[DeviceSource]:
    farm = None
    if config.virtual_phones:
        started = time.monotonic()
        farm = farm_factory(config.data_dir, config.virtual_phones, config.virtual_seed)
        log.info("%d virtual phones ready in %.1f s", len(farm.phones), time.monotonic() - started)
    if not config.use_adb:
        return [InProcessVirtualPhones(farm)] if farm is not None else []
    return [AdbSource(config, farm=farm, owner=owner_id(config), kept=kept)]
