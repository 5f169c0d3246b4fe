"""Spintax: ``{a|b|c}`` picks one option per task, options may nest (``{a|{b|c}}``).

TikMatrix captions use it so that one API call posts a slightly different caption on every
phone. A backslash escapes ``{``, ``}``, ``|`` and itself; a ``|`` outside braces is plain text.
Also here: TikMatrix's ``##`` rule that splits a photo post's caption into title and description.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

_SPECIAL = "{}|\\"


class SpintaxError(ValueError):
    """Malformed spintax; the message names the position."""


@dataclass(frozen=True, slots=True)
class _Choice:
    options: tuple[_Sequence, ...]


@dataclass(frozen=True, slots=True)
class _Sequence:
    parts: tuple[str | _Choice, ...]


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def parse(self) -> _Sequence:
        seq = self._sequence(top=True)
        if self.pos < len(self.text):  # only a stray "}" stops the top level early
            raise SpintaxError(f"unmatched '}}' at position {self.pos + 1}")
        return seq

    def _sequence(self, *, top: bool) -> _Sequence:
        parts: list[str | _Choice] = []
        buf: list[str] = []
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            if ch == "\\" and self.pos + 1 < len(self.text) and self.text[self.pos + 1] in _SPECIAL:
                buf.append(self.text[self.pos + 1])
                self.pos += 2
                continue
            if ch == "{":
                if buf:
                    parts.append("".join(buf))
                    buf = []
                parts.append(self._choice())
                continue
            if ch == "}" or (ch == "|" and not top):
                break
            buf.append(ch)
            self.pos += 1
        if buf:
            parts.append("".join(buf))
        return _Sequence(tuple(parts))

    def _choice(self) -> _Choice:
        start = self.pos
        self.pos += 1  # "{"
        options = [self._sequence(top=False)]
        while self.pos < len(self.text) and self.text[self.pos] == "|":
            self.pos += 1
            options.append(self._sequence(top=False))
        if self.pos >= len(self.text):
            raise SpintaxError(f"unclosed '{{' at position {start + 1} (write choices as {{a|b|c}})")
        self.pos += 1  # "}"
        return _Choice(tuple(options))


def validate(text: str) -> None:
    """Raise :class:`SpintaxError` if ``text`` is not well-formed spintax."""
    _Parser(text).parse()


def resolve(text: str, rng: random.Random) -> str:
    """One rendering of ``text``: every ``{a|b}`` replaced by one of its options."""

    def render(seq: _Sequence) -> str:
        out: list[str] = []
        for part in seq.parts:
            if isinstance(part, str):
                out.append(part)
            else:
                out.append(render(rng.choice(part.options)))
        return "".join(out)

    return render(_Parser(text).parse())


def variants(text: str, limit: int = 10_000) -> set[str]:
    """Every rendering of ``text`` (at most ``limit``); for previews and tests."""

    def expand(seq: _Sequence) -> list[str]:
        results = [""]
        for part in seq.parts:
            if isinstance(part, str):
                results = [r + part for r in results]
            else:
                choices = [v for option in part.options for v in expand(option)]
                results = [r + c for r in results for c in choices][:limit]
        return results

    return set(expand(_Parser(text).parse()))


def split_title(caption: str) -> tuple[str, str]:
    """TikMatrix's photo-post rule: ``title##description``. Without ``##`` there is no title."""
    if "##" not in caption:
        return "", caption
    title, description = caption.split("##", 1)
    return title.strip(), description.strip()
