"""The dashboard's pages: shells rendered by Jinja2 that their JavaScript module fills from
``/ui/api``. A page carries what it needs to start (the task id, the script forms, the plans)
in a ``<script type="application/json" id="page-data">`` block."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from farmhand import __version__
from farmhand.plans import PLANS
from farmhand.web.assets import TEMPLATES_DIR, asset_url
from farmhand.web.script_forms import script_forms

# The browser may run our modules and Alpine's expressions (it compiles them with Function),
# load pictures from here and from blobs it made, and nothing else; no framing (clickjacking).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' blob: data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


@dataclass(frozen=True)
class NavItem:
    key: str
    href: str
    label: str


NAV = (
    NavItem("farm", "/", "Farm"),
    NavItem("tasks", "/tasks", "Tasks"),
    NavItem("new", "/tasks/new", "New task"),
    NavItem("accounts", "/accounts", "Accounts"),
    NavItem("materials", "/materials", "Materials"),
    NavItem("settings", "/settings", "Settings"),
)


def _plans() -> list[dict[str, Any]]:
    return [
        {
            "name": plan.name,
            "display_name": plan.display_name,
            "device_limit": plan.device_limit,
            "api_enabled": plan.api_enabled,
        }
        for plan in PLANS.values()
    ]


def build_pages() -> APIRouter:
    templates = Jinja2Templates(directory=TEMPLATES_DIR)
    templates.env.globals.update(asset=asset_url, nav=NAV, version=__version__)
    router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

    def page(
        request: Request, template: str, active: str, title: str, data: dict[str, Any] | None = None
    ) -> HTMLResponse:
        context = {"active": active, "title": title, "page_data": data or {}}
        return templates.TemplateResponse(request, template, context, headers=SECURITY_HEADERS)

    @router.get("/")
    async def overview(request: Request) -> HTMLResponse:
        return page(request, "overview.html", "farm", "Farm")

    @router.get("/tasks")
    async def task_list(request: Request) -> HTMLResponse:
        return page(request, "tasks.html", "tasks", "Tasks")

    @router.get("/tasks/new")
    async def new_task(request: Request) -> HTMLResponse:
        return page(request, "new_task.html", "new", "New task", {"scripts": script_forms()})

    @router.get("/tasks/{task_id}")
    async def task_detail(request: Request, task_id: str) -> HTMLResponse:
        # The page itself says "not found" for an unknown or malformed id, as a page.
        number = int(task_id) if task_id.isascii() and task_id.isdigit() and len(task_id) < 19 else 0
        return page(request, "task_detail.html", "tasks", f"Task {task_id}", {"task_id": number or None})

    @router.get("/accounts")
    async def account_list(request: Request) -> HTMLResponse:
        return page(request, "accounts.html", "accounts", "Accounts")

    @router.get("/materials")
    async def material_list(request: Request) -> HTMLResponse:
        return page(request, "materials.html", "materials", "Materials")

    @router.get("/settings")
    async def settings_page(request: Request) -> HTMLResponse:
        return page(request, "settings.html", "settings", "Settings", {"plans": _plans()})

    return router
