"""Typing client text into an app's field, and checking it arrived intact.

Text goes through the input-method broadcast (``device.input_text``: base64 UTF-8), never
``input text``, which cannot type emoji or accents and would pass the text through the shell.
"""

from __future__ import annotations

from collections.abc import Iterable

from farmhand.domain import ErrorCode
from farmhand.scripts.base import ScriptError
from farmhand.scripts.ui.hierarchy import UiElement
from farmhand.scripts.ui.screen import Screen
from farmhand.scripts.ui.selectors import norm

EMOJIS = ("🔥", "😍", "👏", "😂", "❤️", "🙌", "💯", "✨", "👍", "😊", "🥰", "🤩")


def same_text(a: str, b: str) -> bool:
    """Equal once runs of white space are ignored (apps re-flow spaces and line ends)."""
    return " ".join(a.split()) == " ".join(b.split())


def is_placeholder(element: UiElement, placeholders: Iterable[str] = ()) -> bool:
    """An empty field reports its hint as its text on many Android versions."""
    if not element.text:
        return True
    value = norm(element.text)
    return value == norm(element.hint) or any(value == norm(p) for p in placeholders)


def clear_field(screen: Screen, element: UiElement) -> None:
    """Delete what a field holds (a restored draft): cursor to the end, then Delete per char."""
    count = len(element.text)
    screen.device.shell(["input", "keyevent", "KEYCODE_MOVE_END", *(["KEYCODE_DEL"] * count)])


def type_into(
    screen: Screen,
    name: str,
    text: str,
    *,
    where: str,
    placeholders: Iterable[str] = (),
    tap: bool = True,
) -> None:
    """Focus the field ``name``, empty it if it holds something, type ``text``."""
    placeholders = tuple(placeholders)
    element = screen.wait_for(name, where=where)
    if tap and not element.focused:
        screen.tap(element)
        screen.ctx.pause(0.3, 0.8)
        element = screen.find(name, screen.poll()) or element
    if not is_placeholder(element, placeholders):
        screen.ctx.log(f"the field held {element.text[:40]!r}; clearing it")
        clear_field(screen, element)
    if text:
        screen.device.input_text(text)
    screen.ctx.pause(0.3, 0.8)


def check_typed(
    screen: Screen, name: str, expected: str, *, where: str, placeholders: Iterable[str] = ()
) -> str:
    """Read the field back; fail before anything is sent if the text did not arrive as is."""
    element = screen.wait_for(name, where=where)
    actual = "" if is_placeholder(element, placeholders) else element.text
    if not same_text(actual, expected):
        raise ScriptError(
            ErrorCode.DEVICE_ERROR,
            f"the text did not arrive intact in the {where}: it reads {actual[:80]!r}, "
            f"expected {expected[:80]!r} (is the ADB keyboard the active input method?)",
        )
    return actual


def submit_search(screen: Screen) -> None:
    """Run the search just typed: the app's search button if its table names one and it
    shows, else the Enter key."""
    known = screen.selectors.known("search.submit")
    button = screen.find("search.submit", screen.poll()) if known else None
    if button is not None:
        screen.tap(button)
    else:
        screen.device.key("KEYCODE_ENTER")
    screen.ctx.pause(0.8, 1.5)
