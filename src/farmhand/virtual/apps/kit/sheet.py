"""Bottom sheets: a panel over the lower part of the screen below (account lists, comments,
"Following" options, post settings). A tap on the scrim above the panel closes the sheet."""

from __future__ import annotations

from typing import Any

from farmhand.virtual.apps.kit.screenkit import DESIGN_H, DESIGN_W, FRAME, Screen, Ui
from farmhand.virtual.ui import Node


class Sheet(Screen):
    overlay = True
    dismiss_outside = True

    def panel(self, ui: Ui, top: float, **kw: Any) -> Node:
        """The sheet's body, from ``top`` to the bottom of the screen. It is clickable (action
        ``sheet``, which does nothing) so that a tap between its rows stays on the sheet
        instead of reaching the scrim behind it."""
        return ui.node(FRAME, (0, top, DESIGN_W, DESIGN_H), action="sheet", **kw)
