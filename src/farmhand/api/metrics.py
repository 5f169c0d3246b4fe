"""``/metrics``: Prometheus gauges read from the store at scrape time, so every host's work
shows (tasks by status, phones by state, running phones against the plan's limit)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from farmhand.api.context import AppContext
from farmhand.domain import DeviceState
from farmhand.store import devices, tasks


class StoreCollector(Collector):
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def collect(self) -> Iterator[GaugeMetricFamily]:
        with self.ctx.db.read() as conn:
            stats = tasks.stats(conn)
            states = Counter(d.state for d in devices.list_all(conn))
        by_status = GaugeMetricFamily("farmhand_tasks", "Tasks in the store by status", labels=["status"])
        for status in ("pending", "running", "completed", "failed"):
            by_status.add_metric([status], stats[status])
        yield by_status
        by_state = GaugeMetricFamily("farmhand_devices", "Phones by state", labels=["state"])
        for state in DeviceState:
            by_state.add_metric([state.value], states.get(state.value, 0))
        yield by_state
        limit = self.ctx.plan().device_limit
        yield GaugeMetricFamily(
            "farmhand_device_limit", "Phones that may run at once (0: unlimited)", value=limit or 0
        )


def build(ctx: AppContext) -> APIRouter:
    registry = CollectorRegistry()
    registry.register(StoreCollector(ctx))
    router = APIRouter(tags=["metrics"])

    @router.get(
        "/metrics",
        summary="Prometheus metrics",
        response_class=Response,
        responses={200: {"content": {CONTENT_TYPE_LATEST: {}}}},
    )
    async def metrics() -> Response:
        body = await run_in_threadpool(generate_latest, registry)
        return Response(body, media_type=CONTENT_TYPE_LATEST)

    return router
