"""What a shell command receives (its arguments, stdin, output buffers, the phone) and the
table of commands, filled by the command modules with :func:`command`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from farmhand.virtual.phone import VirtualPhone
    from farmhand.virtual.shell.interp import Shell

SH = "/system/bin/sh"


@dataclass
class Session:
    """One ``sh -c`` invocation: its variables, folder and last exit status."""

    vars: dict[str, str] = field(default_factory=dict)
    cwd: str = "/"
    status: int = 0


@dataclass
class Proc:
    phone: VirtualPhone
    shell: Shell
    session: Session
    name: str
    args: list[str]
    stdin: bytes
    out: bytearray
    err: bytearray
    env: dict[str, str] = field(default_factory=dict)

    def write(self, data: str | bytes) -> None:
        self.out += data.encode("utf-8") if isinstance(data, str) else data

    def line(self, text: str = "") -> None:
        self.write(text + "\n")

    def error(self, message: str) -> None:
        """``name: message`` on stderr, as toybox tools report."""
        self.err += f"{self.name}: {message}\n".encode()

    def path(self, path: str) -> str:
        return self.phone.fs.canonical(path, self.session.cwd)


CommandFn = Callable[[Proc], int]


@dataclass(frozen=True, slots=True)
class CommandSpec:
    fn: CommandFn
    locked: bool  # run holding the phone's lock (all but sleep-like commands)


COMMANDS: dict[str, CommandSpec] = {}


def command(*names: str, locked: bool = True) -> Callable[[CommandFn], CommandFn]:
    def register(fn: CommandFn) -> CommandFn:
        for name in names:
            COMMANDS[name] = CommandSpec(fn, locked)
        return fn

    return register


def usage(p: Proc, text: str) -> int:
    p.error(text)
    return 1


def package_operands(args: list[str]) -> list[str]:
    """The package names among ``pm``/``am`` arguments (not options, not ``--user 0``'s user)."""
    return [a for a in args if not a.startswith("-") and not a.isdigit()]
