"""Shared bits of the benchmarks: stores to measure on, timing, and the results file."""

from __future__ import annotations

import json
import os
import platform
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from farmhand.store import migrate
from farmhand.store.db import Database, normalize_url

RESULTS = Path(__file__).parent / "results"
POSTGRES = os.environ.get("FARMHAND_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


@contextmanager
def store(kind: str) -> Iterator[Database]:
    """A fresh, migrated store: ``sqlite`` (a temp file) or ``postgresql`` (a temp schema)."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            db = Database(f"sqlite:///{Path(folder) / 'bench.db'}")
            migrate.upgrade(db)
            try:
                yield db
            finally:
                db.dispose()
        return
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(normalize_url(POSTGRES), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        db = Database(f"{normalize_url(POSTGRES)}?options=-csearch_path%3D{schema}")
        migrate.upgrade(db)
        try:
            yield db
        finally:
            db.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "max": max(values),
        "mean": statistics.fmean(values),
    }


def save(name: str, data: dict[str, Any]) -> Path:
    RESULTS.mkdir(exist_ok=True)
    record = {
        "benchmark": name,
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "system": platform.platform(),
        },
        **data,
    }
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(record, indent=2) + "\n")
    return path


class Progress:
    """A one-line progress report on stderr for long runs."""

    def __init__(self, label: str, total: int) -> None:
        self.label, self.total, self.started, self.last = label, total, time.monotonic(), 0.0

    def update(self, done: int) -> None:
        now = time.monotonic()
        if now - self.last < 0.5 and done < self.total:
            return
        self.last = now
        rate = done / max(1e-9, now - self.started)
        import sys

        sys.stderr.write(f"\r  {self.label}: {done}/{self.total} ({rate:,.0f}/s)   ")
        if done >= self.total:
            sys.stderr.write("\n")
        sys.stderr.flush()
