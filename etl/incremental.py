"""Extraction of a run's documents: cached results first, the rest on every core.

`extract_documents(docs, settings, resolver, progress) -> Batch` gives the same Batch as
extracting every document in order, but only documents the cache has not seen with the current
extractor version are extracted. A backlog (more than `POOL_MIN` new documents, offline
geocoding) goes to a process pool with one worker per core, each loading natasha and the
reference data once; a few new documents are extracted in this process (a pool's start-up would
cost more than they do). With nothing new, natasha is never loaded at all.

`Extraction(docs, settings)` starts a run's extraction as soon as its documents are read: the
few new documents of a refresh go at once to one worker process, which loads natasha and
extracts them on the other core while this process does the rest of its work (the reference
data, the curated tables, unpickling the cached results); `.finish(resolver, progress)` joins.
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


class Extraction:
    """The extraction of a run's documents, started as soon as they are read.

    `start` looks the documents up in the cache by key alone (no result is unpickled yet) and
    sends the few new ones to a worker process at once, which loads the reference data and
    natasha and extracts them while this process builds its resolver, reads the curated tables
    and unpickles the cached results; `finish` collects both. A backlog (`POOL_MIN` or more new
    documents) goes to the pool in `finish`; with one core, or with Nominatim geocoding (its
    failures are recorded in this process's resolver), the new documents are extracted here."""

    def __init__(self, docs: list[Document], settings: Settings) -> None:
        self.docs, self.settings = docs, settings
        self.mode = settings.geocoder
        self.cache = ExtractionCache.for_settings(settings, self.mode)
        self.keys = [doc_key(d) for d in docs]
        known = self.cache.known(self.keys)
        self.missing = [(k, d) for k, d in zip(self.keys, docs, strict=True) if k not in known]
        self.background: ProcessPoolExecutor | None = None
        self.futures: list = []
        if self.missing and self.mode == "offline" and workers() > 1 \
                and len(self.missing) < POOL_MIN:
            self.background = _pool(settings, 1)
            with _no_main_script():  # the worker process starts on the first submit
                self.futures = [(k, d, self.background.submit(_work, d))
                                for k, d in self.missing]
            self.missing = []

    def resolver(self):
        """The run's place resolver; its reference index from the cache file when it is there
        for this extractor version (the same index, without the seconds of inflecting names)."""
        from etl.geocode.nominatim import NominatimClient
        from etl.geocode.resolve import Resolver

        if self.mode not in ("offline", "nominatim"):
            return Resolver.from_settings(self.settings)  # says which modes there are
        client = NominatimClient(self.settings) if self.mode == "nominatim" else None
        return Resolver(self.cache.places(self.settings.reference_dir), client)

    def finish(self, resolver, progress: Progress) -> Batch:
        """Documents plus their extracted facts, in document order; failures become
        `Rejected`."""
        total = len(self.docs)
        cache = self.cache
        try:
            missing_keys = {k for k, _ in self.missing} | {k for k, _, _ in self.futures}
            from etl.pipeline import no_cyclic_gc

            with no_cyclic_gc():  # 10^5 objects unpickled: the cyclic collector doubled it
                results: dict[str, Cached | Rejected] = dict(
                    cache.get_many([k for k in self.keys if k not in missing_keys]))
            # an entry that no longer unpickles is extracted again
            stale = [(k, d) for k, d in zip(self.keys, self.docs, strict=True)
                     if k not in results and k not in missing_keys]
            missing = self.missing + stale
            progress("documents", len(results), total)

            def done(key: str, doc: Document, value: Cached | Rejected) -> None:
                results[key] = value
                if isinstance(value, Cached):
                    cache.put(key, doc.document_id, value)
                if len(results) % COMMIT_EVERY == 0:  # a killed run keeps what it extracted
                    cache.commit()
                progress("documents", len(results), total)

            missing += self._collect_background(done)
            if missing:
                n = workers()
                if self.mode == "offline" and n > 1 and len(missing) >= POOL_MIN:
                    missing = _in_pool(missing, self.settings,
                                       min(n, len(missing) // CHUNK or 1), done)
                if missing:
                    _in_process(missing, resolver, progress, done)
            if missing_keys or stale:
                cache.commit()
                cache.prune()
        finally:
            self.close()
        out = Batch()
        for key, doc in zip(self.keys, self.docs, strict=True):
            out.documents.append(doc)
            value = results[key]
            if isinstance(value, Rejected):
                out.rejected.append(value)
            else:
                out.extend(value.batch)
                resolver.pending.extend(value.pending)
        return out

    def close(self) -> None:
        """Stop the worker and close the cache file (`finish` does it; this is for a run that
        failed before `finish`)."""
        if self.background is not None:
            self.background.shutdown(cancel_futures=True)
            self.background = None
        self.cache.close()

    def _collect_background(self, done) -> list:
        """The background worker's results; what it could not do (it died) is returned."""
        left = []
        for key, doc, future in self.futures:
            try:
                value = future.result()
            except BrokenProcessPool:
                left.append((key, doc))
                continue
            done(key, doc, value)
        return left


def extract_documents(docs: list[Document], settings: Settings, resolver,
                      progress: Progress) -> Batch:
    """Documents plus their extracted facts, in document order; failures become `Rejected`.
    The same Batch as extracting every document in order."""
    if getattr(resolver, "nominatim", None) is None and settings.geocoder != "offline":
        settings = settings.with_(geocoder="offline")
    return Extraction(docs, settings).finish(resolver, progress)


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
    with ExtractionCache.for_settings(settings, "offline") as store:  # the place index kept
        places = store.places(settings.reference_dir)
    _worker_extractor = Extractor(Resolver(places))


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


def _pool(settings: Settings, n: int) -> ProcessPoolExecutor:
    """`n` worker processes, each with its own Extractor (built when it starts)."""
    return ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("forkserver"),
                               initializer=_init_worker, initargs=(settings,))


def _in_pool(missing, settings: Settings, n: int, done) -> list:
    """Extract in `n` worker processes; what a broken pool left undone is returned."""
    left = dict(enumerate(missing))
    try:
        with _no_main_script(), _pool(settings, n) as pool:
            docs = [doc for _, doc in missing]
            for i, value in enumerate(pool.map(_work, docs, chunksize=CHUNK)):
                key, doc = left.pop(i)
                done(key, doc, value)
    except BrokenProcessPool:  # a worker died (memory?): finish in this process
        pass
    return list(left.values())
