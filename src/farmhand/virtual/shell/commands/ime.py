"""``ime``: list, enable, disable and select input methods."""

from __future__ import annotations

from farmhand.virtual.shell.proc import Proc, command, usage


@command("ime")
def ime(p: Proc) -> int:
    if not p.args:
        return usage(p, "usage: ime list [-a] [-s] | enable ID | disable ID | set ID")
    verb, args = p.args[0], [a for a in p.args[1:] if a not in ("--user", "0", "current")]
    methods = p.phone.ime
    if verb == "list":
        listed = methods.installed() if "-a" in args else methods.enabled()
        for ime_id in listed:
            if "-s" in args:
                p.line(ime_id)
            else:
                p.line(f"{ime_id}:")
                p.line(f"  mId={ime_id} mSettingsActivity=null")
        return 0
    if verb in ("enable", "disable", "set"):
        if not args:
            return usage(p, f"ime {verb}: missing ID")
        ime_id = args[0]
        action = {"enable": methods.enable, "disable": methods.disable, "set": methods.select}[verb]
        error = action(ime_id)
        if error is not None:
            p.err += f"{error}\n".encode()
            return 1
        if verb == "set":
            p.line(f"Input method {ime_id} selected for user #0")
        else:
            p.line(f"Input method {ime_id}: {verb}d for user #0")
        return 0
    if verb == "reset":
        return 0
    p.err += f"Unknown command: {verb}\n".encode()
    return 1
