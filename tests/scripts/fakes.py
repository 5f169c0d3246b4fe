"""Test doubles for driving scripts without a phone: engine hooks that record, and a scripted
device whose screens are node trees (taps are hit-tested and run the node's handler)."""

from __future__ import annotations

import random
import shlex
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from farmhand.devices.base import DeviceInfo, ShellResult
from farmhand.domain import DEFAULT_PACKAGES, Platform
from farmhand.scripts.base import AccountInfo, ScriptConfig, ScriptContext, StopReason
from farmhand.virtual.ui import Node, focused, hit_test, to_xml

W, H = 1080, 2400


class FakeHooks:
    def __init__(self) -> None:
        self.lines: list[tuple[str, str, str | None]] = []
        self.is_committed = False
        self.stop: StopReason | None = None
        self.percents: list[int | None] = []
        self.waited = 0.0
        self._event = threading.Event()

    def log(self, step: str, outcome: str, duration_ms: int | None, message: str | None) -> None:
        self.lines.append((step, outcome, message))

    def progress(self, step: str | None, percent: int | None) -> None:
        self.percents.append(percent)

    def committed(self) -> None:
        self.is_committed = True

    def stop_reason(self) -> StopReason | None:
        return self.stop

    def wait(self, seconds: float) -> StopReason | None:
        self.waited += seconds
        # Real but short waits: polling loops stay cheap, deadlines stay real.
        self._event.wait(min(seconds, 0.01))
        return self.stop

    def messages(self) -> list[str]:
        return [m for _, _, m in self.lines if m]

    def steps(self, outcome: str | None = None) -> list[str]:
        return [s for s, o, _ in self.lines if outcome is None or o == outcome]


def make_ctx(
    device: Any,
    config: ScriptConfig,
    *,
    platform: Platform = Platform.TIKTOK,
    account: str | None = None,
    materials: list[Path] | None = None,
    time_scale: float = 0.001,
    seed: int = 7,
    package: str | None = None,
) -> tuple[ScriptContext, FakeHooks]:
    hooks = FakeHooks()
    package = package or DEFAULT_PACKAGES[platform]
    ctx = ScriptContext(
        task_id=42,
        device=device,
        config=config,
        platform=platform,
        package=package,
        hooks=hooks,
        account=AccountInfo(account, platform, package) if account else None,
        materials=materials or [],
        time_scale=time_scale,
        rng=random.Random(seed),
    )
    return ctx, hooks


@dataclass
class ShellRule:
    prefix: tuple[str, ...]
    answer: Callable[[list[str]], ShellResult]


@dataclass
class FakeDevice:
    """A phone whose screen is ``self.screen`` (a node tree the test builds and changes).

    ``handlers`` maps a node's ``action`` to what a tap on it does; typed text lands in the
    focused node; shell commands are recorded (as the argument lists the phone would see after
    its shell unquotes them) and answered by the first matching rule.
    """

    screen: Node = field(default_factory=lambda: Node(bounds=(0, 0, W, H)))
    handlers: dict[str, Callable[[Node], None]] = field(default_factory=dict)
    rules: list[ShellRule] = field(default_factory=list)
    serial: str = "fake-1"
    commands: list[list[str]] = field(default_factory=list)
    taps: list[tuple[int, int]] = field(default_factory=list)
    tapped: list[str] = field(default_factory=list)
    typed: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    swipes: list[tuple[int, int, int, int]] = field(default_factory=list)
    pushed: dict[str, bytes] = field(default_factory=dict)
    dumps: int = 0

    def on(self, *prefix: str, stdout: str = "", exit_code: int = 0, stderr: str = "") -> None:
        self.rules.insert(0, ShellRule(prefix, lambda _: ShellResult(stdout, stderr, exit_code)))

    def shell(self, command: Sequence[str] | str, *, timeout: float = 20.0) -> ShellResult:
        argv = shlex.split(command) if isinstance(command, str) else list(command)
        # What the phone's shell sees: the quoted line, split again.
        if not isinstance(command, str):
            argv = shlex.split(shlex.join(argv))
        self.commands.append(argv)
        for rule in self.rules:
            if tuple(argv[: len(rule.prefix)]) == rule.prefix:
                return rule.answer(argv)
        return ShellResult("", "", 0)

    def exec_out(self, command: Sequence[str], *, timeout: float = 20.0) -> bytes:
        return b"\x89PNG fake"

    def push(self, local: Path, remote: str, *, timeout: float = 300.0) -> None:
        self.pushed[remote] = local.read_bytes()

    def pull(self, remote: str, local: Path, *, timeout: float = 300.0) -> None:
        local.write_bytes(self.pushed[remote])

    def dump_hierarchy(self, *, timeout: float = 20.0) -> str:
        self.dumps += 1
        return to_xml(self.screen)

    def screenshot(self, *, timeout: float = 20.0) -> bytes:
        return b"\x89PNG fake"

    def tap(self, x: int, y: int) -> None:
        self.taps.append((x, y))
        node = hit_test(self.screen, x, y)
        if node is None:
            return
        self.tapped.append(node.text or node.desc or node.res_id)
        if node.cls.endswith("EditText"):
            for other in self.screen.walk():
                other.focused = False
            node.focused = True
        if node.action and node.action in self.handlers:
            self.handlers[node.action](node)

    def swipe(self, x1: int, y1: int, x2: int, y2: int, duration_ms: int = 300) -> None:
        self.swipes.append((x1, y1, x2, y2))
        handler = self.handlers.get("swipe_up" if y2 < y1 else "swipe_down")
        if handler:
            handler(self.screen)

    def key(self, keycode: int | str) -> None:
        self.keys.append(str(keycode))
        handler = self.handlers.get(f"key:{keycode}")
        if handler:
            handler(self.screen)

    def input_text(self, text: str) -> None:
        self.typed.append(text)
        target = focused(self.screen)
        if target is not None:
            target.text += text
            handler = self.handlers.get("typed")
            if handler:
                handler(target)

    def info(self) -> DeviceInfo:
        return DeviceInfo(model="Fake", android_version="14", battery=90, width=W, height=H)

    def close(self) -> None:
        pass


def installed(device: FakeDevice, package: str, version: str = "43.1.4") -> None:
    """Answer the install and version checks the way Android does."""
    device.on("pm", "list", "packages", stdout=f"package:{package}\n")
    device.on("dumpsys", "package", stdout=f"Packages:\n  Package [{package}]\n    versionName={version}\n")


def node(
    text: str = "",
    *,
    desc: str = "",
    cls: str = "android.widget.TextView",
    rid: str = "",
    bounds: tuple[int, int, int, int] = (0, 0, 10, 10),
    action: str | None = None,
    **flags: Any,
) -> Node:
    return Node(
        cls=cls,
        text=text,
        desc=desc,
        res_id=rid,
        bounds=bounds,
        action=action,
        clickable=flags.pop("clickable", action is not None),
        package=flags.pop("package", "com.test"),
        **flags,
    )


def root(*children: Node, package: str = "com.test") -> Node:
    return Node(
        cls="android.widget.FrameLayout", bounds=(0, 0, W, H), package=package, children=list(children)
    )


def permission_dialog(message: str, buttons: Sequence[tuple[str, str]], *, action: str | None = None) -> Node:
    """Android's runtime-permission dialog: the message and a button per (resource id, label);
    a tap on a button runs the ``action`` handler with the button's label as ``action_arg``."""
    pc = "com.android.permissioncontroller"
    card = Node(
        cls="android.widget.LinearLayout",
        res_id=f"{pc}:id/grant_dialog",
        bounds=(60, 900, 1020, 1700),
        package=pc,
    )
    card.add(
        Node(
            cls="android.widget.TextView",
            res_id=f"{pc}:id/permission_message",
            text=message,
            bounds=(100, 950, 980, 1050),
            package=pc,
        )
    )
    for i, (rid, label) in enumerate(buttons):
        card.add(
            Node(
                cls="android.widget.Button",
                res_id=f"{pc}:id/{rid}",
                text=label,
                clickable=True,
                bounds=(100, 1100 + 130 * i, 980, 1200 + 130 * i),
                package=pc,
                action=action,
                action_arg=label if action else None,
            )
        )
    return card
