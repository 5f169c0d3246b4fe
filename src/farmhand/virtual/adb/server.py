"""Virtual phones on the wire: each phone listens on its own TCP port and speaks the device
side of ADB, so the real adb server reaches it with ``adb connect 127.0.0.1:PORT``.

All phones share one asyncio event loop (hundreds per thread); blocking calls into the phone
model run on a shared worker pool. A watchdog thread follows each phone's ``connected`` and
``authorized`` switches and drops or refuses connections accordingly.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Iterable
from concurrent.futures import Executor, ThreadPoolExecutor

from farmhand.virtual.adb.runtime import PhoneRuntime
from farmhand.virtual.adb.session import Session
from farmhand.virtual.endpoint import PhoneEndpoint

log = logging.getLogger(__name__)

# How often the watchdog reads every phone's fault switches.
WATCH_INTERVAL_S = 0.2


class PhoneListener:
    """One phone's listening socket and the connections it has."""

    def __init__(self, endpoint: PhoneEndpoint, port: int, host: str, executor: Executor) -> None:
        self.endpoint = endpoint
        self.host = host
        self.requested_port = port
        self.port = port
        self.runtime = PhoneRuntime(endpoint, executor)
        self._server: asyncio.Server | None = None
        self._sessions: set[Session] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def serial(self) -> str:
        return f"{self.host}:{self.port}"

    async def start(self) -> None:
        try:
            self._server = await asyncio.start_server(self._accept, self.host, self.requested_port)
        except OSError as exc:
            message = f"virtual phone {self.endpoint.name} cannot listen on {self.host}:{self.port}: {exc}"
            raise OSError(exc.errno, message) from exc
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
        for session in list(self._sessions):
            session.drop()
        if self._tasks:
            # Dropped sessions end by themselves; cancel only what does not.
            _done, pending = await asyncio.wait(list(self._tasks), timeout=2.0)
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.gather(*pending, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()
            self._server = None

    def update(self, connected: bool, authorized: bool) -> None:
        """Called on the loop when the watchdog sees a switch change."""
        was_authorized = self.runtime.authorized
        self.runtime.connected = connected
        self.runtime.authorized = authorized
        if not connected or (was_authorized and not authorized):
            # A revoked authorization ends the sessions too: the host then sees `unauthorized`.
            for session in list(self._sessions):
                session.drop()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not self.runtime.connected:
            # "Cable pulled": refuse at once, the adb server keeps the phone offline and retries.
            writer.transport.abort()
            return
        session = Session(self.runtime, reader, writer)
        self._sessions.add(session)
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        try:
            await session.run()
        except asyncio.CancelledError:
            pass  # shutting down; asyncio's stream callback would log a cancelled handler as an error
        finally:
            self._sessions.discard(session)
            if task is not None:
                self._tasks.discard(task)


class WireFarm:
    """A set of virtual phones on the wire, with start/stop from any thread.

    ``start()`` runs them on a thread of their own and returns once every port listens (raising
    ``OSError`` naming the phone and port that could not); ``await serve()`` runs them on the
    caller's event loop instead, until cancelled.
    """

    def __init__(
        self,
        phones: Iterable[tuple[PhoneEndpoint, int]],
        *,
        host: str = "127.0.0.1",
        workers: int = 32,
    ) -> None:
        self.host = host
        self._phones = list(phones)
        names = [endpoint.name for endpoint, _ in self._phones]
        if len(set(names)) != len(names):
            raise ValueError(f"virtual phone names must be unique, got {names}")
        self._workers = workers
        self.listeners: list[PhoneListener] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._thread: threading.Thread | None = None
        self._stop_watch = threading.Event()

    @property
    def serials(self) -> list[str]:
        return [listener.serial for listener in self.listeners]

    def serial_of(self, name: str) -> str:
        for listener in self.listeners:
            if listener.endpoint.name == name:
                return listener.serial
        raise KeyError(f"no virtual phone named {name!r} on the wire")

    # --- in a thread of its own ---------------------------------------------------------------------
    def start(self, timeout: float = 30.0) -> list[str]:
        """Bring every phone up; return their serials (``127.0.0.1:PORT``)."""
        if self._thread is not None:
            raise RuntimeError("this wire farm is already running")
        ready = threading.Event()
        failure: list[BaseException] = []

        def main() -> None:
            async def run() -> None:
                started = asyncio.Event()
                self._task = asyncio.current_task()
                waiter = asyncio.create_task(started.wait())
                waiter.add_done_callback(lambda _: ready.set())
                await self.serve(ready=started)

            try:
                asyncio.run(run())
            except asyncio.CancelledError:
                pass
            except BaseException as exc:
                failure.append(exc)
            finally:
                ready.set()

        self._thread = threading.Thread(target=main, name="vphone-wire", daemon=True)
        self._thread.start()
        if not ready.wait(timeout):
            raise TimeoutError(f"virtual phones not listening after {timeout} s")
        if failure:
            self._thread.join()
            self._thread = None
            raise failure[0]
        return self.serials

    def stop(self, timeout: float = 10.0) -> None:
        loop, task, thread = self._loop, self._task, self._thread
        if loop is not None and task is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop just ended
                loop.call_soon_threadsafe(task.cancel)
        if thread is not None:
            thread.join(timeout)
        self._thread = None

    def __enter__(self) -> WireFarm:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- on the caller's loop --------------------------------------------------------------------------
    async def serve(self, *, executor: Executor | None = None, ready: asyncio.Event | None = None) -> None:
        own_executor = executor is None
        pool = executor or ThreadPoolExecutor(max_workers=self._workers, thread_name_prefix="vphone-io")
        self._loop = asyncio.get_running_loop()
        self.listeners = [PhoneListener(endpoint, port, self.host, pool) for endpoint, port in self._phones]
        self._stop_watch.clear()
        watchdog = threading.Thread(target=self._watch, name="vphone-watch", daemon=True)
        try:
            for listener in self.listeners:
                await listener.start()
            watchdog.start()
            log.info("virtual phones on the wire: %s", ", ".join(self.serials))
            if ready is not None:
                ready.set()
            await asyncio.Event().wait()
        finally:
            self._stop_watch.set()
            for listener in self.listeners:
                await listener.stop()
            if watchdog.is_alive():
                watchdog.join()
            if own_executor:
                pool.shutdown(wait=False, cancel_futures=True)

    def _watch(self) -> None:
        loop = self._loop
        assert loop is not None
        seen = {id(lst): (lst.runtime.connected, lst.runtime.authorized) for lst in self.listeners}
        while not self._stop_watch.wait(WATCH_INTERVAL_S):
            for listener in self.listeners:
                try:
                    state = (bool(listener.endpoint.connected), bool(listener.endpoint.authorized))
                except Exception:
                    log.exception("%s: reading its switches failed", listener.endpoint.name)
                    continue
                if state != seen[id(listener)]:
                    seen[id(listener)] = state
                    try:
                        loop.call_soon_threadsafe(listener.update, *state)
                    except RuntimeError:
                        return  # the loop is gone


async def serve_farm(
    endpoints_with_ports: Iterable[tuple[PhoneEndpoint, int]],
    *,
    host: str = "127.0.0.1",
    executor: Executor | None = None,
    ready: asyncio.Event | None = None,
) -> None:
    """Serve the phones until cancelled. Port 0 lets the system choose (see the listeners)."""
    await WireFarm(endpoints_with_ports, host=host).serve(executor=executor, ready=ready)
