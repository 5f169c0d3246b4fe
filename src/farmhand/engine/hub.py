"""The phones this host drives, gathered from its sources."""

from __future__ import annotations

import logging
import threading

from farmhand.devices.base import Device
from farmhand.engine.sources import DeviceSource, Report

log = logging.getLogger(__name__)


class DeviceHub:
    def __init__(self, sources: list[DeviceSource]) -> None:
        self.sources = sources
        self._lock = threading.Lock()

    def start(self, report: Report) -> None:
        for source in self.sources:
            log.info("starting device source %s", source.name)
            source.start(report)

    def device(self, serial: str) -> Device | None:
        with self._lock:
            for source in self.sources:
                found = source.device(serial)
                if found is not None:
                    return found
        return None

    def stop(self) -> None:
        for source in reversed(self.sources):
            try:
                source.stop()
            except Exception:
                log.exception("device source %s did not stop cleanly", source.name)
