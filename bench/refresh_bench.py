"""Refresh after one new press release, against the first run over the same archive.

`etl.pipeline.run` over the first N generated press releases (no curated rows), then one more
release is added and the run repeated: the second run extracts only the new one (the rest comes
from the extraction cache). Each run is a process of its own, started as `etl run` and the
dashboard's refresh are: its seconds include the interpreter's start and the imports, and nothing
is shared with the run before it (the reference data, natasha) but what the state dir holds.
With `--fresh` the state dir (and so the cache) starts empty and the first run is a cold one;
without it the state dir under --work is kept across bench runs, so a large archive is extracted
once (the first run is then reported as not cold). The load average is recorded next to the
figures: other processes share the cores, so the CPU seconds are the figure to compare across runs
(`cpu_s`: the run's own process; `stage_starts_cpu_s`: its CPU spent when each stage began; the
worker processes that extract new releases are children of multiprocessing's fork server and are
not counted: `CR_EXTRACT_WORKERS=1` puts all of a run's work in its own process). Prints one JSON
object.

    python -m bench.refresh_bench --documents DIR --n 400 --work /tmp/cr-bench/refresh-400 --fresh
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.pinning import pin


def _cpu() -> float:
    """User + system CPU of this process and its finished children (the extraction workers)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _run(work: Path) -> dict:
    """One run in a new process (`--run WORK`): its figures, and its wall time seen from here."""
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "bench.refresh_bench", "--run", str(work)],
                         check=True, capture_output=True, text=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    result["process_seconds"] = round(time.perf_counter() - t0, 2)  # with start-up and imports
    return result


def _settings(work: Path):
    from etl.config import Settings

    return Settings(warehouse=work / "warehouse.duckdb", curated_dir=work / "no-curated",
                    documents_dir=work / "documents", state_dir=work / "state",
                    geocoder="offline")


def _run_here(settings) -> dict:
    from etl.pipeline import run

    stages: dict[str, float] = {}
    stages_cpu: dict[str, float] = {}
    t0 = time.perf_counter()
    cpu0 = _cpu()

    def progress(stage: str, done: int, total: int) -> None:
        if stage not in stages:
            stages[stage] = round(time.perf_counter() - t0, 2)
            stages_cpu[stage] = round(_cpu() - cpu0, 2)

    load = os.getloadavg()[0]
    report = run(settings, progress)
    return {"seconds": round(time.perf_counter() - t0, 2), "stage_starts_s": stages,
            "cpu_s": round(_cpu() - cpu0, 2), "stage_starts_cpu_s": stages_cpu,
            "activities": report.counts.get("activity", 0), "load_avg_1m": round(load, 2),
            "load_avg_after": round(os.getloadavg()[0], 2)}


def measure(source: Path, n: int, work: Path, fresh: bool) -> dict:
    from etl.cache import ExtractionCache
    from etl.incremental import workers

    files = sorted(p for p in source.iterdir() if p.suffix == ".md")
    if len(files) < n + 1:
        raise SystemExit(f"{source} has {len(files)} press releases; {n + 1} needed")
    docs, curated = work / "documents", work / "no-curated"
    if fresh and work.exists():
        shutil.rmtree(work)
    docs.mkdir(parents=True, exist_ok=True)
    curated.mkdir(exist_ok=True)
    wanted = {f.name for f in files[:n]}
    for extra in docs.iterdir():
        if extra.name not in wanted:
            extra.unlink()
    for path in files[:n]:
        if not (docs / path.name).exists():  # a hard link: the ETL refuses links out of its folder
            os.link(path, docs / path.name)
    settings = _settings(work)
    cached = 0
    if (settings.state_dir / "extraction_cache.sqlite").exists():
        with ExtractionCache.for_settings(settings) as store:
            cached = store.count()
    first = _run(work)
    first["cold"] = cached == 0
    # a unique last line: the new release is never in the cache from an earlier bench run
    (docs / files[n].name).write_text(files[n].read_text(encoding="utf-8")
                                      + f"\nРелиз {time.time_ns()}.\n", encoding="utf-8")
    try:
        refresh = _run(work)
    finally:
        (docs / files[n].name).unlink()
    return {"documents": n, "workers": workers(), "first_run": first,
            "refresh_after_one": refresh,
            "refresh_share_of_first": round(refresh["process_seconds"]
                                            / first["process_seconds"], 3),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)}


def main() -> None:
    pin()
    ap = argparse.ArgumentParser()
    ap.add_argument("--documents", type=Path)
    ap.add_argument("--n", type=int)
    ap.add_argument("--work", type=Path)
    ap.add_argument("--fresh", action="store_true")
    ap.add_argument("--run", type=Path, help=argparse.SUPPRESS)  # one run, in this process
    args = ap.parse_args()
    if args.run:
        print(json.dumps(_run_here(_settings(args.run))))
        return
    if not (args.documents and args.n and args.work):
        ap.error("--documents, --n and --work are required")
    print(json.dumps(measure(args.documents, args.n, args.work, args.fresh)))


if __name__ == "__main__":
    main()
