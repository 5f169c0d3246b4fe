"""Checks every API request passes before it reaches a handler (SPEC section 8):

- the Host header names this server (DNS-rebinding defence) and a browser's Origin is ours;
- the bearer token, when one is configured;
- bodies are ``application/json`` (a web page cannot post through a form or a text/plain
  fetch) and not larger than the limit;
- the plan gives API access (``/api/v1`` only: the dashboard keeps working).

A pure ASGI middleware: it answers with the envelope itself and never buffers bodies it lets
through with a known length.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from farmhand.api.context import AppContext

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

API_PREFIX = "/api/v1"
UI_API_PREFIX = "/ui/api"
BODY_LIMIT = 1024 * 1024
UPLOAD_LIMIT = 512 * 1024 * 1024  # material uploads (base64 in JSON)
CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


def _host_name(value: str) -> str:
    value = value.strip().lower()
    if value.startswith("["):
        return value[: value.find("]") + 1]
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class RequestGuard:
    def __init__(self, app: ASGIApp, ctx: AppContext) -> None:
        self.app = app
        self.ctx = ctx
        self.hosts = ctx.config.accepted_hosts()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        is_api = path.startswith(API_PREFIX)
        is_ui_api = path.startswith(UI_API_PREFIX)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        method: str = scope["method"]

        problem = self._check_host(headers)
        if problem is None and (is_api or is_ui_api):
            problem = self._check_token(headers) or self._check_origin(headers, method)
            if problem is None and method in CHANGING:
                problem = self._check_body_headers(headers, path)
        if problem is not None:
            await _reply(send, *problem)
            return
        if is_api and not self.ctx.plan().api_enabled:
            await self._refuse_plan(send, path)
            return
        if (is_api or is_ui_api) and method in CHANGING and "content-length" not in headers:
            replay = await self._bounded(receive, send, path)
            if replay is None:
                return
            receive = replay
        await self.app(scope, receive, send)

    def _check_host(self, headers: dict[str, str]) -> tuple[int, str] | None:
        host = headers.get("host")
        if host is None or _host_name(host) not in self.hosts:
            return (
                40001,
                f"Host header {host!r} is not one of this server's names; add it with --allowed-host",
            )
        return None

    def _check_token(self, headers: dict[str, str]) -> tuple[int, str] | None:
        token = self.ctx.config.api_token
        if not token:
            return None
        given = headers.get("authorization", "")
        scheme, _, value = given.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), token.encode()):
            return 40101, "missing or wrong API token: send 'Authorization: Bearer <token>'"
        return None

    def _check_origin(self, headers: dict[str, str], method: str) -> tuple[int, str] | None:
        origin = headers.get("origin")
        if origin and method != "GET":
            name = urlsplit(origin).hostname or ""
            if name.lower() not in {h.strip("[]") for h in self.hosts}:
                return 40001, f"cross-site request from {origin} refused"
        return None

    def _check_body_headers(self, headers: dict[str, str], path: str) -> tuple[int, str] | None:
        content_type = headers.get("content-type", "")
        length = headers.get("content-length")
        has_body = (length is not None and length.strip() not in ("", "0")) or "transfer-encoding" in headers
        if content_type or has_body:
            media = content_type.split(";", 1)[0].strip().lower()
            if media != "application/json":
                shown = media or "no Content-Type"
                return 40001, f"body: must be sent as application/json (got {shown})"
        if length is not None:
            try:
                size = int(length)
            except ValueError:
                return 40001, "Content-Length header is not a number"
            limit = _limit_for(path)
            if size > limit:
                return 40001, f"body: too large ({size} bytes; the limit is {limit} bytes)"
        return None

    async def _bounded(self, receive: Receive, send: Send, path: str) -> Receive | None:
        """Read a body of unknown length up front, refusing it past the limit."""
        limit = _limit_for(path)
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await _reply(send, 40001, f"body: too large (over the limit of {limit} bytes)")
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return replay

    async def _refuse_plan(self, send: Send, path: str) -> None:
        plan = self.ctx.plan()
        message = (
            f"the {plan.display_name} plan has no API access; change the plan with "
            "'farmhand serve --plan pro' (or team, business, self-hosted) or in the dashboard's Settings"
        )
        data = None
        if path.rstrip("/") == f"{API_PREFIX}/license/check":
            data = {
                "plan_name": plan.display_name,
                "api_enabled": False,
                "device_limit": plan.device_limit,
                "message": message,
            }
        await _reply(send, 40301, message, data)


def _limit_for(path: str) -> int:
    return UPLOAD_LIMIT if path.rstrip("/").endswith("/material") else BODY_LIMIT


async def _reply(send: Send, code: int, message: str, data: Any = None) -> None:
    body = json.dumps({"code": code, "message": message, "data": data}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": code // 100,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
