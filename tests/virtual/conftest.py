"""Fixtures for the virtual phone tests: a fresh phone in a temporary folder, and a tiny app
("Notes") that exercises the VirtualApp interface without depending on the TikTok or
Instagram apps."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from farmhand.virtual.app import Intent, IntentFilter, VirtualApp
from farmhand.virtual.apps import register, reload_registry
from farmhand.virtual.phone import VirtualPhone
from farmhand.virtual.ui import Node

NOTES = "org.example.notes"


class NotesApp(VirtualApp):
    """One screen: a text field, a Save button, a Camera button that needs a permission, and
    a toggle; BACK first closes the field's focus, then leaves."""

    package: ClassVar[str] = NOTES
    label: ClassVar[str] = "Notes"
    version_name: ClassVar[str] = "3.2.1"
    launcher_activity: ClassVar[str] = ".MainActivity"
    activities: ClassVar[tuple[str, ...]] = (".MainActivity", ".ShareActivity")
    intent_filters: ClassVar[tuple[IntentFilter, ...]] = (
        IntentFilter(f"{NOTES}.ShareActivity", ("android.intent.action.SEND",), ("text/*", "video/*")),
        IntentFilter(f"{NOTES}.MainActivity", ("android.intent.action.VIEW",), hosts=("notes.example.com",)),
    )

    def __init__(self, host: Any, state: dict[str, Any]) -> None:
        super().__init__(host, state)
        self.field = ""
        self.field_focused = False
        self.activity = f"{NOTES}.MainActivity"
        self.intents: list[Intent] = []
        self.permission_results: list[tuple[str, bool]] = []

    def on_intent(self, intent: Intent) -> None:
        self.intents.append(intent)
        self.activity = (intent.component or "").partition("/")[2] or self.activity

    def current_activity(self) -> str:
        return self.activity

    def render(self) -> Node:
        pkg = NOTES
        root = Node(bounds=(0, 0, 1080, 2400), package=pkg)
        root.add(
            Node(
                cls="android.widget.EditText",
                res_id=f"{pkg}:id/note",
                text=self.field,
                hint="Write a note",
                bounds=(40, 200, 1040, 400),
                package=pkg,
                clickable=True,
                focusable=True,
                focused=self.field_focused,
                action="focus",
            ),
            Node(
                cls="android.widget.Button",
                res_id=f"{pkg}:id/save",
                text="Save",
                bounds=(40, 500, 520, 640),
                package=pkg,
                clickable=True,
                action="save",
            ),
            Node(
                cls="android.widget.Button",
                desc="Camera",
                bounds=(560, 500, 1040, 640),
                package=pkg,
                clickable=True,
                action="camera",
            ),
            Node(
                cls="android.widget.FrameLayout",
                desc="Like",
                bounds=(40, 800, 300, 1000),
                package=pkg,
                clickable=True,
                selected=bool(self.state.get("liked")),
                action="like",
            ).add(Node(cls="android.widget.ImageView", bounds=(60, 820, 280, 980), package=pkg)),
        )
        return root

    def on_tap(self, node: Node) -> None:
        if node.action == "focus":
            self.field_focused = True
        elif node.action == "save":
            self.state.setdefault("notes", []).append(self.field)
            self.host.record("note_saved", {"text": self.field})
            self.host.toast("Note saved")
            self.host.changed()
        elif node.action == "camera":
            if self.host.request_permission(
                NOTES, "android.permission.CAMERA", "Allow Notes to take pictures?"
            ):
                self.state["photos"] = int(self.state.get("photos", 0)) + 1
                self.host.changed()
        elif node.action == "like":
            self.state["liked"] = not self.state.get("liked")
            self.host.changed()

    def on_text(self, text: str) -> None:
        if self.field_focused:
            self.field += text

    def on_clear_text(self) -> None:
        if self.field_focused:
            self.field = ""

    def on_key(self, keycode: int) -> bool:
        if keycode == 4 and self.field_focused:
            self.field_focused = False
            return True
        if keycode == 67 and self.field_focused:
            self.field = self.field[:-1]
            return True
        return False

    def on_permission_result(self, permission: str, granted: bool) -> None:
        self.permission_results.append((permission, granted))
        if granted:
            self.state["photos"] = int(self.state.get("photos", 0)) + 1
            self.host.changed()

    def on_stop(self) -> None:
        self.field = ""
        self.field_focused = False


@pytest.fixture(autouse=True)
def _notes_app() -> Iterator[None]:
    register(NotesApp)
    yield
    reload_registry()


@pytest.fixture
def make_phone(tmp_path: Path) -> Callable[..., VirtualPhone]:
    def make(name: str = "vphone-01", **kwargs: Any) -> VirtualPhone:
        kwargs.setdefault("packages", None)
        phone = VirtualPhone(name, tmp_path / "vphones" / name, **kwargs)
        if NOTES not in phone.packages:
            phone.packages.install(NOTES, "Notes", "3.2.1", 321)
            phone.save()
        return phone

    return make


@pytest.fixture
def phone(make_phone: Callable[..., VirtualPhone]) -> VirtualPhone:
    return make_phone()


def sh(phone: VirtualPhone, command: str) -> tuple[str, str, int]:
    outcome = phone.run(command)
    return outcome.stdout.decode(), outcome.stderr.decode(), outcome.exit_code


def notes(phone: VirtualPhone) -> NotesApp:
    app = phone.activities.instance(NOTES)
    assert isinstance(app, NotesApp)
    return app
