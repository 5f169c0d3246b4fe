"""The web dashboard served at ``/`` by ``farmhand serve``.

Server-rendered page shells (Jinja2) with small JavaScript modules and a vendored Alpine.js;
every piece of data comes from the API mounted at ``/ui/api`` (source ``ui``, allowed whatever
the plan), so the dashboard shows exactly what API clients see. No Node build step: the static
files under ``static/`` are the source.
"""

from __future__ import annotations

from fastapi import FastAPI

from farmhand.api.context import AppContext
from farmhand.web.assets import STATIC_DIR, STATIC_PREFIX, DashboardStatic
from farmhand.web.pages import build_pages


def mount(app: FastAPI, ctx: AppContext) -> None:
    """Add the dashboard's pages and static files to the API's application."""
    app.mount(STATIC_PREFIX, DashboardStatic(directory=STATIC_DIR), name="static")
    app.include_router(build_pages())


__all__ = ["mount"]
