"""The in-process driver of a virtual phone.

It sends the very command lines :class:`ShellDevice` builds (quoted as for ``adb shell``) to
the phone's own shell interpreter, and streams pushes and pulls through the phone's file API,
so a script meets the same behaviour here as through the adb server. Every call honours its
timeout (the call is abandoned, as an adb client abandons a slow socket) and raises
:class:`DeviceOffline` while the phone's ``disconnect`` fault is on.
"""

from __future__ import annotations

import os
import posixpath
import stat
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import TypeVar

from farmhand.devices.base import DEFAULT_TIMEOUT, DeviceError, DeviceOffline, DeviceTimeout, ShellResult
from farmhand.devices.shell_device import ShellDevice, quote
from farmhand.virtual.endpoint import ShellOutcome
from farmhand.virtual.phone import VirtualPhone

T = TypeVar("T")
CHUNK = 1024 * 1024


def _in_thread(fn: Callable[[], T], timeout: float, what: str) -> T:
    """Run ``fn`` on a daemon thread and wait at most ``timeout`` seconds for it."""
    future: Future[T] = Future()

    def target() -> None:
        try:
            future.set_result(fn())
        except BaseException as exc:
            future.set_exception(exc)

    threading.Thread(target=target, name=f"vdevice-{what}", daemon=True).start()
    try:
        return future.result(timeout=max(0.001, timeout))
    except TimeoutError:
        raise DeviceTimeout(f"{what} did not finish within {timeout:g} s") from None


class VirtualDevice(ShellDevice):
    def __init__(self, phone: VirtualPhone, serial: str | None = None) -> None:
        super().__init__(serial or phone.name)
        self.phone = phone

    def _check_online(self) -> None:
        if not self.phone.connected:
            raise DeviceOffline(f"{self.serial} is offline")

    def _run(self, command: str, timeout: float) -> ShellOutcome:
        self._check_online()
        outcome = _in_thread(lambda: self.phone.run(command), timeout, f"shell on {self.serial}")
        self._check_online()  # the phone dropped while the command ran
        return outcome

    # --- transport primitives ----------------------------------------------------------------
    def shell(self, command: Sequence[str] | str, *, timeout: float = DEFAULT_TIMEOUT) -> ShellResult:
        outcome = self._run(quote(command), timeout)
        return ShellResult(
            stdout=outcome.stdout.decode("utf-8", errors="replace"),
            stderr=outcome.stderr.decode("utf-8", errors="replace"),
            exit_code=outcome.exit_code,
        )

    def exec_out(self, command: Sequence[str], *, timeout: float = DEFAULT_TIMEOUT) -> bytes:
        return self._run(quote(command), timeout).stdout

    def push(self, local: Path, remote: str, *, timeout: float = 300.0) -> None:
        self._check_online()
        local = Path(local)
        if not local.is_file():
            raise DeviceError(f"push: {local} is not a file")
        target = remote
        if remote.endswith("/") or self.phone.fs.is_dir(remote):
            target = posixpath.join(remote, local.name)
        mode = stat.S_IMODE(local.stat().st_mode) or 0o644
        deadline = time.monotonic() + timeout

        def copy() -> None:
            try:
                sink = self.phone.open_write(target, mode)
            except OSError as exc:
                raise DeviceError(f"push {local} → {target}: {exc.strerror or exc}") from None
            complete = False
            try:
                with local.open("rb") as source, sink:
                    while chunk := source.read(CHUNK):
                        if time.monotonic() > deadline:
                            raise DeviceTimeout(
                                f"push {local} → {target} did not finish within {timeout:g} s"
                            )
                        if not self.phone.connected:
                            raise DeviceOffline(f"{self.serial} went offline during a push")
                        sink.write(chunk)
                complete = True
            except OSError as exc:
                raise DeviceError(f"push {local} → {target}: {exc.strerror or exc}") from None
            finally:
                if not complete:
                    # As adbd does: no half-written file is left behind.
                    self.phone.run(quote(["rm", "-f", target]))
            self.phone.set_mtime(target, int(local.stat().st_mtime))

        _in_thread(copy, timeout + 5, f"push to {self.serial}")

    def pull(self, remote: str, local: Path, *, timeout: float = 300.0) -> None:
        self._check_online()
        local = Path(local)
        deadline = time.monotonic() + timeout

        def copy() -> None:
            source = self.phone.open_read(remote)
            if source is None:
                raise DeviceError(f"pull: remote object '{remote}' does not exist")
            partial = local.with_name(f".{local.name}.part")
            try:
                with source, partial.open("wb") as sink:
                    while chunk := source.read(CHUNK):
                        if time.monotonic() > deadline:
                            raise DeviceTimeout(f"pull {remote} did not finish within {timeout:g} s")
                        sink.write(chunk)
                os.replace(partial, local)
            finally:
                partial.unlink(missing_ok=True)

        _in_thread(copy, timeout + 5, f"pull from {self.serial}")

    def close(self) -> None:
        with self.phone.lock:
            self.phone.save_if_dirty()


__all__ = ["VirtualDevice"]
