"""``/device``: the phones farmhand knows, with their state and the task each one runs."""

from __future__ import annotations

import time
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, Field

from farmhand.api import serialize
from farmhand.api.body import documented, json_object
from farmhand.api.context import AppContext
from farmhand.api.envelope import ERROR_RESPONSES, Envelope, success
from farmhand.api.schemas import DeviceList, DeviceOut
from farmhand.planning.errors import INVALID, RequestError
from farmhand.store import accounts, devices, screens
from farmhand.store import tasks as task_store
from farmhand.timeutil import iso, utcnow


class DevicePatch(BaseModel):
    group: str | None = Field(None, max_length=200)


WATCH_WRITE_EVERY_S = 10.0  # screen requests say "someone watches" to the engine, at most this often


def build(ctx: AppContext) -> APIRouter:
    router = APIRouter(prefix="/device", tags=["devices"], responses=ERROR_RESPONSES)
    db = ctx.db
    last_watch = [0.0]

    def note_watching() -> None:
        if time.monotonic() - last_watch[0] >= WATCH_WRITE_EVERY_S:
            last_watch[0] = time.monotonic()
            db.run_write(lambda c: screens.watch(c, utcnow()))

    @router.get("", response_model=Envelope[DeviceList], summary="List devices with their state")
    async def list_devices(
        state: Annotated[str | None, Query(pattern="^(online|offline|unauthorized|absent)$")] = None,
        group: Annotated[str | None, Query(max_length=200)] = None,
    ) -> dict[str, Any]:
        def work() -> dict[str, Any]:
            with db.read() as conn:
                records = devices.list_all(conn, state=state)
                counts = task_store.counts_by_serial(conn)
                names = accounts.usernames_by_serial(conn)
            if group is not None:
                records = [r for r in records if r.group_name == group]
            items = [
                serialize.device(
                    r, pending=counts.get(r.serial, {}).get("pending", 0), usernames=names.get(r.serial)
                )
                for r in records
            ]
            return success({"items": items, "total": len(items)})

        return await run_in_threadpool(work)

    @router.get("/{serial}", response_model=Envelope[DeviceOut], summary="One device")
    async def get_device(serial: str) -> dict[str, Any]:
        def work() -> dict[str, Any]:
            with db.read() as conn:
                record = devices.get(conn, serial)
                pending = task_store.counts_by_serial(conn).get(serial, {}).get("pending", 0)
                names = [a.username for a in accounts.list_all(conn, serial=serial)]
            return success(serialize.device(record, pending=pending, usernames=names))

        return await run_in_threadpool(work)

    @router.get(
        "/{serial}/screen",
        summary="The latest picture of the phone's screen (JPEG)",
        responses={200: {"content": {"image/jpeg": {}}, "description": "A thumbnail, a few seconds old"}},
    )
    async def device_screen(serial: str) -> Response:
        def work() -> tuple[bytes, str, str]:
            note_watching()
            with db.read() as conn:
                devices.get(conn, serial)
                image, media_type, taken = screens.latest(conn, serial)
            return image, media_type, iso(taken) or ""

        image, media_type, taken = await run_in_threadpool(work)
        return Response(
            image, media_type=media_type, headers={"Cache-Control": "no-store", "X-Taken-At": taken}
        )

    @router.patch(
        "/{serial}",
        response_model=Envelope[DeviceOut],
        summary="Put a device in a group",
        openapi_extra=documented(DevicePatch, "The group to put the phone in (null: none)"),
    )
    async def patch_device(serial: str, request: Request) -> dict[str, Any]:
        body = await json_object(request)
        if set(body) - {"group"}:
            raise RequestError(
                INVALID, f"{sorted(set(body) - {'group'})[0]}: is not a field you can change (group)"
            )
        group = body.get("group")
        if group is not None and (not isinstance(group, str) or len(group) > 200):
            raise RequestError(INVALID, "group: must be a string of at most 200 characters, or null")
        group = group.strip() or None if isinstance(group, str) else None
        await run_in_threadpool(db.run_write, lambda c: devices.set_group(c, serial, group))
        return await get_device(serial)

    return router
