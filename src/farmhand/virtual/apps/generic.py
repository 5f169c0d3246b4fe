"""An app the phone has no behaviour for (an APK installed by ``pm install``, a system
package): a plain window with its name, so it can be started, shown and stopped."""

from __future__ import annotations

from typing import ClassVar

from farmhand.virtual.app import Intent, VirtualApp
from farmhand.virtual.profiles import HEIGHT, WIDTH
from farmhand.virtual.ui import Node


class GenericApp(VirtualApp):
    package: ClassVar[str] = ""
    label: ClassVar[str] = ""
    launcher_activity: ClassVar[str] = ".MainActivity"

    # The phone sets these per instance: one class serves every unknown package.
    app_package = ""
    app_label = ""

    _activity = ""

    @property
    def pkg(self) -> str:
        return self.app_package or type(self).package

    def on_intent(self, intent: Intent) -> None:
        if intent.component and "/" in intent.component:
            self._activity = intent.component.split("/", 1)[1]

    def current_activity(self) -> str:
        activity = self._activity or type(self).launcher_activity
        return self.pkg + activity if activity.startswith(".") else activity

    def render(self) -> Node:
        pkg = self.pkg
        return Node(
            cls="android.widget.FrameLayout",
            bounds=(0, 0, WIDTH, HEIGHT),
            package=pkg,
            res_id="android:id/content",
        ).add(
            Node(
                cls="android.widget.TextView",
                text=self.app_label or type(self).label or pkg,
                bounds=(0, HEIGHT // 2 - 60, WIDTH, HEIGHT // 2 + 60),
                package=pkg,
            )
        )

    def on_tap(self, node: Node) -> None:
        return None
