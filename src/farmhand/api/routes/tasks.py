"""``/task``: TikMatrix's ten endpoints, plus a task's log and failure screenshot."""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy import Connection

from farmhand.api import serialize
from farmhand.api.body import documented, json_body, json_object
from farmhand.api.context import AppContext
from farmhand.api.envelope import ERROR_RESPONSES, Envelope, success
from farmhand.api.schemas import (
    BatchDeleted,
    Deleted,
    RetryAll,
    TaskCreated,
    TaskLog,
    TaskOut,
    TaskPage,
    TaskStats,
)
from farmhand.domain import TaskStatus
from farmhand.planning.create import parse_request, plan_tasks
from farmhand.planning.errors import CONFLICT, INVALID, RequestError
from farmhand.planning.requests import CreateTaskRequest
from farmhand.store import idempotency
from farmhand.store import tasks as task_store
from farmhand.store.errors import NotFound
from farmhand.timeutil import utcnow


class BatchDelete(BaseModel):
    task_ids: list[int] = Field(min_length=1, max_length=10000)


TaskId = Annotated[int, PathParam(ge=1, le=2**63 - 1, description="Task id")]
STOP_WAIT_S = 15.0  # how long a stop or delete waits for the engine to end a running task


def build(ctx: AppContext, source: str) -> APIRouter:
    router = APIRouter(prefix="/task", tags=["tasks"], responses=ERROR_RESPONSES)
    db = ctx.db

    @router.post(
        "",
        response_model=Envelope[TaskCreated],
        summary="Create tasks",
        openapi_extra=documented(CreateTaskRequest, "Tasks to create (TikMatrix fields and extensions)."),
    )
    async def create_tasks(
        request: Request,
        idempotency_key: Annotated[
            str | None, Header(max_length=200, description="Repeat-safe creation (24 h)")
        ] = None,
        dry_run: Annotated[bool, Query(description="Extension: validate and count, create nothing")] = False,
    ) -> dict[str, Any]:
        body = await json_body(request)
        parsed = parse_request(body)
        digest = hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
        settings = await run_in_threadpool(ctx.settings)

        def work(conn: Connection) -> dict[str, Any]:
            now = utcnow()
            if idempotency_key:
                previous = idempotency.lookup(conn, idempotency_key, now)
                if previous is not None:
                    if previous[0] != digest:
                        raise RequestError(
                            CONFLICT, "Idempotency-Key was used with a different body in the last 24 h"
                        )
                    return previous[1]
            planned = plan_tasks(
                conn, parsed, source=source, settings=settings, roots=ctx.config.roots, now=now
            )
            if dry_run:
                return success({"task_ids": [], "created_count": len(planned), "dry_run": True})
            ids = task_store.create(conn, planned)
            response = success({"task_ids": ids, "created_count": len(ids)})
            if idempotency_key:
                idempotency.remember(conn, idempotency_key, digest, response, now)
            return response

        result = await run_in_threadpool(db.run_write, work)
        if not dry_run:
            ctx.wake_engine()
        return result

    @router.get("", response_model=Envelope[TaskPage], summary="List tasks, newest first")
    async def list_tasks(
        status: Annotated[
            int | None, Query(ge=0, le=3, description="0 pending, 1 running, 2 completed, 3 failed")
        ] = None,
        serial: Annotated[str | None, Query(max_length=200)] = None,
        script_name: Annotated[str | None, Query(max_length=60)] = None,
        source_filter: Annotated[str | None, Query(alias="source", pattern="^(api|ui|schedule)$")] = None,
        username: Annotated[str | None, Query(max_length=200)] = None,
        page: Annotated[int, Query(ge=1, le=10**9)] = 1,
        page_size: Annotated[int, Query(ge=1, le=100)] = 20,
    ) -> dict[str, Any]:
        flt = task_store.TaskFilter(
            status=TaskStatus(status) if status is not None else None,
            serial=serial,
            script_name=script_name,
            source=source_filter,
            username=username,
        )

        def work() -> dict[str, Any]:
            with db.read() as conn:
                items, total = task_store.page(conn, flt, page, page_size)
            return success(
                {
                    "items": [serialize.task(t) for t in items],
                    "total": total,
                    "page": page,
                    "page_size": page_size,
                }
            )

        return await run_in_threadpool(work)

    @router.get("/stats", response_model=Envelope[TaskStats], summary="Counts by status")
    async def stats() -> dict[str, Any]:
        def work() -> dict[str, Any]:
            with db.read() as conn:
                return success(task_store.stats(conn))

        return await run_in_threadpool(work)

    @router.post("/retry-all", response_model=Envelope[RetryAll], summary="Retry every failed task")
    async def retry_all() -> dict[str, Any]:
        retried, skipped = await run_in_threadpool(db.run_write, task_store.retry_all)
        ctx.wake_engine()
        return success({"retried_count": len(retried), "task_ids": retried, "skipped_count": skipped})

    @router.delete(
        "/batch",
        response_model=Envelope[BatchDeleted],
        summary="Delete several tasks",
        openapi_extra=documented(BatchDelete, "The tasks to delete"),
    )
    async def delete_batch(request: Request) -> dict[str, Any]:
        body = await json_object(request)
        ids = body.get("task_ids")
        if not isinstance(ids, list) or not ids:
            raise RequestError(INVALID, "task_ids: must be a non-empty list of task ids")
        if len(ids) > 10000:
            raise RequestError(INVALID, "task_ids: must have at most 10000 items")
        for i, value in enumerate(ids):
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value < 2**63:
                raise RequestError(INVALID, f"task_ids[{i}]: must be a task id (a positive integer)")
        wanted = list(dict.fromkeys(ids))
        deleted, still_running = await _delete(ctx, wanted)
        not_found = [i for i in wanted if i not in set(deleted) | set(still_running)]
        return success(
            {
                "deleted_count": len(deleted),
                "deleted_ids": deleted,
                "not_found_ids": not_found,
                "still_running_ids": still_running,
            }
        )

    @router.get("/{task_id}", response_model=Envelope[TaskOut], summary="One task")
    async def get_task(task_id: TaskId) -> dict[str, Any]:
        return success(serialize.task(await run_in_threadpool(_get, ctx, task_id)))

    @router.delete(
        "/{task_id}",
        response_model=Envelope[Deleted],
        summary="Delete a task (a running one is stopped first)",
    )
    async def delete_task(task_id: TaskId) -> dict[str, Any]:
        deleted, still_running = await _delete(ctx, [task_id])
        if still_running:
            raise RequestError(
                CONFLICT,
                f"task {task_id} is still running: its phone did not stop "
                f"within {STOP_WAIT_S:g} s; try again",
            )
        if not deleted:
            raise NotFound(f"task {task_id} not found")
        return success({"deleted": task_id})

    @router.post(
        "/{task_id}/stop", response_model=Envelope[TaskOut], summary="Stop a pending or running task"
    )
    async def stop_task(task_id: TaskId) -> dict[str, Any]:
        task = await run_in_threadpool(db.run_write, lambda c: task_store.request_stop(c, task_id))
        if task.status == TaskStatus.RUNNING:
            ctx.wake_engine()
            task = await _wait_until_not_running(ctx, task_id)
        return success(serialize.task(task))

    @router.post("/{task_id}/retry", response_model=Envelope[TaskOut], summary="Retry a failed task")
    async def retry_task(task_id: TaskId) -> dict[str, Any]:
        task = await run_in_threadpool(db.run_write, lambda c: task_store.retry(c, task_id))
        ctx.wake_engine()
        return success(serialize.task(task))

    @router.get("/{task_id}/log", response_model=Envelope[TaskLog], summary="The task's step log")
    async def task_log(task_id: TaskId) -> dict[str, Any]:
        def work() -> dict[str, Any]:
            with db.read() as conn:
                lines = task_store.read_log(conn, task_id)
            return success({"task_id": task_id, "items": [serialize.log_line(line) for line in lines]})

        return await run_in_threadpool(work)

    @router.get(
        "/{task_id}/screenshot",
        summary="The phone's screen when the task failed (PNG)",
        responses={200: {"content": {"image/png": {}}, "description": "PNG image"}},
    )
    async def task_screenshot(task_id: TaskId) -> Response:
        def work() -> bytes:
            with db.read() as conn:
                return task_store.read_screenshot(conn, task_id)

        png = await run_in_threadpool(work)
        return Response(png, media_type="image/png", headers={"Cache-Control": "no-store"})

    return router


def _get(ctx: AppContext, task_id: int) -> Any:
    with ctx.db.read() as conn:
        return task_store.get(conn, task_id)


async def _wait_until_not_running(ctx: AppContext, task_id: int) -> Any:
    """The engine ends a stopped script at its next step; wait for it, within reason."""
    deadline = time.monotonic() + STOP_WAIT_S
    task = await run_in_threadpool(_get, ctx, task_id)
    while task.status == TaskStatus.RUNNING and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
        task = await run_in_threadpool(_get, ctx, task_id)
    return task


async def _delete(ctx: AppContext, ids: list[int]) -> tuple[list[int], list[int]]:
    """Delete tasks; running ones are stopped first and deleted once their phone is free.
    Return (deleted ids, ids still running because their phone did not stop in time)."""
    db = ctx.db

    def flag_running(conn: Connection) -> list[int]:
        running = task_store.running_ids(conn, ids)
        for task_id in running:
            task_store.request_stop(conn, task_id)
        return running

    running = await run_in_threadpool(db.run_write, flag_running)
    if running:
        ctx.wake_engine()
        for task_id in running:
            await _wait_until_not_running(ctx, task_id)
    deleted = await run_in_threadpool(db.run_write, lambda c: task_store.delete_finished_or_pending(c, ids))
    for task_id in deleted:
        ctx.publish("task_deleted", {"id": task_id})
    still_running = sorted(set(running) - set(deleted))
    return sorted(deleted, key=ids.index), still_running
