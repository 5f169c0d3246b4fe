"""``tcp:9008``: the uiautomator2 server's HTTP/1.1 JSON-RPC, answered by the phone model
(``GET /ping`` → ``pong``, ``POST /jsonrpc/0``), one request per connection as the
uiautomator2 client makes them."""

from __future__ import annotations

import json
import logging
from typing import Any

from farmhand.virtual.adb.runtime import PhoneRuntime
from farmhand.virtual.adb.streams import Stream

log = logging.getLogger(__name__)

UIAUTOMATOR_PORT = 9008
MAX_HEADER = 64 * 1024
MAX_BODY = 16 * 1024 * 1024

_REASONS = {200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed", 413: "Too Large"}


class _BadRequest(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


async def uiautomator_service(stream: Stream, phone: PhoneRuntime) -> None:
    try:
        method, path, body = await _read_request(stream)
    except _BadRequest as exc:
        await _respond(stream, exc.status, str(exc).encode(), "text/plain")
        return
    if path == "/ping":
        await _respond(stream, 200, b"pong", "text/plain")
    elif path.startswith("/jsonrpc/"):
        if method != "POST":
            await _respond(stream, 405, b"POST only", "text/plain")
            return
        answer = await _jsonrpc(phone, body)
        await _respond(stream, 200, json.dumps(answer).encode(), "application/json")
    else:
        await _respond(stream, 404, f"no route {path}".encode(), "text/plain")


async def _read_request(stream: Stream) -> tuple[str, str, bytes]:
    buffer = bytearray()
    while b"\r\n\r\n" not in buffer:
        if len(buffer) > MAX_HEADER:
            raise _BadRequest(413, "headers too large")
        data = await stream.read()
        if not data:
            raise _BadRequest(400, "incomplete request")
        buffer += data
    head, _, rest = bytes(buffer).partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split()
    if len(parts) != 3 or not parts[2].startswith("HTTP/"):
        raise _BadRequest(400, "bad request line")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length_text = headers.get("content-length", "0")
    if not length_text.isdigit() or int(length_text) > MAX_BODY:
        raise _BadRequest(400, "bad Content-Length")
    length = int(length_text)
    body = bytearray(rest)
    while len(body) < length:
        data = await stream.read()
        if not data:
            raise _BadRequest(400, "body shorter than Content-Length")
        body += data
    return parts[0].upper(), parts[1], bytes(body[:length])


async def _respond(stream: Stream, status: int, body: bytes, content_type: str) -> None:
    head = (
        f"HTTP/1.1 {status} {_REASONS.get(status, 'Error')}\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    await stream.write(head.encode() + body)
    await stream.drain()


def _error(request_id: Any, code: int, message: str) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "id": request_id, "error": {"code": code, "message": message, "data": ""}}


async def _jsonrpc(phone: PhoneRuntime, body: bytes) -> dict[str, Any]:
    try:
        request = json.loads(body)
    except ValueError:
        return _error(None, -32700, "Parse error")
    if not isinstance(request, dict) or not isinstance(request.get("method"), str):
        return _error(None, -32600, "Invalid Request")
    request_id = request.get("id")
    params = request.get("params")
    if params is None:
        params = []
    if not isinstance(params, list | dict):
        return _error(request_id, -32602, "Invalid params")
    try:
        result = await phone.call(phone.endpoint.uiautomator_rpc, request["method"], params)
    except LookupError as exc:
        # The client maps this Java name to UiObjectNotFoundError.
        message = f"androidx.test.uiautomator.UiObjectNotFoundException: {exc}"
        return _error(request_id, -32002, message)
    except (NotImplementedError, AttributeError) as exc:
        return _error(request_id, -32601, f"Method not found: {request['method']} ({exc})")
    except (TypeError, ValueError) as exc:
        return _error(request_id, -32602, f"Invalid params: {exc}")
    except Exception as exc:
        log.exception("%s: uiautomator rpc %s failed", phone.name, request["method"])
        return _error(request_id, -32001, f"java.lang.RuntimeException: {exc}")
    return {"jsonrpc": "2.0", "id": request_id, "result": result}
