"""``farmhand-vphone``: a control command that exists only on virtual phones, so tests and
demos reach faults and check outcomes through ``adb shell`` as well as in process.

    farmhand-vphone knob NAME VALUE     set a knob (see farmhand.virtual.knobs)
    farmhand-vphone knobs               every knob and its value, as JSON
    farmhand-vphone journal [KIND]      the journal as JSON lines, optionally one kind
    farmhand-vphone state PKG           an app's persisted state, as JSON
    farmhand-vphone toasts              recent toasts, as JSON lines
    farmhand-vphone sign-in PKG NAME[,NAME...]
                                        sign accounts in to an app, as a person who logged in
                                        to each would have (the first becomes the active one)
"""

from __future__ import annotations

import json

from farmhand.virtual.knobs import KnobError
from farmhand.virtual.shell.proc import Proc, command, usage

USAGE = (
    "usage: farmhand-vphone knob NAME VALUE | knobs | journal [KIND] | state PKG | toasts"
    " | sign-in PKG NAME[,NAME...]"
)


@command("farmhand-vphone")
def farmhand_vphone(p: Proc) -> int:
    if not p.args:
        return usage(p, USAGE)
    verb, args = p.args[0], p.args[1:]
    phone = p.phone
    if verb == "knob":
        if len(args) != 2:
            return usage(p, "usage: farmhand-vphone knob NAME VALUE")
        try:
            value = phone.set_knob(args[0], args[1])
        except KnobError as exc:
            p.error(str(exc))
            return 1
        p.line(json.dumps({args[0]: value}))
        return 0
    if verb == "knobs":
        p.line(json.dumps(phone.knobs(), sort_keys=True))
        return 0
    if verb == "journal":
        for entry in phone.journal.entries(args[0] if args else None):
            p.line(json.dumps(entry, ensure_ascii=False))
        return 0
    if verb == "state":
        if len(args) != 1:
            return usage(p, "usage: farmhand-vphone state PKG")
        state = phone.app_state(args[0])
        if state is None:
            p.error(f"no state for package {args[0]}")
            return 1
        p.line(json.dumps(state, ensure_ascii=False, sort_keys=True))
        return 0
    if verb == "toasts":
        for toast in phone.journal.toasts():
            p.line(json.dumps({"t": round(toast.at, 3), "package": toast.package, "text": toast.text},
                              ensure_ascii=False))  # fmt: skip
        return 0
    if verb == "sign-in":
        return _sign_in(p, args)
    return usage(p, USAGE)


def _sign_in(p: Proc, args: list[str]) -> int:
    from farmhand.virtual.apps.kit.appstate import sign_in

    if len(args) != 2:
        return usage(p, "usage: farmhand-vphone sign-in PKG NAME[,NAME...]")
    package, names = args[0], [n.strip().lstrip("@") for n in args[1].split(",") if n.strip()]
    if not names:
        p.error("give at least one account name")
        return 1
    if package not in p.phone.packages:
        p.error(f"{package}: not an installed app")
        return 1
    with p.phone.lock:
        sign_in(p.phone.app_states.setdefault(package, {}), names)
        p.phone.mark_dirty()
        p.phone.save_if_dirty()
    p.line(json.dumps({"package": package, "signed_in": names}))
    return 0
