"""One ETL run through etl.pipeline.run on generated inputs, timed per stage (a worker process:
its peak RSS is the ETL's). Prints one JSON object.

    python -m bench.etl_bench --data /tmp/cr-bench/<key> --db /tmp/cr-bench/<key>.duckdb
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

from bench.pinning import peak_rss_mb, pin


def run_etl(data: Path, db: Path, documents: Path | None = None) -> dict:
    from etl.config import Settings
    from etl.pipeline import run

    settings = Settings(warehouse=db, curated_dir=data / "curated",
                        documents_dir=documents or data / "no-documents",
                        state_dir=db.parent / f"{db.name}.state", geocoder="offline")
    marks: dict[str, float] = {}
    first: dict[str, float] = {}

    def progress(stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        first.setdefault(stage, now)
        marks[stage] = now

    t0 = time.perf_counter()
    report = run(settings, progress)
    total = time.perf_counter() - t0
    stages = _stage_seconds(t0, first, marks)
    curated_rows = sum(1 for p in (data / "curated").glob("*.csv")
                       for _ in p.open(encoding="utf-8")) - len(list((data / "curated")
                                                                     .glob("*.csv")))
    docs = [p for p in settings.documents_dir.glob("*") if p.is_file()]
    return {"seconds": round(total, 3), "stages": stages, "counts": report.counts,
            "curated_rows": curated_rows, "documents": len(docs),
            "documents_bytes": sum(p.stat().st_size for p in docs),
            "cpu_s": round(_cpu_seconds(), 1), "peak_rss_mb": round(peak_rss_mb(), 1)}


def _cpu_seconds() -> float:
    """User + system CPU of this process: on a shared machine, wall time also counts waiting."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _stage_seconds(t0: float, first: dict[str, float], marks: dict[str, float]) -> dict:
    """Seconds between consecutive stage starts, in pipeline order."""
    order = sorted(first, key=first.__getitem__)
    out = {}
    for stage, nxt in zip(order, [*order[1:], None], strict=True):
        end = first[nxt] if nxt else marks[stage]
        out[stage] = round(end - first[stage], 3)
    out["startup"] = round(first[order[0]] - t0, 3) if order else 0.0
    return out


def main() -> None:
    pin()
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--documents", type=Path)
    args = ap.parse_args()
    print(json.dumps(run_etl(args.data, args.db, args.documents)))


if __name__ == "__main__":
    main()
