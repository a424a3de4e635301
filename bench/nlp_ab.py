"""Extraction speed of this checkout's `etl/extract/nlp.py` against the one of another commit,
in ONE process with the same rules, alternating 100-document slices: on a shared machine the
load moves between runs, so two separate runs compare the load as much as the code. Prints one
line per slice (documents per CPU-second of each and the load average when it started).

    python -m bench.nlp_ab --documents DIR --against 097e750 [--limit 300] [--rounds 2]

097e750 is the last commit whose nlp.py ran natasha's own `Doc` path.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.pinning import pin

ROOT = Path(__file__).resolve().parents[1]


def load_nlp(commit: str, folder: Path):
    """`etl/extract/nlp.py` as it was at `commit`, as a module of its own."""
    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{commit}:etl/extract/nlp.py"],
                            check=True, capture_output=True, text=True).stdout
    path = folder / f"nlp_{commit}.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(path.stem, path)
    if spec is None or spec.loader is None:
        raise RuntimeError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    spec.loader.exec_module(module)
    return module


def main() -> None:
    pin()
    ap = argparse.ArgumentParser()
    ap.add_argument("--documents", type=Path, required=True)
    ap.add_argument("--against", required=True, help="a commit whose nlp.py to compare with")
    ap.add_argument("--limit", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()

    from etl.config import Settings
    from etl.extract import Extractor
    from etl.extract.nlp import Nlp
    from etl.geocode.resolve import Resolver
    from etl.sources.documents import read_documents

    settings = Settings()
    docs = read_documents(args.documents, settings).documents[: args.limit + 1]
    resolver = Resolver.from_settings(settings, "offline")
    with tempfile.TemporaryDirectory() as folder:
        other = load_nlp(args.against, Path(folder))
        extractors = {args.against: Extractor(resolver, other.Nlp()),
                      "this checkout": Extractor(resolver, Nlp())}
    for extractor in extractors.values():
        extractor.extract(docs[0])  # first calls allocate
    timed = docs[1:]
    for _ in range(args.rounds):
        for first in range(0, len(timed), 100):
            part, cells = timed[first:first + 100], []
            for name, extractor in extractors.items():
                load = os.getloadavg()[0]
                started = time.process_time()
                for doc in part:
                    extractor.extract(doc)
                rate = len(part) / (time.process_time() - started)
                cells.append(f"{name} {rate:.1f} docs/CPU-s (load {load:.1f})")
            print(f"documents {first + 1}-{first + len(part)}: " + "; ".join(cells), flush=True)


if __name__ == "__main__":
    main()
