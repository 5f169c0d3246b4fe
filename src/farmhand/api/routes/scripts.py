"""``/script``: the scripts offered through the API and the JSON schema of each one's config
(the dashboard builds its forms from them)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from farmhand.api.envelope import ERROR_RESPONSES, Envelope, success
from farmhand.scripts.registry import all_scripts, api_script_names


class ScriptOut(BaseModel):
    name: str
    title: str
    api: bool
    config_schema: dict[str, Any]


class ScriptList(BaseModel):
    items: list[ScriptOut]
    total: int


def build() -> APIRouter:
    router = APIRouter(prefix="/script", tags=["scripts"], responses=ERROR_RESPONSES)

    @router.get("", response_model=Envelope[ScriptList], summary="Scripts and their config schemas")
    async def list_scripts() -> dict[str, Any]:
        offered = set(api_script_names())
        items = [
            {
                "name": name,
                "title": script.title,
                "api": name in offered,
                "config_schema": script.config_model.model_json_schema(),
            }
            for name, script in all_scripts().items()
        ]
        return success({"items": items, "total": len(items)})

    return router
