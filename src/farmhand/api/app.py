"""The ASGI application: the API under ``/api/v1`` (TikMatrix-compatible), the same handlers
under ``/ui/api`` for the dashboard (source ``ui``, usable whatever the plan), and the
OpenAPI document at ``/openapi.json``."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from farmhand import __version__
from farmhand.api import errors
from farmhand.api.context import AppContext
from farmhand.api.guard import API_PREFIX, UI_API_PREFIX, RequestGuard
from farmhand.api.routes import accounts, devices, license, materials, settings, tasks
from farmhand.domain import TaskSource

DESCRIPTION = """\
farmhand runs automation tasks (posting videos and photo carousels, following, commenting,
warming up accounts) on farms of Android phones.

Every response is `{"code": int, "message": str, "data": ...}`: `code` 0 is success; otherwise
the HTTP status is the code divided by 100 (40001 → 400). Request bodies must be
`application/json`. When the server listens beyond this machine, send
`Authorization: Bearer <token>`.
"""


def _api_router(ctx: AppContext, source: str) -> APIRouter:
    router = APIRouter()
    router.include_router(tasks.build(ctx, source))
    router.include_router(devices.build(ctx))
    router.include_router(accounts.build(ctx))
    router.include_router(materials.build(ctx))
    router.include_router(license.build(ctx))
    router.include_router(settings.build(ctx))
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
    app.state.ctx = ctx
    errors.install(app)
    app.include_router(_api_router(ctx, TaskSource.API.value), prefix=API_PREFIX)
    app.include_router(_api_router(ctx, TaskSource.UI.value), prefix=UI_API_PREFIX, include_in_schema=False)
    app.add_middleware(RequestGuard, ctx=ctx)
    return app
