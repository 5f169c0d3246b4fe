"""``am`` (start, force-stop, kill, broadcast) and ``monkey``: intents into the phone's apps."""

from __future__ import annotations

import random

from farmhand.virtual.activities import ActivityError, describe, short_name
from farmhand.virtual.app import Intent
from farmhand.virtual.ime import BroadcastAnswer, ime_action
from farmhand.virtual.shell.proc import Proc, command, package_operands, usage

EXTRA_STREAM = "android.intent.extra.STREAM"
MEDIA_SCANNER_SCAN_FILE = "android.intent.action.MEDIA_SCANNER_SCAN_FILE"
_FLAG_OPTIONS = {
    "-W", "-S", "-D", "-N", "-P", "--grant-read-uri-permission", "--grant-write-uri-permission",
    "--grant-persistable-uri-permission", "--grant-prefix-uri-permission", "--exclude-stopped-packages",
    "--include-stopped-packages", "--debug-log-resolution", "--activity-brought-to-front",
    "--activity-clear-top", "--activity-clear-task", "--activity-new-task", "--activity-no-history",
    "--activity-single-top", "--activity-reorder-to-front", "--activity-multiple-task",
    "--activity-no-animation", "--activity-reset-task-if-needed", "--receiver-foreground",
    "--receiver-registered-only", "--track-allocation", "--streaming",
}  # fmt: skip
_VALUE_OPTIONS = {"-f", "--user", "-R", "--display", "--windowingMode", "--activityType", "--task",
                  "--start-profiler", "--sampling", "--attach-agent", "--receiver-permission"}  # fmt: skip


class IntentSyntaxError(ValueError):
    pass


def _split_list(value: str) -> list[str]:
    """A ``--esa``/``--eia`` value: comma separated, ``\\,`` for a literal comma."""
    items, current, i = [], [], 0
    while i < len(value):
        if value[i] == "\\" and i + 1 < len(value) and value[i + 1] == ",":
            current.append(",")
            i += 2
            continue
        if value[i] == ",":
            items.append("".join(current))
            current = []
        else:
            current.append(value[i])
        i += 1
    items.append("".join(current))
    return items


def parse_intent(args: list[str]) -> Intent:
    """An intent from ``am`` arguments; raise :class:`IntentSyntaxError` naming the problem."""
    intent = Intent()
    rest = list(args)

    def take(option: str) -> str:
        if not rest:
            raise IntentSyntaxError(f"Error: No value specified for option {option}")
        return rest.pop(0)

    positional: list[str] = []
    while rest:
        arg = rest.pop(0)
        if arg == "-a":
            intent.action = take(arg)
        elif arg == "-d":
            intent.data = take(arg)
        elif arg == "-t":
            intent.mime = take(arg)
        elif arg == "-c":
            intent.categories.append(take(arg))
        elif arg == "-n":
            intent.component = take(arg)
        elif arg == "-p":
            intent.package = take(arg)
        elif arg in ("--es", "--eu", "--ecn"):
            key, value = take(arg), take(arg)
            if key == EXTRA_STREAM:
                intent.streams.append(value)
            intent.extras[key] = value
        elif arg == "--esn":
            intent.extras[take(arg)] = None
        elif arg in ("--ei", "--el"):
            key, value = take(arg), take(arg)
            try:
                intent.extras[key] = int(value)
            except ValueError:
                raise IntentSyntaxError(f"Error: invalid integer {value!r} for {key}") from None
        elif arg in ("--ef", "--ed"):
            key, value = take(arg), take(arg)
            try:
                intent.extras[key] = float(value)
            except ValueError:
                raise IntentSyntaxError(f"Error: invalid number {value!r} for {key}") from None
        elif arg == "--ez":
            key, value = take(arg), take(arg)
            intent.extras[key] = value.lower() in ("true", "t", "1")
        elif arg in ("--esa", "--eua", "--esal", "--eual"):
            key, value = take(arg), take(arg)
            items = _split_list(value)
            if key == EXTRA_STREAM:
                intent.streams.extend(items)
            intent.extras[key] = items
        elif arg in ("--eia", "--ela", "--eial", "--elal"):
            key, value = take(arg), take(arg)
            try:
                intent.extras[key] = [int(v) for v in _split_list(value) if v]
            except ValueError:
                raise IntentSyntaxError(f"Error: invalid integer list {value!r} for {key}") from None
        elif arg in _FLAG_OPTIONS:
            intent.flags.append(arg)
        elif arg in _VALUE_OPTIONS:
            intent.flags.append(f"{arg}={take(arg)}")
        elif arg.startswith("-"):
            raise IntentSyntaxError(f"Error: Unknown option: {arg}")
        else:
            positional.append(arg)
    for value in positional:
        if "/" in value and ":" not in value and intent.component is None:
            intent.component = value
        elif ":" in value and intent.data is None:
            intent.data = value
        else:
            intent.package = value
    return intent


@command("am")
def am(p: Proc) -> int:
    if not p.args:
        return usage(p, "usage: am start|force-stop|kill|broadcast ...")
    verb, args = p.args[0], p.args[1:]
    if verb in ("start", "start-activity"):
        return _start(p, args)
    if verb in ("force-stop", "kill", "stop-app"):
        if not args:
            return usage(p, f"am {verb}: missing package")
        for package in package_operands(args):
            p.phone.activities.force_stop(package)
        return 0
    if verb == "broadcast":
        return _broadcast(p, args)
    if verb == "get-current-user":
        p.line("0")
        return 0
    p.err += f"Error: unknown command '{verb}'\n".encode()
    return 1


def _start(p: Proc, args: list[str]) -> int:
    try:
        intent = parse_intent(args)
    except IntentSyntaxError as exc:
        p.err += f"{exc}\n".encode()
        return 1
    p.line(f"Starting: {describe(intent)}")
    try:
        package, activity = p.phone.activities.start(intent, stop_first="-S" in intent.flags)
    except ActivityError as exc:
        p.err += f"{exc}\n".encode()
        return 1
    if "-W" in intent.flags:
        took = random.Random(f"{package}{p.phone.clock()}").randint(180, 900)
        p.line("Status: ok")
        p.line("LaunchState: COLD")
        p.line(f"Activity: {package}/{short_name(package, activity)}")
        p.line(f"TotalTime: {took}")
        p.line(f"WaitTime: {took + 7}")
        p.line("Complete")
    return 0


def _broadcast(p: Proc, args: list[str]) -> int:
    try:
        intent = parse_intent(args)
    except IntentSyntaxError as exc:
        p.err += f"{exc}\n".encode()
        return 1
    shown = describe(intent)
    shown = (
        shown.replace(" (has extras) }", " flg=0x400000 (has extras) }")
        if "(has extras)" in shown
        else (shown.replace(" }", " flg=0x400000 }"))
    )
    p.line(f"Broadcasting: {shown}")
    answer = deliver_broadcast(p, intent)
    data = f', data="{answer.data}"' if answer.data else ""
    p.line(f"Broadcast completed: result={answer.result}{data}")
    return 0


def deliver_broadcast(p: Proc, intent: Intent) -> BroadcastAnswer:
    phone = p.phone
    action = intent.action or ""
    phone.journal.record("broadcast", {"action": action, "data": intent.data, "extras": _loggable(intent)})
    if ime_action(action):
        return phone.ime.broadcast(action, intent.extras)
    if action == MEDIA_SCANNER_SCAN_FILE:
        if intent.data and intent.data.startswith("file://"):
            phone.media.scan_file(intent.data[len("file://") :])
            phone.mark_dirty()
        return BroadcastAnswer(-1)
    return BroadcastAnswer(0)


def _loggable(intent: Intent) -> dict[str, object]:
    return {k: v for k, v in intent.extras.items() if k not in ("msg", "text")} | (
        {"text_extra": True} if {"msg", "text"} & intent.extras.keys() else {}
    )


@command("monkey")
def monkey(p: Proc) -> int:
    args = list(p.args)
    package = None
    while args:
        arg = args.pop(0)
        if arg == "-p" and args:
            package = args.pop(0)
        elif arg in ("-c", "--throttle", "-s", "--pct-syskeys") and args:
            args.pop(0)
    if package is None:
        p.err += b"** Error: monkey needs -p PACKAGE here\n"
        return 1
    try:
        p.phone.activities.launch(package)
    except ActivityError:
        p.err += b"** No activities found to run, monkey aborted.\n"
        return 252
    p.line("  bash arg: -p")
    p.line(f"  bash arg: {package}")
    p.line("Events injected: 1")
    p.line("## Network stats: elapsed time=31ms (0ms mobile, 0ms wifi, 31ms not connected)")
    return 0
