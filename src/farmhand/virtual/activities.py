"""Which apps run on a virtual phone and which one is in front: starting intents, the back
stack, HOME and BACK, force-stop, and the host each app talks to.

Apps are created on first use (a farm of 500 phones keeps only what has been opened in memory)
and given their persisted ``state`` dict, so a restarted phone finds its posts and follows.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from farmhand.virtual.app import Intent, IntentFilter, MediaItem, VirtualApp
from farmhand.virtual.apps import GenericApp, Launcher, PermissionController, app_class
from farmhand.virtual.apps.permission_controller import GRANTING, PermissionRequest
from farmhand.virtual.profiles import HEIGHT, WIDTH

if TYPE_CHECKING:
    from farmhand.virtual.phone import VirtualPhone

ACTION_MAIN = "android.intent.action.MAIN"
CATEGORY_LAUNCHER = "android.intent.category.LAUNCHER"
CATEGORY_HOME = "android.intent.category.HOME"
MAX_REFUSALS = 2  # Android stops asking after the second "Don't allow"


class ActivityError(Exception):
    """``am start`` could not start anything; the message is what ``am`` prints."""


class AppHostView:
    """The :class:`farmhand.virtual.app.AppHost` one app sees."""

    def __init__(self, phone: VirtualPhone, package: str) -> None:
        self._phone = phone
        self._package = package
        self.rng = random.Random(f"{phone.seed}/{package}")
        self.width = WIDTH
        self.height = HEIGHT

    def now(self) -> float:
        return self._phone.clock()

    def knob(self, name: str, default: Any = None) -> Any:
        return self._phone.knob(name, default)

    def toast(self, text: str) -> None:
        self._phone.journal.toast(self._package, text)

    def media(self) -> list[MediaItem]:
        return self._phone.media.items()

    def media_by_uri(self, uri: str) -> MediaItem | None:
        return self._phone.media.by_uri(uri)

    def read_file(self, path: str) -> bytes | None:
        return self._phone.fs.read_bytes(path)

    def request_permission(self, package: str, permission: str, message: str) -> bool:
        return self._phone.activities.request_permission(package or self._package, permission, message)

    def record(self, kind: str, data: dict[str, Any]) -> None:
        self._phone.journal.record(kind, {"package": self._package, **data})

    def changed(self) -> None:
        self._phone.mark_dirty()


class ActivityManager:
    def __init__(self, phone: VirtualPhone) -> None:
        self._phone = phone
        self._apps: dict[str, VirtualApp] = {}
        self.stack: list[str] = [Launcher.package]  # bottom → top; the top one has focus
        self.running: set[str] = {Launcher.package}
        self.pending: list[PermissionRequest] = []

    # --- app instances -----------------------------------------------------------------------
    def instance(self, package: str) -> VirtualApp:
        app = self._apps.get(package)
        if app is None:
            cls = app_class(package)
            state = self._phone.app_states.setdefault(package, {})
            app = cls(AppHostView(self._phone, package), state)
            self._wire(app, package)
            self._apps[package] = app
        return app

    def _wire(self, app: VirtualApp, package: str) -> None:
        phone = self._phone
        if isinstance(app, Launcher):
            app.icons = phone.launcher_icons
            app.launch = self.launch_quietly
        elif isinstance(app, PermissionController):
            app.sdk = phone.profile.sdk
            app.answer = self.answer_permission
        elif isinstance(app, GenericApp) and not type(app).package:
            record = phone.packages.get(package)
            app.app_package = package
            app.app_label = record.label if record else package

    def focused(self) -> str:
        return self.stack[-1]

    def focused_app(self) -> VirtualApp:
        return self.instance(self.focused())

    def activity_of(self, package: str) -> str:
        return self.instance(package).current_activity()

    # --- starting ----------------------------------------------------------------------------
    def _filters(self, package: str) -> tuple[IntentFilter, ...]:
        return app_class(package).intent_filters

    def _allowed(self, package: str, activity: str) -> bool:
        cls = app_class(package)
        if not cls.activities or cls is GenericApp:
            return True
        launcher = full_name(package, cls.launcher_activity)
        known = {launcher, *(full_name(package, a) for a in cls.activities)}
        known |= {f.activity for f in cls.intent_filters}
        return activity in known

    def resolve(self, intent: Intent) -> tuple[str, str]:
        """(package, full activity) the intent starts; raise :class:`ActivityError`."""
        installed = self._phone.packages
        if CATEGORY_HOME in intent.categories and not intent.component:
            return Launcher.package, Launcher.launcher_activity
        if intent.component:
            package, _, activity = intent.component.partition("/")
            activity = full_name(package, activity)
            if package not in installed or not activity or not self._allowed(package, activity):
                raise ActivityError(
                    f"Error type 3\nError: Activity class {{{package}/{activity}}} does not exist."
                )
            return package, activity
        candidates = [intent.package] if intent.package else [r.package for r in installed.all()]
        launcher_wanted = intent.action in (None, ACTION_MAIN) and (
            not intent.categories or CATEGORY_LAUNCHER in intent.categories
        )
        for package in candidates:
            if package not in installed:
                continue
            if launcher_wanted and intent.package and not intent.data:
                return package, full_name(package, app_class(package).launcher_activity)
            for flt in self._filters(package):
                if flt.matches(intent.action, intent.mime, intent.data):
                    return package, flt.activity
        raise ActivityError(f"Error: Activity not started, unable to resolve {describe(intent)}")

    def start(self, intent: Intent, *, stop_first: bool = False) -> tuple[str, str]:
        package, activity = self.resolve(intent)
        if stop_first:
            self.force_stop(package)
        intent.component = f"{package}/{activity}"
        intent.package = package
        if package in self.running and "already_running" not in intent.flags:
            intent.flags.append("already_running")
        app = self.instance(package)
        self._bring_to_front(package)
        self._phone.journal.record(
            "intent",
            {
                "package": package,
                "component": intent.component,
                "action": intent.action,
                "data": intent.data,
                "mime": intent.mime,
                "categories": intent.categories,
                "extras": intent.extras,
                "streams": intent.streams,
                "flags": intent.flags,
            },
        )
        app.on_intent(intent)
        self._phone.mark_dirty()
        return package, activity

    def launch(self, package: str) -> tuple[str, str]:
        """What tapping the icon (or ``monkey -p pkg -c LAUNCHER 1``) does."""
        if package not in self._phone.packages:
            raise ActivityError(f"** No activities found to run, monkey aborted. ({package} not installed)")
        cls = app_class(package)
        intent = Intent(
            action=ACTION_MAIN,
            categories=[CATEGORY_LAUNCHER],
            component=f"{package}/{full_name(package, cls.launcher_activity)}",
            package=package,
        )
        return self.start(intent)

    def launch_quietly(self, package: str) -> None:
        try:
            self.launch(package)
        except ActivityError:
            return

    def _bring_to_front(self, package: str) -> None:
        if package in self.stack:
            self.stack.remove(package)
        self.stack.append(package)
        self.running.add(package)

    # --- leaving -----------------------------------------------------------------------------
    def force_stop(self, package: str) -> None:
        app = self._apps.pop(package, None)
        if app is not None:
            app.on_stop()
        if package != Launcher.package:
            self.running.discard(package)
            if package in self.stack:
                self.stack.remove(package)
        self.pending = [r for r in self.pending if r.package != package]
        if not self.stack:
            self.stack.append(Launcher.package)
        self._phone.mark_dirty()

    def back(self) -> None:
        """BACK that the app in front did not handle: it goes to the background."""
        top = self.focused()
        if top == Launcher.package:
            return
        self.stack.remove(top)
        if not self.stack:
            self.stack.append(Launcher.package)

    def home(self) -> None:
        self._bring_to_front(Launcher.package)

    def forget(self, package: str) -> None:
        """The package was uninstalled or cleared: drop it and its state."""
        self.force_stop(package)
        self._phone.app_states.pop(package, None)

    # --- runtime permissions ---------------------------------------------------------------
    def request_permission(self, package: str, permission: str, message: str) -> bool:
        packages = self._phone.packages
        if packages.is_granted(package, permission):
            return True
        if not self._phone.knob("permission_popup"):
            packages.answer(package, permission, True)
            self._phone.mark_dirty()
            return True
        if packages.refusals(package, permission) >= MAX_REFUSALS:
            return False
        if not any(r.package == package and r.permission == permission for r in self.pending):
            self.pending.append(PermissionRequest(package, permission, message))
            self._phone.journal.record("permission_request", {"package": package, "permission": permission})
        return False

    def permission_dialog(self) -> PermissionController | None:
        """The dialog to draw over the app in front, if that app is waiting for an answer."""
        focused = self.focused()
        for request in self.pending:
            if request.package == focused:
                controller = self.instance(PermissionController.package)
                assert isinstance(controller, PermissionController)
                controller.request = request
                return controller
        return None

    def answer_permission(self, choice: str) -> None:
        controller = self.permission_dialog()
        if controller is None or controller.request is None:
            return
        request = controller.request
        granted = choice in GRANTING
        self.pending.remove(request)
        controller.request = None
        self._phone.packages.answer(request.package, request.permission, granted)
        self._phone.journal.record(
            "permission_answer",
            {
                "package": request.package,
                "permission": request.permission,
                "choice": choice,
                "granted": granted,
            },
        )
        self._phone.mark_dirty()
        if request.package in self.running:
            self.instance(request.package).on_permission_result(request.permission, granted)


def full_name(package: str, activity: str) -> str:
    """An activity's class name in full (``pkg.ui.Main`` for ``.ui.Main``)."""
    return package + activity if activity.startswith(".") else activity


def short_name(package: str, activity: str) -> str:
    """An activity as Android prints it next to its package (``.ui.Main`` for ``pkg.ui.Main``)."""
    return activity[len(package) :] if activity.startswith(package + ".") else activity


def describe(intent: Intent) -> str:
    """``Intent { act=... dat=... typ=... cmp=... }`` as ``am`` prints it."""
    parts = []
    if intent.action:
        parts.append(f"act={intent.action}")
    if intent.categories:
        parts.append("cat=[" + ",".join(intent.categories) + "]")
    if intent.data:
        parts.append(f"dat={intent.data}")
    if intent.mime:
        parts.append(f"typ={intent.mime}")
    if intent.package and not intent.component:
        parts.append(f"pkg={intent.package}")
    if intent.component:
        package, _, activity = intent.component.partition("/")
        parts.append(f"cmp={package}/{short_name(package, activity)}")
    if intent.extras or intent.streams:
        parts.append("(has extras)")
    return "Intent { " + " ".join(parts) + " }"
