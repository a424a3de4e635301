"""Refresh under load: 20 publishes while dashboard reader processes query in a loop.

Two warehouses are built by the real ETL from two sets of inputs (A: the bundled tables; B: the
same plus generated activities). The publisher swaps them in turn over the live file, each time
as the ETL does (a complete file next to the live one, then os.replace), one a second. Every reader
(tests/reliability_reader.py, a separate process) opens the live file through the dashboard's own
db.py and runs the dashboard's named queries; each read's signature (rows, activities and a
checksum of mart_activity, the KPI counts, the records total) must be exactly A's or B's: never an
error, never a mix of the two, never an empty file.

Default: 10 readers; the publisher copies the two built files (the ETL's publish step alone,
20 swaps in ~20 s). Long variant (CR_RUN_SLOW=1): 20 readers, and each of the 20 publishes
is a full `etl run` subprocess.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dashboard.queries import sql_text
from etl.config import DATA_DIR
from etl.load.warehouse import fsync, publish, temp_path
from etl.pipeline import run
from tests.conftest import ROOT, make_settings
from tests.reliability_reader import signature_of
from tests.reliability_support import record, soak_variant, write_csv

READERS = 20  # as the issue asks: 20 concurrent readers
LONG_READERS = 20
PUBLISHES = 20
QUERIES = ("kpi", "records_activity", "top_regions", "map_places", "timeline", "filter_options",
           "freshness", "quarantine", "geocode_pending")


def _variant_b(tmp: Path) -> Path:
    curated = tmp / "curated-b"
    shutil.copytree(DATA_DIR / "curated", curated)
    write_csv(curated / "activities_more.csv", ["activity_id", "kind", "status", "title", "start"],
              ([f"A-more-{i:04d}", "festival", ("done", "planned")[i % 2], f"Фестиваль № {i}",
                f"20{15 + i % 10}"] for i in range(300)))
    write_csv(curated / "activity_places_more.csv", ["activity_id", "place", "role"],
              ([f"A-more-{i:04d}", ("Омск", "Тула", "Казань")[i % 3], "destination"]
               for i in range(300)))
    return curated


@pytest.fixture(scope="module")
def variants(tmp_path_factory):
    """Two warehouses built by the real ETL, their inputs, and the SQL of the named queries."""
    tmp = tmp_path_factory.mktemp("refresh")
    (tmp / "none").mkdir()
    inputs = {"A": DATA_DIR / "curated", "B": _variant_b(tmp)}
    files = {}
    for name, curated in inputs.items():
        settings = make_settings(tmp / name, curated_dir=curated, documents_dir=tmp / "none")
        run(settings)
        files[name] = settings.warehouse
    sqls = {name: sql_text(name) for name in QUERIES}
    signatures = {name: tuple(signature_of(path, sqls)) for name, path in files.items()}
    assert signatures["A"] != signatures["B"] and min(s[0] for s in signatures.values()) > 0
    return {"tmp": tmp, "inputs": inputs, "files": files, "sqls": sqls,
            "signatures": signatures}


def _start_readers(folder: Path, sqls: dict, n: int,
                   pause: float = 0.05) -> list[tuple[subprocess.Popen, Path]]:
    folder.mkdir()
    env = {**os.environ, "CR_WAREHOUSE": str(folder.parent / "live.duckdb")}
    readers = []
    for i in range(n):
        job = folder / f"reader{i:02d}.json"
        job.write_text(json.dumps({"stop": str(folder / "stop"), "ready": str(folder / f"ready{i}"),
                                   "sqls": sqls, "pause": pause}), encoding="utf-8")
        proc = subprocess.Popen([sys.executable, "-m", "tests.reliability_reader", str(job)],
                                cwd=ROOT, env=env, stderr=subprocess.PIPE)
        readers.append((proc, job))
    deadline = time.monotonic() + 180
    while len(list(folder.glob("ready*"))) < n:
        assert time.monotonic() < deadline, "readers did not start"
        assert all(p.poll() is None for p, _ in readers), "a reader died while starting"
        time.sleep(0.2)
    return readers


def _stop_readers(folder: Path, readers) -> dict:
    (folder / "stop").touch()
    totals = {"reads": 0, "errors": [], "signatures": {}}
    for proc, job in readers:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()[-2000:]
        out = json.loads(job.with_suffix(".out.json").read_text(encoding="utf-8"))
        totals["reads"] += out["reads"]
        totals["errors"] += out["errors"]
        for sig, count in out["signatures"].items():
            totals["signatures"][sig] = totals["signatures"].get(sig, 0) + count
    return totals


def _swap_in(source: Path, live: Path, n: int) -> None:
    """The ETL's publish step: a complete, fsynced file next to the live one, then os.replace."""
    tmp = temp_path(live, f"refresh-{n}")
    shutil.copyfile(source, tmp)
    fsync(tmp)
    publish(tmp, live)


def _check(totals: dict, signatures: dict, publishes: int, mode: str, readers: int) -> None:
    known = {json.dumps(list(s)): name for name, s in signatures.items()}
    seen = {known.get(sig, f"UNKNOWN {sig}"): n for sig, n in totals["signatures"].items()}
    record(f"refresh under load ({mode})", publishes=publishes, readers=readers,
           reads=totals["reads"], errors=len(totals["errors"]),
           reads_per_state=seen, inconsistent_reads=sum(
               n for name, n in seen.items() if name.startswith("UNKNOWN")))
    assert not totals["errors"], totals["errors"][:5]
    assert set(seen) <= set(signatures), f"a read saw a warehouse that was never published: {seen}"
    assert set(seen) == set(signatures), "the readers never saw one of the states"
    assert totals["reads"] >= readers * 3  # every reader kept reading through the swaps


def test_twenty_publishes_under_concurrent_readers(variants):
    """20 publishes, 20 readers: 0 errors; every read sees exactly one published warehouse."""
    tmp, files = variants["tmp"], variants["files"]
    live = tmp / "live.duckdb"
    _swap_in(files["A"], live, 0)
    readers = _start_readers(tmp / "readers", variants["sqls"], READERS)
    try:
        for n in range(1, PUBLISHES + 1):
            _swap_in(files["B" if n % 2 else "A"], live, n)
            time.sleep(1.0)
    finally:
        totals = _stop_readers(tmp / "readers", readers)
    _check(totals, variants["signatures"], PUBLISHES, "publish step", READERS)


@soak_variant
def test_twenty_etl_runs_under_twenty_readers(variants):
    """20 readers, and a full `etl run` subprocess for each of the 20 publishes."""
    tmp = variants["tmp"]
    live = tmp / "live-etl" / "live.duckdb"
    live.parent.mkdir()
    _swap_in(variants["files"]["A"], live, 0)
    env = {**os.environ, "CR_STATE_DIR": str(tmp / "state-etl")}
    # 20 readers at full speed slow each etl run to ~100 s on 2 cores: they pause 0.5 s here
    readers = _start_readers(live.parent / "readers", variants["sqls"], LONG_READERS, pause=0.5)
    try:
        for n in range(1, PUBLISHES + 1):
            curated = variants["inputs"]["B" if n % 2 else "A"]
            subprocess.run([sys.executable, "-m", "etl.cli", "run", "-q", "--db", str(live),
                            "--curated", str(curated), "--documents", str(tmp / "none")],
                           cwd=ROOT, env=env, check=True, capture_output=True, timeout=600)
    finally:
        totals = _stop_readers(live.parent / "readers", readers)
    _check(totals, variants["signatures"], PUBLISHES, "etl run", LONG_READERS)
