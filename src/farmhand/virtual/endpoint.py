"""What a front end (the in-process driver, the ADB wire server) needs from a virtual phone.

The phone model (``farmhand.virtual.phone``) implements this; ``farmhand.devices.virtual``
(in-process) and ``farmhand.virtual.adb`` (the device side of the ADB transport, reached
through the real adb server) are two fronts over the same model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Any, Protocol


@dataclass(frozen=True, slots=True)
class ShellOutcome:
    stdout: bytes
    stderr: bytes
    exit_code: int


@dataclass(frozen=True, slots=True)
class FileStat:
    mode: int  # st_mode, with the file-type bits (0o100644 file, 0o040755 folder)
    size: int
    mtime: int  # seconds since the epoch


class PhoneEndpoint(Protocol):
    """One virtual phone, as seen from a transport."""

    @property
    def name(self) -> str:
        """A stable identity kept across restarts (``vphone-01``)."""
        ...

    def banner(self) -> dict[str, str]:
        """``ro.product.name``, ``ro.product.model``, ``ro.product.device`` for the CNXN banner."""
        ...

    @property
    def connected(self) -> bool:
        """False while the "disconnect" fault is on: transports drop their sockets."""
        ...

    @property
    def authorized(self) -> bool:
        """False while the "unauthorized" fault is on: ADB answers AUTH forever."""
        ...

    def run(self, command: str, stdin: bytes = b"") -> ShellOutcome:
        """Run one ``sh -c`` command line (``;``, ``&&``, ``||``, quotes, ``$?``, redirects)."""
        ...

    def stat(self, path: str) -> FileStat | None: ...

    def listdir(self, path: str) -> list[tuple[str, FileStat]] | None:
        """Entries of a folder; None if it is not a folder."""
        ...

    def read_file(self, path: str) -> bytes | None: ...

    def write_file(self, path: str, data: bytes, mode: int = 0o644, mtime: int | None = None) -> str | None:
        """Write a file, creating parent folders; return an error message (disk full, ...) or None."""
        ...

    def open_read(self, path: str) -> IO[bytes] | None:
        """Stream a file's content (pulls of large files); None if it is not a file."""
        ...

    def open_write(self, path: str, mode: int = 0o644) -> IO[bytes]:
        """Stream a new file's content (pushes of large files); raise OSError (ENOSPC when the
        "disk full" fault is on) if it cannot be written. Parent folders are created."""
        ...

    def uiautomator_rpc(self, method: str, params: list[Any] | dict[str, Any]) -> Any:
        """The uiautomator2 JSON-RPC service (port 9008 on a real phone)."""
        ...
