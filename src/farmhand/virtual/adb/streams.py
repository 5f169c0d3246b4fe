"""One ADB stream on the device side: the bytes of an OPEN'ed service, with ADB's flow control.

Outgoing: one WRTE at a time, the next only after the host's OKAY. Incoming: every host WRTE is
acknowledged, but only once the service has consumed enough of what came before, so a fast
host pushing a big file cannot fill our memory faster than the phone stores it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from farmhand.virtual.adb.messages import A_CLSE, A_OKAY, A_WRTE, Message

# Buffered host data above which we hold back the OKAY for the last WRTE.
HIGH_WATER = 2 * 1024 * 1024
MAX_READ = 1024 * 1024


class StreamClosed(Exception):
    """The stream was closed (by the host, or because the connection dropped)."""


class Stream:
    def __init__(
        self,
        local_id: int,
        remote_id: int,
        send: Callable[[Message], None],
        max_payload: Callable[[], int],
    ) -> None:
        self.local_id = local_id
        self.remote_id = remote_id
        self._send = send
        self._max_payload = max_payload
        self._changed = asyncio.Condition()
        self._buffer = bytearray()
        self._ack_pending = False
        self._can_write = True
        self._peer_closed = False
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed or self._peer_closed

    # --- events from the session --------------------------------------------------------------
    async def on_write(self, data: bytes) -> None:
        if self._closed:
            return
        self._buffer += data
        if len(self._buffer) < HIGH_WATER:
            self._send(Message(A_OKAY, self.local_id, self.remote_id))
        else:
            self._ack_pending = True
        await self._notify()

    async def on_okay(self) -> None:
        self._can_write = True
        await self._notify()

    async def on_peer_close(self) -> None:
        """The host closed the stream: answer with our CLSE (clients wait for it)."""
        self._peer_closed = True
        if not self._closed:
            self._closed = True
            self._send(Message(A_CLSE, self.local_id, self.remote_id))
        await self._notify()

    async def on_connection_lost(self) -> None:
        self._peer_closed = True
        self._closed = True
        await self._notify()

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    # --- for services ---------------------------------------------------------------------------
    async def write(self, data: bytes) -> None:
        """Send bytes to the host, waiting for each chunk's OKAY; raise StreamClosed if gone."""
        view = memoryview(data)
        while view:
            async with self._changed:
                await self._changed.wait_for(lambda: self._can_write or self.closed)
            if self.closed:
                raise StreamClosed()
            size = self._max_payload()
            chunk, view = view[:size], view[size:]
            self._can_write = False
            self._send(Message(A_WRTE, self.local_id, self.remote_id, bytes(chunk)))

    async def drain(self) -> None:
        """Wait until the host acknowledged everything written (or the stream is gone)."""
        async with self._changed:
            await self._changed.wait_for(lambda: self._can_write or self.closed)

    async def read(self, limit: int = MAX_READ) -> bytes:
        """Some bytes from the host (at most ``limit``); b"" once the host closed the stream."""
        async with self._changed:
            await self._changed.wait_for(lambda: bool(self._buffer) or self.closed)
        return self._take(min(limit, len(self._buffer)))

    async def read_exactly(self, size: int) -> bytes:
        async with self._changed:
            await self._changed.wait_for(lambda: len(self._buffer) >= size or self.closed)
        if len(self._buffer) < size:
            raise StreamClosed()
        return self._take(size)

    async def wait_readable(self, timeout: float) -> bool:
        """Wait up to ``timeout`` for host data or a close; True if either came."""
        try:
            async with asyncio.timeout(timeout), self._changed:
                await self._changed.wait_for(lambda: bool(self._buffer) or self.closed)
        except TimeoutError:
            return False
        return True

    def _take(self, size: int) -> bytes:
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        if self._ack_pending and len(self._buffer) < HIGH_WATER and not self._closed:
            self._ack_pending = False
            self._send(Message(A_OKAY, self.local_id, self.remote_id))
        return data

    async def close(self) -> None:
        """Close from the device side (service finished)."""
        if not self._closed:
            self._closed = True
            if not self._peer_closed:
                self._send(Message(A_CLSE, self.local_id, self.remote_id))
        await self._notify()
