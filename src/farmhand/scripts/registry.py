"""Every script farmhand runs, by name; the ones TikMatrix's API offers are marked ``api``."""

from __future__ import annotations

from farmhand.scripts.base import Script
from farmhand.scripts.comment import CommentScript
from farmhand.scripts.follow import FollowScript, UnfollowScript
from farmhand.scripts.post import PostScript
from farmhand.scripts.warmup import WarmupScript

_SCRIPTS: dict[str, Script] = {
    script.name: script
    for script in (PostScript(), FollowScript(), UnfollowScript(), CommentScript(), WarmupScript())
}


def get_script(name: str) -> Script | None:
    return _SCRIPTS.get(name)


def all_scripts() -> dict[str, Script]:
    return dict(_SCRIPTS)


def api_script_names() -> list[str]:
    """Scripts offered through ``/api/v1`` (the others answer 40003)."""
    return [name for name, script in _SCRIPTS.items() if script.api]
