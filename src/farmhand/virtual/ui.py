"""Screen elements of a virtual phone, as uiautomator sees them.

An app builds its current screen as a tree of :class:`Node`; the phone serializes it to the
window-hierarchy XML that ``uiautomator dump`` and uiautomator2 return, renders it to a PNG,
and hit-tests taps against it the way Android does (the topmost clickable element under the
finger).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import quoteattr

Bounds = tuple[int, int, int, int]  # left, top, right, bottom


@dataclass(eq=False)
class Node:
    cls: str = "android.widget.FrameLayout"
    text: str = ""
    desc: str = ""  # content-desc
    res_id: str = ""  # full "package:id/name", or "" (TikTok builds without ids)
    bounds: Bounds = (0, 0, 0, 0)
    package: str = ""
    clickable: bool = False
    long_clickable: bool = False
    enabled: bool = True
    selected: bool = False
    checked: bool = False
    checkable: bool = False
    focusable: bool = False
    focused: bool = False
    scrollable: bool = False
    password: bool = False
    hint: str = ""
    children: list[Node] = field(default_factory=list)
    # Not serialized: what the app does when this node is tapped (its own vocabulary).
    action: str | None = None
    action_arg: str | None = None

    def add(self, *children: Node) -> Node:
        self.children.extend(children)
        return self

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    def contains(self, x: int, y: int) -> bool:
        left, top, right, bottom = self.bounds
        return left <= x < right and top <= y < bottom

    @property
    def center(self) -> tuple[int, int]:
        left, top, right, bottom = self.bounds
        return (left + right) // 2, (top + bottom) // 2


def hit_test(root: Node, x: int, y: int) -> Node | None:
    """The element a tap at (x, y) reaches: the last-drawn (topmost) enabled clickable node
    containing the point; a non-clickable child passes the tap to its clickable ancestor."""
    best: Node | None = None

    def visit(node: Node, clickable_ancestor: Node | None) -> None:
        nonlocal best
        if not node.contains(x, y):
            return
        target = node if (node.clickable or node.long_clickable) and node.enabled else clickable_ancestor
        if target is not None:
            best = target
        for child in node.children:
            visit(child, target)

    visit(root, None)
    return best


def focused(root: Node) -> Node | None:
    for node in root.walk():
        if node.focused:
            return node
    return None


def _flag(value: bool) -> str:
    return "true" if value else "false"


def to_xml(root: Node | Sequence[Node], rotation: int = 0) -> str:
    """uiautomator's window-hierarchy XML for a tree of nodes, or for several windows'
    trees (bottom to top), each a top-level node as in a multi-window dump."""
    lines = ["<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>", f'<hierarchy rotation="{rotation}">']

    def emit(node: Node, index: int, depth: int) -> None:
        left, top, right, bottom = node.bounds
        attrs = (
            f'index="{index}" text={quoteattr(node.text)} resource-id={quoteattr(node.res_id)} '
            f"class={quoteattr(node.cls)} package={quoteattr(node.package)} "
            f'content-desc={quoteattr(node.desc)} checkable="{_flag(node.checkable)}" '
            f'checked="{_flag(node.checked)}" clickable="{_flag(node.clickable)}" '
            f'enabled="{_flag(node.enabled)}" focusable="{_flag(node.focusable)}" '
            f'focused="{_flag(node.focused)}" scrollable="{_flag(node.scrollable)}" '
            f'long-clickable="{_flag(node.long_clickable)}" password="{_flag(node.password)}" '
            f'selected="{_flag(node.selected)}" bounds="[{left},{top}][{right},{bottom}]"'
        )
        if node.hint:
            attrs += f" hint={quoteattr(node.hint)}"
        pad = "  " * depth
        if not node.children:
            lines.append(f"{pad}<node {attrs} />")
            return
        lines.append(f"{pad}<node {attrs}>")
        for i, child in enumerate(node.children):
            emit(child, i, depth + 1)
        lines.append(f"{pad}</node>")

    for index, window in enumerate([root] if isinstance(root, Node) else root):
        emit(window, index, 1)
    lines.append("</hierarchy>")
    return "\n".join(lines)
