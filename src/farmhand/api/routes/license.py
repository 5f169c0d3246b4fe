"""``/license/check``: the plan in force (SPEC section 7)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool

from farmhand.api.context import AppContext
from farmhand.api.envelope import ERROR_RESPONSES, Envelope, success
from farmhand.api.schemas import License


def build(ctx: AppContext) -> APIRouter:
    router = APIRouter(prefix="/license", tags=["license"], responses=ERROR_RESPONSES)

    @router.get("/check", response_model=Envelope[License], summary="The configured plan")
    async def check() -> dict[str, Any]:
        plan = await run_in_threadpool(ctx.plan)
        limit = (
            "unlimited devices" if plan.device_limit is None else f"up to {plan.device_limit} devices at once"
        )
        access = "API enabled" if plan.api_enabled else "no API access"
        return success(
            {
                "plan_name": plan.display_name,
                "api_enabled": plan.api_enabled,
                "device_limit": plan.device_limit,
                "message": f"{plan.display_name} plan: {limit}, {access}",
            }
        )

    return router
