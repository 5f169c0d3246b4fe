"""The home screen: one icon per launchable app. BACK and HOME land here."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from farmhand.virtual.app import Intent, VirtualApp
from farmhand.virtual.profiles import HEIGHT, WIDTH
from farmhand.virtual.ui import Node

COLUMNS = 4
CELL_W = WIDTH // COLUMNS
CELL_H = 300
TOP = 240


class Launcher(VirtualApp):
    package: ClassVar[str] = "com.android.launcher3"
    label: ClassVar[str] = "Launcher"
    version_name: ClassVar[str] = "14"
    launcher_activity: ClassVar[str] = "com.android.launcher3.uioverride.QuickstepLauncher"
    system: ClassVar[bool] = True

    # Wired by the phone: the icons to show (package, label) and how to open one.
    icons: Callable[[], list[tuple[str, str]]] = staticmethod(lambda: [])
    launch: Callable[[str], None] = staticmethod(lambda package: None)

    def on_intent(self, intent: Intent) -> None:
        return None

    def current_activity(self) -> str:
        return self.launcher_activity

    def render(self) -> Node:
        root = Node(
            cls="android.widget.FrameLayout",
            bounds=(0, 0, WIDTH, HEIGHT),
            package=self.package,
            res_id=f"{self.package}:id/launcher",
        )
        grid = Node(
            cls="android.view.ViewGroup",
            bounds=(0, TOP, WIDTH, HEIGHT - 300),
            package=self.package,
            res_id=f"{self.package}:id/workspace",
        )
        for index, (package, label) in enumerate(self.icons()):
            row, col = divmod(index, COLUMNS)
            left, top = col * CELL_W, TOP + row * CELL_H
            grid.add(
                Node(
                    cls="android.widget.TextView",
                    text=label,
                    desc=label,
                    bounds=(left + 24, top, left + CELL_W - 24, top + CELL_H - 40),
                    package=self.package,
                    clickable=True,
                    long_clickable=True,
                    focusable=True,
                    action="launch",
                    action_arg=package,
                )
            )
        root.add(grid)
        return root

    def on_tap(self, node: Node) -> None:
        if node.action == "launch" and node.action_arg:
            self.launch(node.action_arg)
