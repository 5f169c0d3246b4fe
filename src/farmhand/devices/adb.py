"""Real phones (and wire-level virtual phones) through the adb server.

The transport primitives go through adbutils with a deadline on every call; the UI operations
are the shared shell ones (``input tap``, the input-method broadcast, ``screencap``), except the
hierarchy dump, which by default asks the uiautomator2 server on the phone: ``uiautomator
dump`` takes seconds on a real phone and fails with "could not get idle state" while a video
plays, which is what TikTok's and Instagram's feeds do all the time (``docs/adb.md``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import adbutils
from adbutils.errors import AdbError

from farmhand.devices import adb_io
from farmhand.devices.adb_server import AdbServer
from farmhand.devices.base import DEFAULT_TIMEOUT, DeviceError, DeviceOffline, DeviceTimeout, ShellResult
from farmhand.devices.shell_device import ADB_KEYBOARD, InputMethod, ShellDevice, quote

log = logging.getLogger(__name__)

UiBackend = Literal["uiautomator2", "shell"]
U2_PORT = 9008
APK_TMP = "/data/local/tmp/farmhand-ime.apk"

# In order of preference: ADBKeyBoard (installed by the person, docs/phones.md), then the
# keyboard in uiautomator2's app, which farmhand installs from the uiautomator2 wheel if needed.
U2_KEYBOARD = InputMethod("com.github.uiautomator/.AdbKeyboard", "ADB_KEYBOARD_INPUT_TEXT", "text")
INPUT_METHODS = (ADB_KEYBOARD, U2_KEYBOARD)


class AdbDevice(ShellDevice):
    """One phone behind the adb server. Thread-safe for one task at a time plus observers
    (the engine runs one task per phone; the dashboard may take screenshots meanwhile)."""

    def __init__(self, serial: str, server: AdbServer, *, ui: UiBackend = "uiautomator2") -> None:
        if not serial or any(c.isspace() for c in serial):
            raise ValueError(f"invalid device serial {serial!r}")
        super().__init__(serial)
        self.server = server
        self.ui: UiBackend = ui
        self._adb = adbutils.AdbDevice(server.client, serial=serial)
        self._v2: bool | None = None
        self._u2: Any = None
        self._u2_lock = threading.Lock()

    # --- transport primitives ---------------------------------------------------------------------
    def shell(self, command: Sequence[str] | str, *, timeout: float = DEFAULT_TIMEOUT) -> ShellResult:
        line = quote(command)
        if not line.strip():
            raise ValueError("empty shell command")
        deadline = adb_io.Deadline(timeout, self.serial, f"shell {_short(line)}")
        if self._shell_v2(deadline):
            return adb_io.shell_v2(self._adb, line, deadline)
        return adb_io.shell_v1(self._adb, line, deadline)

    def exec_out(self, command: Sequence[str], *, timeout: float = DEFAULT_TIMEOUT) -> bytes:
        line = quote(command)
        if not line.strip():
            raise ValueError("empty exec command")
        return adb_io.exec_out(self._adb, line, adb_io.Deadline(timeout, self.serial, f"exec {_short(line)}"))

    def push(self, local: Path, remote: str, *, timeout: float = 300.0) -> None:
        _check_remote(remote)
        adb_io.push(self._adb, Path(local), remote, adb_io.Deadline(timeout, self.serial, f"push {remote}"))

    def pull(self, remote: str, local: Path, *, timeout: float = 300.0) -> None:
        _check_remote(remote)
        adb_io.pull(self._adb, remote, Path(local), adb_io.Deadline(timeout, self.serial, f"pull {remote}"))

    def _shell_v2(self, deadline: adb_io.Deadline) -> bool:
        if self._v2 is None:
            try:
                features = self._adb.open_transport("features", timeout=deadline.remaining())
                with features:
                    self._v2 = "shell_v2" in features.read_string_block().split(",")
            except (AdbError, OSError, EOFError) as exc:
                raise adb_io.map_error(exc, self.serial, "reading features") from exc
        return self._v2

    # --- UI -------------------------------------------------------------------------------------------
    def dump_hierarchy(self, *, timeout: float = DEFAULT_TIMEOUT) -> str:
        if self.ui == "shell":
            return super().dump_hierarchy(timeout=timeout)
        xml = self._u2_call("dumpWindowHierarchy", [False, 50], timeout)
        if not isinstance(xml, str) or "<hierarchy" not in xml:
            raise DeviceError(f"{self.serial}: uiautomator2 returned no hierarchy")
        return xml

    def _u2_call(self, method: str, params: list[Any], timeout: float) -> Any:
        from uiautomator2 import exceptions as u2_errors
        from uiautomator2.core import BasicUiautomatorServer

        try:
            with self._u2_lock:
                if self._u2 is None:
                    # Pushes its jar if the phone lacks it and starts the server (seconds, once).
                    self._u2 = BasicUiautomatorServer(self._adb, U2_PORT)
                server = self._u2
            return server.jsonrpc_call(method, params, timeout=timeout)
        except u2_errors.HTTPTimeoutError as exc:
            raise DeviceTimeout(f"{self.serial}: uiautomator2 {method} timed out") from exc
        except (AdbError, OSError, EOFError) as exc:
            raise adb_io.map_error(exc, self.serial, f"uiautomator2 {method}") from exc
        except u2_errors.BaseException as exc:
            if self.server.state_of(self.serial) != "device":
                raise DeviceOffline(f"{self.serial}: gone during uiautomator2 {method}") from exc
            raise DeviceError(f"{self.serial}: uiautomator2 {method} failed: {exc}") from exc

    # --- text -----------------------------------------------------------------------------------------
    def _choose_input_method(self) -> InputMethod:
        current = self.shell(["settings", "get", "secure", "default_input_method"]).stdout.strip()
        listed = self.listed_input_methods()
        ime = next((m for m in INPUT_METHODS if m.ime_id == current), None)
        if ime is None:
            ime = next((m for m in INPUT_METHODS if m.ime_id in listed), None)
        if ime is None:
            ime = self._install_u2_keyboard()
        if ime.ime_id != current:
            self.activate_input_method(ime)
        return ime

    def _install_u2_keyboard(self) -> InputMethod:
        from uiautomator2.utils import with_package_resource

        log.info("%s: no text input method, installing uiautomator2's keyboard", self.serial)
        with with_package_resource("assets/app-uiautomator.apk") as apk:
            self.push(Path(apk), APK_TMP, timeout=120)
        try:
            result = self.shell(["pm", "install", "-r", "-t", APK_TMP], timeout=120)
        finally:
            self.shell(["rm", "-f", APK_TMP])
        if not result.ok or U2_KEYBOARD.ime_id not in self.listed_input_methods():
            detail = (result.stdout + result.stderr).strip().splitlines()
            raise DeviceError(
                f"{self.serial}: no input method for typing text and installing one failed "
                f"({detail[-1] if detail else 'no output'}); install ADBKeyBoard, see docs/phones.md"
            )
        return U2_KEYBOARD

    def close(self) -> None:
        with self._u2_lock:
            server, self._u2 = self._u2, None
        if server is not None:
            try:
                server.stop_uiautomator(wait=False)
            except Exception as exc:  # the phone may be gone already
                log.debug("%s: stopping uiautomator2: %s", self.serial, exc)


def _check_remote(remote: str) -> None:
    if not remote.startswith("/") or "\0" in remote:
        raise ValueError(f"remote path must be absolute and without NUL: {remote!r}")


def _short(line: str) -> str:
    return line if len(line) <= 60 else line[:57] + "..."
