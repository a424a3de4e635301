"""The only module that knows the order of the stages.

lock -> clean up -> read documents -> (extract new ones in a worker) read curated -> extract ->
review -> resolve -> merge ->
rows -> new DuckDB file -> checks -> atomic publish -> run log. Any failure before the rename
leaves the live warehouse exactly as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import gc
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

from etl import review, runlog
from etl.config import Settings
from etl.load.rows import add_run_rows, build_rows, summary
from etl.load.warehouse import build_warehouse, publish, stale_temp_files, temp_path
from etl.merge import merge
from etl.models import Rejected

Progress = Callable[[str, int, int], None]  # (stage, done, total)


class RunLocked(RuntimeError):
    """Another ETL run holds the lock."""


class NothingPublished(RuntimeError):
    """The run failed; the live warehouse was left untouched."""


@dataclass
class RunReport:
    run_id: str
    status: str
    warehouse: Path
    counts: dict[str, int] = field(default_factory=dict)
    rejected: list[Rejected] = field(default_factory=list)
    pending: list[tuple] = field(default_factory=list)
    cleaned: list[Path] = field(default_factory=list)
    seconds: float = 0.0
    message: str = ""


def _quiet(stage: str, done: int, total: int) -> None:
    pass


def run(settings: Settings, progress: Progress = _quiet) -> RunReport:
    """Build and publish a new warehouse from the configured inputs.

    `RunLocked` only when another run really holds the lock; any other failure to start (a
    folder that cannot be created or written, a read-only file system) is `NothingPublished`
    saying what failed at which path, recorded in the run history where that can be written."""
    _writable_folder(settings, settings.state_dir,
                     "cannot write the state folder (run history, geocoding cache)")
    _writable_folder(settings, settings.warehouse.parent, "cannot write the warehouse folder")
    fd = _lock(settings)
    try:
        return _locked_run(settings, progress)
    finally:
        os.close(fd)  # releases the lock


def _lock(settings: Settings) -> int:
    """An exclusive, non-blocking lock on the warehouse's lock file (the same `flock` that
    `filelock.FileLock` takes, so either can be used to hold it)."""
    path = settings.lock_file
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        _fail_early(settings, f"cannot create the lock file at {path} ({_why(exc)})")
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise RunLocked(f"another ETL run is in progress (lock {path}); "
                        "wait for it to finish") from None
    except OSError as exc:
        os.close(fd)
        _fail_early(settings, f"cannot lock the lock file at {path} ({_why(exc)})")
    return fd


def _writable_folder(settings: Settings, folder: Path, what: str) -> None:
    """Create `folder` if needed and prove a file can be written in it, before any work."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".etl-write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        _fail_early(settings, f"{what} at {folder} ({_why(exc)})")


def _why(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _fail_early(settings: Settings, message: str) -> NoReturn:
    """A run that could not start: on record in the run history if that can be written."""
    record = runlog.new_run()
    record.status, record.finished_at, record.message = "failed", runlog.now(), message
    with contextlib.suppress(OSError):
        runlog.append(settings.run_log, record)
    raise NothingPublished(message)


def _locked_run(settings: Settings, progress: Progress) -> RunReport:
    record = runlog.new_run()
    started = dt.datetime.now()
    report = RunReport(run_id=record.run_id, status="failed", warehouse=settings.warehouse)
    report.cleaned = _clean_stale(settings.warehouse)
    tmp = temp_path(settings.warehouse, record.run_id)
    try:
        batch, resolver, reviews = _collect(settings, progress)
        report.rejected = batch.rejected
        report.pending = list(resolver.pending)
        progress("load", 0, 1)
        with no_cyclic_gc():
            tables = build_rows(batch, resolver.regions(),
                                ingested_at=started.replace(microsecond=0))
            resolver.close()
            for records in (batch.documents, batch.activities, batch.agreements,
                            batch.organisations, batch.people):
                records.clear()  # they are rows now: free them before the warehouse is built
            record.counts = summary(tables.rows, batch.rejected)
            record.status, record.finished_at = "published", runlog.now()
            add_run_rows(tables, record, runlog.combined(settings.run_log, settings.warehouse),
                         batch.rejected, report.pending, reviews)
            report.counts = build_warehouse(tmp, tables)
        publish(tmp, settings.warehouse)
        progress("load", 1, 1)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        record.status, record.finished_at = "failed", runlog.now()
        record.message = f"{type(exc).__name__}: {exc}"
        runlog.append(settings.run_log, record)
        if isinstance(exc, Exception):
            raise NothingPublished(record.message) from exc
        raise
    runlog.append(settings.run_log, record)
    report.status = "published"
    report.counts = record.counts
    report.seconds = (dt.datetime.now() - started).total_seconds()
    return report


@contextlib.contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """The reads (curated tables, cached documents and extraction results), the merge and the
    load allocate millions of small objects (rows, records, tuples)
    that live until the end of the run and form no reference cycles; the cyclic collector would
    rescan all of them again and again as they pile up (a third of the ETL's CPU at 10^5
    activities, more as the heap grows). Reference counting still frees everything; cyclic
    collection resumes afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _clean_stale(live: Path) -> list[Path]:
    """Files a killed run left: safe to remove because we hold the lock."""
    stale = stale_temp_files(live)
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


def _collect(settings: Settings, progress: Progress):
    """Curated rows and press releases read, extracted, reviewed, resolved and merged into
    one Batch."""
    from etl.cache import ReadMemo
    from etl.incremental import Extraction
    from etl.resolve import resolve_places
    from etl.sources.curated import read_curated
    from etl.sources.documents import read_documents

    progress("read", 0, 1)
    memo = ReadMemo(settings)  # unchanged files are not parsed again
    try:
        with no_cyclic_gc():
            docs = read_documents(settings.documents_dir, settings, reader=memo.read)
    finally:
        memo.close()
    # new documents start extracting in a worker process now, beside the work below
    extraction = Extraction(docs.documents, settings)
    try:
        progress("reference", 0, 1)
        resolver = extraction.resolver()
        progress("curated", 0, 1)
        with no_cyclic_gc():
            curated = read_curated(settings.curated_dir, settings)
        progress("curated", 1, 1)
    except BaseException:
        extraction.close()  # the worker stops; nothing was published
        raise
    extracted = extraction.finish(resolver, progress)
    extracted.rejected[:0] = docs.rejected
    with no_cyclic_gc():
        applied = review.apply(settings, curated, extracted, resolver)  # analysts' decisions
        progress("resolve", 0, 1)
        for batch in (applied.curated, applied.extracted):
            resolve_places(batch, resolver)
        progress("resolve", 1, 1)
        return merge(applied.curated, applied.extracted), resolver, applied.reviews

