"""Reading a JSON body, with the API's errors."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request
from pydantic import BaseModel

from farmhand.planning.errors import INVALID, RequestError


async def json_body(request: Request, *, required: bool = True) -> Any:
    raw = await request.body()
    if not raw.strip():
        if required:
            raise RequestError(INVALID, "body: is required (a JSON object)")
        return None
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RequestError(INVALID, f"body: not valid JSON ({exc})") from None


async def json_object(request: Request) -> dict[str, Any]:
    body = await json_body(request)
    if not isinstance(body, dict):
        raise RequestError(INVALID, f"body: must be a JSON object, not {_kind(body)}")
    return body


def _kind(value: Any) -> str:
    return {
        list: "an array",
        str: "a string",
        int: "a number",
        float: "a number",
        bool: "a boolean",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def documented(model: type[BaseModel], description: str = "") -> dict[str, Any]:
    """``openapi_extra`` that documents a JSON body the handler reads itself (so that it can
    answer in TikMatrix's order of checks, and with its messages)."""
    return {
        "requestBody": {
            "required": True,
            "description": description,
            "content": {
                "application/json": {
                    "schema": model.model_json_schema(ref_template="#/components/schemas/{model}")
                }
            },
        }
    }
