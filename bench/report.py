"""Pictures of the benchmark results in ``bench/results/*.json``, for docs/benchmarks.md.

.venv/bin/pip install -e '.[bench]' && .venv/bin/python -m bench.report
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from bench.common import RESULTS

OUT = Path(__file__).parents[1] / "docs" / "benchmarks"

# Peers measured on a machine of the same kind (notes/task-claims.md): 10,000 no-op tasks over
# 500 phones, at most one running per phone.
PEERS = {
    "procrastinate + PostgreSQL": 930,
    "RQ + Redis": 730,
    "Celery + Redis (no per-phone limit)": 1550,
    "Huey + SQLite (fsync)": 2430,
}


def load(name: str) -> dict[str, Any] | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def claims_chart(data: dict[str, Any]) -> Path:
    rows = [
        (f"farmhand, {r['store']}, {r['claimers']} claimer(s)", r["tasks_per_s"]) for r in data["results"]
    ]
    rows += [(f"{name} (peer)", value) for name, value in PEERS.items()]
    rows.sort(key=lambda r: r[1])
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(rows) + 1))
    colors = ["#2b6cb0" if name.startswith("farmhand") else "#a0aec0" for name, _ in rows]
    ax.barh([name for name, _ in rows], [value for _, value in rows], color=colors)
    for i, (_, value) in enumerate(rows):
        ax.text(value, i, f" {value:,}", va="center", fontsize=8)
    ax.set_xlabel("tasks per second (claim + finish, no script)")
    ax.set_title(f"Claiming 10,000 tasks over {data['phones']} phones")
    fig.tight_layout()
    path = OUT / "claims.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def latency_chart(dispatch: dict[str, Any], api: dict[str, Any]) -> Path:
    labels, p50, p95 = [], [], []
    for label, stats in (
        ("idle dispatch\n(created → started)", dispatch["idle_dispatch_ms"]),
        ("queue gap\n(end → next start)", dispatch["queue_gap_ms"]),
        ("GET /task\n(20 of 10,000)", api["results"]["list_20"]["latency_ms"]),
        ("POST /task", api["results"]["create"]["latency_ms"]),
        ("GET /task/stats", api["results"]["stats"]["latency_ms"]),
    ):
        labels.append(label)
        p50.append(stats["p50"])
        p95.append(stats["p95"])
    fig, ax = plt.subplots(figsize=(8, 3.6))
    xs = range(len(labels))
    ax.bar([x - 0.2 for x in xs], p50, width=0.4, label="p50", color="#2b6cb0")
    ax.bar([x + 0.2 for x in xs], p95, width=0.4, label="p95", color="#90cdf4")
    ax.set_xticks(list(xs), labels, fontsize=8)
    ax.set_ylabel("milliseconds")
    ax.set_title("Latencies (live server; API under 8 client threads)")
    ax.legend()
    fig.tight_layout()
    path = OUT / "latency.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    made = []
    claims = load("claims")
    if claims:
        made.append(claims_chart(claims))
    dispatch, api = load("dispatch"), load("api_load")
    if dispatch and api:
        made.append(latency_chart(dispatch, api))
    for path in made:
        print("wrote", path)


if __name__ == "__main__":
    main()
