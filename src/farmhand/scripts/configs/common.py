"""Building blocks shared by the script configs: range checks with readable messages, the
``platform`` extension, target lists written the TikMatrix ways, and usernames and URLs.

Validators raise :class:`pydantic_core.PydanticCustomError` so that pydantic's ``msg`` is the
message itself ("must be >= 0"), which the API prints as ``script_config.<field>: <msg>``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, BeforeValidator, ValidationInfo
from pydantic_core import PydanticCustomError

from farmhand.domain import Platform
from farmhand.scripts.base import ScriptConfig


def invalid(message: str) -> PydanticCustomError:
    """A validation error whose message reads exactly as given (no template expansion, so
    client text quoted in it cannot be mistaken for a placeholder)."""
    return PydanticCustomError("farmhand", message, None)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _at_least(low: float) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if value < low:
            raise invalid(f"must be >= {_num(low)}")
        return value

    return check


def _between(low: float, high: float) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if not low <= value <= high:
            raise invalid(f"must be between {_num(low)} and {_num(high)}")
        return value

    return check


def _choice(*allowed: Any) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if value not in allowed:
            raise invalid("must be one of: " + ", ".join(str(a) for a in allowed))
        return value

    return check


def choice_of(*allowed: Any) -> AfterValidator:
    return AfterValidator(_choice(*allowed))


def _spelled(*allowed: str, aliases: dict[str, str] | None = None) -> Callable[[Any], Any]:
    """Accept a word in any case (and a few spellings), return its canonical form."""
    canonical = {a.lower(): a for a in allowed}
    canonical.update({k.lower(): v for k, v in (aliases or {}).items()})

    def normalize(value: Any) -> Any:
        if isinstance(value, str) and value.strip().lower() in canonical:
            return canonical[value.strip().lower()]
        if isinstance(value, str):
            raise invalid("must be one of: " + ", ".join(allowed))
        raise invalid("must be a string, one of: " + ", ".join(allowed))

    return normalize


def word(*allowed: str, aliases: dict[str, str] | None = None) -> BeforeValidator:
    return BeforeValidator(_spelled(*allowed, aliases=aliases))


def at_least(low: float) -> AfterValidator:
    return AfterValidator(_at_least(low))


def between(low: float, high: float) -> AfterValidator:
    return AfterValidator(_between(low, high))


# ``int | float`` keeps a client's 600 as 600 (not 600.0) in the stored config.
Number = int | float
NonNegativeInt = Annotated[int, at_least(0)]
NonNegativeNumber = Annotated[Number, at_least(0)]
Percent = Annotated[int, between(0, 100)]
Probability = Annotated[Number, between(0, 100)]
CommentOrder = Annotated[str, word("random", "sequential")]


def _platform(value: Any) -> Any:
    if value is None or isinstance(value, Platform):
        return value
    if isinstance(value, str) and value.strip().lower() in {p.value for p in Platform}:
        return Platform(value.strip().lower())
    raise invalid("must be one of: tiktok, instagram")


class BaseScriptConfig(ScriptConfig):
    """What every farmhand script config accepts on top of TikMatrix's parameters."""

    # Extension: which app to drive. Absent: the task's account's platform, else TikTok.
    platform: Annotated[Platform | None, BeforeValidator(_platform)] = None


def parse_list(value: Any, what: str) -> list[str]:
    """A list given as a JSON array or as one string separated by newlines or commas."""
    if value is None:
        return []
    if isinstance(value, str):
        items: Iterable[Any] = re.split(r"[\n,]", value)
    elif isinstance(value, list | tuple):
        items = value
    else:
        raise invalid(f"must be a list of {what} or a newline or comma separated string")
    out: list[str] = []
    for index, item in enumerate(items):
        if not isinstance(item, str):
            raise invalid(f"item {index} must be a string")
        # An array element may itself hold several (TikMatrix clients paste lists).
        parts = re.split(r"[\n,]", item) if isinstance(value, list | tuple) else [item]
        out.extend(p.strip() for p in parts if p.strip())
    return out


def text_lines(text: str) -> list[str]:
    """The non-blank lines of a newline-separated parameter, stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def dedupe(items: Iterable[str], key: Callable[[str], str] = str.lower) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


_USERNAME = re.compile(r"^[A-Za-z0-9_.]{1,30}$")
_PROFILE_URL = re.compile(
    r"^https?://(?:www\.|m\.)?(?:tiktok\.com/@|instagram\.com/)([A-Za-z0-9_.]{1,30})/?(?:\?.*)?$"
)


def normalize_username(raw: str) -> str:
    """``@alice``, ``alice`` or a profile URL → ``alice``; raise if it cannot be a username."""
    text = raw.strip()
    match = _PROFILE_URL.match(text)
    if match:
        text = match.group(1)
    text = text.removeprefix("@").strip()
    if not _USERNAME.match(text):
        raise invalid(f"{raw.strip()!r} is not a valid username (letters, digits, '_' and '.', at most 30)")
    return text


TIKTOK_HOSTS = ("tiktok.com",)
INSTAGRAM_HOSTS = ("instagram.com", "instagr.am")


def url_platform(url: str) -> Platform | None:
    """Which app a post URL belongs to, or None if it is neither's."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    for platform, hosts in ((Platform.TIKTOK, TIKTOK_HOSTS), (Platform.INSTAGRAM, INSTAGRAM_HOSTS)):
        if any(host == h or host.endswith("." + h) for h in hosts):
            return platform
    return None


def check_post_url(url: str, platform: Platform | None) -> str:
    if any(c.isspace() for c in url) or len(url) > 2048:
        raise invalid(f"{url!r} is not a valid URL")
    found = url_platform(url)
    if found is None:
        raise invalid(f"{url!r} is not a TikTok or Instagram post URL")
    if platform is not None and found is not platform:
        raise invalid(f"{url!r} is a {found.value} URL but platform is {platform.value}")
    return url


def context_flag(info: ValidationInfo, name: str) -> Any:
    context = info.context if isinstance(info.context, dict) else {}
    return context.get(name)


OptionalText = Annotated[str, BeforeValidator(lambda v: "" if v is None else v)]
"""A text parameter where TikMatrix clients send ``null`` for "not set"."""

LineList = Annotated[str, BeforeValidator(lambda v: "\n".join(v) if isinstance(v, list) else v)]
"""Newline-separated text that some clients send as an array of lines."""

__all__ = [
    "BaseScriptConfig",
    "CommentOrder",
    "LineList",
    "NonNegativeInt",
    "NonNegativeNumber",
    "Number",
    "OptionalText",
    "Percent",
    "Probability",
    "at_least",
    "between",
    "check_post_url",
    "choice_of",
    "context_flag",
    "dedupe",
    "invalid",
    "normalize_username",
    "parse_list",
    "text_lines",
    "url_platform",
    "word",
]
