"""Memory of the dashboard under sustained use: one AppTest session (one process, as one
Streamlit server) reruns the pages in turn, each rerun with a filter state not used before (a
region among the 40 busiest and a year range), so every query misses the cache and the result
cache, DuckDB's buffer pool and the Python heap all grow as they would under many users. Every
page is first opened once without filters (the heaviest queries: all activities).
Prints one JSON object: the peak RSS (VmHWM) and the RSS every 50 reruns.

    python -m bench.dashboard_memory --db /tmp/cr-bench/<key>.duckdb --reruns 300
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import statistics
import time
from pathlib import Path

from bench.dashboard_bench import APP, PAGES, YEARS, busiest_regions, summary
from bench.pinning import pin


def status_mb(field: str) -> float:
    """VmRSS or VmHWM of this process, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def distinct_states(regions: list[str], n: int) -> list[dict]:
    """n distinct filter states (region x year range), in a seeded order."""
    ranges = [(lo, hi) for lo in range(YEARS[0], YEARS[1] + 1) for hi in range(lo, YEARS[1] + 1)]
    states = [{"region": [r], "years": y} for r, y in itertools.product(regions, ranges)]
    random.Random(42).shuffle(states)
    if n > len(states):
        raise SystemExit(f"only {len(states)} distinct filter states")
    return states[:n]


def duckdb_mb() -> float:
    """Memory DuckDB's buffer manager holds on the dashboard's connection."""
    from dashboard import db

    cur = db.cursor(db.identity())
    try:
        return cur.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchall()[0][0] \
            / 1e6
    finally:
        cur.close()


def main() -> None:
    pin()
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--reruns", type=int, default=300)
    args = ap.parse_args()
    os.environ["CR_WAREHOUSE"] = str(args.db)
    from streamlit.testing.v1 import AppTest

    from dashboard.i18n import key

    states = distinct_states(busiest_regions(args.db)[:40], args.reruns)
    at = AppTest.from_file(APP, default_timeout=300)
    at.run()
    for page in PAGES[1:]:  # every page once without filters, as a user lands on it
        at.switch_page(f"app_pages/{page}.py")
        at.run()
    start_mb = status_mb("VmRSS")
    times, samples, errors = [], [], 0
    for i, state in enumerate(states):
        at.session_state[key("f_region")] = state["region"]
        at.session_state[key("f_years")] = state["years"]
        if PAGES[i % len(PAGES)] != page:
            page = PAGES[i % len(PAGES)]
            at.switch_page(f"app_pages/{page}.py")
        t0 = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t0)
        errors += bool(at.exception)
        if (i + 1) % 50 == 0 or i + 1 == len(states):
            samples.append({"reruns": i + 1, "rss_mb": round(status_mb("VmRSS"), 1),
                            "duckdb_mb": round(duckdb_mb(), 1)})
    print(json.dumps({"reruns": len(states), "errors": errors, "rerun": summary(times),
                      "rss_after_unfiltered_pages_mb": round(start_mb, 1), "samples": samples,
                      "peak_rss_mb": round(status_mb("VmHWM"), 1),
                      "rerun_median_ms_by_page": {
                          p: round(statistics.median(times[j::len(PAGES)]) * 1000, 1)
                          for j, p in enumerate(PAGES)}}))


if __name__ == "__main__":
    main()
