"""Geocoder faults: a Nominatim that is slow, answers 500 or answers garbage never stops a run.

The whole pipeline runs with the geocoder in "nominatim" mode against a local HTTP server on
127.0.0.1 (tests/geocode_server.py), never the internet. An ambiguous town ("Железногорск")
falls back to the gazetteer's choice, a town the gazetteer lacks is quarantined for now; both are
listed in v_geocode_pending and by the dashboard's own `geocode_pending` query, and the next run
against a healthy endpoint resolves them and empties the list.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import db as dashboard_db
from dashboard.queries import sql_text
from etl.config import DATA_DIR
from etl.pipeline import run
from tests.conftest import ROOT, make_settings, query
from tests.geocode_server import FakeNominatim, answer
from tests.reliability_support import record, write_csv

AMBIGUOUS, AMBIGUOUS_FALLBACK = "Железногорск", "city:463343"
UNKNOWN = "Верхние Пупки"
HEALTHY_ANSWERS = {
    "железногорск": answer(52.34, 35.35, "Железногорск, Курская область", state="Курская область"),
    "верхние пупки": answer(56.0, 40.0, "Верхние Пупки, Владимирская область",
                            addresstype="village", state="Владимирская область"),
}


def _curated(tmp: Path) -> Path:
    """The bundled tables plus two activities whose places need the network geocoder."""
    curated = tmp / "curated"
    shutil.copytree(DATA_DIR / "curated", curated)
    write_csv(curated / "activities_geo.csv", ["activity_id", "kind", "status", "title", "start"],
              [["A-geo-1", "mission", "done", "Визит в Железногорск", "2024-03"],
               ["A-geo-2", "mission", "done", "Визит в Верхние Пупки", "2024-04"]])
    write_csv(curated / "activity_places_geo.csv", ["activity_id", "place", "role"],
              [["A-geo-1", AMBIGUOUS, "destination"], ["A-geo-2", UNKNOWN, "destination"]])
    return curated


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("geo-inputs")
    (tmp / "none").mkdir()
    return _curated(tmp), tmp / "none"


def _settings(tmp: Path, inputs, server: FakeNominatim, **extra):
    curated, documents = inputs
    return make_settings(tmp, curated_dir=curated, documents_dir=documents,
                         geocoder="nominatim", nominatim_domain=server.domain,
                         nominatim_scheme="http", nominatim_min_delay=0.2,
                         user_agent="creative-regions-test/1.0", **extra)


def _dashboard_pending(db: Path, monkeypatch) -> list[str]:
    """What the dashboard's data-quality page lists, through its own named query."""
    monkeypatch.setenv("CR_WAREHOUSE", str(db))
    try:
        frame = dashboard_db.fetch(sql_text("geocode_pending"), {"limit": 100},
                                   dashboard_db.identity())
    finally:
        dashboard_db.close()  # the test's own connections use another configuration
    return sorted(frame["surface"])


@pytest.mark.parametrize("mode, extra", [
    ("slow", {"nominatim_timeout": 0.5}),  # answers after 3 s: the client gives up at 0.5 s
    ("error", {}),  # HTTP 500
    ("garbage", {}),  # 200 with HTML instead of JSON
])
def test_a_failing_nominatim_falls_back_and_publishes(tmp_path, inputs, monkeypatch, mode, extra):
    """The run publishes with the gazetteer's answer and lists the places pending, where the
    dashboard's data-quality query shows them."""
    with FakeNominatim(mode=mode, delay=3.0) as server:
        settings = _settings(tmp_path, inputs, server, **extra)
        report = run(settings)
    assert report.status == "published" and server.requests
    db = settings.warehouse
    pending = query(db, "SELECT surface, reason, fallback FROM v_geocode_pending ORDER BY 1")
    assert [(s, f) for s, _, f in pending] == [(UNKNOWN, None), (AMBIGUOUS, AMBIGUOUS_FALLBACK)]
    assert all(reason for _, reason, _ in pending)
    assert _dashboard_pending(db, monkeypatch) == [UNKNOWN, AMBIGUOUS]
    # the ambiguous town is placed by the gazetteer; the unknown one waits, its activity loads
    assert query(db, "SELECT activity_id, place_id FROM mart_activity WHERE activity_id LIKE "
                     "'A-geo-%' ORDER BY 1") == [("A-geo-1", AMBIGUOUS_FALLBACK),
                                                 ("A-geo-2", None)]
    unknown = query(db, "SELECT reason FROM v_quarantine WHERE reason LIKE ?", [f"%{UNKNOWN}%"])
    assert unknown and "nominatim unavailable" in unknown[0][0]
    bundled = query(db, "SELECT count(*) FROM activity WHERE activity_id LIKE 'A-20%'")[0][0]
    record(f"geocoder: nominatim {mode}", runs=1, published=1,
           requests=len(server.requests), pending_after_fault=len(pending),
           curated_activities_loaded=bundled + 2, items_lost=0)


def test_the_next_run_retries_the_pending_places(tmp_path, inputs, monkeypatch):
    """After a run against a failing endpoint, the next run against a healthy one resolves the
    pending places and empties v_geocode_pending (and the dashboard's list)."""
    with FakeNominatim(mode="error") as broken:
        first = run(_settings(tmp_path, inputs, broken))
    db = first.warehouse
    assert len(first.pending) == 2 and _dashboard_pending(db, monkeypatch) == [UNKNOWN, AMBIGUOUS]
    with FakeNominatim(HEALTHY_ANSWERS) as healthy:  # the next scheduled run
        retry = run(_settings(tmp_path, inputs, healthy))
    assert retry.status == "published"
    # the dashboard sees the new file (and reopens first: while its connection to the old file
    # is open, a new connection in this process would still read the old one; STACK-NOTES)
    assert _dashboard_pending(db, monkeypatch) == []
    assert query(db, "SELECT count(*) FROM v_geocode_pending") == [(0,)]
    assert query(db, "SELECT count(*) FROM mart_activity WHERE activity_id = 'A-geo-2' "
                     "AND place_id IS NOT NULL") == [(1,)]
    record("geocoder: retry on the next run", runs=2, published=2, pending_after_fault=2,
           pending_after_retry=0, requests_retry=len(healthy.requests))


def test_the_cli_with_a_garbage_endpoint_still_publishes(tmp_path, inputs):
    """`etl run --geocoder nominatim` with CR_NOMINATIM_DOMAIN on a garbage server exits 0."""
    curated, documents = inputs
    with FakeNominatim(mode="garbage") as server:
        env = {**os.environ, "CR_STATE_DIR": str(tmp_path / "state"),
               "CR_NOMINATIM_DOMAIN": server.domain, "CR_NOMINATIM_SCHEME": "http"}
        proc = subprocess.run(
            [sys.executable, "-m", "etl.cli", "run", "--db", str(tmp_path / "w.duckdb"),
             "--curated", str(curated), "--documents", str(documents), "--geocoder",
             "nominatim"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "2 place(s) wait for a geocoder retry" in " ".join(proc.stdout.split())
    assert len(query(tmp_path / "w.duckdb", "SELECT * FROM v_geocode_pending")) == 2
