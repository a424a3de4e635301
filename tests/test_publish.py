"""Publishing: atomic, idempotent, one run at a time, and safe against a killed run."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time

import pytest
from filelock import FileLock

from etl.pipeline import NothingPublished, RunLocked, run
from tests.conftest import ROOT, make_settings, query

CONTENT_TABLES = ("region", "place", "place_alias", "document", "program", "organisation",
                  "person", "activity", "activity_place", "activity_participant",
                  "activity_source", "agreement", "agreement_source", "planned_visit")


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def settings(tmp_path):
    (tmp_path / "none").mkdir()
    return make_settings(tmp_path, documents_dir=tmp_path / "none")


def test_same_inputs_give_the_same_rows(settings):
    run(settings)
    first = {t: query(settings.warehouse, f"SELECT * EXCLUDE (ingested_at) FROM {t}")
             if t == "document" else query(settings.warehouse, f"SELECT * FROM {t}")
             for t in CONTENT_TABLES}
    run(settings)
    for table, rows in first.items():
        sql = (f"SELECT * EXCLUDE (ingested_at) FROM {table}" if table == "document"
               else f"SELECT * FROM {table}")
        assert query(settings.warehouse, sql) == rows, table
    assert query(settings.warehouse, "SELECT count(*) FROM v_etl_run")[0][0] == 2


def test_a_failing_run_leaves_the_live_warehouse_as_it_was(settings, tmp_path):
    run(settings)
    before = _digest(settings.warehouse)
    broken = settings.with_(reference_dir=tmp_path / "no-reference")
    with pytest.raises(NothingPublished):
        run(broken)
    assert _digest(settings.warehouse) == before
    assert not list(tmp_path.glob("warehouse.duckdb.tmp-*"))
    # the failure is on record: the next published warehouse lists it
    run(settings)
    statuses = [r[0] for r in query(settings.warehouse,
                                    "SELECT status FROM v_etl_run ORDER BY started_at, run_id")]
    assert statuses.count("failed") == 1 and statuses.count("published") == 2


def test_a_failing_data_test_stops_the_publish_and_is_named(settings, monkeypatch):
    """The vocabulary no longer accepts a status the rows hold: the build's data tests fail, the
    live warehouse stays as it was, and the run history names the test and an offending value."""
    from etl.load import datatests

    run(settings)
    before = _digest(settings.warehouse)
    monkeypatch.setitem(datatests.VALUE_SETS, "statuses", lambda: ("planned", "cancelled"))
    with pytest.raises(NothingPublished, match=r"accepted_values\(stg_activity\.status\)"):
        run(settings)
    assert _digest(settings.warehouse) == before
    monkeypatch.undo()
    run(settings)
    (message,) = [m for (m,) in query(settings.warehouse,
                                      "SELECT message FROM v_etl_run WHERE status = 'failed'")]
    assert "DataTestsFailed" in message and "accepted_values(mart_activity.status)" in message
    assert "e.g. 'done'" in message


def test_a_second_run_waits_its_turn(settings):
    with FileLock(str(settings.lock_file)):
        with pytest.raises(RunLocked):
            run(settings)


def test_killed_runs_never_damage_the_live_warehouse(settings):
    """SIGKILL at random points; the live file stays readable and whole, the next run cleans up."""
    run(settings)
    expected = query(settings.warehouse, "SELECT count(*) FROM activity")[0][0]
    env = {**os.environ, "CR_STATE_DIR": str(settings.state_dir)}
    rng = random.Random(7)
    for _ in range(3):
        proc = subprocess.Popen(
            [sys.executable, "-m", "etl.cli", "run", "-q", "--db", str(settings.warehouse),
             "--documents", str(settings.documents_dir)], cwd=ROOT, env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 4.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert query(settings.warehouse, "SELECT count(*) FROM activity")[0][0] == expected
    report = run(settings)
    assert not list(settings.warehouse.parent.glob("warehouse.duckdb.tmp-*"))
    assert report.status == "published"


def test_a_torn_run_log_line_does_not_swallow_the_next_run(tmp_path):
    """A writer killed mid-line leaves half a record; the next record must stay readable."""
    from etl import runlog

    log = tmp_path / "runs.jsonl"
    first = runlog.new_run()
    runlog.append(log, first)
    with log.open("a", encoding="utf-8") as fh:
        fh.write('{"run_id": "torn", "sta')
    second = runlog.new_run()
    runlog.append(log, second)
    assert [r.run_id for r in runlog.history(log)] == [first.run_id, second.run_id]
