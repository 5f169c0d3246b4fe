"""The device interface: what a script may ask of one phone.

It is shaped after what ADB really offers (shell commands, file push and pull, a UI hierarchy
dump, input events, text through an input-method broadcast, a screenshot) so that a real phone
behind the adb server and a virtual phone plug in the same way, and a script never knows which
it drives.

Every call has a timeout. A call on a phone that has gone away raises :class:`DeviceOffline`;
one that takes too long raises :class:`DeviceTimeout`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

DEFAULT_TIMEOUT = 20.0


class DeviceError(Exception):
    """A device call failed."""


class DeviceOffline(DeviceError):
    """The phone is not reachable (unplugged, adb lost it, virtual phone disconnected)."""


class DeviceTimeout(DeviceError):
    """A device call did not answer within its timeout."""


@dataclass(frozen=True, slots=True)
class ShellResult:
    stdout: str
    stderr: str
    exit_code: int

    @property
    def ok(self) -> bool:
        return self.exit_code == 0

    def check(self, what: str = "") -> ShellResult:
        """Raise :class:`DeviceError` unless the command exited with 0."""
        if self.exit_code != 0:
            detail = (self.stderr or self.stdout).strip().splitlines()
            tail = detail[-1] if detail else ""
            raise DeviceError(f"{what or 'shell command'} failed (exit {self.exit_code}): {tail}")
        return self


@dataclass(frozen=True, slots=True)
class DeviceInfo:
    model: str | None = None
    android_version: str | None = None
    battery: int | None = None  # percent
    width: int | None = None
    height: int | None = None


@runtime_checkable
class Device(Protocol):
    """One phone. Implementations: ``ShellDevice`` subclasses (virtual, adb)."""

    @property
    def serial(self) -> str: ...

    # --- transport primitives -------------------------------------------------------------
    def shell(self, command: Sequence[str] | str, *, timeout: float = DEFAULT_TIMEOUT) -> ShellResult:
        """Run a command in the phone's shell.

        A sequence is quoted argument by argument (nothing a client sent ever reaches the
        shell unquoted); a plain string is passed as is and must only ever be built from
        constants.
        """
        ...

    def exec_out(self, command: Sequence[str], *, timeout: float = DEFAULT_TIMEOUT) -> bytes:
        """Run a command and return its raw stdout (``adb exec-out``), e.g. ``screencap -p``."""
        ...

    def push(self, local: Path, remote: str, *, timeout: float = 300.0) -> None: ...

    def pull(self, remote: str, local: Path, *, timeout: float = 300.0) -> None: ...

    # --- UI ---------------------------------------------------------------------------------
    def dump_hierarchy(self, *, timeout: float = DEFAULT_TIMEOUT) -> str:
        """The current screen as uiautomator window-hierarchy XML."""
        ...

    def screenshot(self, *, timeout: float = DEFAULT_TIMEOUT) -> bytes:
        """The current screen as PNG bytes."""
        ...

    def tap(self, x: int, y: int) -> None: ...

    def swipe(self, x1: int, y1: int, x2: int, y2: int, duration_ms: int = 300) -> None: ...

    def key(self, keycode: int | str) -> None:
        """Send a key event (``KEYCODE_BACK``, 4, ...)."""
        ...

    def input_text(self, text: str) -> None:
        """Type text into the focused field through the input-method broadcast (UTF-8 safe)."""
        ...

    def info(self) -> DeviceInfo: ...

    def close(self) -> None: ...
