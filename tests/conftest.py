"""Shared fixtures: one real warehouse built from the bundled data by the real ETL, per session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest

from etl.config import DATA_DIR, Settings
from tests import tier

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
NO_SEEDS = "../shared/seeds is absent: the real press releases are not in this clone"
# a test that reads the real press releases in ../shared: skipped, saying so, in a clone that
# has only the repository (CI has ../shared, so they run there)
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=NO_SEEDS)


@pytest.fixture(scope="session", autouse=True)
def _fast_tier_guards():
    """`make test-fast`: a test that reaches natasha, a whole ETL run, a child process, ...
    skips with the reason (tests/tier.py)."""
    with tier.guards():
        yield


@pytest.fixture(scope="session", autouse=True)
def _isolated_state(tmp_path_factory):
    """Tests never touch data/state or data/warehouse.duckdb of the working copy."""
    state = tmp_path_factory.mktemp("state")
    old = {k: os.environ.get(k) for k in ("CR_STATE_DIR", "CR_WAREHOUSE", "CR_ANALYST_DIR")}
    os.environ["CR_STATE_DIR"] = str(state)
    os.environ["CR_ANALYST_DIR"] = str(state / "analyst")
    os.environ["CR_WAREHOUSE"] = str(state / "unused.duckdb")
    yield
    for key, value in old.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def make_settings(tmp: Path, **changes) -> Settings:
    """Settings writing into `tmp`, reading the bundled data unless told otherwise."""
    base = dict(warehouse=tmp / "warehouse.duckdb", state_dir=tmp / "state",
                analyst_dir=tmp / "analyst",
                curated_dir=DATA_DIR / "curated", documents_dir=DATA_DIR / "documents")
    base.update(changes)
    return Settings(**base)


def copy_curated(dst: Path) -> Path:
    shutil.copytree(DATA_DIR / "curated", dst)
    return dst


@pytest.fixture(scope="session")
def resolver():
    """The offline resolver (gazetteer), for extraction tests."""
    from etl.geocode.resolve import Resolver

    return Resolver.from_settings(Settings(), geocoder="offline")


@pytest.fixture(scope="session")
def extractor(resolver):
    """The real natasha extractor, loaded once per session."""
    from etl.extract import Extractor

    return Extractor(resolver)


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory) -> Path:
    """The warehouse `etl run` publishes from the bundled data (curated tables + documents)."""
    from etl.pipeline import run

    tmp = tmp_path_factory.mktemp("warehouse")
    settings = make_settings(tmp)
    report = run(settings)
    assert report.status == "published"
    return settings.warehouse


@pytest.fixture(scope="session")
def curated_only(tmp_path_factory) -> Path:
    """A warehouse from the curated tables alone (no NLP models needed)."""
    from etl.pipeline import run

    tmp = tmp_path_factory.mktemp("curated_only")
    empty = tmp / "no-documents"
    empty.mkdir()
    settings = make_settings(tmp, documents_dir=empty)
    run(settings)
    return settings.warehouse


def query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()
