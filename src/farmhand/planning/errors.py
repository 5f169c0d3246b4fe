"""Refusals with the TikMatrix API's codes (SPEC section 2)."""

from __future__ import annotations

from typing import Any

INVALID = 40001
SCRIPT_NAME_MISSING = 40002
SCRIPT_NOT_SUPPORTED = 40003
NO_ACCOUNT = 40004
NO_API_ACCESS = 40301
NOT_FOUND = 40401
METHOD_NOT_ALLOWED = 40501
CONFLICT = 40901
INTERNAL = 50001


class RequestError(Exception):
    """A request farmhand refuses; ``code`` is the envelope code, ``message`` says why."""

    def __init__(self, code: int, message: str, data: Any = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.data = data

    @property
    def http_status(self) -> int:
        return 200 if self.code == 0 else self.code // 100
