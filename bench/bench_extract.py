"""Extraction speed on this machine: documents/s and MB/s, with BLAS threads pinned to one.

    python bench/bench_extract.py [DOCS_DIR ...] [--rounds N]

Models load once (their load time is printed apart); each round extracts every document.
Defaults: the seed press releases and tests/data/docs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from threadpoolctl import threadpool_limits  # noqa: E402

from etl.config import Settings  # noqa: E402
from etl.extract import Extractor  # noqa: E402
from etl.extract.nlp import Nlp  # noqa: E402
from etl.geocode.resolve import Resolver  # noqa: E402
from etl.sources.documents import read_documents  # noqa: E402

DEFAULT_DIRS = [ROOT.parent / "shared" / "seeds", ROOT / "tests" / "data" / "docs"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="*", type=Path, default=DEFAULT_DIRS)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    settings = Settings()
    docs = [d for folder in args.dirs for d in read_documents(folder, settings).documents]
    size_mb = sum(len(d.text.encode("utf-8")) for d in docs) / 1e6

    started = time.perf_counter()
    nlp = Nlp()
    resolver = Resolver.from_settings(settings, geocoder="offline")
    extractor = Extractor(resolver, nlp)
    print(f"models + resolver load: {time.perf_counter() - started:.2f} s "
          f"(natasha alone {nlp.load_seconds:.2f} s)")

    with threadpool_limits(limits=1):
        extractor.extract(docs[0])  # warm-up: first calls allocate
        per_doc: list[float] = []
        rounds: list[float] = []
        for _ in range(args.rounds):
            round_start = time.perf_counter()
            for doc in docs:
                t = time.perf_counter()
                extractor.extract(doc)
                per_doc.append(time.perf_counter() - t)
            rounds.append(time.perf_counter() - round_start)
    best = min(rounds)
    print(f"{len(docs)} documents, {size_mb * 1000:.1f} kB, {args.rounds} rounds")
    median = statistics.median(rounds)
    print(f"documents/s: {len(docs) / best:.1f} (median round {len(docs) / median:.1f})")
    print(f"MB/s: {size_mb / best:.3f}")
    print(f"per document: median {statistics.median(per_doc) * 1000:.1f} ms, "
          f"max {max(per_doc) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
