"""`make bench`: every benchmark in sequence, each in its own process (so that its peak RSS is
its own), under a total time budget; prints the figure table and writes bench/out/.

Generated data sets and the warehouses built from them live in $CR_BENCH_DIR (default
<tmp>/creative-regions-bench), keyed by a hash of the generator parameters; an ETL result is
reused while etl/ is unchanged (delete the directory to measure from scratch).

Environment: BENCH_SIZES (default 10000,100000,1000000), BENCH_RERUNS (default 50),
BENCH_MEMORY_RERUNS (default 300; 0 skips bench.dashboard_memory), BENCH_PRESS_RELEASES
(default 1000), BENCH_BUDGET_S (default 840), BENCH_CONCURRENCY (sessions at once for
bench.concurrency, default 1,5,10,20,40; empty skips it; run at 10^5 and 10^6 only, ~2-6 min
per size, outside the budget) and BENCH_CONCURRENCY_CHANGES (default 10).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.generate import Params, generate
from bench.pinning import pin_env

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
SIZES = tuple(int(s) for s in os.environ.get("BENCH_SIZES", "10000,100000,1000000").split(","))
RERUNS = int(os.environ.get("BENCH_RERUNS", "50"))
MEMORY_RERUNS = int(os.environ.get("BENCH_MEMORY_RERUNS", "300"))
PRESS_RELEASES = int(os.environ.get("BENCH_PRESS_RELEASES", "1000"))
BUDGET_S = float(os.environ.get("BENCH_BUDGET_S", "840"))
CONCURRENCY = os.environ.get("BENCH_CONCURRENCY", "1,5,10,20,40").strip()
CONCURRENCY_CHANGES = os.environ.get("BENCH_CONCURRENCY_CHANGES", "10")
REFRESH_SIZES = tuple(int(s) for s in os.environ.get("BENCH_REFRESH_SIZES", "400,10000").split(",")
                      if s)
REFRESH_FRESH_MAX = 1000  # archives up to this size are extracted from scratch on every bench
CACHE = Path(os.environ.get("CR_BENCH_DIR") or Path(tempfile.gettempdir())
             / "creative-regions-bench")
START = time.monotonic()


def log(msg: str) -> None:
    print(f"[{time.monotonic() - START:6.0f}s] {msg}", flush=True)


def left() -> float:
    return BUDGET_S - (time.monotonic() - START)


def worker(module: str, *args: str, timeout: float | None = None) -> dict:
    """Run `python -m bench.<module>` pinned to one BLAS thread; its JSON answer."""
    proc = subprocess.run([sys.executable, "-m", f"bench.{module}", *args], cwd=ROOT,
                          env=pin_env(), capture_output=True, text=True,
                          timeout=timeout or max(60.0, left()))
    if proc.returncode != 0:
        raise RuntimeError(f"bench.{module} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def code_hash() -> str:
    """ETL code and SQL: a cached warehouse is rebuilt when any of them changes."""
    h = hashlib.sha1()
    for path in sorted((ROOT / "etl").rglob("*")):
        if path.suffix in (".py", ".sql") and "__pycache__" not in path.parts:
            h.update(path.read_bytes())
    for path in sorted((ROOT / "data" / "reference").glob("*.csv")):
        h.update(path.read_bytes())
    return h.hexdigest()[:12]


def dataset(params: Params) -> Path:
    out = CACHE / params.key()
    if not (out / "summary.json").exists():
        t0 = time.perf_counter()
        generate(params, out)
        log(f"generated {params} in {time.perf_counter() - t0:.1f}s -> {out}")
    return out


def etl(params: Params, data: Path, documents: bool = False) -> dict:
    """The ETL result for a data set, from cache while etl/ is unchanged."""
    db = CACHE / f"{params.key()}-{code_hash()}.duckdb"
    result_file = db.with_suffix(".json")
    if db.exists() and result_file.exists():
        result = json.loads(result_file.read_text())
        result["cached"] = True
        return result
    args = ["--data", str(data), "--db", str(db)]
    if documents:
        args += ["--documents", str(data / "documents")]
    result = worker("etl_bench", *args) | {"db": str(db)}
    result_file.write_text(json.dumps(result))
    return result


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    CACHE.mkdir(parents=True, exist_ok=True)
    results: dict = {"sizes": {}, "machine": {"cpus": os.cpu_count()}, "reruns": RERUNS}
    log(f"cache {CACHE}; sizes {SIZES}; {RERUNS} reruns per page; budget {BUDGET_S:.0f}s")
    for n in SIZES:
        params = Params(activities=n)
        data = dataset(params)
        size: dict = results["sizes"].setdefault(str(n), {})
        size["etl"] = etl(params, data)
        log(f"{n}: ETL {size['etl']['seconds']}s{' (cached)' if size['etl'].get('cached') else ''}")
        _save(results)
    press = Params(activities=0, press_releases=PRESS_RELEASES)
    results["extract"] = etl(press, dataset(press), documents=True)
    log(f"press releases: ETL {results['extract']['seconds']}s")
    results["extract_steady"] = worker("extract_bench", "--documents",
                                       str(dataset(press) / "documents"), "--limit", "300")
    log(f"extraction: {results['extract_steady']['docs_per_s']} documents/s")
    _save(results)
    refresh_after_one(results)
    for n in SIZES:
        size = results["sizes"][str(n)]
        db = size["etl"]["db"]
        if left() < 60:
            log(f"budget spent: skipping the dashboard at {n}")
            continue
        try:
            size["dashboard"] = worker("dashboard_bench", "--db", db, "--reruns", str(RERUNS))
            log(f"{n}: dashboard reruns done")
            if MEMORY_RERUNS:
                size["memory"] = worker("dashboard_memory", "--db", db,
                                        "--reruns", str(MEMORY_RERUNS))
                log(f"{n}: {MEMORY_RERUNS} reruns in one session: peak RSS "
                    f"{size['memory']['peak_rss_mb']} MB")
            size["coldstart"] = worker("coldstart", "--db", db, timeout=300)
            log(f"{n}: cold start {size['coldstart']['first_page_s']}s")
        except (subprocess.TimeoutExpired, RuntimeError) as exc:  # print what was measured
            log(f"{n}: dashboard not measured: {str(exc)[:500]}")
        _save(results)
    for n in SIZES:
        if not CONCURRENCY or n < 100_000:
            continue
        size = results["sizes"][str(n)]
        try:
            size["concurrency"] = worker("concurrency", "--db", size["etl"]["db"], "--sessions",
                                         CONCURRENCY, "--changes", CONCURRENCY_CHANGES,
                                         timeout=1800)
            log(f"{n}: {CONCURRENCY} sessions at once measured")
        except (subprocess.TimeoutExpired, RuntimeError) as exc:
            log(f"{n}: concurrency not measured: {str(exc)[:500]}")
        _save(results)
    results["total_s"] = round(time.monotonic() - START, 1)
    _save(results)
    from bench.report import table

    text = table(results)
    (OUT / "figures.md").write_text(text, encoding="utf-8")
    print(text)
    log(f"done in {results['total_s']}s; bench/out/results.json, bench/out/figures.md")


def refresh_after_one(results: dict) -> None:
    """bench.refresh_bench per archive size: a first run, then a refresh after one new release.
    A large archive is extracted once into $CR_BENCH_DIR/refresh-<n> and kept (its first
    extraction takes the better part of an hour on 2 shared cores): only its refresh is timed
    again."""
    if not REFRESH_SIZES:
        return
    press = Params(activities=0, press_releases=max(REFRESH_SIZES) + 1)
    documents = dataset(press) / "documents"
    for n in REFRESH_SIZES:
        args = ["--documents", str(documents), "--n", str(n), "--work", str(CACHE / f"refresh-{n}")]
        if n <= REFRESH_FRESH_MAX:
            args.append("--fresh")
        try:
            out = worker("refresh_bench", *args)
        except (subprocess.TimeoutExpired, RuntimeError) as exc:
            log(f"refresh at {n}: not measured: {str(exc)[:300]}")
            continue
        results.setdefault("refresh", {})[str(n)] = out
        first, again = out["first_run"], out["refresh_after_one"]
        log(f"refresh at {n} releases: first run {first['process_seconds']}s (cold: "
            f"{first['cold']}), after one new {again['process_seconds']}s "
            f"(CPU {again['cpu_s']}s) = {out['refresh_share_of_first']:.0%}; "
            f"load {again['load_avg_1m']}")
        _save(results)


def _save(results: dict) -> None:
    (OUT / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
