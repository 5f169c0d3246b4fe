"""Run a parsed command line against a virtual phone: expansion, redirection, pipes, ``&&``/``||``
and ``$?``, with every command looked up in the table the command modules fill."""

from __future__ import annotations

import errno
import fnmatch
import os
import posixpath
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from farmhand.virtual.endpoint import ShellOutcome
from farmhand.virtual.shell.parser import Command, ShellSyntaxError, Word, parse
from farmhand.virtual.shell.proc import COMMANDS, SH, Proc, Session

if TYPE_CHECKING:
    from farmhand.virtual.phone import VirtualPhone

_BIN_DIRS = {"/system/bin", "/system/xbin", "/bin", "/sbin", "/vendor/bin", "/product/bin"}
_GLOB = set("*?[")
MAX_DEPTH = 8  # nested sh -c


class ExitShell(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class _Sink:
    buffer: bytearray = field(default_factory=bytearray)
    path: str | None = None  # flushed to this phone file after the command
    append: bool = False
    null: bool = False


class Shell:
    def __init__(self, phone: VirtualPhone) -> None:
        self.phone = phone
        # Importing the command modules fills the table.
        from farmhand.virtual.shell import commands  # noqa: F401

    def run(
        self, line: str, stdin: bytes = b"", session: Session | None = None, depth: int = 0
    ) -> ShellOutcome:
        out, err = bytearray(), bytearray()
        session = session or Session()
        try:
            script = parse(line)
        except ShellSyntaxError as exc:
            return ShellOutcome(b"", f"{SH}: {exc}\n".encode(), 1 if "quote" not in str(exc) else 2)
        try:
            for connector, pipeline in script:
                if connector == "&&" and session.status != 0:
                    continue
                if connector == "||" and session.status == 0:
                    continue
                session.status = self._pipeline(pipeline, stdin, out, err, session, depth)
        except ExitShell as done:
            session.status = done.code
        return ShellOutcome(bytes(out), bytes(err), session.status & 0xFF)

    # --- pipelines and commands ------------------------------------------------------------
    def _pipeline(
        self,
        pipeline: list[Command],
        stdin: bytes,
        out: bytearray,
        err: bytearray,
        session: Session,
        depth: int,
    ) -> int:
        status = 0
        data = stdin
        for index, cmd in enumerate(pipeline):
            last = index == len(pipeline) - 1
            target = out if last else bytearray()
            status = self._command(cmd, data, target, err, session, depth)
            if not last:
                data = bytes(target)
        return status

    def _command(
        self, cmd: Command, stdin: bytes, out: bytearray, err: bytearray, session: Session, depth: int
    ) -> int:
        words: list[str] = []
        for word in cmd.words:
            words.extend(self.expand(word, session))
        assigns = {name: "".join(self.expand(value, session, glob=False)) for name, value in cmd.assigns}
        fds: dict[int, _Sink] = {1: _Sink(out), 2: _Sink(err)}
        stdin_data: bytes = stdin
        for redirect in cmd.redirects:
            target = "".join(self.expand(redirect.target, session, glob=False))
            if redirect.op == ">&":
                if target == "-" or not target.isdigit() or int(target) not in fds:
                    err += f"{SH}: {target}: bad file descriptor\n".encode()
                    return 1
                fds[redirect.fd] = fds[int(target)]
                continue
            if redirect.op == "<":
                loaded = self._read_input(target, session, err)
                if loaded is None:
                    return 1
                stdin_data = loaded
                continue
            sink = self._open_output(target, redirect.op == ">>", session, err)
            if sink is None:
                return 1
            fds[redirect.fd] = sink
            if redirect.op == "&>":
                fds[2] = sink
        if not words:
            session.vars.update(assigns)
            status = 0
        else:
            status = self._invoke(words, assigns, stdin_data, fds, session, depth)
        for sink in {id(s): s for s in fds.values()}.values():
            if sink.path is not None and sink.buffer:
                try:
                    with self.phone.lock:
                        self.phone.fs.append_bytes(sink.path, bytes(sink.buffer))
                except OSError as exc:
                    err += f"{SH}: {sink.path}: {exc.strerror}\n".encode()
                    status = 1
        return status

    def _invoke(
        self, words: list[str], assigns: dict[str, str], stdin: bytes, fds: dict[int, _Sink],
        session: Session, depth: int,
    ) -> int:  # fmt: skip
        name, args = words[0], words[1:]
        if name == "toybox" and args:
            name, args = args[0], args[1:]
        lookup = name
        if "/" in name:
            folder, base = posixpath.split(name)
            lookup = base if folder in _BIN_DIRS else ""
        out = fds[1].buffer if not fds[1].null else bytearray()
        err = fds[2].buffer if not fds[2].null else bytearray()
        if lookup == "sh":
            return self._nested_sh(args, stdin, out, err, session, depth)
        spec = COMMANDS.get(lookup)
        if spec is None:
            err += f"{SH}: {name}: inaccessible or not found\n".encode()
            return 127
        proc = Proc(self.phone, self, session, lookup, args, stdin, out, err, {**session.vars, **assigns})
        if not spec.locked:
            return spec.fn(proc)
        with self.phone.lock:
            return spec.fn(proc)

    def _nested_sh(
        self, args: list[str], stdin: bytes, out: bytearray, err: bytearray, session: Session, depth: int
    ) -> int:
        if depth >= MAX_DEPTH:
            err += f"{SH}: too many nested shells\n".encode()
            return 2
        if args[:1] != ["-c"] or len(args) < 2:
            err += f"{SH}: only 'sh -c COMMAND' is supported here\n".encode()
            return 2
        inner = Session(vars=dict(session.vars), cwd=session.cwd)
        outcome = self.run(args[1], stdin, inner, depth + 1)
        out += outcome.stdout
        err += outcome.stderr
        return outcome.exit_code

    # --- redirections ------------------------------------------------------------------------
    def _read_input(self, target: str, session: Session, err: bytearray) -> bytes | None:
        if target == "/dev/null":
            return b""
        with self.phone.lock:
            data = self.phone.fs.read_bytes(self.phone.fs.canonical(target, session.cwd))
        if data is None:
            err += f"{SH}: can't open {target}: No such file or directory\n".encode()
        return data

    def _open_output(self, target: str, append: bool, session: Session, err: bytearray) -> _Sink | None:
        if target == "/dev/null":
            return _Sink(null=True)
        path = self.phone.fs.canonical(target, session.cwd)
        try:
            with self.phone.lock:
                if append:
                    self.phone.fs.append_bytes(path, b"")
                else:
                    self.phone.fs.write_bytes(path, b"")
        except OSError as exc:
            reason = exc.strerror or os.strerror(exc.errno or errno.EIO)
            err += f"{SH}: can't create {target}: {reason}\n".encode()
            return None
        return _Sink(path=path, append=True)

    # --- expansion ---------------------------------------------------------------------------
    def expand(self, word: Word, session: Session, glob: bool = True) -> list[str]:
        text: list[str] = []
        pattern: list[str] = []
        has_glob = False
        only_vars = bool(word.parts) and all(p.var and not p.quoted for p in word.parts)
        for part in word.parts:
            value = self._variable(part.text, session) if part.var else part.text
            text.append(value)
            if part.quoted or part.var:
                pattern.append("".join("[" + c + "]" if c in _GLOB else c for c in value))
            else:
                pattern.append(value)
                has_glob = has_glob or any(c in _GLOB for c in value)
        result = "".join(text)
        if only_vars and not result:
            return []
        if glob and has_glob:
            matches = self._glob("".join(pattern), session)
            if matches:
                return matches
        return [result]

    def _variable(self, name: str, session: Session) -> str:
        if name == "?":
            return str(session.status)
        if name == "$":
            return "4242"
        if name in ("#", "@", "*") or name.isdigit():
            return "0" if name == "#" else ("sh" if name == "0" else "")
        if name == "PWD":
            return session.cwd
        return session.vars.get(name, _ENV.get(name, ""))

    def _glob(self, pattern: str, session: Session) -> list[str]:
        absolute = pattern.startswith("/")
        segments = [s for s in pattern.split("/") if s]
        fs = self.phone.fs
        found = ["/" if absolute else ""]
        with self.phone.lock:
            for segment in segments:
                nxt: list[str] = []
                for base in found:
                    if not any(c in _GLOB for c in segment):
                        nxt.append(posixpath.join(base, segment) if base else segment)
                        continue
                    entries = fs.listdir(fs.canonical(base or ".", session.cwd)) or []
                    for entry, _ in entries:
                        if entry.startswith(".") and not segment.startswith("."):
                            continue
                        if fnmatch.fnmatchcase(entry, segment):
                            nxt.append(posixpath.join(base, entry) if base else entry)
                found = nxt
            return sorted(p for p in found if fs.exists(fs.canonical(p, session.cwd)))


_ENV = {
    "PATH": "/product/bin:/apex/com.android.runtime/bin:/system/bin:/system/xbin:/odm/bin:/vendor/bin",
    "HOME": "/",
    "USER": "shell",
    "HOSTNAME": "localhost",
    "SHELL": SH,
    "TMPDIR": "/data/local/tmp",
    "EXTERNAL_STORAGE": "/sdcard",
    "ANDROID_ROOT": "/system",
    "ANDROID_DATA": "/data",
}
