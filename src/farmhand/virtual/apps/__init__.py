"""The apps a virtual phone knows how to run: package name → :class:`VirtualApp` class.

System apps (launcher, permission controller, keyboards) live here; TikTok and Instagram come
from ``farmhand.virtual.apps.tiktok`` and ``farmhand.virtual.apps.instagram``, each exposing an
``APPS`` list of classes. They are imported lazily and optionally: until they exist (or if one
fails to import) the phone works without them, and a package it has no class for runs as a
blank generic app.
"""

from __future__ import annotations

import importlib
import logging
import threading

from farmhand.virtual.app import VirtualApp
from farmhand.virtual.apps.generic import GenericApp
from farmhand.virtual.apps.keyboard import AdbKeyboard, GboardKeyboard, U2Keyboard
from farmhand.virtual.apps.launcher import Launcher
from farmhand.virtual.apps.permission_controller import PermissionController

log = logging.getLogger(__name__)

OPTIONAL_MODULES = ("farmhand.virtual.apps.tiktok", "farmhand.virtual.apps.instagram")
SYSTEM_APPS: tuple[type[VirtualApp], ...] = (
    Launcher,
    PermissionController,
    AdbKeyboard,
    GboardKeyboard,
    U2Keyboard,
)
# Packages a real phone has that need no behaviour of their own here.
PLAIN_SYSTEM_PACKAGES = {
    "android": "Android System",
    "com.android.systemui": "System UI",
    "com.android.settings": "Settings",
    "com.android.shell": "Shell",
    "com.android.providers.media": "Media Storage",
    "com.android.vending": "Google Play Store",
    "com.google.android.gms": "Google Play services",
}

_lock = threading.Lock()
_registry: dict[str, type[VirtualApp]] | None = None


def _load() -> dict[str, type[VirtualApp]]:
    found: dict[str, type[VirtualApp]] = {cls.package: cls for cls in SYSTEM_APPS}
    for module_name in OPTIONAL_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name is not None and module_name.startswith(exc.name):
                continue  # not written yet
            log.exception("virtual apps: %s cannot be imported", module_name)
            continue
        except Exception:
            log.exception("virtual apps: %s cannot be imported", module_name)
            continue
        for cls in getattr(module, "APPS", ()):
            if isinstance(cls, type) and issubclass(cls, VirtualApp):
                found[cls.package] = cls
            else:
                log.error("virtual apps: %s.APPS holds %r, not a VirtualApp class", module_name, cls)
    return found


def registry() -> dict[str, type[VirtualApp]]:
    """Every app class known, by package (loaded once per process)."""
    global _registry
    with _lock:
        if _registry is None:
            _registry = _load()
        return dict(_registry)


def register(cls: type[VirtualApp]) -> None:
    """Add an app class at run time (tests, plug-ins); it wins over a loaded one."""
    if not (isinstance(cls, type) and issubclass(cls, VirtualApp)) or not getattr(cls, "package", ""):
        raise TypeError(f"{cls!r} is not a VirtualApp class with a package")
    global _registry
    with _lock:
        if _registry is None:
            _registry = _load()
        _registry[cls.package] = cls


def reload_registry() -> None:
    """Forget the loaded classes (tests that add an app module at run time)."""
    global _registry
    with _lock:
        _registry = None


def app_class(package: str) -> type[VirtualApp]:
    """The class that runs ``package``: its own, or :class:`GenericApp`."""
    return registry().get(package, GenericApp)


def default_packages() -> list[str]:
    """What a fresh farm phone comes with: the system packages, the ADB keyboard (installed
    but not selected) and every app module's apps (TikTok, Instagram). uiautomator2's own
    keyboard is not there until uiautomator2 installs it."""
    known = registry()
    packages = [pkg for pkg, cls in known.items() if cls.system]
    packages += list(PLAIN_SYSTEM_PACKAGES)
    packages.append(AdbKeyboard.package)
    packages += [
        pkg
        for pkg, cls in known.items()
        if not cls.system and pkg not in (AdbKeyboard.package, U2Keyboard.package)
    ]
    return packages


__all__ = [
    "PLAIN_SYSTEM_PACKAGES",
    "AdbKeyboard",
    "GenericApp",
    "Launcher",
    "PermissionController",
    "U2Keyboard",
    "app_class",
    "default_packages",
    "register",
    "registry",
    "reload_registry",
]
