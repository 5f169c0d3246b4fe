"""Shell built-ins and system tools: echo, printf, true, false, sleep, cd, export, exit, test,
id, getprop, settings, wm, ps, pidof, date, uname, and harmless no-ops (svc, log, logcat)."""

from __future__ import annotations

import re
import time
import zlib

from farmhand.virtual.profiles import DENSITY, HEIGHT, WIDTH
from farmhand.virtual.shell.interp import ExitShell
from farmhand.virtual.shell.proc import Proc, command, usage

_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "\\": "\\",
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "v": "\v",
    "0": "\0",
}
_SETTINGS_NAMESPACES = ("system", "secure", "global")


def _unescape(text: str) -> tuple[str, bool]:
    """Backslash escapes of ``echo -e``/``printf``; True if ``\\c`` cut the output."""
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt == "c":
                return "".join(out), True
            out.append(_ESCAPES.get(nxt, "\\" + nxt))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out), False


def pid_of(package: str) -> int:
    return 2000 + zlib.crc32(package.encode()) % 28000


@command("echo")
def echo(p: Proc) -> int:
    args = list(p.args)
    newline, escapes = True, False
    while args and re.fullmatch(r"-[neE]+", args[0]):
        flags = args.pop(0)
        newline = newline and "n" not in flags
        escapes = ("e" in flags) or (escapes and "E" not in flags)
    text = " ".join(args)
    if escapes:
        text, cut = _unescape(text)
        newline = newline and not cut
    p.write(text + ("\n" if newline else ""))
    return 0


@command("printf")
def printf(p: Proc) -> int:
    if not p.args:
        return usage(p, "Needs 1 argument")
    fmt, args = p.args[0], list(p.args[1:])
    fmt, _ = _unescape(fmt)
    while True:
        consumed = False

        def fill(match: re.Match[str]) -> str:
            nonlocal consumed
            spec = match.group(0)
            if spec == "%%":
                return "%"
            consumed = True
            value = args.pop(0) if args else ""
            if spec[-1] in "di":
                try:
                    return (spec[:-1] + "d") % int(value or "0")
                except ValueError:
                    return "0"
            return (spec[:-1] + "s") % value

        p.write(re.sub(r"%[-0-9.]*[sdi%]", fill, fmt))
        if not args or not consumed:
            return 0


@command("true", ":")
def true(p: Proc) -> int:
    return 0


@command("false")
def false(p: Proc) -> int:
    return 1


@command("sleep", locked=False)
def sleep(p: Proc) -> int:
    if not p.args:
        return usage(p, "Needs 1 argument")
    try:
        seconds = float(p.args[0].rstrip("s"))
    except ValueError:
        return usage(p, f"invalid number '{p.args[0]}'")
    time.sleep(max(0.0, min(seconds, 3600.0)))
    return 0


@command("cd")
def cd(p: Proc) -> int:
    target = p.path(p.args[0] if p.args else "/")
    if not p.phone.fs.is_dir(target):
        p.err += f"/system/bin/sh: cd: {p.args[0] if p.args else '/'}: No such file or directory\n".encode()
        return 2
    p.session.cwd = target
    return 0


@command("pwd")
def pwd(p: Proc) -> int:
    p.line(p.session.cwd)
    return 0


@command("export", "set", "unset")
def export(p: Proc) -> int:
    for arg in p.args:
        name, eq, value = arg.partition("=")
        if p.name == "unset":
            p.session.vars.pop(arg, None)
        elif eq:
            p.session.vars[name] = value
    return 0


@command("exit")
def exit_(p: Proc) -> int:
    code = int(p.args[0]) if p.args and p.args[0].lstrip("-").isdigit() else p.session.status
    raise ExitShell(code)


@command("test", "[")
def test(p: Proc) -> int:
    args = list(p.args)
    if p.name == "[":
        if not args or args[-1] != "]":
            p.err += b"[: missing ]\n"
            return 2
        args.pop()
    negate = False
    if args and args[0] == "!":
        negate, args = True, args[1:]
    result = _test(p, args)
    if result is None:
        return 2
    return 0 if result != negate else 1


def _test(p: Proc, args: list[str]) -> bool | None:
    fs = p.phone.fs
    if not args:
        return False
    if len(args) == 1:
        return bool(args[0])
    if len(args) == 2:
        op, operand = args
        files = {
            "-e": lambda: fs.exists(p.path(operand)),
            "-f": lambda: fs.is_file(p.path(operand)),
            "-d": lambda: fs.is_dir(p.path(operand)),
            "-s": lambda: (fs.stat(p.path(operand)) or _EMPTY).size > 0,
            "-r": lambda: fs.exists(p.path(operand)),
            "-w": lambda: fs.writable(p.path(operand)) and fs.exists(p.path(operand)),
            "-z": lambda: operand == "",
            "-n": lambda: operand != "",
        }
        if op in files:
            return files[op]()
        p.error(f"unknown operator {op}")
        return None
    if len(args) == 3:
        left, op, right = args
        if op in ("=", "=="):
            return left == right
        if op == "!=":
            return left != right
        numeric = {"-eq": int.__eq__, "-ne": int.__ne__, "-lt": int.__lt__, "-le": int.__le__,
                   "-gt": int.__gt__, "-ge": int.__ge__}  # fmt: skip
        if op in numeric:
            try:
                return bool(numeric[op](int(left), int(right)))
            except ValueError:
                p.error(f"integer expression expected: {left} {op} {right}")
                return None
    p.error("unsupported expression")
    return None


class _Empty:
    size = 0


_EMPTY = _Empty()


@command("id")
def id_(p: Proc) -> int:
    p.line(
        "uid=2000(shell) gid=2000(shell) groups=2000(shell),1004(input),1007(log),1011(adb),"
        "1015(sdcard_rw),1028(sdcard_r),1078(ext_data_rw),1079(ext_obb_rw),3001(net_bt_admin),"
        "3002(net_bt),3003(inet),3006(net_bw_stats),3009(readproc),3011(uhid) context=u:r:shell:s0"
    )
    return 0


@command("whoami")
def whoami(p: Proc) -> int:
    p.line("shell")
    return 0


@command("getprop")
def getprop(p: Proc) -> int:
    props = p.phone.props()
    if not p.args:
        for key in sorted(props):
            p.line(f"[{key}]: [{props[key]}]")
        return 0
    p.line(props.get(p.args[0], p.args[1] if len(p.args) > 1 else ""))
    return 0


@command("setprop")
def setprop(p: Proc) -> int:
    p.err += (
        b"Failed to set property '"
        + (p.args[0] if p.args else "").encode()
        + b"'. See dmesg for error reason.\n"
    )
    return 1


@command("settings")
def settings(p: Proc) -> int:
    args = list(p.args)
    if args[:1] == ["--user"] and len(args) >= 2:
        args = args[2:]
    if len(args) < 2 or args[0] not in ("get", "put", "delete", "list", "reset"):
        return usage(p, "usage: settings [--user 0] get|put|delete|list NAMESPACE [KEY [VALUE]]")
    verb, namespace = args[0], args[1]
    if namespace not in _SETTINGS_NAMESPACES:
        p.err += f"Invalid namespace '{namespace}'\n".encode()
        return 1
    table = p.phone.settings.setdefault(namespace, {})
    if verb == "list":
        for key in sorted(table):
            p.line(f"{key}={table[key]}")
        return 0
    if len(args) < 3:
        return usage(p, f"settings {verb}: missing KEY")
    key = args[2]
    if verb == "get":
        p.line(table.get(key, "null"))
    elif verb == "put":
        if len(args) < 4:
            return usage(p, "settings put: missing VALUE")
        table[key] = args[3]
        p.phone.mark_dirty()
    elif verb == "delete":
        p.line(f"Deleted {1 if table.pop(key, None) is not None else 0} rows")
        p.phone.mark_dirty()
    return 0


@command("wm")
def wm(p: Proc) -> int:
    if p.args[:1] == ["size"] and len(p.args) == 1:
        p.line(f"Physical size: {WIDTH}x{HEIGHT}")
        return 0
    if p.args[:1] == ["density"] and len(p.args) == 1:
        p.line(f"Physical density: {DENSITY}")
        return 0
    if p.args[:1] == ["dismiss-keyguard"]:
        return 0
    if p.args[:1] in (["size"], ["density"]):
        p.err += b"wm: a virtual phone keeps its 1080x2400 screen and density 420\n"
        return 1
    return usage(p, "usage: wm size | wm density")


@command("ps")
def ps(p: Proc) -> int:
    p.line("USER           PID  PPID     VSZ    RSS WCHAN            ADDR S NAME")
    rows = [("root", 1, 0, "init"), ("root", 520, 1, "zygote64"), ("system", 1100, 520, "system_server"),
            ("shell", 4100, 1, "adbd")]  # fmt: skip
    for package in sorted(p.phone.activities.running):
        rows.append((f"u0_a{pid_of(package) % 300}", pid_of(package), 520, package))
    for user, pid, ppid, name in rows:
        p.line(f"{user:<12} {pid:>5} {ppid:>5} 1234567  98765 0                   0 S {name}")
    return 0


@command("pidof")
def pidof(p: Proc) -> int:
    pids = [str(pid_of(name)) for name in p.args if name in p.phone.activities.running]
    if not pids:
        return 1
    p.line(" ".join(pids))
    return 0


@command("date")
def date(p: Proc) -> int:
    now = p.phone.clock()
    formats = [a for a in p.args if a.startswith("+")]
    p.line(time.strftime(formats[0][1:], time.gmtime(now)) if formats else
           time.strftime("%a %b %d %H:%M:%S UTC %Y", time.gmtime(now)))  # fmt: skip
    return 0


@command("uname")
def uname(p: Proc) -> int:
    machine = "aarch64" if p.phone.profile.abi.startswith("arm64") else "x86_64"
    if "-a" in p.args:
        p.line(f"Linux localhost 5.10.198-android13-4 #1 SMP PREEMPT {machine} Toybox")
    elif "-m" in p.args:
        p.line(machine)
    elif "-r" in p.args:
        p.line("5.10.198-android13-4")
    else:
        p.line("Linux")
    return 0


@command("svc", "log", "logcat", "kill", "sync")
def no_op(p: Proc) -> int:
    return 0


@command("which", "command")
def which(p: Proc) -> int:
    from farmhand.virtual.shell.proc import COMMANDS

    status = 0
    for name in [a for a in p.args if not a.startswith("-")]:
        if name in COMMANDS or name == "sh":
            p.line(f"/system/bin/{name}")
        else:
            status = 1
    return status


@command("env", "printenv")
def env(p: Proc) -> int:
    for key in sorted(p.env):
        p.line(f"{key}={p.env[key]}")
    return 0


@command("reboot")
def reboot(p: Proc) -> int:
    p.err += b"reboot: a virtual phone reboots when its farm restarts\n"
    return 1


def _address(p: Proc) -> str:
    return f"10.0.2.{15 + p.phone.seed % 200}"


@command("ifconfig")
def ifconfig(p: Proc) -> int:
    if p.args[:1] not in ([], ["wlan0"]):
        p.error(f"{p.args[0]}: No such device")
        return 1
    p.line("wlan0     Link encap:Ethernet  HWaddr 02:00:00:44:55:66")
    p.line(f"          inet addr:{_address(p)}  Bcast:10.0.2.255  Mask:255.255.255.0")
    p.line("          UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1")
    return 0


@command("ip")
def ip(p: Proc) -> int:
    if p.args[:2] != ["addr", "show"] and p.args[:1] != ["addr"]:
        return usage(p, "usage: ip addr show [dev wlan0]")
    p.line("3: wlan0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000")
    p.line(f"    inet {_address(p)}/24 brd 10.0.2.255 scope global wlan0")
    return 0
