"""``/device``: the phones farmhand knows, with their state and the task each one runs."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool

from farmhand.api import serialize
from farmhand.api.context import AppContext
from farmhand.api.envelope import ERROR_RESPONSES, Envelope, success
from farmhand.api.schemas import DeviceList, DeviceOut
from farmhand.store import accounts, devices
from farmhand.store import tasks as task_store


def build(ctx: AppContext) -> APIRouter:
    router = APIRouter(prefix="/device", tags=["devices"], responses=ERROR_RESPONSES)
    db = ctx.db

    @router.get("", response_model=Envelope[DeviceList], summary="List devices with their state")
    async def list_devices(
        state: Annotated[str | None, Query(pattern="^(online|offline|unauthorized|absent)$")] = None,
        group: Annotated[str | None, Query(max_length=200)] = None,
    ) -> dict[str, Any]:
        def work() -> dict[str, Any]:
            with db.read() as conn:
                records = devices.list_all(conn, state=state)
                counts = task_store.counts_by_serial(conn)
                names: dict[str, list[str]] = {}
                for account in accounts.list_all(conn):
                    if account.serial:
                        names.setdefault(account.serial, []).append(account.username)
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

    return router
