"""File commands (toybox's): ls, cat, rm, mkdir, rmdir, touch, cp, mv, md5sum, stat, chmod, df."""

from __future__ import annotations

import hashlib
import os
import posixpath
import stat as statmod
import time
from collections.abc import Callable

from farmhand.virtual.endpoint import FileStat
from farmhand.virtual.filesystem import EXTERNAL
from farmhand.virtual.shell.proc import Proc, command, usage


def _reason(exc: OSError) -> str:
    return exc.strerror or os.strerror(exc.errno or 5)


def _flags(p: Proc, allowed: str) -> tuple[set[str], list[str]] | None:
    """Split ``-abc`` style flags from operands; report an unknown flag."""
    flags: set[str] = set()
    operands: list[str] = []
    only_operands = False
    for arg in p.args:
        if only_operands or not arg.startswith("-") or arg == "-":
            operands.append(arg)
        elif arg == "--":
            only_operands = True
        else:
            for ch in arg[1:]:
                if ch not in allowed:
                    p.error(f"Unknown option '{ch}'")
                    return None
                flags.add(ch)
    return flags, operands


def _owner(path: str) -> str:
    if path.startswith(EXTERNAL):
        return "u0_a0    media_rw"
    if path.startswith("/data/local/tmp"):
        return "shell    shell   "
    return "root     root    "


def _long(path: str, name: str, st: FileStat) -> str:
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(st.mtime))
    links = 2 if statmod.S_ISDIR(st.mode) else 1
    size = 3452 if statmod.S_ISDIR(st.mode) else st.size
    return f"{statmod.filemode(st.mode)} {links} {_owner(path)} {size:>8} {when} {name}"


@command("ls")
def ls(p: Proc) -> int:
    parsed = _flags(p, "laAd1tRrhsSF")
    if parsed is None:
        return 1
    flags, operands = parsed
    fs = p.phone.fs
    status = 0
    targets = operands or ["."]
    for index, target in enumerate(targets):
        path = p.path(target)
        st = fs.stat(path)
        if st is None:
            p.error(f"{target}: No such file or directory")
            status = 1
            continue
        if not statmod.S_ISDIR(st.mode) or "d" in flags:
            p.line(_long(path, target, st) if "l" in flags else target)
            continue
        entries = fs.listdir(path) or []
        if "a" not in flags and "A" not in flags:
            entries = [(n, s) for n, s in entries if not n.startswith(".")]
        if "t" in flags:
            entries.sort(key=lambda e: e[1].mtime, reverse=True)
        if "r" in flags:
            entries.reverse()
        if len(targets) > 1:
            p.line(("\n" if index else "") + f"{target}:")
        if "l" in flags:
            p.line(f"total {len(entries) * 8}")
        if "a" in flags:
            entries = [(".", st), ("..", st), *entries]
        for name, entry in entries:
            p.line(_long(posixpath.join(path, name), name, entry) if "l" in flags else name)
    return status


@command("cat")
def cat(p: Proc) -> int:
    if not p.args or p.args == ["-"]:
        p.write(p.stdin)
        return 0
    status = 0
    for target in p.args:
        if target == "-":
            p.write(p.stdin)
            continue
        path = p.path(target)
        if p.phone.fs.is_dir(path):
            p.error(f"{target}: Is a directory")
            status = 1
            continue
        data = p.phone.fs.read_bytes(path)
        if data is None:
            p.error(f"{target}: No such file or directory")
            status = 1
            continue
        p.write(data)
    return status


@command("rm")
def rm(p: Proc) -> int:
    parsed = _flags(p, "rRfidv")
    if parsed is None:
        return 1
    flags, operands = parsed
    if not operands and "f" not in flags:
        return usage(p, "Needs 1 argument")
    status = 0
    for target in operands:
        path = p.path(target)
        fs = p.phone.fs
        if not fs.exists(path):
            if "f" not in flags:
                p.error(f"{target}: No such file or directory")
                status = 1
            continue
        try:
            if fs.is_dir(path) and "d" in flags and not ({"r", "R"} & flags):
                fs.rmdir(path)
            else:
                fs.remove(path, recursive=bool({"r", "R"} & flags))
        except OSError as exc:
            p.error(f"{target}: {_reason(exc)}")
            status = 1
    return status


@command("mkdir")
def mkdir(p: Proc) -> int:
    args = list(p.args)
    parents = False
    mode: int | None = None
    operands = []
    while args:
        arg = args.pop(0)
        if arg == "-p":
            parents = True
        elif arg == "-m" and args:
            mode = int(args.pop(0), 8)
        elif arg.startswith("-") and arg != "-":
            return usage(p, f"Unknown option '{arg}'")
        else:
            operands.append(arg)
    if not operands:
        return usage(p, "Needs 1 argument")

    def make(path: str) -> None:
        p.phone.fs.mkdir(path, parents=parents)
        if mode is not None:
            p.phone.fs.chmod(path, mode)

    return _each(p, operands, make)


@command("rmdir")
def rmdir(p: Proc) -> int:
    return _each(p, [a for a in p.args if not a.startswith("-")], p.phone.fs.rmdir)


@command("touch")
def touch(p: Proc) -> int:
    return _each(p, [a for a in p.args if not a.startswith("-")], p.phone.fs.touch)


def _each(p: Proc, operands: list[str], action: Callable[[str], object]) -> int:
    """Apply ``action`` to each operand's path; report each failure as toybox does and exit 1
    if any failed."""
    status = 0
    for target in operands:
        try:
            action(p.path(target))
        except OSError as exc:
            p.error(f"{target}: {_reason(exc)}")
            status = 1
    return status


def _copy_or_move(p: Proc, move: bool) -> int:
    parsed = _flags(p, "rRfpavn")
    if parsed is None:
        return 1
    _flags_set, operands = parsed
    if len(operands) < 2:
        return usage(p, "Needs 2 arguments")
    fs = p.phone.fs
    *sources, dest = operands
    dest_path = p.path(dest)
    status = 0
    for source in sources:
        target = dest_path
        if fs.is_dir(dest_path):
            target = posixpath.join(dest_path, posixpath.basename(p.path(source)))
        try:
            if move:
                fs.move(p.path(source), target)
            else:
                fs.copy(p.path(source), target)
        except OSError as exc:
            p.error(f"{source}: {_reason(exc)}")
            status = 1
    return status


@command("cp")
def cp(p: Proc) -> int:
    return _copy_or_move(p, move=False)


@command("mv")
def mv(p: Proc) -> int:
    return _copy_or_move(p, move=True)


def _digest(p: Proc, algorithm: str) -> int:
    operands = [a for a in p.args if not a.startswith("-")]
    if not operands:
        p.line(f"{hashlib.new(algorithm, p.stdin).hexdigest()}  -")
        return 0
    status = 0
    for target in operands:
        path = p.path(target)
        handle = p.phone.fs.open_read(path)
        if handle is None:
            p.error(
                f"{target}: {'Is a directory' if p.phone.fs.is_dir(path) else 'No such file or directory'}"
            )
            status = 1
            continue
        digest = hashlib.new(algorithm)
        with handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
        p.line(f"{digest.hexdigest()}  {target}")
    return status


@command("md5sum", "md5")
def md5sum(p: Proc) -> int:
    return _digest(p, "md5")


@command("sha1sum")
def sha1sum(p: Proc) -> int:
    return _digest(p, "sha1")


@command("sha256sum")
def sha256sum(p: Proc) -> int:
    return _digest(p, "sha256")


def _format_stat(fmt: str, target: str, st: FileStat) -> str:
    kinds = {True: "directory", False: "regular file" if st.size else "regular empty file"}
    values = {
        "s": str(st.size),
        "Y": str(st.mtime),
        "n": target,
        "N": f"'{target}'",
        "a": f"{statmod.S_IMODE(st.mode):o}",
        "A": statmod.filemode(st.mode),
        "f": f"{st.mode:x}",
        "F": kinds[statmod.S_ISDIR(st.mode)],
        "u": "0",
        "g": "0",
        "y": time.strftime("%Y-%m-%d %H:%M:%S.000000000 +0000", time.gmtime(st.mtime)),
    }
    out, i = [], 0
    while i < len(fmt):
        if fmt[i] == "%" and i + 1 < len(fmt):
            out.append(values.get(fmt[i + 1], "%" + fmt[i + 1]))
            i += 2
        else:
            out.append(fmt[i])
            i += 1
    return "".join(out)


@command("stat")
def stat(p: Proc) -> int:
    args = list(p.args)
    fmt: str | None = None
    operands = []
    while args:
        arg = args.pop(0)
        if arg in ("-c", "--format") and args:
            fmt = args.pop(0)
        elif arg.startswith("-c") and len(arg) > 2:
            fmt = arg[2:]
        elif arg in ("-L", "-t"):
            continue
        else:
            operands.append(arg)
    if not operands:
        return usage(p, "Needs 1 argument")
    status = 0
    for target in operands:
        st = p.phone.fs.stat(p.path(target))
        if st is None:
            p.error(f"'{target}': No such file or directory")
            status = 1
            continue
        if fmt is not None:
            p.line(_format_stat(fmt, target, st))
        else:
            p.line(f"  File: {target}")
            p.line(_format_stat("  Size: %s\t Blocks: 8\t IO Blocks: 512\t%F", target, st))
            p.line(_format_stat("Access: (0%a/%A)\tUid: (    0/    root)\tGid: (    0/    root)", target, st))
            p.line(_format_stat("Modify: %y", target, st))
    return status


@command("chmod")
def chmod(p: Proc) -> int:
    operands = [a for a in p.args if not a.startswith("-")]
    if len(operands) < 2:
        return usage(p, "Needs 2 arguments")
    try:
        mode = int(operands[0], 8)
    except ValueError:
        return usage(p, f"bad mode '{operands[0]}' (octal modes only)")
    return _each(p, operands[1:], lambda path: p.phone.fs.chmod(path, mode))


@command("df")
def df(p: Proc) -> int:
    total = 64 * 1024 * 1024  # 64 GiB in 1K blocks
    free = min(total, p.phone.fs.free_bytes() // 1024)
    used = total - free
    percent = 100 if free == 0 else max(1, used * 100 // total)
    p.line("Filesystem      1K-blocks     Used Available Use% Mounted on")
    p.line(f"/dev/fuse       {total:>9} {used:>8} {free:>9} {percent:>3}% /storage/emulated")
    p.line(f"/dev/block/dm-5 {total:>9} {used:>8} {free:>9} {percent:>3}% /data")
    return 0


@command("basename")
def basename(p: Proc) -> int:
    if not p.args:
        return usage(p, "Needs 1 argument")
    name = posixpath.basename(p.args[0].rstrip("/")) or "/"
    if len(p.args) > 1 and name.endswith(p.args[1]) and name != p.args[1]:
        name = name[: -len(p.args[1])]
    p.line(name)
    return 0


@command("dirname")
def dirname(p: Proc) -> int:
    if not p.args:
        return usage(p, "Needs 1 argument")
    p.line(posixpath.dirname(p.args[0].rstrip("/")) or ".")
    return 0


@command("realpath", "readlink")
def realpath(p: Proc) -> int:
    operands = [a for a in p.args if not a.startswith("-")]
    if not operands:
        return usage(p, "Needs 1 argument")
    for target in operands:
        p.line(p.path(target))
    return 0
