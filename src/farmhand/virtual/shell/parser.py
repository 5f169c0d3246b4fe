"""Parse a command line the way the phone's ``sh -c`` does, as far as ADB clients need.

Supported: ``;``, newlines, ``&&``, ``||``, ``|``, ``&`` (run in order, as if ``;``), single
and double quotes, backslash escapes, ``$VAR``, ``${VAR}``, ``$?``, ``$$``, ``VAR=x cmd``,
redirections ``<``, ``>``, ``>>``, ``n>``, ``n>&m``, ``&>``, and ``#`` comments.

Never supported, on purpose: command substitution. ``$(...)`` and backquotes are kept as the
literal characters they are, quoted or not, so text that a client sent can never run as a
command on the phone. Here-documents and subshells are syntax errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field

_OPERATOR_CHARS = set(";&|<>\n")
_SPECIAL_VARS = set("?$#!@*-0123456789")


class ShellSyntaxError(ValueError):
    """The line cannot be parsed; the message is what the phone's sh prints."""


@dataclass(frozen=True, slots=True)
class Part:
    text: str
    quoted: bool = False  # quoted text is never glob-expanded
    var: bool = False  # ``text`` is a variable name to expand at run time


@dataclass(slots=True)
class Word:
    parts: list[Part] = field(default_factory=list)

    def literal(self) -> str | None:
        """The word's text if it holds no variable, else None."""
        if any(p.var for p in self.parts):
            return None
        return "".join(p.text for p in self.parts)


@dataclass(frozen=True, slots=True)
class Redirect:
    fd: int  # 0 stdin, 1 stdout, 2 stderr
    op: str  # "<", ">", ">>", ">&" (dup), "&>" (stdout and stderr)
    target: Word


@dataclass(slots=True)
class Command:
    assigns: list[tuple[str, Word]] = field(default_factory=list)
    words: list[Word] = field(default_factory=list)
    redirects: list[Redirect] = field(default_factory=list)


Pipeline = list[Command]
# (connector, pipeline): connector is ";" for the first and after ; & newline, else && or ||.
Script = list[tuple[str, Pipeline]]


@dataclass(frozen=True, slots=True)
class _Op:
    text: str


def _is_name(text: str) -> bool:
    return bool(text) and (text[0].isalpha() or text[0] == "_") and all(c.isalnum() or c == "_" for c in text)


class _Lexer:
    def __init__(self, line: str) -> None:
        self.s = line
        self.i = 0

    def peek(self, offset: int = 0) -> str:
        j = self.i + offset
        return self.s[j] if j < len(self.s) else ""

    def tokens(self) -> list[Word | _Op | Redirect]:
        out: list[Word | _Op | Redirect] = []
        while self.i < len(self.s):
            ch = self.peek()
            if ch in " \t\r":
                self.i += 1
            elif ch == "\\" and self.peek(1) == "\n":
                self.i += 2
            elif ch == "#":
                while self.i < len(self.s) and self.peek() != "\n":
                    self.i += 1
            elif ch == "\n":
                out.append(_Op(";"))
                self.i += 1
            elif ch in "&|;":
                two = self.s[self.i : self.i + 2]
                if two == "&>":
                    self.i += 2
                    out.append(Redirect(1, "&>", self._target()))
                elif two in ("&&", "||", ";;"):
                    if two == ";;":
                        raise ShellSyntaxError("syntax error: ';;' unexpected")
                    out.append(_Op(two))
                    self.i += 2
                else:
                    out.append(_Op(";" if ch == "&" else ch))
                    self.i += 1
            elif ch in "<>":
                out.append(self._redirect(None))
            elif ch in "()":
                raise ShellSyntaxError(f"syntax error: '{ch}' unexpected")
            elif ch.isdigit() and self._digits_then_redirect():
                start = self.i
                while self.peek().isdigit():
                    self.i += 1
                out.append(self._redirect(int(self.s[start : self.i])))
            else:
                out.append(self._word())
        return out

    def _digits_then_redirect(self) -> bool:
        j = self.i
        while j < len(self.s) and self.s[j].isdigit():
            j += 1
        return j < len(self.s) and self.s[j] in "<>"

    def _redirect(self, fd: int | None) -> Redirect:
        ch = self.peek()
        if ch == "<":
            if self.peek(1) == "<":
                raise ShellSyntaxError("syntax error: here-documents are not supported")
            self.i += 1
            if self.peek() == "&":
                self.i += 1
                return Redirect(0 if fd is None else fd, ">&", self._target())
            return Redirect(0 if fd is None else fd, "<", self._target())
        self.i += 1
        op = ">"
        if self.peek() == ">":
            op = ">>"
            self.i += 1
        elif self.peek() == "&":
            op = ">&"
            self.i += 1
        elif self.peek() == "|":
            self.i += 1  # >| (clobber) is plain > here
        return Redirect(1 if fd is None else fd, op, self._target())

    def _target(self) -> Word:
        while self.peek() in (" ", "\t"):
            self.i += 1
        if not self.peek() or self.peek() in _OPERATOR_CHARS or self.peek() in "()":
            shown = self.peek().replace("\n", "newline") or "end of line"
            raise ShellSyntaxError(f"syntax error: '{shown}' unexpected")
        return self._word()

    def _word(self) -> Word:
        parts: list[Part] = []
        plain: list[str] = []

        def flush() -> None:
            if plain:
                parts.append(Part("".join(plain)))
                plain.clear()

        while self.i < len(self.s):
            ch = self.peek()
            if ch in " \t\r" or ch in _OPERATOR_CHARS:
                break
            if ch == "\\":
                nxt = self.peek(1)
                self.i += 2
                if nxt == "\n":
                    continue
                flush()
                parts.append(Part(nxt or "\\", quoted=True))
            elif ch == "'":
                end = self.s.find("'", self.i + 1)
                if end < 0:
                    raise ShellSyntaxError("no closing quote")
                flush()
                parts.append(Part(self.s[self.i + 1 : end], quoted=True))
                self.i = end + 1
            elif ch == '"':
                flush()
                parts.extend(self._double_quoted())
            elif ch == "$":
                flush()
                parts.append(self._dollar(quoted=False))
            elif ch == "`":
                flush()
                parts.append(Part(self._backquoted(), quoted=True))
            else:
                plain.append(ch)
                self.i += 1
        flush()
        return Word(parts)

    def _double_quoted(self) -> list[Part]:
        self.i += 1
        parts: list[Part] = []
        text: list[str] = []
        while True:
            if self.i >= len(self.s):
                raise ShellSyntaxError("no closing quote")
            ch = self.peek()
            if ch == '"':
                self.i += 1
                break
            if ch == "\\" and self.peek(1) in ('"', "\\", "$", "`", "\n"):
                if self.peek(1) != "\n":
                    text.append(self.peek(1))
                self.i += 2
            elif ch == "$":
                if text:
                    parts.append(Part("".join(text), quoted=True))
                    text = []
                parts.append(self._dollar(quoted=True))
            elif ch == "`":
                text.append(self._backquoted())
            else:
                text.append(ch)
                self.i += 1
        if text or not parts:
            parts.append(Part("".join(text), quoted=True))
        return parts

    def _backquoted(self) -> str:
        """A backquoted span, kept as literal text (never run)."""
        end = self.s.find("`", self.i + 1)
        if end < 0:
            raise ShellSyntaxError("no closing quote")
        text = self.s[self.i : end + 1]
        self.i = end + 1
        return text

    def _dollar(self, quoted: bool) -> Part:
        nxt = self.peek(1)
        if nxt == "(":
            # $(...) stays literal text, balanced parentheses included: never executed.
            depth, j = 0, self.i + 1
            while j < len(self.s):
                if self.s[j] == "(":
                    depth += 1
                elif self.s[j] == ")":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            text = self.s[self.i : j + 1]
            self.i = j + 1
            return Part(text, quoted=True)
        if nxt == "{":
            end = self.s.find("}", self.i + 2)
            if end < 0:
                raise ShellSyntaxError("${: missing '}'")
            name = self.s[self.i + 2 : end]
            if not (_is_name(name) or name in _SPECIAL_VARS):
                raise ShellSyntaxError(f"${{{name}}}: bad substitution")
            self.i = end + 1
            return Part(name, quoted=quoted, var=True)
        if nxt and nxt in _SPECIAL_VARS:
            self.i += 2
            return Part(nxt, quoted=quoted, var=True)
        if nxt and (nxt.isalpha() or nxt == "_"):
            j = self.i + 1
            while j < len(self.s) and (self.s[j].isalnum() or self.s[j] == "_"):
                j += 1
            name = self.s[self.i + 1 : j]
            self.i = j
            return Part(name, quoted=quoted, var=True)
        self.i += 1
        return Part("$", quoted=True)


def parse(line: str) -> Script:
    """The line as a list of pipelines with their connectors; raise :class:`ShellSyntaxError`."""
    script: Script = []
    connector = ";"
    pipeline: Pipeline = []
    command = Command()
    started = False  # the current command has a word, assignment or redirect

    def end_command(op: str) -> None:
        nonlocal command, started
        if not started:
            raise ShellSyntaxError(f"syntax error: '{op}' unexpected")
        pipeline.append(command)
        command = Command()
        started = False

    for token in _Lexer(line).tokens():
        if isinstance(token, _Op):
            if token.text == ";" and not started and not pipeline and connector == ";":
                continue  # empty statements: blank lines, a leading or doubled ;
            end_command(token.text)
            if token.text == "|":
                continue
            script.append((connector, pipeline))
            pipeline = []
            connector = ";" if token.text == ";" else token.text
        elif isinstance(token, Redirect):
            command.redirects.append(token)
            started = True
        else:
            text = token.parts[0].text if token.parts and not token.parts[0].quoted else ""
            name, eq, _ = text.partition("=")
            if not command.words and eq and _is_name(name):
                value = Word([Part(text[len(name) + 1 :]), *token.parts[1:]])
                if not value.parts[0].text:
                    value.parts.pop(0)
                command.assigns.append((name, value))
            else:
                command.words.append(token)
            started = True
    if started:
        pipeline.append(command)
        script.append((connector, pipeline))
    elif pipeline or connector != ";":
        raise ShellSyntaxError("syntax error: unexpected end of line")
    return script
