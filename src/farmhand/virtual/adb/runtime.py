"""What the wire front keeps per virtual phone: its endpoint, how to call it off the event loop,
and the fault switches as last seen."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import Executor
from typing import ParamSpec, TypeVar

from farmhand.virtual.endpoint import PhoneEndpoint

P = ParamSpec("P")
T = TypeVar("T")

# What we implement, hence all we advertise (see notes/adb-virtual-device.md): no cmd/abb
# (adb install falls back to push + pm install), no delayed_ack, no sendrecv_v2.
FEATURES = ("shell_v2", "stat_v2", "ls_v2", "fixed_push_mkdir")

# Blocking calls one phone may have in flight at once, so a slow phone cannot take every
# worker thread from the others.
PER_PHONE_CALLS = 4


class PhoneRuntime:
    def __init__(self, endpoint: PhoneEndpoint, executor: Executor) -> None:
        self.endpoint = endpoint
        self.name = endpoint.name
        self._executor = executor
        self._slots = asyncio.Semaphore(PER_PHONE_CALLS)
        # Refreshed by the farm's watchdog thread: reading them may take the phone's lock,
        # which the event loop must never wait for.
        self.connected = bool(endpoint.connected)
        self.authorized = bool(endpoint.authorized)

    def banner(self) -> bytes:
        props = self.endpoint.banner()
        fields = [
            f"{key}={props.get(key, '')}"
            for key in ("ro.product.name", "ro.product.model", "ro.product.device")
        ]
        fields.append("features=" + ",".join(FEATURES))
        return ("device::" + ";".join(fields)).encode()

    async def call(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a blocking endpoint call on a worker thread."""
        loop = asyncio.get_running_loop()
        async with self._slots:
            return await loop.run_in_executor(self._executor, functools.partial(fn, *args, **kwargs))
