"""Pictures of the phones' screens while someone watches the dashboard.

Small (a thumbnail, JPEG) and at a modest pace, from a few threads, so that watching never
slows the farm down; a phone whose last picture is still being taken is skipped.
"""

from __future__ import annotations

import io
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from PIL import Image

from farmhand.domain import DeviceState
from farmhand.engine.hub import DeviceHub
from farmhand.store import devices, screens
from farmhand.store.db import Database
from farmhand.timeutil import utcnow

log = logging.getLogger(__name__)
INTERVAL_S = 3.0
THUMB_WIDTH = 270


def thumbnail(png: bytes) -> bytes:
    with Image.open(io.BytesIO(png)) as source:
        image = source.convert("RGB")
        ratio = THUMB_WIDTH / max(1, image.width)
        small = image.resize((THUMB_WIDTH, max(1, int(image.height * ratio))), Image.Resampling.BILINEAR)
        out = io.BytesIO()
        small.save(out, "JPEG", quality=70)
        return out.getvalue()


class ScreenWatcher:
    def __init__(self, db: Database, hub: DeviceHub, host_name: str) -> None:
        self.db = db
        self.hub = hub
        self.host_name = host_name
        self._stop = threading.Event()
        self._pool = ThreadPoolExecutor(max_workers=6, thread_name_prefix="screen")
        self._in_flight: set[str] = set()
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._loop, name="farmhand-screens", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _loop(self) -> None:
        while not self._stop.wait(1.0):
            try:
                self._pass()
            except Exception:
                log.exception("screen pictures: pass failed")

    def _pass(self) -> None:
        with self.db.read() as conn:
            if not screens.wanted(conn, utcnow()):
                return
            online = [
                d.serial
                for d in devices.list_all(conn, state=DeviceState.ONLINE.value, host_name=self.host_name)
            ]
        now = time.monotonic()
        for serial in online:
            with self._lock:
                if serial in self._in_flight or now - self._last.get(serial, 0.0) < INTERVAL_S:
                    continue
                self._in_flight.add(serial)
                self._last[serial] = now
            self._pool.submit(self._capture, serial)

    def _capture(self, serial: str) -> None:
        try:
            device = self.hub.device(serial)
            if device is None:
                return
            image = thumbnail(device.screenshot(timeout=8.0))
            self.db.run_write(lambda c: screens.save(c, serial, image, "image/jpeg", utcnow()))
        except Exception as exc:
            log.debug("no screen picture of %s: %s", serial, exc)
        finally:
            with self._lock:
                self._in_flight.discard(serial)
