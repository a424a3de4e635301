"""Steady-state extraction speed: natasha models loaded once and warmed on one document, then
`Extractor.extract` timed over generated press releases (~3 KB) in one process, BLAS pinned to
one thread, so the figure is per core. Prints one JSON object.

    python -m bench.extract_bench --documents /tmp/cr-bench/<key>/documents --limit 300
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from bench.pinning import peak_rss_mb, pin


def measure(directory: Path, limit: int) -> dict:
    from etl.config import Settings
    from etl.extract import Extractor
    from etl.geocode.resolve import Resolver
    from etl.sources.documents import read_documents

    settings = Settings()
    docs = read_documents(directory, settings).documents[: limit + 1]
    t0 = time.perf_counter()
    extractor = Extractor(Resolver.from_settings(settings, "offline"))
    extractor.extract(docs[0])  # models load lazily: the first document pays for them
    load_s = time.perf_counter() - t0
    timed = docs[1:]
    size = sum(len(d.text.encode("utf-8")) for d in timed)
    w0, c0 = time.perf_counter(), time.process_time()
    for doc in timed:
        extractor.extract(doc)
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    return {"documents": len(timed), "bytes": size, "load_s": round(load_s, 2),
            "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
            "docs_per_s": round(len(timed) / wall, 1), "docs_per_cpu_s": round(len(timed) / cpu, 1),
            "mb_per_s": round(size / 1e6 / wall, 3), "peak_rss_mb": round(peak_rss_mb(), 1)}


def main() -> None:
    pin()
    ap = argparse.ArgumentParser()
    ap.add_argument("--documents", type=Path, required=True)
    ap.add_argument("--limit", type=int, default=300)
    args = ap.parse_args()
    print(json.dumps(measure(args.documents, args.limit)))


if __name__ == "__main__":
    main()
