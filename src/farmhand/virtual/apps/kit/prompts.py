"""Pop-ups that sit over a screen until a button closes them: TikTok's home notices, editor
tips, publish confirmation, unfollow confirmation and the like."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from farmhand.virtual.apps.kit.screenkit import BUTTON, FRAME, IMAGE, TEXT, Screen, ScreenApp, Ui
from farmhand.virtual.ui import Node


@dataclass(frozen=True)
class Choice:
    label: str  # string key, or literal text when ``literal``
    then: Callable[[], None] | None = None
    rid: str | None = None
    desc: str = ""  # content-desc; "icon" choices have no text
    icon: bool = False
    literal: bool = False


class Prompt(Screen):
    """A dialog (centred card) or a bottom sheet with a title, a body and choices; any choice
    closes it, then runs its ``then``."""

    overlay = True

    def __init__(
        self,
        app: ScreenApp,
        name: str,
        title: str,
        body: str = "",
        choices: tuple[Choice, ...] = (),
        sheet: bool = False,
        literal: bool = False,
    ) -> None:
        super().__init__(app)
        self.name = name
        self.title = title
        self.body = body
        self.choices = choices
        self.sheet = sheet
        self.literal = literal
        self.dismiss_outside = sheet

    def _label(self, ui: Ui, key: str, literal: bool) -> str:
        return key if literal or self.literal else ui.s(key)

    def build(self, ui: Ui) -> list[Node]:
        buttons = [choice for choice in self.choices if not choice.icon]
        height = 260 + (120 if self.body else 0) + 130 * len(buttons)
        top = 2400 - height if self.sheet else 1200 - height // 2
        left, right = (0, 1080) if self.sheet else (90, 990)
        card = ui.node(FRAME, (left, top, right, top + height), action="card")
        card.add(
            ui.node(
                TEXT, (left + 60, top + 60, right - 120, top + 160), text=self._label(ui, self.title, False)
            )
        )
        y = top + 170
        if self.body:
            card.add(
                ui.node(TEXT, (left + 60, y, right - 60, y + 100), text=self._label(ui, self.body, False))
            )
            y += 120
        for index, choice in enumerate(self.choices):
            if choice.icon:
                card.add(
                    ui.node(
                        IMAGE,
                        (right - 110, top + 40, right - 30, top + 120),
                        rid=choice.rid,
                        desc=choice.desc or ui.s("close"),
                        action="choose",
                        arg=str(index),
                    )
                )
                continue
            card.add(
                ui.node(
                    BUTTON,
                    (left + 60, y, right - 60, y + 110),
                    rid=choice.rid,
                    text=self._label(ui, choice.label, choice.literal),
                    desc=choice.desc,
                    action="choose",
                    arg=str(index),
                )
            )
            y += 130
        return [card]

    def tap(self, action: str, arg: str | None) -> None:
        if action == "choose" and arg is not None:
            choice = self.choices[int(arg)]
            self.app.close(self)
            if choice.then is not None:
                choice.then()
            return
        super().tap(action, arg)
