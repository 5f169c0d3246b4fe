"""One virtual Android phone: the model behind both fronts (the in-process driver and the ADB
wire server).

It keeps a file system, installed packages, the running apps and the one in front, the input
method settings, a media store, a journal of what happened, toasts and its fault switches, all
persisted under its state folder: a phone restarted on the same folder has the same files,
packages, app states, knobs and first-run answers (like a rebooted phone, it comes back on the
home screen). It owns no thread; screens are rendered when asked for. One re-entrant lock
serializes everything that touches its state, so several adb connections, the engine and the
dashboard may call it at once.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any

from farmhand.virtual import knobs as knobmod
from farmhand.virtual.activities import ActivityManager
from farmhand.virtual.apk import ApkInfo
from farmhand.virtual.apps import PLAIN_SYSTEM_PACKAGES, app_class, default_packages, registry
from farmhand.virtual.endpoint import FileStat, ShellOutcome
from farmhand.virtual.filesystem import PhoneFS
from farmhand.virtual.ime import LATIN_IME, InputMethods
from farmhand.virtual.journal import Journal
from farmhand.virtual.media_store import MediaStore
from farmhand.virtual.packages import PackageTable
from farmhand.virtual.persist import read_json, write_json
from farmhand.virtual.profiles import DEFAULT_PROFILE, HEIGHT, WIDTH, Profile, pick_profile
from farmhand.virtual.profiles import profile as get_profile
from farmhand.virtual.screen import Screen

log = logging.getLogger(__name__)

STATE_VERSION = 1
_LOCALES = {"en": "en-US", "fr": "fr-FR"}


class VirtualPhone:
    width = WIDTH
    height = HEIGHT

    def __init__(
        self,
        name: str,
        state_dir: Path,
        profile: str | None = None,
        seed: int | None = None,
        *,
        clock: Callable[[], float] = time.time,
        packages: Sequence[str] | None = None,
    ) -> None:
        if not name or "/" in name or name.startswith("."):
            raise ValueError(f"invalid phone name {name!r}")
        self._name = name
        self.state_dir = Path(state_dir)
        self.clock = clock
        self.lock = threading.RLock()
        self._dirty = False
        saved = read_json(self.state_dir / "phone.json")
        fresh = saved is None
        data: dict[str, Any] = saved if isinstance(saved, dict) else {}
        self.seed = int(data.get("seed", seed if seed is not None else _stable_seed(name)))
        self.profile: Profile = get_profile(
            str(
                data.get("profile")
                or profile
                or (pick_profile(self.seed) if seed is not None else DEFAULT_PROFILE)
            )
        )
        self._knobs: dict[str, Any] = {}
        self._offline_until = 0.0  # a timed drop (knob disconnect_for); not kept across restarts
        for key, value in dict(data.get("knobs", {})).items():
            try:
                self._knobs[key] = knobmod.coerce(key, value)
            except knobmod.KnobError:
                log.warning("%s: dropping unknown or invalid saved knob %s=%r", name, key, value)
        self.settings: dict[str, dict[str, str]] = data.get("settings") or self._default_settings()
        self.packages = PackageTable.from_json(list(data.get("packages", [])))
        self.app_states: dict[str, dict[str, Any]] = dict(data.get("app_states", {}))
        self.clipboard: str = str(data.get("clipboard", ""))
        self.fs = PhoneFS(self.state_dir / "fs", disk_full=lambda: bool(self.knob("disk_full")))
        self.media = MediaStore(self.fs, clock, data.get("media"))
        self.journal = Journal(self.state_dir / "journal.jsonl", clock)
        self.activities = ActivityManager(self)
        self.screen = Screen(self)
        self.ime = InputMethods(self)
        # Imported here: the shell and the RPC service are built on the phone's parts above.
        from farmhand.virtual.shell import Shell
        from farmhand.virtual.u2rpc import UiAutomatorService

        self._shell = Shell(self)
        self._rpc = UiAutomatorService(self)
        if fresh:
            self._preinstall(default_packages() if packages is None else list(packages))
            self.save()

    # --- identity (PhoneEndpoint) ----------------------------------------------------------
    @property
    def name(self) -> str:
        return self._name

    def banner(self) -> dict[str, str]:
        p = self.profile
        return {"ro.product.name": p.product, "ro.product.model": p.model, "ro.product.device": p.device}

    @property
    def connected(self) -> bool:
        # Read without the lock: transports poll this from their event loops.
        if self._offline_until and self.clock() < self._offline_until:
            return False
        return not bool(self._knobs.get("disconnect", False))

    @property
    def authorized(self) -> bool:
        return not bool(self._knobs.get("unauthorized", False))

    def props(self) -> dict[str, str]:
        values = self.profile.props(self._name, _LOCALES.get(str(self.knob("locale")), "en-US"))
        values["ro.build.display.id"] = f"{self.profile.model} virtual ({self.profile.key})"
        return values

    def battery_level(self) -> int:
        return 50 + self.seed % 50

    # --- knobs -----------------------------------------------------------------------------
    def knob(self, name: str, default: Any = None) -> Any:
        if name in self._knobs:
            return self._knobs[name]
        spec = knobmod.KNOBS.get(name)
        return spec.default if spec is not None else default

    def set_knob(self, name: str, value: Any) -> Any:
        """Set a knob (text such as "on" or "2.5" is accepted); raise KnobError on bad input."""
        coerced = knobmod.coerce(name, value)
        with self.lock:
            if name == "disconnect_for":
                self._offline_until = self.clock() + float(coerced) if coerced else 0.0
            if coerced == knobmod.KNOBS[name].default:
                self._knobs.pop(name, None)
            else:
                self._knobs[name] = coerced
            self.journal.record("knob", {"name": name, "value": coerced})
            self.mark_dirty()
            self.save_if_dirty()
        return coerced

    def knobs(self) -> dict[str, Any]:
        return {**knobmod.defaults(), **self._knobs}

    # --- persistence -------------------------------------------------------------------------
    def mark_dirty(self) -> None:
        self._dirty = True

    def save(self) -> None:
        with self.lock:
            write_json(
                self.state_dir / "phone.json",
                {
                    "version": STATE_VERSION,
                    "name": self._name,
                    "seed": self.seed,
                    "profile": self.profile.key,
                    "knobs": self._knobs,
                    "settings": self.settings,
                    "packages": self.packages.to_json(),
                    "app_states": self.app_states,
                    "clipboard": self.clipboard,
                    "media": self.media.to_json(),
                },
            )
            self._dirty = False

    def save_if_dirty(self) -> None:
        if self._dirty:
            self.save()

    def _default_settings(self) -> dict[str, dict[str, str]]:
        return {
            "system": {
                "screen_brightness": "128",
                "screen_brightness_mode": "0",
                "screen_off_timeout": "600000",
                "pointer_location": "0",
                "show_touches": "0",
            },
            "secure": {
                "default_input_method": LATIN_IME,
                "enabled_input_methods": LATIN_IME,
                "android_id": f"{self.seed * 2654435761 % (1 << 64):016x}",
            },
            "global": {
                "adb_enabled": "1",
                "airplane_mode_on": "0",
                "development_settings_enabled": "1",
                "window_animation_scale": "1.0",
                "transition_animation_scale": "1.0",
                "animator_duration_scale": "1.0",
            },
        }

    # --- packages ----------------------------------------------------------------------------
    def _preinstall(self, packages: list[str]) -> None:
        for package in packages:
            cls = registry().get(package)
            if cls is not None:
                self.packages.install(package, cls.label, cls.version_name, cls.version_code, cls.system)
            else:
                label = PLAIN_SYSTEM_PACKAGES.get(package, package)
                self.packages.install(package, label, "14", 34, package in PLAIN_SYSTEM_PACKAGES)

    def install(self, info: ApkInfo) -> None:
        cls = app_class(info.package)
        label = info.label or (cls.label if cls.package == info.package else "") or info.package
        with self.lock:
            if info.package in self.activities.running:
                self.activities.force_stop(info.package)
            self.packages.install(info.package, label, info.version_name, info.version_code)
            self.journal.record("install", {"package": info.package, "version": info.version_name})
            self.mark_dirty()

    def uninstall(self, package: str) -> bool:
        with self.lock:
            record = self.packages.get(package)
            if record is None or record.system:
                return False
            self.activities.forget(package)
            self.packages.uninstall(package)
            self.journal.record("uninstall", {"package": package})
            self.mark_dirty()
            return True

    def clear(self, package: str) -> bool:
        """``pm clear``: the app's data, permissions and first-run answers are gone."""
        with self.lock:
            if package not in self.packages:
                return False
            self.activities.forget(package)
            self.packages.reset_permissions(package)
            self.journal.record("clear", {"package": package})
            self.mark_dirty()
            return True

    def launcher_icons(self) -> list[tuple[str, str]]:
        return [
            (r.package, r.label) for r in self.packages.all() if not r.system and not _is_keyboard(r.package)
        ]

    def app_state(self, package: str) -> dict[str, Any] | None:
        with self.lock:
            state = self.app_states.get(package)
            return json.loads(json.dumps(state)) if state is not None else None

    # --- PhoneEndpoint ---------------------------------------------------------------------
    def run(self, command: str, stdin: bytes = b"") -> ShellOutcome:
        delay = int(self.knob("slow_ms") or 0)
        if delay > 0:
            time.sleep(delay / 1000)
        outcome = self._shell.run(command, stdin)
        with self.lock:
            self.save_if_dirty()
        return outcome

    def stat(self, path: str) -> FileStat | None:
        with self.lock:
            return self.fs.stat(path)

    def listdir(self, path: str) -> list[tuple[str, FileStat]] | None:
        with self.lock:
            return self.fs.listdir(path)

    def read_file(self, path: str) -> bytes | None:
        with self.lock:
            return self.fs.read_bytes(path)

    def write_file(self, path: str, data: bytes, mode: int = 0o644, mtime: int | None = None) -> str | None:
        try:
            with self.lock:
                self.fs.write_bytes(path, data, mode, mtime)
        except OSError as exc:
            return f"{path}: {exc.strerror or exc}"
        return None

    def open_read(self, path: str) -> IO[bytes] | None:
        with self.lock:
            return self.fs.open_read(path)

    def open_write(self, path: str, mode: int = 0o644) -> IO[bytes]:
        with self.lock:
            return self.fs.open_write(path, mode)

    def set_mtime(self, path: str, mtime: int) -> None:
        """Give a pushed file the time the host sent (sync ``DONE``)."""
        with self.lock:
            self.fs.set_mtime(path, mtime)

    def uiautomator_rpc(self, method: str, params: list[Any] | dict[str, Any]) -> Any:
        result = self._rpc.call(method, params)
        with self.lock:
            self.save_if_dirty()
        return result

    # --- conveniences for tests, demos and the dashboard -----------------------------------
    def screenshot_png(self, scale: float = 1.0) -> bytes:
        """The screen as PNG; ``scale`` < 1 gives a thumbnail (dashboard grids)."""
        from farmhand.virtual.render import to_png

        if not 0 < scale <= 1:
            raise ValueError(f"scale: must be in (0, 1], got {scale!r}")
        with self.lock:
            image = self.screen.image()
        if scale < 1:
            image = image.convert("RGB").resize(
                (max(1, round(self.width * scale)), max(1, round(self.height * scale)))
            )
        return to_png(image)

    def dump_xml(self) -> str:
        with self.lock:
            return self.screen.dump_xml()

    def focused(self) -> tuple[str, str]:
        """(package, activity) in front."""
        with self.lock:
            package = self.activities.focused()
            return package, self.activities.activity_of(package)

    def __repr__(self) -> str:
        return f"VirtualPhone({self._name!r}, {self.profile.key}, {str(self.state_dir)!r})"


def _is_keyboard(package: str) -> bool:
    from farmhand.virtual.ime import ime_id

    return ime_id(package) is not None


def _stable_seed(name: str) -> int:
    return sum((i + 1) * ord(ch) for i, ch in enumerate(name)) * 7919 % 1_000_003
