"""Where phones come from. A source reports what it sees (the engine writes it to the store)
and hands out a :class:`farmhand.devices.base.Device` for a serial it owns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from farmhand.devices.base import Device, DeviceInfo
from farmhand.domain import DeviceState


@dataclass(frozen=True, slots=True)
class Sighting:
    """What a source saw of one phone."""

    serial: str
    state: DeviceState
    kind: str  # usb | tcp | virtual
    info: DeviceInfo | None = None
    connect_address: str | None = None


Report = Callable[[Sighting], None]


class DeviceSource(Protocol):
    name: str

    def start(self, report: Report) -> None:
        """Begin reporting sightings (from a thread of the source's own)."""
        ...

    def device(self, serial: str) -> Device | None:
        """A handle on the phone, or None if this source does not own it (any more)."""
        ...

    def stop(self) -> None: ...
