"""Every failure becomes the envelope, with the right code: refusals, unknown routes, wrong
methods, validation failures and bugs alike (never a bare framework error body)."""

from __future__ import annotations

import logging
import uuid

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from farmhand.api.envelope import error_response
from farmhand.planning.errors import (
    CONFLICT,
    INTERNAL,
    INVALID,
    METHOD_NOT_ALLOWED,
    NOT_FOUND,
    RequestError,
)
from farmhand.planning.validation import describe_error
from farmhand.store.errors import Conflict, NotFound

log = logging.getLogger("farmhand.api")


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        loc = [str(p) for p in error.get("loc", ()) if p not in ("query", "path", "body", "header")]
        parts.append(f"{'.'.join(loc) or 'request'}: {describe_error(error)}")
    return "; ".join(dict.fromkeys(parts))


def install(app: FastAPI) -> None:
    @app.exception_handler(RequestError)
    async def _request_error(_: Request, exc: RequestError) -> JSONResponse:
        return error_response(exc.code, exc.message, exc.data)

    @app.exception_handler(NotFound)
    async def _not_found(_: Request, exc: NotFound) -> JSONResponse:
        return error_response(NOT_FOUND, str(exc))

    @app.exception_handler(Conflict)
    async def _conflict(_: Request, exc: Conflict) -> JSONResponse:
        return error_response(CONFLICT, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(INVALID, _validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404:
            return error_response(NOT_FOUND, f"not found: {request.method} {request.url.path}")
        if exc.status_code == 405:
            allowed = exc.headers.get("Allow", "") if exc.headers else ""
            return error_response(
                METHOD_NOT_ALLOWED,
                f"method {request.method} not allowed on {request.url.path}"
                + (f" (allowed: {allowed})" if allowed else ""),
                headers=dict(exc.headers) if exc.headers else None,
            )
        code = exc.status_code * 100 + 1
        return error_response(code, str(exc.detail))

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> JSONResponse:
        trace_id = uuid.uuid4().hex[:12]
        log.exception("internal error %s on %s %s", trace_id, request.method, request.url.path)
        return error_response(INTERNAL, f"internal error (trace id {trace_id}); see the server log")
