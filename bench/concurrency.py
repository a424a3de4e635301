"""Many sessions at once against the real server: `streamlit run dashboard/app.py`, loaded by
1, 5, 10, 20 and 40 concurrent websocket sessions (bench/stclient.py speaks Streamlit's own
protocol, so one small process drives 40 sessions and the 2 cores measure the server, not 40
browsers). Prints one JSON object.

Each row starts a fresh server (empty caches), lets one warm-up session open every page
(imports, first-run costs), then starts N sessions at the same moment. Every session opens a
page and then makes `--changes` filter changes back to back (or `--think` seconds apart on
average): each change sets a region and a year range (the filter states of
bench/dashboard_bench.py; session i starts i states further along, so concurrent sessions mostly
ask different questions, as officials do) on one of the query pages, overview, map, timeline and
records in turn. The time of a change runs from sending the new widget values to
`script_finished` (the last element streamed). Beside the latencies: the server's CPU seconds
over the row (user + system, all its threads, DuckDB's included) as a share of the row's wall
time, its peak and final RSS, and the load average of the machine before and after (other
processes compete for the same 2 cores: a loaded machine makes every figure an upper bound).

    python -m bench.concurrency --db /tmp/cr-bench/<key>.duckdb --sessions 1,5,10,20,40
    python -m bench.concurrency --db <warehouse> --sessions 20 --replicas 2   # behind nginx
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.coldstart import free_port, wait_health
from bench.dashboard_bench import busiest_regions, filter_states, percentile
from bench.pinning import pin_env
from bench.stclient import StreamlitSession

ROOT = Path(__file__).resolve().parents[1]
PAGES = ("overview", "map", "timeline", "records")
ALL_PAGES = (*PAGES, "sources", "quality")
REGION_KEY, YEARS_KEY = "f_region__ru", "f_years__ru"


def region_labels(db: Path) -> dict[str, str]:
    """Region code -> the label its multiselect option shows (Russian), from the warehouse."""
    import duckdb

    from dashboard.queries import sql_text

    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(sql_text("filter_options")).fetchall()
    finally:
        con.close()
    return {value: label or value for field, value, label, _ in rows if field == "region"}


class Server:
    """`streamlit run` on a free loopback port, as `make run` starts it."""

    def __init__(self, db: Path, env: dict[str, str] | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"),
             "--server.port", str(self.port), "--server.address", "127.0.0.1",
             "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=ROOT, env=pin_env() | {"CR_WAREHOUSE": str(db)} | (env or {}),
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wait_health(self.port, self.proc)

    def cpu_s(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_mb(self, which: str = "VmRSS") -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith(which + ":"):
                return int(line.split()[1]) / 1024
        return 0.0

    def stop(self) -> str:
        if self.proc.poll() is not None:
            return ""
        self.proc.terminate()
        try:
            _, err = self.proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:  # our own child, by its pid
            self.proc.kill()
            _, err = self.proc.communicate()
        return (err or b"").decode(errors="replace")[-2000:]


async def one_session(url: str, index: int, states: list[dict], labels: dict[str, str],
                      changes: int, start: asyncio.Event, think: float = 0.0) -> dict:
    session = StreamlitSession(url)
    await session.connect()
    await start.wait()
    out: dict = {"open": None, "changes": [], "errors": []}
    try:
        page = PAGES[index % len(PAGES)]
        opened = await session.rerun(page)
        out["open"] = opened.seconds
        out["errors"] += opened.exceptions
        if not {REGION_KEY, YEARS_KEY} <= session.widget_ids.keys():
            raise RuntimeError(f"{page}: no filter widgets in the first run: {out['errors'][:3]}")
        for k in range(changes):
            if think:  # a person looks at the page: 0.5-1.4 × think seconds, spread evenly
                await asyncio.sleep(think * (0.5 + (index * 7 + k) % 10 / 10))
            state = states[(index + k) % len(states)]
            widgets = {REGION_KEY: [labels[c] for c in state["region"]],
                       YEARS_KEY: state["years"]}
            page = PAGES[(index + k) % len(PAGES)]
            result = await session.rerun(page, widgets)
            out["changes"].append(result.seconds)
            out["errors"] += result.exceptions
            if not result.elements:
                out["errors"].append(f"{page}: a run that streamed no element")
    finally:
        await session.close()
    return out


async def warm_up(url: str) -> None:
    session = StreamlitSession(url)
    await session.connect()
    try:
        for page in ALL_PAGES:
            await session.rerun(page)
    finally:
        await session.close()


async def load(url: str, n: int, states: list[dict], labels: dict[str, str],
               changes: int, think: float = 0.0) -> list[dict]:
    start = asyncio.Event()
    tasks = [asyncio.create_task(one_session(url, i, states, labels, changes, start, think))
             for i in range(n)]
    await asyncio.sleep(0.2)  # every websocket is open: now they all start at once
    start.set()
    return await asyncio.gather(*tasks)


def ms(values: list[float]) -> dict:
    if not values:
        return {"p50_ms": None, "p95_ms": None, "max_ms": None, "n": 0}
    v = [x * 1000 for x in values]
    return {"p50_ms": round(statistics.median(v)), "p95_ms": round(percentile(v, .95)),
            "max_ms": round(max(v)), "n": len(v)}


def row(db: Path, n: int, states, labels, changes: int, replicas: int = 1,
        think: float = 0.0) -> dict:
    """One row of the table: fresh servers (one, or `replicas` behind nginx as deploy/ runs
    them), N sessions."""
    with contextlib.ExitStack() as stack:
        servers = []
        for _ in range(replicas):
            servers.append(Server(db))
            stack.callback(servers[-1].stop)
        target = servers[0].url
        if replicas > 1:
            from deploy import proxy

            run_dir = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            target = stack.enter_context(proxy.running(
                free_port(), [s.url.removeprefix("http://") for s in servers], run_dir))
        for server in servers:
            asyncio.run(warm_up(server.url))
        load_before = os.getloadavg()[0]
        cpu0 = sum(s.cpu_s() for s in servers)
        client0 = time.process_time()
        t0 = time.perf_counter()
        sessions = asyncio.run(load(target, n, states, labels, changes, think))
        wall = time.perf_counter() - t0
        cpu = sum(s.cpu_s() for s in servers) - cpu0
        client = time.process_time() - client0  # this process: must stay well below the wall
        return {"sessions": n, "replicas": replicas, "think_s": think, "wall_s": round(wall, 1),
                "open": ms([s["open"] for s in sessions]),
                "change": ms([c for s in sessions for c in s["changes"]]),
                "runs_per_s": round(n * (changes + 1) / wall, 1),
                "errors": [e for s in sessions for e in s["errors"]][:5],
                "load_before": round(load_before, 1), "load_after": round(os.getloadavg()[0], 1),
                "server_cpu_s": round(cpu, 1), "server_cpu_pct": round(100 * cpu / wall),
                "cpu_ms_per_run": round(1000 * cpu / (n * (changes + 1))),
                "client_cpu_s": round(client, 1),
                "server_rss_mb": round(sum(s.rss_mb() for s in servers)),
                "server_peak_rss_mb": round(sum(s.rss_mb("VmHWM") for s in servers))}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--replicas", type=int, default=1,
                    help="replicas behind nginx (deploy/proxy.py); CPU and RSS are their sums")
    ap.add_argument("--sessions", default="1,5,10,20,40")
    ap.add_argument("--changes", type=int, default=10)
    ap.add_argument("--think", type=float, default=0.0,
                    help="mean seconds a session waits between changes (default: none)")
    args = ap.parse_args()
    regions = busiest_regions(args.db)[:40]
    labels = region_labels(args.db)
    states = filter_states(regions, 200)
    out = {"db": str(args.db), "changes_per_session": args.changes, "cpus": os.cpu_count(),
           "rows": []}
    for n in (int(s) for s in args.sessions.split(",")):
        out["rows"].append(row(args.db, n, states, labels, args.changes, args.replicas,
                               args.think))
        print(json.dumps(out["rows"][-1]), file=sys.stderr, flush=True)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
