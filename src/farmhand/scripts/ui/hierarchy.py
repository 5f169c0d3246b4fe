"""The screen as uiautomator dumps it: a flat list of elements in document order.

A dump comes from ``uiautomator dump`` (or uiautomator2's ``dumpWindowHierarchy``); both write
``<hierarchy><node text=".." resource-id=".." class=".." content-desc=".." bounds="[l,t][r,b]"
...>`` trees. Elements keep their parent's index so selectors can ask "inside that one".
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from farmhand.devices.base import DeviceError

_BOUNDS = re.compile(r"\[(-?\d+),(-?\d+)\]\[(-?\d+),(-?\d+)\]")

Bounds = tuple[int, int, int, int]


@dataclass(frozen=True, slots=True)
class UiElement:
    index: int  # position in document order
    parent: int | None  # index of the parent element
    depth: int
    text: str
    desc: str  # content-desc
    res_id: str  # "package:id/name" or ""
    cls: str
    package: str
    hint: str
    bounds: Bounds
    clickable: bool
    long_clickable: bool
    enabled: bool
    selected: bool
    checked: bool
    checkable: bool
    focused: bool
    focusable: bool
    scrollable: bool

    @property
    def id_name(self) -> str:
        """The resource id without its package (``qrb`` for ``com.zhiliaoapp.musically:id/qrb``)."""
        return self.res_id.split(":id/", 1)[1] if ":id/" in self.res_id else self.res_id

    @property
    def center(self) -> tuple[int, int]:
        left, top, right, bottom = self.bounds
        return (left + right) // 2, (top + bottom) // 2

    @property
    def visible(self) -> bool:
        left, top, right, bottom = self.bounds
        return right > left and bottom > top

    @property
    def label(self) -> str:
        """What a person would call it: its text, else its content-desc, else its hint."""
        return self.text or self.desc or self.hint

    def describe(self) -> str:
        parts = [self.cls.rsplit(".", 1)[-1]]
        if self.text:
            parts.append(f"text={self.text!r}")
        if self.desc:
            parts.append(f"desc={self.desc!r}")
        if self.id_name:
            parts.append(f"id={self.id_name}")
        return " ".join(parts)


def _flag(attrs: dict[str, str], name: str) -> bool:
    return attrs.get(name, "false") == "true"


class Hierarchy:
    """One dump, parsed."""

    def __init__(self, elements: list[UiElement], xml: str = "") -> None:
        self.elements = elements
        self.xml = xml
        self._children: dict[int, list[int]] = {}
        for el in elements:
            if el.parent is not None:
                self._children.setdefault(el.parent, []).append(el.index)

    def __iter__(self) -> Iterator[UiElement]:
        return iter(self.elements)

    def __len__(self) -> int:
        return len(self.elements)

    @cached_property
    def size(self) -> tuple[int, int]:
        """Screen width and height, from the largest element (asked by every matcher with a
        position, so worked out once per dump)."""
        width = max((el.bounds[2] for el in self.elements), default=0)
        height = max((el.bounds[3] for el in self.elements), default=0)
        return width, height

    @property
    def packages(self) -> set[str]:
        return {el.package for el in self.elements if el.package}

    def parent_of(self, el: UiElement) -> UiElement | None:
        return self.elements[el.parent] if el.parent is not None else None

    def children_of(self, el: UiElement) -> list[UiElement]:
        return [self.elements[i] for i in self._children.get(el.index, [])]

    def descendants_of(self, el: UiElement) -> Iterator[UiElement]:
        for child in self.children_of(el):
            yield child
            yield from self.descendants_of(child)

    def is_inside(self, el: UiElement, ancestor: UiElement) -> bool:
        current = el.parent
        while current is not None:
            if current == ancestor.index:
                return True
            current = self.elements[current].parent
        return False

    def clickable_ancestor(self, el: UiElement) -> UiElement:
        """The element a tap on ``el`` reaches: itself if clickable, else its nearest clickable
        ancestor (a label inside a button), else itself."""
        current: UiElement | None = el
        while current is not None:
            if current.clickable:
                return current
            current = self.parent_of(current)
        return el

    def texts(self) -> list[str]:
        """Every visible text and content-desc, in order (for logs and error messages)."""
        out = []
        for el in self.elements:
            for value in (el.text, el.desc):
                if value and value not in out:
                    out.append(value)
        return out

    def summary(self, limit: int = 12) -> str:
        texts = self.texts()
        shown = ", ".join(repr(t[:40]) for t in texts[:limit])
        more = f" (+{len(texts) - limit} more)" if len(texts) > limit else ""
        return f"[{shown}{more}]"


def parse_hierarchy(xml: str) -> Hierarchy:
    """Parse uiautomator's window-hierarchy XML; raise :class:`DeviceError` if it is not one."""
    start = xml.find("<?xml")
    if start < 0:
        start = xml.find("<hierarchy")
    if start < 0:
        raise DeviceError("the UI dump holds no hierarchy")
    end = xml.rfind("</hierarchy>")
    body = xml[start : end + len("</hierarchy>")] if end >= 0 else xml[start:]
    try:
        root = ET.fromstring(body.encode("utf-8"))
    except ET.ParseError as exc:
        raise DeviceError(f"the UI dump is not valid XML ({exc})") from None
    elements: list[UiElement] = []

    def visit(node: ET.Element, parent: int | None, depth: int) -> None:
        for child in node:
            if child.tag != "node":
                continue
            attrs = child.attrib
            match = _BOUNDS.match(attrs.get("bounds", ""))
            bounds: Bounds = (
                (int(match[1]), int(match[2]), int(match[3]), int(match[4])) if match else (0, 0, 0, 0)
            )
            index = len(elements)
            elements.append(
                UiElement(
                    index=index,
                    parent=parent,
                    depth=depth,
                    text=attrs.get("text", ""),
                    desc=attrs.get("content-desc", ""),
                    res_id=attrs.get("resource-id", ""),
                    cls=attrs.get("class", ""),
                    package=attrs.get("package", ""),
                    hint=attrs.get("hint", ""),
                    bounds=bounds,
                    clickable=_flag(attrs, "clickable"),
                    long_clickable=_flag(attrs, "long-clickable"),
                    enabled=_flag(attrs, "enabled") if "enabled" in attrs else True,
                    selected=_flag(attrs, "selected"),
                    checked=_flag(attrs, "checked"),
                    checkable=_flag(attrs, "checkable"),
                    focused=_flag(attrs, "focused"),
                    focusable=_flag(attrs, "focusable"),
                    scrollable=_flag(attrs, "scrollable"),
                )
            )
            visit(child, index, depth + 1)

    visit(root, None, 0)
    return Hierarchy(elements, xml)
