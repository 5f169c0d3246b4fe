"""Where the dashboard's static files live, and the version tag that busts browser caches."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

from starlette.responses import Response
from starlette.staticfiles import StaticFiles

PACKAGE_DIR = Path(__file__).resolve().parent
STATIC_DIR = PACKAGE_DIR / "static"
TEMPLATES_DIR = PACKAGE_DIR / "templates"
STATIC_PREFIX = "/static"


@cache
def static_version() -> str:
    """A short hash of every static file: a new release (or an edit) gets new URLs, so a browser
    never mixes old and new modules."""
    digest = hashlib.sha256()
    for path in sorted(STATIC_DIR.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(STATIC_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def asset_url(name: str) -> str:
    """The URL of a static file, with the version tag."""
    if not (STATIC_DIR / name).is_file():
        raise FileNotFoundError(f"no static file {name!r} under {STATIC_DIR}")
    return f"{STATIC_PREFIX}/{name}?v={static_version()}"


class DashboardStatic(StaticFiles):
    """Static files the browser revalidates each time (a cheap 304 on a local server): modules
    import each other by plain URLs, so none may linger from an older farmhand."""

    def file_response(self, *args: Any, **kwargs: Any) -> Response:
        response = super().file_response(*args, **kwargs)
        response.headers["Cache-Control"] = "no-cache"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response
