"""``/settings``: plan, time scale, auto-retry, retry limit, offline timeout."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from farmhand.api.body import documented, json_object
from farmhand.api.context import AppContext
from farmhand.api.envelope import ERROR_RESPONSES, Envelope, success
from farmhand.api.schemas import SettingsOut
from farmhand.planning.errors import INVALID, RequestError
from farmhand.planning.validation import describe
from farmhand.store import settings as settings_store


class SettingsPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    plan: str | None = Field(None, description="starter, pro, team, business or self-hosted")
    max_concurrent_devices: int | None = Field(None, ge=1, description="Self-hosted plan's limit")
    time_scale: float | None = Field(None, gt=0, le=100)
    auto_retry: bool | None = None
    max_retries: int | None = Field(None, ge=0, le=100)
    offline_timeout_s: float | None = Field(None, ge=0)


def build(ctx: AppContext) -> APIRouter:
    router = APIRouter(prefix="/settings", tags=["settings"], responses=ERROR_RESPONSES)

    @router.get("", response_model=Envelope[SettingsOut], summary="Runtime settings")
    async def get_settings() -> dict[str, Any]:
        ctx.forget_settings()
        return success(asdict(await run_in_threadpool(ctx.settings)))

    @router.patch(
        "",
        response_model=Envelope[SettingsOut],
        summary="Change runtime settings",
        openapi_extra=documented(SettingsPatch, "Any subset of the settings"),
    )
    async def patch_settings(request: Request) -> dict[str, Any]:
        try:
            patch = SettingsPatch.model_validate(await json_object(request))
        except ValidationError as exc:
            raise RequestError(INVALID, describe(exc)) from None
        changes = patch.model_dump(exclude_unset=True)
        # null for max_concurrent_devices means unlimited; for the others it means "unchanged".
        changes = {k: v for k, v in changes.items() if v is not None or k == "max_concurrent_devices"}

        def work(conn: Any) -> Any:
            try:
                return settings_store.save(conn, changes)
            except (TypeError, ValueError) as exc:
                raise RequestError(INVALID, str(exc)) from None

        saved = await run_in_threadpool(ctx.db.run_write, work)
        ctx.forget_settings()
        ctx.wake_engine()
        return success(asdict(saved))

    return router
