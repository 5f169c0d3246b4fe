"""``GET /events``: task and device changes as Server-Sent Events.

One poller per server reads what changed in the store (``updated_at``) and fans it out to
every connected client, so the stream also shows what engines on other hosts did. The poll
window overlaps the previous one by a little, because a transaction that started before a poll
may commit after it with an earlier timestamp; repeats are filtered out.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from farmhand.api import serialize
from farmhand.api.context import AppContext
from farmhand.store import accounts, devices, tasks
from farmhand.timeutil import utcnow

log = logging.getLogger(__name__)
POLL_S = 0.5
OVERLAP = timedelta(seconds=3)
PING_S = 15.0
QUEUE_SIZE = 2000


class EventFeed:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self._subscribers: set[asyncio.Queue[tuple[str, dict[str, Any]]]] = set()
        self._task: asyncio.Task[None] | None = None
        self._seen: dict[tuple[str, object], datetime] = {}

    def subscribe(self) -> asyncio.Queue[tuple[str, dict[str, Any]]]:
        queue: asyncio.Queue[tuple[str, dict[str, Any]]] = asyncio.Queue(QUEUE_SIZE)
        self._subscribers.add(queue)
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._poll())
        return queue

    def unsubscribe(self, queue: asyncio.Queue[tuple[str, dict[str, Any]]]) -> None:
        self._subscribers.discard(queue)

    def publish(self, kind: str, data: dict[str, Any]) -> None:
        for queue in list(self._subscribers):
            try:
                queue.put_nowait((kind, data))
            except asyncio.QueueFull:
                # A client that does not read is dropped rather than slowing everyone down.
                self._subscribers.discard(queue)

    async def _poll(self) -> None:
        since = utcnow() - OVERLAP
        while self._subscribers:
            try:
                found, since = await run_in_threadpool(self._collect, since)
                for kind, data in found:
                    self.publish(kind, data)
            except Exception:
                log.exception("event poll failed")
            await asyncio.sleep(POLL_S)

    def _collect(self, since: datetime) -> tuple[list[tuple[str, dict[str, Any]]], datetime]:
        with self.ctx.db.read() as conn:
            changed_tasks = tasks.changed_since(conn, since - OVERLAP)
            changed_devices = devices.changed_since(conn, since - OVERLAP)
            # The same device object as GET /device gives, with its queue and accounts.
            counts = tasks.counts_by_serial(conn) if changed_devices else {}
            names = accounts.usernames_by_serial(conn) if changed_devices else {}
        found: list[tuple[str, dict[str, Any]]] = []
        newest = since
        for task in changed_tasks:
            newest = max(newest, task.updated_at)
            if self._fresh(("task", task.id), task.updated_at):
                found.append(("task", serialize.task(task)))
        for device in changed_devices:
            newest = max(newest, device.updated_at)
            if self._fresh(("device", device.serial), device.updated_at):
                pending = counts.get(device.serial, {}).get("pending", 0)
                found.append(
                    ("device", serialize.device(device, pending=pending, usernames=names.get(device.serial)))
                )
        horizon = newest - OVERLAP * 2
        self._seen = {k: v for k, v in self._seen.items() if v >= horizon}
        return found, newest

    def _fresh(self, key: tuple[str, object], stamp: datetime) -> bool:
        if self._seen.get(key) == stamp:
            return False
        self._seen[key] = stamp
        return True

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


def build(ctx: AppContext, feed: EventFeed) -> APIRouter:
    router = APIRouter(tags=["events"])

    @router.get(
        "/events",
        summary="Live task and device changes (Server-Sent Events)",
        response_class=StreamingResponse,
        responses={
            200: {
                "content": {"text/event-stream": {}},
                "description": (
                    "A stream of `event: task` (data: a task object, as GET /task/{id}), "
                    '`event: task_deleted` (data: {"id"}) and `event: device` (data: a device object, '
                    "as GET /device/{serial}) messages; a comment line `: ping` every 15 s keeps "
                    "proxies from closing it."
                ),
            }
        },
    )
    async def events(request: Request) -> StreamingResponse:
        queue = feed.subscribe()

        async def stream() -> AsyncIterator[bytes]:
            try:
                yield b"retry: 2000\n\n"
                while not await request.is_disconnected():
                    try:
                        kind, data = await asyncio.wait_for(queue.get(), timeout=PING_S)
                    except TimeoutError:
                        yield b": ping\n\n"
                        continue
                    yield f"event: {kind}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode()
            finally:
                feed.unsubscribe(queue)

        return StreamingResponse(
            stream(),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )

    return router
