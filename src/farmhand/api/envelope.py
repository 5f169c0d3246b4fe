"""Every answer is ``{"code", "message", "data"}``; the HTTP status is the code divided by 100."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

T = TypeVar("T")


class Envelope(BaseModel, Generic[T]):
    code: int = Field(0, description="0 on success; otherwise the error code (40001, 40401, ...).")
    message: str = Field("success", description="'success', or what went wrong.")
    data: T


class ErrorEnvelope(BaseModel):
    code: int = Field(
        description="40001 invalid parameters, 40002 script_name missing, 40003 script not "
        "supported, 40004 no account, 40101 token missing or wrong, 40301 no API access, "
        "40401 not found, 40501 method not allowed, 40901 state conflict, 50001 internal error."
    )
    message: str
    data: Any = None


def success(data: Any) -> dict[str, Any]:
    return {"code": 0, "message": "success", "data": data}


def error_response(
    code: int, message: str, data: Any = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        {"code": code, "message": message, "data": data}, status_code=code // 100, headers=headers
    )


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorEnvelope, "description": "Invalid request (40001-40004)."},
    403: {"model": ErrorEnvelope, "description": "The plan has no API access (40301)."},
    404: {"model": ErrorEnvelope, "description": "Not found (40401)."},
    409: {"model": ErrorEnvelope, "description": "State conflict (40901)."},
    500: {"model": ErrorEnvelope, "description": "Internal error (50001), with a trace id."},
}
