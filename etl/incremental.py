"""Extraction of a run's documents: cached results first, the rest on every core.

`extract_documents(docs, settings, resolver, progress) -> Batch` gives the same Batch as
extracting every document in order, but only documents the cache has not seen with the current
extractor version are extracted. A backlog (more than `POOL_MIN` new documents, offline
geocoding) goes to a process pool with one worker per core, each loading natasha and the
reference data once; a few new documents are extracted in this process (a pool's start-up would
cost more than they do). With nothing new, natasha is never loaded at all.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import types
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

from etl.cache import Cached, ExtractionCache, doc_key
from etl.config import Settings
from etl.models import Batch, Document, Rejected

if TYPE_CHECKING:  # natasha loads on import: only when extracting
    from etl.extract import Extractor

Progress = Callable[[str, int, int], None]
POOL_MIN = 24  # fewer new documents than this are extracted in-process
CHUNK = 8
COMMIT_EVERY = 200


def workers() -> int:
    """`CR_EXTRACT_WORKERS`, else the cores this process may use."""
    if env := os.environ.get("CR_EXTRACT_WORKERS"):
        return max(1, int(env))
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else os.cpu_count() or 1)


def extract_documents(docs: list[Document], settings: Settings, resolver,
                      progress: Progress) -> Batch:
    """Documents plus their extracted facts, in document order; failures become `Rejected`."""
    mode = "nominatim" if getattr(resolver, "nominatim", None) is not None else "offline"
    out = Batch()
    total = len(docs)
    with ExtractionCache.for_settings(settings, mode) as cache:
        keys = [doc_key(d) for d in docs]
        results: dict[str, Cached | Rejected] = dict(cache.get_many(keys))
        missing = [(k, d) for k, d in zip(keys, docs, strict=True) if k not in results]
        progress("documents", total - len(missing), total)

        def done(key: str, doc: Document, value: Cached | Rejected) -> None:
            results[key] = value
            if isinstance(value, Cached):
                cache.put(key, doc.document_id, value)
            if len(results) % COMMIT_EVERY == 0:  # a killed run keeps what it extracted
                cache.commit()
            progress("documents", len(results), total)

        if missing:
            n = workers()
            if mode == "offline" and n > 1 and len(missing) >= POOL_MIN:
                missing = _in_pool(missing, settings, min(n, len(missing) // CHUNK or 1), done)
            if missing:
                _in_process(missing, resolver, progress, done)
            cache.commit()
            cache.prune()
    for key, doc in zip(keys, docs, strict=True):
        out.documents.append(doc)
        value = results[key]
        if isinstance(value, Rejected):
            out.rejected.append(value)
        else:
            out.extend(value.batch)
            resolver.pending.extend(value.pending)
    return out


def _extract_one(extractor: Extractor, doc: Document) -> Cached | Rejected:
    before = len(extractor.resolver.pending)
    try:
        batch = extractor.extract(doc)
    except Exception as exc:  # one bad document must not stop the run
        return Rejected("document", doc.source_path or doc.document_id,
                        f"extraction failed: {type(exc).__name__}: {exc}")
    pending = extractor.resolver.pending[before:]
    del extractor.resolver.pending[before:]  # the caller adds them back, cached or not
    return Cached(batch, list(pending))


def _in_process(missing, resolver, progress: Progress, done) -> None:
    from etl.extract import Extractor

    progress("models", 0, 1)
    extractor = Extractor(resolver)
    for key, doc in missing:
        done(key, doc, _extract_one(extractor, doc))


# -- the pool: one Extractor per worker, built by the initializer ------------------------------

_worker_extractor: Extractor | None = None


def _init_worker(settings: Settings) -> None:
    global _worker_extractor
    from threadpoolctl import threadpool_limits

    from etl.extract import Extractor
    from etl.geocode.resolve import Resolver

    threadpool_limits(1)
    _worker_extractor = Extractor(Resolver.from_settings(settings, "offline"))


def _work(doc: Document) -> Cached | Rejected:
    assert _worker_extractor is not None, "built by _init_worker"
    return _extract_one(_worker_extractor, doc)


@contextlib.contextmanager
def _no_main_script():
    """New worker processes import the parent's `__main__` script; when the ETL runs inside
    another program (a test runner after Streamlit's AppTest ran a page as `__main__`), that
    script must not run in them: they see an empty `__main__` instead."""
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main


def _in_pool(missing, settings: Settings, n: int, done) -> list:
    """Extract in `n` worker processes; what a broken pool left undone is returned."""
    context = multiprocessing.get_context("forkserver")
    left = dict(enumerate(missing))
    try:
        with _no_main_script(), ProcessPoolExecutor(n, mp_context=context, initializer=_init_worker,
                                 initargs=(settings,)) as pool:
            docs = [doc for _, doc in missing]
            for i, value in enumerate(pool.map(_work, docs, chunksize=CHUNK)):
                key, doc = left.pop(i)
                done(key, doc, value)
    except BrokenProcessPool:  # a worker died (memory?): finish in this process
        pass
    return list(left.values())
