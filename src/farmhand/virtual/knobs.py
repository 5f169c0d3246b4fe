"""Fault and behaviour switches of a virtual phone ("knobs"), in one place.

Apps read them through ``AppHost.knob(name)``; tests and demos set them in process
(``phone.set_knob``) or through the phone's own shell (``farmhand-vphone knob NAME VALUE``).
Every knob has a type, a default and a line of documentation; set values persist with the
phone. The names here are the contract between the phone, the apps and the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class KnobError(ValueError):
    """An unknown knob, or a value that does not fit it; the message says which."""


@dataclass(frozen=True, slots=True)
class Knob:
    name: str
    kind: type  # bool, int, float or str
    default: Any
    doc: str
    choices: tuple[str, ...] = ()
    minimum: float | None = None


_KNOBS = (
    Knob("disconnect", bool, False, "The phone drops off: transports close, the in-process driver raises."),
    Knob(
        "disconnect_for",
        float,
        0.0,
        "The phone drops off now for this many seconds, then comes back by itself (setting it "
        "through the phone's own shell is the only way to bring a phone back from outside).",
        minimum=0.0,
    ),
    Knob("unauthorized", bool, False, "ADB refuses the host's key: the adb server lists it as unauthorized."),
    Knob("disk_full", bool, False, "Writes to the phone's storage fail with ENOSPC."),
    Knob("slow_ms", int, 0, "Delay every shell command by this many milliseconds.", minimum=0),
    Knob(
        "permission_popup",
        bool,
        True,
        "Apps' first-run permission requests show the system dialog (answered once, then "
        "remembered); off: requests are granted silently.",
    ),
    Knob("captcha", bool, False, "Apps show their captcha / security check instead of the next screen."),
    Knob("upload_error", bool, False, "Uploads fail (TikTok/Instagram show their upload error)."),
    Knob(
        "action_blocked", bool, False, "Follow/comment/like is refused ('Try again later', 'Action Blocked')."
    ),
    Knob("logged_out", bool, False, "The apps show their login screen (the session expired)."),
    Knob("locale", str, "en", "The apps' language.", choices=("en", "fr")),
    Knob(
        "id_profile",
        str,
        "",
        "Resource-id profile per app family, comma separated (e.g. 'tiktok-35,ig-300'); empty: "
        "each app's newest. TikTok: tiktok-43, tiktok-35, tiktok-noids; Instagram: ig-410, ig-300.",
    ),
    Knob("upload_seconds", float, 2.0, "How long an upload takes (phone clock seconds).", minimum=0.0),
    Knob("publish_confirm", bool, False, "TikTok asks 'Publish video publicly?' + 'Publish now' after Post."),
    Knob("not_now_prompts", bool, False, "Apps show 'Not now' prompts (notifications, save login, ...)."),
    Knob(
        "share_disabled_seconds",
        float,
        0.0,
        "Instagram's Share button stays disabled this long after the share screen opens.",
        minimum=0.0,
    ),
)

KNOBS: dict[str, Knob] = {knob.name: knob for knob in _KNOBS}
ID_PROFILES = {"tiktok": ("tiktok-43", "tiktok-35", "tiktok-noids"), "ig": ("ig-410", "ig-300")}

_TRUE = {"1", "true", "on", "yes"}
_FALSE = {"0", "false", "off", "no"}


def knob(name: str) -> Knob:
    try:
        return KNOBS[name]
    except KeyError:
        known = ", ".join(sorted(KNOBS))
        raise KnobError(f"unknown knob {name!r} (known: {known})") from None


def coerce(name: str, value: Any) -> Any:
    """``value`` converted to the knob's type (text from a shell is accepted); raise
    :class:`KnobError` naming the knob and the problem."""
    spec = knob(name)
    try:
        result: Any
        if spec.kind is bool:
            if isinstance(value, bool):
                result = value
            elif str(value).strip().lower() in _TRUE:
                result = True
            elif str(value).strip().lower() in _FALSE:
                result = False
            else:
                raise ValueError("expected true/false/1/0/on/off")
        elif spec.kind is int:
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError("expected an integer")
            result = int(str(value).strip()) if isinstance(value, str) else int(value)
        elif spec.kind is float:
            if isinstance(value, bool):
                raise ValueError("expected a number")
            result = float(value)
        else:
            result = str(value)
    except (TypeError, ValueError) as exc:
        raise KnobError(f"knob {name}: invalid value {value!r} ({exc})") from None
    if spec.choices and result not in spec.choices:
        raise KnobError(f"knob {name}: invalid value {result!r} (one of: {', '.join(spec.choices)})")
    if spec.minimum is not None and result < spec.minimum:
        raise KnobError(f"knob {name}: invalid value {result!r} (must be >= {spec.minimum:g})")
    if name == "id_profile" and result:
        known = {p for group in ID_PROFILES.values() for p in group}
        for part in result.split(","):
            if part.strip() not in known:
                raise KnobError(
                    f"knob id_profile: unknown profile {part.strip()!r} (known: {', '.join(sorted(known))})"
                )
    return result


def id_profile_for(value: str, family: str) -> str:
    """The profile an app family (``tiktok`` or ``ig``) uses under an ``id_profile`` value."""
    choices = ID_PROFILES[family]
    for part in value.split(","):
        if part.strip() in choices:
            return part.strip()
    return choices[0]


def defaults() -> dict[str, Any]:
    return {name: spec.default for name, spec in KNOBS.items()}
