"""``/account``: logins bound to phones (username mode and multi-account mode need them)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field
from sqlalchemy import Connection

from farmhand.api import serialize
from farmhand.api.body import documented, json_object
from farmhand.api.context import AppContext
from farmhand.api.envelope import ERROR_RESPONSES, Envelope, success
from farmhand.api.schemas import AccountDeleted, AccountList, AccountOut, ImportReport
from farmhand.planning.accounts import AccountIn, import_csv, parse_account, save_account
from farmhand.planning.errors import INVALID, RequestError
from farmhand.store import accounts


class AccountPatch(BaseModel):
    enabled: bool | None = None
    serial: str | None = Field(None, description="Bind to another device")
    package: str | None = None


class CsvImport(BaseModel):
    csv: str = Field(description="CSV text: username, platform, serial, package, enabled (header optional)")


def build(ctx: AppContext) -> APIRouter:
    router = APIRouter(prefix="/account", tags=["accounts"], responses=ERROR_RESPONSES)
    db = ctx.db

    @router.get("", response_model=Envelope[AccountList], summary="List accounts")
    async def list_accounts(
        serial: Annotated[str | None, Query(max_length=200)] = None,
        platform: Annotated[str | None, Query(pattern="^(tiktok|instagram)$")] = None,
        enabled: bool | None = None,
    ) -> dict[str, Any]:
        def work() -> dict[str, Any]:
            with db.read() as conn:
                items = accounts.list_all(conn, serial=serial, platform=platform, enabled=enabled)
            return success({"items": [serialize.account(a) for a in items], "total": len(items)})

        return await run_in_threadpool(work)

    @router.post(
        "",
        response_model=Envelope[AccountOut],
        summary="Add an account, or re-bind an existing one",
        openapi_extra=documented(AccountIn),
    )
    async def add_account(request: Request) -> dict[str, Any]:
        item = parse_account(await json_object(request))
        record, _ = await run_in_threadpool(db.run_write, lambda c: save_account(c, item))
        return success(serialize.account(record))

    @router.post(
        "/import",
        response_model=Envelope[ImportReport],
        summary="Import accounts from CSV text",
        openapi_extra=documented(CsvImport),
    )
    async def import_accounts(request: Request) -> dict[str, Any]:
        body = await json_object(request)
        text = body.get("csv")
        if not isinstance(text, str) or not text.strip():
            raise RequestError(INVALID, "csv: must be non-empty CSV text")
        result = await run_in_threadpool(db.run_write, lambda c: import_csv(c, text))
        return success(
            {
                "imported": result.imported,
                "created": result.created,
                "updated": result.updated,
                "refused": result.refused,
            }
        )

    @router.patch(
        "/{username}",
        response_model=Envelope[AccountOut],
        summary="Enable, disable or re-bind",
        openapi_extra=documented(AccountPatch),
    )
    async def patch_account(username: str, request: Request) -> dict[str, Any]:
        body = await json_object(request)
        unknown = set(body) - {"enabled", "serial", "package"}
        if unknown:
            raise RequestError(
                INVALID, f"{sorted(unknown)[0]}: is not a field you can change (enabled, serial, package)"
            )

        def work(conn: Connection) -> Any:
            current = accounts.get(conn, username)
            merged = {
                "username": current.username,
                "platform": current.platform,
                "serial": current.serial,
                "package": current.package,
                "enabled": current.enabled,
                **body,
            }
            return save_account(conn, parse_account(merged))[0]

        record = await run_in_threadpool(db.run_write, work)
        return success(serialize.account(record))

    @router.delete("/{username}", response_model=Envelope[AccountDeleted], summary="Delete an account")
    async def delete_account(username: str) -> dict[str, Any]:
        record = await run_in_threadpool(db.run_write, lambda c: accounts.remove(c, username))
        return success({"deleted": record.username})

    return router
