"""Android's runtime permission dialog (``com.android.permissioncontroller``), drawn over the
app that asked, with the real resource ids and the wording of the phone's Android version:

* camera / microphone (Android 11+): "While using the app", "Only this time", "Don't allow";
* photos and videos (Android 14+): "Allow all", "Select photos and videos", "Don't allow";
* anything else, and media before Android 14: "Allow", "Don't allow" ("Deny" before 12).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from farmhand.virtual.app import Intent, VirtualApp
from farmhand.virtual.profiles import HEIGHT, WIDTH
from farmhand.virtual.ui import Node

PACKAGE = "com.android.permissioncontroller"
GRANTING = {"allow", "allow_all", "allow_selected", "allow_foreground_only", "allow_one_time"}


@dataclass(frozen=True, slots=True)
class PermissionRequest:
    package: str
    permission: str
    message: str


def permission_kind(permission: str) -> str:
    """``foreground`` (camera, microphone), ``media`` (photos, videos, storage) or ``plain``."""
    upper = permission.upper()
    if "CAMERA" in upper or "AUDIO" in upper or "MICROPHONE" in upper:
        return "foreground"
    if "MEDIA" in upper or "STORAGE" in upper or "PHOTO" in upper or "VIDEO" in upper or "IMAGE" in upper:
        return "media"
    return "plain"


def buttons_for(permission: str, sdk: int) -> list[tuple[str, str]]:
    """(choice, label) pairs, top to bottom, as the dialog shows them on that Android."""
    deny = ("deny", "Don't allow" if sdk >= 31 else "Deny")
    kind = permission_kind(permission)
    if kind == "foreground" and sdk >= 30:
        return [("allow_foreground_only", "While using the app"), ("allow_one_time", "Only this time"), deny]
    if kind == "media" and sdk >= 34:
        return [("allow_all", "Allow all"), ("allow_selected", "Select photos and videos"), deny]
    return [("allow", "Allow"), deny]


class PermissionController(VirtualApp):
    package: ClassVar[str] = PACKAGE
    label: ClassVar[str] = "Permission controller"
    version_name: ClassVar[str] = "34"
    launcher_activity: ClassVar[str] = (
        "com.android.permissioncontroller.permission.ui.GrantPermissionsActivity"
    )
    system: ClassVar[bool] = True

    # Wired by the phone: the request on screen, the Android version, where answers go.
    request: PermissionRequest | None = None
    sdk: int = 34
    answer: Callable[[str], None] = staticmethod(lambda choice: None)

    def on_intent(self, intent: Intent) -> None:
        return None

    def current_activity(self) -> str:
        return self.launcher_activity

    def render(self) -> Node:
        pkg = self.package
        root = Node(cls="android.widget.FrameLayout", bounds=(0, 0, WIDTH, HEIGHT), package=pkg)
        request = self.request
        if request is None:
            return root
        choices = buttons_for(request.permission, self.sdk)
        button_h = 150
        top = 860
        bottom = top + 420 + button_h * len(choices)
        dialog = Node(
            cls="android.widget.LinearLayout",
            res_id=f"{pkg}:id/grant_dialog",
            bounds=(60, top, WIDTH - 60, bottom),
            package=pkg,
        )
        dialog.add(
            Node(
                cls="android.widget.ImageView",
                res_id=f"{pkg}:id/permission_icon",
                bounds=(WIDTH // 2 - 50, top + 60, WIDTH // 2 + 50, top + 160),
                package=pkg,
            ),
            Node(
                cls="android.widget.TextView",
                res_id=f"{pkg}:id/permission_message",
                text=request.message,
                bounds=(120, top + 200, WIDTH - 120, top + 380),
                package=pkg,
            ),
        )
        y = top + 420
        for choice, label in choices:
            dialog.add(
                Node(
                    cls="android.widget.Button",
                    res_id=f"{pkg}:id/permission_{choice}_button",
                    text=label,
                    bounds=(120, y, WIDTH - 120, y + button_h - 20),
                    package=pkg,
                    clickable=True,
                    focusable=True,
                    action="answer",
                    action_arg=choice,
                )
            )
            y += button_h
        root.add(dialog)
        return root

    def on_tap(self, node: Node) -> None:
        if node.action == "answer" and node.action_arg:
            self.answer(node.action_arg)

    def on_key(self, keycode: int) -> bool:
        if keycode == 4:  # BACK on the dialog counts as a refusal, as on Android
            self.answer("deny")
            return True
        return False
