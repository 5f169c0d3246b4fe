"""The services a virtual phone answers on an ADB stream, by the name the host OPENs.

Anything else (``reboot:``, ``root:``, ``framebuffer:``, ``tcp:`` ports other than the
uiautomator2 one, ...) is refused with a CLSE, which clients report as a plain error.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from farmhand.virtual.adb.runtime import PhoneRuntime
from farmhand.virtual.adb.services.shell import exec_service, shell_service
from farmhand.virtual.adb.services.sync import sync_service
from farmhand.virtual.adb.services.uiautomator import UIAUTOMATOR_PORT, uiautomator_service
from farmhand.virtual.adb.streams import Stream

Service = Callable[[Stream, PhoneRuntime], Awaitable[None]]


def resolve(name: str) -> Service | None:
    """The handler for an OPEN'ed service name, or None to refuse it."""
    head, sep, rest = name.partition(":")
    if not sep:
        return None
    kind, *options = head.split(",")
    if kind == "shell":
        return lambda stream, phone: shell_service(stream, phone, rest, options)
    if kind == "exec" and not options:
        return lambda stream, phone: exec_service(stream, phone, rest)
    if kind == "sync" and not options and not rest:
        return sync_service
    if kind == "tcp" and not options and _port(rest) == UIAUTOMATOR_PORT:
        return uiautomator_service
    return None


def _port(spec: str) -> int | None:
    """``9008`` or ``localhost:9008``."""
    host, _, port = spec.rpartition(":")
    if host not in ("", "localhost", "127.0.0.1"):
        return None
    return int(port) if port.isdigit() else None
