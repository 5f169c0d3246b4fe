"""The ASGI application: the API under ``/api/v1`` (TikMatrix-compatible), the same handlers
under ``/ui/api`` for the dashboard (source ``ui``, usable whatever the plan), and the
OpenAPI document at ``/openapi.json``."""

from __future__ import annotations

import importlib

from fastapi import APIRouter, FastAPI

from farmhand import __version__
from farmhand.api import errors, events, metrics
from farmhand.api.context import AppContext
from farmhand.api.events import EventFeed
from farmhand.api.guard import API_PREFIX, UI_API_PREFIX, RequestGuard
from farmhand.api.routes import accounts, devices, license, materials, scripts, settings, tasks
from farmhand.domain import TaskSource

DESCRIPTION = """\
farmhand runs automation tasks (posting videos and photo carousels, following, commenting,
warming up accounts) on farms of Android phones.

Every response is `{"code": int, "message": str, "data": ...}`: `code` 0 is success; otherwise
the HTTP status is the code divided by 100 (40001 → 400). Request bodies must be
`application/json`. When the server listens beyond this machine, send
`Authorization: Bearer <token>`.
"""


def _api_router(ctx: AppContext, source: str, feed: EventFeed) -> APIRouter:
    router = APIRouter()
    router.include_router(events.build(ctx, feed))
    router.include_router(tasks.build(ctx, source))
    router.include_router(devices.build(ctx))
    router.include_router(accounts.build(ctx))
    router.include_router(materials.build(ctx))
    router.include_router(license.build(ctx))
    router.include_router(settings.build(ctx))
    router.include_router(scripts.build())
    return router


def create_app(ctx: AppContext) -> FastAPI:
    app = FastAPI(
        title="farmhand",
        version=__version__,
        description=DESCRIPTION,
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
    )
    feed = EventFeed(ctx)
    ctx.publish = feed.publish
    app.state.ctx = ctx
    app.state.events = feed
    errors.install(app)
    app.include_router(_api_router(ctx, TaskSource.API.value, feed), prefix=API_PREFIX)
    app.include_router(
        _api_router(ctx, TaskSource.UI.value, feed), prefix=UI_API_PREFIX, include_in_schema=False
    )
    app.include_router(metrics.build(ctx))
    _mount_dashboard(app, ctx)
    app.add_middleware(RequestGuard, ctx=ctx)
    return app


def _mount_dashboard(app: FastAPI, ctx: AppContext) -> None:
    """The dashboard lives in ``farmhand.web`` (an upper layer); it adds its pages itself."""
    try:
        web = importlib.import_module("farmhand.web")
    except ModuleNotFoundError as exc:
        if exc.name not in ("farmhand.web",):
            raise
        return
    mount = getattr(web, "mount", None)
    if mount is not None:
        mount(app, ctx)
