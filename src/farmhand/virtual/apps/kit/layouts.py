"""Pieces of screens both apps draw the same way: a grid of tiles three to a row (a profile's
posts, explore), a row of text tabs, and an account row of an account sheet."""

from __future__ import annotations

from collections.abc import Sequence

from farmhand.virtual.apps.kit.screenkit import IMAGE, LINEAR, TEXT, Ui
from farmhand.virtual.ui import Node

TILE_W = 360
TILE_H = 410
ROW_H = 420


def tile_grid(
    ui: Ui,
    descs: Sequence[str],
    top: float,
    action: str,
    *,
    cls: str = IMAGE,
    inset: int = 3,
    rid: str | None = None,
    bottom: float | None = None,
) -> list[Node]:
    """One tile per desc, three to a row from ``top``; tapping tile i sends ``action`` with
    arg i. With ``bottom``, the tiles that would reach past it are left out."""
    nodes = []
    for i, desc in enumerate(descs):
        left = (i % 3) * TILE_W
        y = top + (i // 3) * ROW_H
        if bottom is not None and y + TILE_H > bottom:
            break
        nodes.append(
            ui.node(
                cls,
                (left + inset, y, left + TILE_W - inset, y + TILE_H),
                rid=rid,
                desc=desc,
                action=action,
                arg=str(i),
            )
        )
    return nodes


def tab_row(
    ui: Ui,
    keys: Sequence[str],
    selected: str,
    *,
    top: float,
    bottom: float,
    width: float,
    left: float = 0,
    gap: float = 0,
    action: str = "tab",
) -> list[Node]:
    """Text tabs side by side, labelled by their string keys; tapping one sends ``action``
    with its key."""
    nodes = []
    for i, key in enumerate(keys):
        x = left + i * (width + gap)
        nodes.append(
            ui.node(
                TEXT,
                (x, top, x + width, bottom),
                text=ui.s(key),
                action=action,
                arg=key,
                selected=key == selected,
            )
        )
    return nodes


def account_row(
    ui: Ui,
    name: str,
    y: float,
    current: bool,
    *,
    cls: str = LINEAR,
    desc: str | None = None,
    name_rid: str | None = None,
) -> Node:
    """A signed-in account in an account sheet (desc: the username unless given); tapping it
    sends ``switch`` with the name; the current one is ticked."""
    row = ui.node(
        cls,
        (0, y, 1080, y + 140),
        desc=name if desc is None else desc,
        action="switch",
        arg=name,
        selected=current,
    )
    row.add(
        ui.node(IMAGE, (40, y + 20, 140, y + 120)),
        ui.node(TEXT, (170, y + 35, 860, y + 105), rid=name_rid, text=name),
    )
    if current:
        row.add(ui.node(IMAGE, (940, y + 40, 1020, y + 100), desc=ui.s("selected"), checked=True))
    return row
