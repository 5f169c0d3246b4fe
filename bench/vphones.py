"""What virtual phones cost: memory of a farm of N phones on the wire (resident set of the
process), time to bring them up, and the time to render one screen to PNG.

    .venv/bin/python -m bench.vphones [--counts 50 200 500]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import save, summary

CHILD = """
import sys, time, resource, json, tempfile
from pathlib import Path
from farmhand.virtual.farm import VirtualFarm
from farmhand.virtual.adb.server import WireFarm
folder = Path(sys.argv[2])
count = int(sys.argv[1])
t0 = time.perf_counter()
farm = VirtualFarm(folder, count, seed=1)
loaded = time.perf_counter() - t0
wire = WireFarm([(p.phone, p.port) for p in farm.phones])
wire.start()
up = time.perf_counter() - t0
for p in farm.phones:
    p.phone.screenshot_png()  # every phone rendered once, as a dashboard would
rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
result = {"phones": count, "load_s": round(loaded, 2), "up_s": round(up, 2), "max_rss_mb": round(rss_mb)}
print(json.dumps(result))
wire.stop()
"""


def render_times(samples: int = 50) -> dict[str, float]:
    from farmhand.virtual.phone import VirtualPhone

    with tempfile.TemporaryDirectory() as folder:
        phone = VirtualPhone("vphone-01", Path(folder) / "p", seed=1)
        phone.run("monkey -p com.zhiliaoapp.musically -c android.intent.category.LAUNCHER 1")
        times = []
        for _ in range(samples):
            t0 = time.perf_counter()
            phone.screenshot_png()
            times.append((time.perf_counter() - t0) * 1000)
    return {k: round(v, 1) for k, v in summary(times).items()}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--counts", type=int, nargs="+", default=[50, 200, 500])
    args = parser.parse_args()
    farms = []
    for count in args.counts:
        with tempfile.TemporaryDirectory() as folder:
            out = subprocess.run(
                [sys.executable, "-c", CHILD, str(count), folder],
                capture_output=True,
                text=True,
                check=True,
                timeout=1200,
            )
            line = out.stdout.strip().splitlines()[-1]
            farms.append(json.loads(line))
            print(farms[-1])
    baseline = subprocess.run(
        [
            sys.executable,
            "-c",
            "import resource, farmhand.virtual.farm, "
            "farmhand.virtual.adb.server; print(resource.getrusage(resource.RUSAGE_SELF)"
            ".ru_maxrss/1024)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    render = render_times()
    print("render ms", render)
    print(
        "saved",
        save(
            "vphones",
            {"farms": farms, "baseline_rss_mb": round(float(baseline.stdout)), "render_png_ms": render},
        ),
    )


if __name__ == "__main__":
    main()
