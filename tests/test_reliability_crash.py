"""Crash safety: `etl run` killed with SIGKILL at random points never harms the live warehouse.

Each trial starts the real CLI in a subprocess on the bundled tables plus a generated
activities table large enough that writing the DuckDB file takes a while, and kills it either
at a random moment or while the new file is being written (the `*.tmp-*` file exists). After
each kill the live file must open read-only with exactly the baseline counts; a run that then
goes to the end must clean the stale temp files, take the lock the killed run held, and publish.

The default run does 8 trials on 5 000 generated rows; the long variant (CR_RUN_SLOW=1)
does 20 trials on 50 000.
"""

from __future__ import annotations

import csv
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from etl.config import DATA_DIR
from etl.load.warehouse import TABLE_ORDER, stale_temp_files
from etl.runlog import history
from tests.conftest import ROOT
from tests.reliability_support import long_variant, record

PLACES = ("Омск", "Тула", "Казань", "Москва", "Череповца", "Великий Новгород")
VIEWS = ("mart_activity", "v_agreement", "mart_plan_vs_fact", "v_place", "v_document")


def _inputs(tmp: Path, n_rows: int) -> tuple[Path, Path]:
    """The bundled curated tables plus n_rows generated activities, each with one place."""
    curated = tmp / "curated"
    shutil.copytree(DATA_DIR / "curated", curated)
    with (curated / "activities_big.csv").open("w", newline="", encoding="utf-8") as acts, \
            (curated / "activity_places_big.csv").open("w", newline="", encoding="utf-8") as pl:
        a, p = csv.writer(acts), csv.writer(pl)
        a.writerow(["activity_id", "kind", "status", "title", "start", "end", "program",
                    "document_id", "note"])
        p.writerow(["activity_id", "place", "role", "region"])
        for i in range(n_rows):
            a.writerow([f"A-big-{i:06d}", "mission", "done", f"Визит № {i}",
                        f"20{10 + i % 15}-0{1 + i % 9}-1{i % 9}", "", "", "", "заметка " * 6])
            p.writerow([f"A-big-{i:06d}", PLACES[i % len(PLACES)], "destination", ""])
    documents = tmp / "no-documents"
    documents.mkdir()
    return curated, documents


def _counts(db: Path) -> dict[str, int]:
    """Rows of every table and main view, read through one read-only connection."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {name: con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]  # noqa: S608 -- constant names
                for name in (*TABLE_ORDER, *VIEWS) if name not in ("etl_run", "quarantine")}
    finally:
        con.close()


def _etl(db: Path, curated: Path, documents: Path, state: Path) -> subprocess.Popen:
    env = {**os.environ, "CR_STATE_DIR": str(state)}
    return subprocess.Popen(
        [sys.executable, "-m", "etl.cli", "run", "-q", "--db", str(db), "--curated", str(curated),
         "--documents", str(documents)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE)


def _run_to_end(db, curated, documents, state) -> float:
    started = time.monotonic()
    proc = _etl(db, curated, documents, state)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err.decode()
    return time.monotonic() - started


def _kill_trials(tmp: Path, trials: int, n_rows: int, seed: int) -> dict:
    curated, documents = _inputs(tmp, n_rows)
    db, state = tmp / "warehouse.duckdb", tmp / "state"
    duration = _run_to_end(db, curated, documents, state)
    baseline = _counts(db)
    assert baseline["activity"] == n_rows + 7
    rng = random.Random(seed)
    stale_seen, during_write, modes = 0, 0, []
    for trial in range(trials):
        proc = _etl(db, curated, documents, state)
        if trial % 2:  # while the new DuckDB file is being written
            deadline = time.monotonic() + 300
            while not stale_temp_files(db) and proc.poll() is None \
                    and time.monotonic() < deadline:
                time.sleep(0.005)
            time.sleep(rng.uniform(0, 0.3))
            modes.append("write")
        else:  # anywhere: imports, reference data, reading, rows, writing, publishing
            time.sleep(rng.uniform(0.1, duration * 1.05))
            modes.append("random")
        during_write += bool(stale_temp_files(db)) and proc.poll() is None
        proc.kill()
        proc.wait()
        assert _counts(db) == baseline, f"trial {trial} ({modes[-1]}): live warehouse changed"
        stale_seen += bool(stale_temp_files(db))
    history(state / "runs.jsonl")  # the run log still parses
    _run_to_end(db, curated, documents, state)
    assert not stale_temp_files(db), "the next run did not remove the stale temp files"
    assert _counts(db) == baseline
    assert during_write >= trials // 4, "too few kills landed while the file was written"
    return {"trials": trials, "generated_rows": n_rows, "killed_while_writing": during_write,
            "trials_leaving_temp_files": stale_seen, "live_warehouse_intact": trials,
            "run_seconds": round(duration, 1), "final_run": "published, temp files removed",
            "items_lost": 0}


def test_sigkill_at_random_points_never_damages_the_live_warehouse(tmp_path):
    """8 SIGKILLs (half of them while the new file is written): the live file stays whole,
    and the next run cleans up and publishes."""
    record("crash: SIGKILL trials", **_kill_trials(tmp_path, trials=8, n_rows=5_000, seed=6))


@long_variant
def test_sigkill_trials_long(tmp_path):
    """The issue's figure: 20 SIGKILL trials on a 50 000-row table."""
    record("crash: SIGKILL trials (long)",
           **_kill_trials(tmp_path, trials=20, n_rows=50_000, seed=20))
