"""Screen commands: ``input`` (tap, swipe, keyevent, text), ``uiautomator dump``, ``screencap``,
and the uiautomator2 server start line (``app_process ... com.wetest.uia2.Main``)."""

from __future__ import annotations

import struct

from farmhand.virtual import keys
from farmhand.virtual.shell.proc import Proc, command, usage

_SOURCES = {"touchscreen", "touchpad", "mouse", "keyboard", "dpad", "gamepad", "stylus", "trackball",
            "joystick", "touchnavigation", "rotaryencoder"}  # fmt: skip
DUMP_DEFAULT = "/sdcard/window_dump.xml"


def _ints(p: Proc, values: list[str], what: str) -> list[int] | None:
    try:
        return [int(float(v)) for v in values]
    except ValueError:
        p.err += f"Error: {what}: invalid number in {' '.join(values)}\n".encode()
        return None


@command("input")
def input_(p: Proc) -> int:
    args = list(p.args)
    if args and args[0] in _SOURCES:
        args.pop(0)
    if args[:1] == ["-d"] and len(args) > 1:
        args = args[2:]
    if not args:
        return usage(p, "usage: input [SOURCE] tap|swipe|keyevent|text ...")
    verb, rest = args[0], args[1:]
    screen = p.phone.screen
    if verb == "tap":
        point = _ints(p, rest[:2], "tap") if len(rest) >= 2 else None
        if point is None:
            return usage(p, "usage: input tap X Y") if len(rest) < 2 else 1
        screen.tap(point[0], point[1])
        return 0
    if verb in ("swipe", "draganddrop"):
        if len(rest) < 4:
            return usage(p, f"usage: input {verb} X1 Y1 X2 Y2 [DURATION_MS]")
        values = _ints(p, rest[:5], verb)
        if values is None:
            return 1
        x1, y1, x2, y2 = values[:4]
        duration = values[4] if len(values) > 4 else 300
        screen.swipe(x1, y1, x2, y2, duration)
        return 0
    if verb == "keyevent":
        codes = [a for a in rest if a not in ("--longpress", "--doubletap", "--delay")]
        if not codes:
            return usage(p, "usage: input keyevent [--longpress] KEYCODE ...")
        for value in codes:
            try:
                code = keys.keycode(value)
            except ValueError as exc:
                p.err += f"Error: {exc}\n".encode()
                return 1
            screen.key(code)
        return 0
    if verb == "text":
        if not rest:
            return usage(p, "usage: input text STRING")
        return _input_text(p, " ".join(rest))
    if verb in ("press", "roll"):
        return 0
    p.err += f"Error: Unknown command: {verb}\n".encode()
    return 1


def _input_text(p: Proc, raw: str) -> int:
    # As Android's `input text`: %s is a space; only characters of the virtual keyboard's key
    # map (printable ASCII) can be typed, anything else aborts the command.
    text = raw.replace("%s", " ")
    bad = [ch for ch in text if not (32 <= ord(ch) < 127 or ch == "\n")]
    if bad:
        p.err += (
            "Exception occurred while executing 'text':\njava.lang.IllegalArgumentException: "
            f"Cannot type {bad[0]!r} with the virtual keyboard: use an input method broadcast\n"
        ).encode()
        return 255
    p.phone.screen.type_text(text, via="input text")
    return 0


@command("uiautomator")
def uiautomator(p: Proc) -> int:
    args = [a for a in p.args if a not in ("--compressed", "--windows")]
    if not args or args[0] != "dump":
        if args[:1] == ["runtest"]:
            return 0
        return usage(p, "usage: uiautomator dump [--compressed] [FILE]")
    target = args[1] if len(args) > 1 else DUMP_DEFAULT
    xml = p.phone.screen.dump_xml()
    if target in ("/dev/tty", "/dev/stdout", "-"):
        p.write(xml)
        p.line(f"UI hierchary dumped to: {target}")
        return 0
    try:
        p.phone.fs.write_bytes(p.path(target), xml.encode("utf-8"))
    except OSError as exc:
        p.err += f"ERROR: could not write {target}: {exc.strerror}\n".encode()
        return 1
    p.line(f"UI hierchary dumped to: {target}")
    return 0


@command("screencap")
def screencap(p: Proc) -> int:
    from farmhand.virtual.render import to_png

    args = list(p.args)
    png = "-p" in args
    operands = []
    while args:
        arg = args.pop(0)
        if arg in ("-d", "-a") and args:
            args.pop(0)
        elif not arg.startswith("-"):
            operands.append(arg)
    image = p.phone.screen.image()
    if operands and operands[0].lower().endswith(".png"):
        png = True
    if png:
        data = to_png(image)
    else:
        rgba = image.convert("RGBA")
        data = struct.pack("<IIII", rgba.width, rgba.height, 1, 0) + rgba.tobytes()
    if not operands:
        p.write(data)
        return 0
    try:
        p.phone.fs.write_bytes(p.path(operands[0]), data)
    except OSError as exc:
        p.err += f"Error opening file: {operands[0]} ({exc.strerror})\n".encode()
        return 1
    return 0


@command("app_process")
def app_process(p: Proc) -> int:
    if "com.wetest.uia2.Main" in p.args:
        if not p.phone.fs.is_file("/data/local/tmp/u2.jar"):
            p.err += b"Error: Could not find or load main class com.wetest.uia2.Main\n"
            return 1
        # The JSON-RPC service is always there on a virtual phone; starting it only logs.
        p.line("[server] INFO: [UiAutomator2Server] Starting Server")
        return 0
    p.err += b"Error: no class name or --zygote supplied.\n"
    return 1
