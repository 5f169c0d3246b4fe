"""One TCP connection from an adb server to a virtual phone: the handshake (CNXN, optional
AUTH), then the streams the host opens, each served by its own task.

Anything the host sends that is not ADB ends this connection only: the phone keeps listening
and its other connections (and all other phones) carry on.
"""

from __future__ import annotations

import asyncio
import logging
import os

from farmhand.virtual.adb.messages import (
    A_AUTH,
    A_CLSE,
    A_CNXN,
    A_OKAY,
    A_OPEN,
    A_WRTE,
    AUTH_SIGNATURE,
    AUTH_TOKEN,
    MAX_HANDSHAKE_PAYLOAD,
    MAX_PAYLOAD,
    VERSION,
    VERSION_MIN,
    Message,
    ProtocolError,
    read_message,
)
from farmhand.virtual.adb.runtime import PhoneRuntime
from farmhand.virtual.adb.services import Service, resolve
from farmhand.virtual.adb.streams import Stream, StreamClosed

log = logging.getLogger(__name__)

# How often a session waiting for authorization looks at the phone's switch again.
AUTH_POLL_S = 0.2
HANDSHAKE_TIMEOUT_S = 30.0
MAX_STREAMS = 512


class Session:
    def __init__(
        self, phone: PhoneRuntime, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self.phone = phone
        self._reader = reader
        self._writer = writer
        self._version = VERSION
        self._max_payload = MAX_HANDSHAKE_PAYLOAD
        self._streams: dict[int, Stream] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._next_id = 1
        self._inbox: asyncio.Queue[Message | BaseException] = asyncio.Queue(maxsize=64)

    # --- connection ------------------------------------------------------------------------------
    async def run(self) -> None:
        pump = asyncio.create_task(self._pump())
        try:
            first = await asyncio.wait_for(self._next(), HANDSHAKE_TIMEOUT_S)
            await self._handshake(first)
            while True:
                await self._dispatch(await self._next())
        except ProtocolError as exc:
            log.warning("%s: dropping a connection that is not speaking ADB: %s", self.phone.name, exc)
        except (asyncio.IncompleteReadError, ConnectionError, TimeoutError, EOFError):
            pass
        finally:
            pump.cancel()
            await self._teardown()

    def drop(self) -> None:
        """Cut the connection at once, as a pulled cable would."""
        self._writer.transport.abort()

    async def _pump(self) -> None:
        try:
            while True:
                await self._inbox.put(await read_message(self._reader, MAX_PAYLOAD))
        except asyncio.CancelledError:
            raise
        except BaseException as exc:
            await self._inbox.put(exc)

    async def _next(self) -> Message:
        item = await self._inbox.get()
        if isinstance(item, BaseException):
            raise item
        return item

    def send(self, message: Message) -> None:
        if not self._writer.is_closing():
            self._writer.write(message.encode(self._version))

    async def _teardown(self) -> None:
        for stream in list(self._streams.values()):
            await stream.on_connection_lost()
        self._streams.clear()
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        self._writer.close()

    # --- handshake ---------------------------------------------------------------------------------
    async def _handshake(self, first: Message) -> None:
        if first.command != A_CNXN:
            raise ProtocolError(f"expected CNXN first, got {first.name}")
        self._accept_cnxn(first)
        if self.phone.authorized:
            self._send_cnxn()
            return
        # Unauthorized phone: every signature is refused with a fresh token, the public key is
        # "shown to the user", and we wait for the switch (the person tapping Allow).
        self.send(Message(A_AUTH, AUTH_TOKEN, 0, os.urandom(20)))
        while not self.phone.authorized:
            try:
                message = await asyncio.wait_for(self._next(), AUTH_POLL_S)
            except TimeoutError:
                continue
            if message.command == A_CNXN:
                self._accept_cnxn(message)
                self.send(Message(A_AUTH, AUTH_TOKEN, 0, os.urandom(20)))
            elif message.command == A_AUTH:
                if message.arg0 == AUTH_SIGNATURE:  # one we cannot accept
                    self.send(Message(A_AUTH, AUTH_TOKEN, 0, os.urandom(20)))
            else:
                raise ProtocolError(f"{message.name} before authorization")
        self._send_cnxn()

    def _accept_cnxn(self, message: Message) -> None:
        if message.arg0 < VERSION_MIN:
            raise ProtocolError(f"unsupported protocol version 0x{message.arg0:08x}")
        if not message.data.startswith(b"host:"):
            raise ProtocolError("CNXN without a host banner")
        self._version = min(message.arg0, VERSION)
        self._max_payload = max(MAX_HANDSHAKE_PAYLOAD, min(message.arg1, MAX_PAYLOAD))

    def _send_cnxn(self) -> None:
        self.send(Message(A_CNXN, self._version, MAX_PAYLOAD, self.phone.banner()))

    # --- streams -------------------------------------------------------------------------------------
    async def _dispatch(self, message: Message) -> None:
        if message.command == A_OPEN:
            await self._open(message)
        elif message.command == A_WRTE:
            stream = self._streams.get(message.arg1)
            if stream is not None:
                await stream.on_write(message.data)
        elif message.command == A_OKAY:
            stream = self._streams.get(message.arg1)
            if stream is not None:
                await stream.on_okay()
        elif message.command == A_CLSE:
            stream = self._streams.pop(message.arg1, None)
            if stream is not None:
                await stream.on_peer_close()
        elif message.command == A_CNXN:
            # The host starts over (it does after losing track of us): forget every stream.
            for stream in list(self._streams.values()):
                await stream.on_connection_lost()
            self._streams.clear()
            self._accept_cnxn(message)
            self._send_cnxn()
        elif message.command == A_AUTH:
            pass  # late signatures after a CNXN: nothing to do
        else:
            raise ProtocolError(f"unexpected {message.name}")

    async def _open(self, message: Message) -> None:
        remote_id = message.arg0
        name = message.data.split(b"\0", 1)[0].decode("utf-8", errors="replace")
        service = resolve(name)
        if remote_id == 0 or service is None or len(self._streams) >= MAX_STREAMS:
            log.debug("%s: refusing service %r", self.phone.name, name)
            self.send(Message(A_CLSE, 0, remote_id))
            return
        local_id = self._next_id
        self._next_id = self._next_id % 0x7FFFFFFF + 1
        stream = Stream(local_id, remote_id, self.send, lambda: self._max_payload)
        self._streams[local_id] = stream
        self.send(Message(A_OKAY, local_id, remote_id))
        task = asyncio.create_task(self._serve(name, service, stream))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _serve(self, name: str, service: Service, stream: Stream) -> None:
        try:
            await service(stream, self.phone)
        except StreamClosed:
            pass
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("%s: service %r failed", self.phone.name, name)
        finally:
            await stream.close()
            self._streams.pop(stream.local_id, None)
