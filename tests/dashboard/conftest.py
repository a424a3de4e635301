"""Fixtures of the dashboard tests: the test warehouse with known facts (tests/fixtures/: curated
tables through the real ETL), and AppTest runs of the app pointed at it through CR_WAREHOUSE."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.fixtures import warehouse as fixture_warehouse

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
PAGES = ("overview", "map", "timeline", "records", "sources", "quality", "region")
SERVER_PATH = "/srv/creative/data/curated/activities_2025.csv"


class _Kept(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture(autouse=True)
def no_deprecated_streamlit_call():
    """A page that calls Streamlit in a deprecated way (`use_container_width=…`) prints a
    deprecation warning on the server's console at each run: any test that ran one fails."""
    logger = logging.getLogger("streamlit.deprecation_util")
    kept = _Kept()
    logger.addHandler(kept)
    yield
    logger.removeHandler(kept)
    assert kept.messages == []


@pytest.fixture(scope="session")
def sample_db() -> Path:
    """The test warehouse, built once per input and shared: tests read it, never write it
    (`fixture_warehouse.copy` gives a test its own copy to change)."""
    return fixture_warehouse.built()


@pytest.fixture
def use_warehouse(monkeypatch):
    """Point the dashboard at a warehouse file for one test."""
    def point(path: Path) -> Path:
        monkeypatch.setenv("CR_WAREHOUSE", str(path))
        return path
    return point


@pytest.fixture
def app(sample_db, use_warehouse):
    """open(page, **query) -> an AppTest that has run `page` with `query` in its URL."""
    use_warehouse(sample_db)

    def open_page(page: str = "overview", **query) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=180)
        at.query_params.update(query)
        at.run()
        if page != "overview":
            at.switch_page(f"app_pages/{page}.py")
            at.query_params.update(query)  # as a link straight to the page would carry them
            at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at
    return open_page


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def table(at: AppTest, *columns: str):
    """The first DataFrame on the page that has all these columns (AppTest does not expose
    the key of a plain st.dataframe)."""
    return next(d.value for d in at.dataframe if set(columns) <= set(d.value.columns))


def server_paths_and_a_long_run(con):
    """A quarantined file named by its full server path, and a publish that took 72 s."""
    con.execute("INSERT INTO quarantine (run_id, source, locator, reason, raw) "
                "SELECT run_id, 'curated', ?, ?, 'a12,mission' FROM etl_run "
                "WHERE status = 'published'",
                [f"{SERVER_PATH}:row 7", f"cannot read file: {SERVER_PATH}: bad zip"])
    con.execute("UPDATE etl_run SET finished_at = started_at + INTERVAL 72 SECOND "
                "WHERE status = 'published'")
