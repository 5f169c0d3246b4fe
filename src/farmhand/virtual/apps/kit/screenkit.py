"""A small screen toolkit for virtual apps: a stack of screens, each building its node tree,
and an app base class that routes taps, swipes, keys and typed text to the screen in front.

Both virtual apps (TikTok and Instagram) are built on it.

Layout is written for a 1080x2400 design canvas and scaled to the phone's real size, so the
same screen code serves any resolution.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from farmhand.virtual.app import AppHost, Intent, VirtualApp
from farmhand.virtual.ui import Bounds, Node

DESIGN_W = 1080
DESIGN_H = 2400
STATUS_BAR = 80  # the phone draws its status bar over the top of every app window

FRAME = "android.widget.FrameLayout"
LINEAR = "android.widget.LinearLayout"
VIEWGROUP = "android.view.ViewGroup"
VIEW = "android.view.View"
TEXT = "android.widget.TextView"
BUTTON = "android.widget.Button"
IMAGE = "android.widget.ImageView"
EDIT = "android.widget.EditText"
CHECKBOX = "android.widget.CheckBox"
SWITCH = "android.widget.Switch"
SEEKBAR = "android.widget.SeekBar"
PROGRESS = "android.widget.ProgressBar"
RECYCLER = "androidx.recyclerview.widget.RecyclerView"
WEBVIEW = "android.webkit.WebView"
WEB_IMAGE = "android.widget.Image"  # how uiautomator shows an <img> inside a WebView

KEY_HOME = 3
KEY_BACK = 4
KEY_ENTER = 66
KEY_DEL = 67

_FALSE = {"", "0", "false", "off", "no", "n", "none", "null"}


# --- knobs -----------------------------------------------------------------------------------
def knob_on(host: AppHost, name: str, default: bool = False) -> bool:
    """A knob read as a switch; shell-set knobs arrive as strings ("1", "on", "false")."""
    value = host.knob(name, default)
    if isinstance(value, str):
        # "1", "on", or a variant name ("rotate", "old"): all mean on
        return value.strip().lower() not in _FALSE
    return bool(value)


def knob_text(host: AppHost, name: str, default: str) -> str:
    value = host.knob(name, default)
    if value is None or isinstance(value, bool):
        return default
    return str(value).strip()


def knob_float(host: AppHost, name: str, default: float) -> float:
    value = host.knob(name, default)
    if isinstance(value, bool) or value is None:
        return default
    try:
        return max(0.0, float(value))
    except (TypeError, ValueError):
        return default


# --- building nodes --------------------------------------------------------------------------
class Ui:
    """Builds the nodes of one render: scaled bounds, resource ids per id profile, labels per
    locale, and the app's package on every node."""

    def __init__(
        self,
        package: str,
        width: int,
        height: int,
        ids: Mapping[str, str],
        strings: Mapping[str, str],
        fallback_strings: Mapping[str, str] | None = None,
    ) -> None:
        self.package = package
        self.width = width
        self.height = height
        self._ids = ids
        self._strings = strings
        self._fallback = fallback_strings or {}

    def box(self, left: float, top: float, right: float, bottom: float) -> Bounds:
        sx = self.width / DESIGN_W
        sy = self.height / DESIGN_H
        return (round(left * sx), round(top * sy), round(right * sx), round(bottom * sy))

    def design_point(self, x: int, y: int) -> tuple[float, float]:
        """A screen point back in design coordinates (for swipes)."""
        return x * DESIGN_W / max(1, self.width), y * DESIGN_H / max(1, self.height)

    def rid(self, key: str | None) -> str:
        """The full resource id for a semantic key in the current id profile ("" = none)."""
        if not key:
            return ""
        name = self._ids.get(key, "")
        return f"{self.package}:id/{name}" if name else ""

    def s(self, key: str, **values: Any) -> str:
        """The label for ``key`` in the app's language."""
        template = self._strings.get(key) or self._fallback.get(key) or key
        return template.format(**values) if values else template

    def node(
        self,
        cls: str = FRAME,
        box: tuple[float, float, float, float] = (0, 0, DESIGN_W, DESIGN_H),
        *,
        rid: str | None = None,
        text: str = "",
        desc: str = "",
        action: str | None = None,
        arg: str | None = None,
        clickable: bool | None = None,
        children: Iterable[Node] = (),
        package: str | None = None,
        **flags: Any,
    ) -> Node:
        node = Node(
            cls=cls,
            text=text,
            desc=desc,
            res_id=self.rid(rid),
            bounds=self.box(*box),
            package=package or self.package,
            clickable=action is not None if clickable is None else clickable,
            action=action,
            action_arg=arg,
            **flags,
        )
        node.children.extend(children)
        return node

    def text(
        self, box: tuple[float, float, float, float], text: str, rid: str | None = None, **kw: Any
    ) -> Node:
        return self.node(TEXT, box, rid=rid, text=text, **kw)

    def button(
        self,
        box: tuple[float, float, float, float],
        text: str,
        action: str | None,
        arg: str | None = None,
        cls: str = BUTTON,
        **kw: Any,
    ) -> Node:
        return self.node(cls, box, text=text, action=action, arg=arg, **kw)

    def icon(
        self,
        box: tuple[float, float, float, float],
        desc: str,
        action: str | None,
        arg: str | None = None,
        cls: str = IMAGE,
        **kw: Any,
    ) -> Node:
        return self.node(cls, box, desc=desc, action=action, arg=arg, **kw)

    def field(
        self,
        screen: Screen,
        name: str,
        box: tuple[float, float, float, float],
        *,
        rid: str | None = None,
        hint: str = "",
        desc: str = "",
        password: bool = False,
    ) -> Node:
        """An EditText bound to ``screen.fields[name]``. Empty fields show their hint as text,
        as uiautomator reports them on real phones; a password field shows dots."""
        value = screen.fields.setdefault(name, TextField()).value
        return self.node(
            EDIT,
            box,
            rid=rid,
            text=("•" * len(value) if password else value) or hint,
            desc=desc,
            hint=hint,
            action="focus",
            arg=name,
            focusable=True,
            focused=screen.focus == name,
            long_clickable=True,
            password=password,
        )


@dataclass
class TextField:
    value: str = ""


# --- screens ---------------------------------------------------------------------------------
class Screen:
    """One screen (or dialog, sheet, pop-up) of an app. ``overlay`` screens are drawn over the
    screen below, behind a scrim that swallows taps outside them."""

    # Class defaults that an instance may override (a share-path editor runs in another activity).
    activity: str = ""
    overlay: bool = False
    dismiss_outside: bool = False  # a tap on the scrim closes it (bottom sheets)

    def __init__(self, app: ScreenApp) -> None:
        self.app = app
        self.fields: dict[str, TextField] = {}
        self.focus: str | None = None

    def build(self, ui: Ui) -> list[Node]:
        raise NotImplementedError

    def opened(self) -> None:
        """Just pushed on the stack (ask for permissions here)."""

    def tap(self, action: str, arg: str | None) -> None:
        if action == "focus" and arg is not None:
            self.focus = arg
            self.fields.setdefault(arg, TextField())
        elif action in ("close", "back"):
            self.back()
        elif action == "outside" and self.dismiss_outside:
            self.app.close(self)

    def back(self) -> bool:
        """BACK while this screen is in front; False lets the app leave."""
        self.app.close(self)
        return True

    def swipe(self, x1: float, y1: float, x2: float, y2: float) -> None:
        """A swipe in design coordinates."""

    def key(self, keycode: int) -> bool:
        return False

    def typed(self, text: str) -> None:
        if self.focus is None:
            return
        field = self.fields.setdefault(self.focus, TextField())
        field.value += text
        self.edited(self.focus)

    def delete_char(self) -> None:
        if self.focus is None:
            return
        field = self.fields.setdefault(self.focus, TextField())
        if field.value:
            field.value = field.value[:-1]
            self.edited(self.focus)

    def set_text(self, text: str) -> None:
        """Replace the focused field's text (uiautomator2 ``set_text`` / clear)."""
        if self.focus is None:
            return
        self.fields.setdefault(self.focus, TextField()).value = text
        self.edited(self.focus)

    def edited(self, name: str) -> None:
        """The text of field ``name`` changed."""

    def value(self, name: str) -> str:
        return self.fields.get(name, TextField()).value


PermissionCallback = Callable[[bool], None]


class ScreenApp(VirtualApp):
    """A virtual app made of a stack of :class:`Screen` objects.

    Time-driven effects (uploads finishing) are applied lazily: every entry point first calls
    :meth:`tick`, so whoever looks at the app sees it up to date.
    """

    activities: ClassVar[tuple[str, ...]] = ()

    def __init__(self, host: AppHost, state: dict[str, Any]) -> None:
        super().__init__(host, state)
        self.stack: list[Screen] = []
        self._waiting: dict[str, PermissionCallback] = {}

    # --- for subclasses -------------------------------------------------------------------
    def ui(self) -> Ui:
        raise NotImplementedError

    def tick(self) -> None:
        """Apply what time has changed (uploads done)."""

    def launch(self, intent: Intent) -> None:
        raise NotImplementedError

    def route(self, intent: Intent) -> None:
        """Handle a non-launcher intent."""
        self.launch(intent)

    def switch_tab(self, tab: str) -> None:
        """Show the root screen of a tab of the app's tab bar (see ``kit.tabs``)."""
        raise NotImplementedError

    # --- stack ----------------------------------------------------------------------------
    @property
    def top(self) -> Screen | None:
        return self.stack[-1] if self.stack else None

    def push(self, screen: Screen) -> Screen:
        self.stack.append(screen)
        screen.opened()
        return screen

    def close(self, screen: Screen) -> None:
        if screen in self.stack:
            self.stack.remove(screen)

    def replace(self, old: Screen, new: Screen) -> Screen:
        if old in self.stack:
            self.stack[self.stack.index(old)] = new
        else:
            self.stack.append(new)
        return new

    def find(self, kind: type[Screen]) -> Screen | None:
        for screen in reversed(self.stack):
            if isinstance(screen, kind):
                return screen
        return None

    def close_overlays(self) -> None:
        while self.stack and self.stack[-1].overlay:
            self.stack.pop()

    # --- VirtualApp -----------------------------------------------------------------------
    def on_intent(self, intent: Intent) -> None:
        self.tick()
        if "-S" in intent.flags:
            self.on_stop()
        if _is_launcher(intent, self):
            self.launch(intent)
        else:
            self.route(intent)

    def current_activity(self) -> str:
        for screen in reversed(self.stack):
            if screen.activity:
                return screen.activity
        return self.launcher_activity

    def render(self) -> Node:
        self.tick()
        ui = self.ui()
        root = ui.node(FRAME)
        first = 0
        for index in range(len(self.stack) - 1, -1, -1):
            first = index
            if not self.stack[index].overlay:
                break
        for screen in self.stack[first:]:
            if screen.overlay:
                root.add(ui.node(FRAME, action="outside"))
            root.add(*screen.build(ui))
        return root

    def on_tap(self, node: Node) -> None:
        self.tick()
        top = self.top
        if top is not None and node.action is not None:
            top.tap(node.action, node.action_arg)

    def on_swipe(self, x1: int, y1: int, x2: int, y2: int, duration_ms: int) -> None:
        self.tick()
        top = self.top
        if top is None:
            return
        ui = self.ui()
        ax, ay = ui.design_point(x1, y1)
        bx, by = ui.design_point(x2, y2)
        top.swipe(ax, ay, bx, by)

    def on_key(self, keycode: int) -> bool:
        self.tick()
        top = self.top
        if top is None:
            return False
        if keycode == KEY_BACK:
            if top.focus is not None:  # the first BACK only hides the keyboard
                top.focus = None
                return True
            handled = top.back()
            return handled and bool(self.stack)
        if keycode == KEY_DEL:
            top.delete_char()
            return True
        return top.key(keycode)

    def on_text(self, text: str) -> None:
        self.tick()
        if self.top is not None:
            self.top.typed(text)

    def on_clear_text(self) -> None:
        self.tick()
        if self.top is not None:
            self.top.set_text("")

    def on_stop(self) -> None:
        self.tick()
        self.stack.clear()
        self._waiting.clear()

    # --- permissions ----------------------------------------------------------------------
    def ask_permission(self, permission: str, message: str, then: PermissionCallback) -> None:
        """Run ``then(granted)`` now if granted, else once the person answers the dialog."""
        if self.host.request_permission(self.package, permission, message):
            then(True)
        else:
            self._waiting[permission] = then

    def on_permission_result(self, permission: str, granted: bool) -> None:
        self.tick()
        then = self._waiting.pop(permission, None)
        if then is not None:
            then(granted)

    # --- state helpers --------------------------------------------------------------------
    def save(self) -> None:
        self.host.changed()


def _is_launcher(intent: Intent, app: VirtualApp) -> bool:
    """A plain start of the app (icon, ``monkey``, ``am start -n`` without data)."""
    return intent.action in (None, "android.intent.action.MAIN") and not intent.data and not intent.streams


def split_url(url: str) -> tuple[str, list[str], str]:
    """(host, path parts, query) of a web link, tolerant of missing schemes."""
    rest = url.strip()
    for scheme in ("https://", "http://"):
        if rest.lower().startswith(scheme):
            rest = rest[len(scheme) :]
            break
    query = ""
    if "#" in rest:
        rest = rest.split("#", 1)[0]
    if "?" in rest:
        rest, query = rest.split("?", 1)
    host, _, path = rest.partition("/")
    return host.lower(), [part for part in path.split("/") if part], query
