"""Server-side time of a dashboard rerun after a filter change, page by page, through the real
page code (streamlit AppTest on dashboard/app.py), and beside it the floor: the very SQL the
page ran in that rerun, replayed directly on DuckDB with the same parameters.

Each rerun sets a filter state not seen before in the process (a region and a year range), so
the query cache misses exactly as it does for a user changing a filter. A worker process: its
peak RSS is the dashboard's server-side memory at this warehouse size. Prints one JSON object.

    python -m bench.dashboard_bench --db /tmp/cr-bench/<key>.duckdb --reruns 50
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

from bench.pinning import peak_rss_mb, pin

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard" / "app.py")
PAGES = ("overview", "map", "timeline", "records", "sources", "quality")
YEARS = (2011, 2025)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(values: list[float]) -> dict:
    ms = [v * 1000 for v in values]
    return {"median_ms": round(statistics.median(ms), 1), "p95_ms": round(percentile(ms, .95), 1),
            "n": len(ms)}


class Recorder:
    """Wraps dashboard.db.fetch: every query a rerun really ran (cache misses), with its
    parameters and the number of rows it returned."""

    def __init__(self) -> None:
        from dashboard import db

        self.db, self.original = db, db.fetch
        self.calls: list[tuple[str, dict, int]] = []
        db.fetch = self._fetch

    def _fetch(self, sql, params, ident):
        df = self.original(sql, params, ident)
        self.calls.append((sql, dict(params), len(df)))
        return df

    def take(self) -> list[tuple[str, dict, int]]:
        calls, self.calls = self.calls, []
        return calls


def filter_states(regions: list[str], n: int) -> list[dict]:
    """n distinct filter states: one region (cycling, the busiest first) and a year range."""
    states = []
    for i in range(n):
        lo = YEARS[0] + (i * 3) % 9
        states.append({"region": [regions[i % len(regions)]],
                       "years": (lo, min(YEARS[1], lo + 2 + i % 5))})
    return states


def busiest_regions(db: Path) -> list[str]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return [r[0] for r in con.execute(
            "SELECT region_code FROM mart_activity "  # one row per activity and place
            "WHERE region_code IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1").fetchall()]
    finally:
        con.close()


def open_page(page: str):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=300)
    at.run()
    if page != "overview":
        at.switch_page(f"app_pages/{page}.py")
        at.run()
    return at


def bench_page(page: str, states: list[dict], recorder: Recorder) -> dict:
    from dashboard.i18n import key

    at = open_page(page)
    recorder.take()
    times, cpu, calls, errors = [], [], [], 0
    for state in states:
        at.session_state[key("f_region")] = state["region"]
        at.session_state[key("f_years")] = state["years"]
        t0, c0 = time.perf_counter(), time.process_time()
        at.run()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)  # all threads: the script's and DuckDB's
        calls.append(recorder.take())
        errors += bool(at.exception)
    return {"rerun": summary(times), "rerun_cpu": summary(cpu),
            "floor": floor(calls, recorder.original), "errors": errors,
            "queries_per_rerun": round(statistics.mean(len(c) for c in calls), 1),
            "max_rows": max((n for c in calls for _, _, n in c), default=0),
            "map_points_max": max((n for c in calls for sql, p, n in c
                                   if "total_places" in sql and "limit" in p), default=None)}


def floor(calls: list[list[tuple[str, dict, int]]], fetch) -> dict:
    """The same SQL, same parameters, straight on DuckDB: `fetch` is dashboard.db.fetch itself
    (cursor.execute(sql, params).df() on the dashboard's connection, no Streamlit, no cache);
    a second connection in this process would need the dashboard's exact connect config."""
    from dashboard import db

    ident = db.identity()
    times = []
    for rerun in calls:
        t0 = time.perf_counter()
        for sql, params, _ in rerun:
            fetch(sql, params, ident)
        times.append(time.perf_counter() - t0)
    return summary(times)


def main() -> None:
    pin()
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--reruns", type=int, default=50)
    ap.add_argument("--pages", default=",".join(PAGES))
    args = ap.parse_args()
    os.environ["CR_WAREHOUSE"] = str(args.db)
    states = filter_states(busiest_regions(args.db)[:40], args.reruns)
    recorder = None
    out: dict = {"pages": {}}
    for page in args.pages.split(","):
        if recorder is None:
            open_page("overview")  # imports the app once, outside the timings
            recorder = Recorder()
        out["pages"][page] = bench_page(page, states, recorder)
    out["peak_rss_mb"] = round(peak_rss_mb(), 1)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
