"""Text filters for pipes: grep, head, tail, wc."""

from __future__ import annotations

import re
from collections.abc import Callable

from farmhand.virtual.shell.proc import Proc, command, usage


def _inputs(p: Proc, files: list[str]) -> list[tuple[str, bytes]] | None:
    if not files:
        return [("-", p.stdin)]
    found = []
    for name in files:
        data = p.stdin if name == "-" else p.phone.fs.read_bytes(p.path(name))
        if data is None:
            p.error(f"{name}: No such file or directory")
            return None
        found.append((name, data))
    return found


def _lines(data: bytes) -> list[bytes]:
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return lines


@command("grep", "egrep", "fgrep")
def grep(p: Proc) -> int:
    args = list(p.args)
    flags: set[str] = {"E"} if p.name == "egrep" else ({"F"} if p.name == "fgrep" else set())
    patterns: list[str] = []
    operands: list[str] = []
    while args:
        arg = args.pop(0)
        if arg == "-e" and args:
            patterns.append(args.pop(0))
        elif arg.startswith("-") and len(arg) > 1 and not operands and arg != "--":
            for ch in arg[1:]:
                if ch not in "ivEFcqwnlosx":
                    return usage(p, f"Unknown option '{ch}'")
                flags.add(ch)
        else:
            operands.append(arg)
    if not patterns:
        if not operands:
            return usage(p, "Needs 1 argument")
        patterns.append(operands.pop(0))
    sources = _inputs(p, operands)
    if sources is None:
        return 2
    regexes = []
    for pattern in patterns:
        text = re.escape(pattern) if "F" in flags else _posix_to_python(pattern, "E" in flags)
        if "w" in flags:
            text = rf"\b(?:{text})\b"
        if "x" in flags:
            text = rf"^(?:{text})$"
        try:
            regexes.append(re.compile(text.encode(), re.IGNORECASE if "i" in flags else 0))
        except re.error as exc:
            p.error(f"bad regex '{pattern}': {exc}")
            return 2
    total = 0
    for name, data in sources:
        count = 0
        for number, line in enumerate(_lines(data), 1):
            hits = [m for r in regexes for m in r.finditer(line)]
            if bool(hits) == ("v" in flags):
                continue
            count += 1
            if "q" in flags or "c" in flags or "l" in flags:
                continue
            prefix = (name.encode() + b":" if len(sources) > 1 else b"") + (
                str(number).encode() + b":" if "n" in flags else b""
            )
            if "o" in flags and "v" not in flags:
                for hit in hits:
                    p.write(prefix + hit.group(0) + b"\n")
            else:
                p.write(prefix + line + b"\n")
        if "c" in flags:
            p.write((f"{name}:" if len(sources) > 1 else "") + f"{count}\n")
        if "l" in flags and count:
            p.line(name)
        total += count
    return 0 if total else 1


def _posix_to_python(pattern: str, extended: bool) -> str:
    if extended:
        return pattern
    # Basic regular expressions: \| \+ \? \( \) are the operators, bare ones are literal.
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern) and pattern[i + 1] in "|+?(){}":
            out.append(pattern[i + 1])
            i += 2
            continue
        out.append("\\" + ch if ch in "|+?(){}" else ch)
        i += 1
    return "".join(out)


def _count_arg(p: Proc, default: int) -> tuple[int, list[str]] | None:
    args = list(p.args)
    count = default
    operands = []
    while args:
        arg = args.pop(0)
        if arg == "-n" and args:
            value = args.pop(0)
        elif arg.startswith("-n"):
            value = arg[2:]
        elif re.fullmatch(r"-\d+", arg):
            value = arg[1:]
        else:
            operands.append(arg)
            continue
        try:
            count = int(value.lstrip("+"))
        except ValueError:
            p.error(f"invalid number '{value}'")
            return None
    return count, operands


def _some_lines(p: Proc, pick: Callable[[list[bytes], int], list[bytes]]) -> int:
    """``head`` and ``tail``: ``-n N`` (or ``-N``) lines of each input, chosen by ``pick``."""
    parsed = _count_arg(p, 10)
    if parsed is None:
        return 1
    count, operands = parsed
    sources = _inputs(p, operands)
    if sources is None:
        return 1
    for _, data in sources:
        for line in pick(_lines(data), count):
            p.write(line + b"\n")
    return 0


@command("head")
def head(p: Proc) -> int:
    return _some_lines(p, lambda lines, count: lines[:count])


@command("tail")
def tail(p: Proc) -> int:
    return _some_lines(p, lambda lines, count: lines[-count:] if count else [])


@command("wc")
def wc(p: Proc) -> int:
    flags = {ch for a in p.args if a.startswith("-") for ch in a[1:]}
    operands = [a for a in p.args if not a.startswith("-")]
    sources = _inputs(p, operands)
    if sources is None:
        return 1
    for name, data in sources:
        counts = {"l": data.count(b"\n"), "w": len(data.split()), "c": len(data)}
        shown = [str(counts[k]) for k in "lwc" if k in flags] or [str(counts[k]) for k in "lwc"]
        suffix = f" {name}" if operands else ""
        p.line(" ".join(shown) + suffix)
    return 0
