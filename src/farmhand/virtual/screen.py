"""The composed screen of a virtual phone and what a finger or a key does to it.

The screen is a stack of windows: the app in front, the status bar, and system dialogs (the
permission controller) on top. A tap goes to the topmost window with a clickable element under
the finger; a modal dialog swallows taps outside its buttons, as Android's do. Keys go to the
dialog first, then to the app; BACK an app does not handle sends it to the background, HOME
always shows the launcher.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from farmhand.virtual import keys
from farmhand.virtual.app import VirtualApp
from farmhand.virtual.profiles import WIDTH
from farmhand.virtual.ui import Node, hit_test, to_xml

if TYPE_CHECKING:
    from PIL import Image

    from farmhand.virtual.phone import VirtualPhone

STATUS_BAR_HEIGHT = 80
SYSTEMUI = "com.android.systemui"
TAP_SLOP = 24  # a "swipe" shorter than this is a tap, as Android's touch slop decides


@dataclass
class Window:
    owner: str  # package
    app: VirtualApp | None
    root: Node
    modal: bool = False


class Screen:
    def __init__(self, phone: VirtualPhone) -> None:
        self._phone = phone
        self.on = True

    # --- composing -------------------------------------------------------------------------
    def status_bar(self) -> Node:
        clock = time.strftime("%H:%M", time.localtime(self._phone.clock()))
        battery = self._phone.battery_level()
        bar = Node(
            cls="android.widget.FrameLayout",
            res_id=f"{SYSTEMUI}:id/status_bar",
            bounds=(0, 0, WIDTH, STATUS_BAR_HEIGHT),
            package=SYSTEMUI,
        )
        return bar.add(
            Node(
                cls="android.widget.TextView",
                res_id=f"{SYSTEMUI}:id/clock",
                text=clock,
                desc=clock,
                bounds=(48, 16, 200, 64),
                package=SYSTEMUI,
            ),
            Node(
                cls="android.widget.LinearLayout",
                res_id=f"{SYSTEMUI}:id/battery",
                desc=f"Battery {battery} percent.",
                bounds=(WIDTH - 150, 20, WIDTH - 50, 60),
                package=SYSTEMUI,
            ),
        )

    def windows(self) -> list[Window]:
        """Bottom to top."""
        activities = self._phone.activities
        app = activities.focused_app()
        stack = [Window(activities.focused(), app, app.render()), Window(SYSTEMUI, None, self.status_bar())]
        dialog = activities.permission_dialog()
        if dialog is not None:
            stack.append(Window(dialog.package, dialog, dialog.render(), modal=True))
        return stack

    def roots(self) -> list[Node]:
        return [w.root for w in self.windows()]

    def dump_xml(self) -> str:
        return to_xml(self.roots())

    def image(self) -> Image.Image:
        """The screen as drawn (black while it is off), for screenshots of any format."""
        from farmhand.virtual.render import render_image  # Pillow drawing, loaded when first needed

        return render_image(self.roots(), on=self.on)

    # --- touch -----------------------------------------------------------------------------
    def tap(self, x: int, y: int) -> bool:
        """Deliver a tap; True if an element received it."""
        if not self.on:
            return False
        for window in reversed(self.windows()):
            node = hit_test(window.root, x, y)
            if node is not None and window.app is not None:
                self._phone.journal.record(
                    "tap",
                    {
                        "x": x,
                        "y": y,
                        "package": window.owner,
                        "text": node.text,
                        "desc": node.desc,
                        "id": node.res_id,
                    },
                )
                window.app.on_tap(node)
                self._phone.mark_dirty()
                return True
            if window.modal:
                return False
        return False

    def swipe(self, x1: int, y1: int, x2: int, y2: int, duration_ms: int) -> None:
        if not self.on:
            return
        if abs(x2 - x1) < TAP_SLOP and abs(y2 - y1) < TAP_SLOP:
            self.tap(x1, y1)
            return
        if self._phone.activities.permission_dialog() is not None:
            return  # the modal dialog on top takes no swipes
        self._phone.journal.record("swipe", {"from": [x1, y1], "to": [x2, y2], "ms": duration_ms})
        self._phone.activities.focused_app().on_swipe(x1, y1, x2, y2, duration_ms)
        self._phone.mark_dirty()

    # --- keys and text -----------------------------------------------------------------------
    def key(self, code: int) -> None:
        phone = self._phone
        if code in (keys.POWER, keys.SLEEP, keys.WAKEUP):
            self.on = {keys.POWER: not self.on, keys.SLEEP: False, keys.WAKEUP: True}[code]
            return
        if not self.on:
            return
        activities = phone.activities
        phone.journal.record("key", {"code": code, "name": keys.NAMES.get(code, str(code))})
        if code == keys.HOME:
            activities.home()
            return
        dialog = activities.permission_dialog()
        if dialog is not None:
            dialog.on_key(code)
            return
        handled = activities.focused_app().on_key(code)
        if not handled and code == keys.BACK:
            activities.back()
        phone.mark_dirty()

    def type_text(self, text: str, via: str) -> None:
        """Text from a keyboard broadcast or ``input text`` into the app in front."""
        phone = self._phone
        if not text or not self.on:
            return
        phone.journal.record("text", {"package": phone.activities.focused(), "text": text, "via": via})
        phone.activities.focused_app().on_text(text)
        phone.mark_dirty()
