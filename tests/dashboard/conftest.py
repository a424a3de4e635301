"""Fixtures of the dashboard tests: a small warehouse with known facts (tests/dashboard/
sample_warehouse.py), and AppTest runs of the app pointed at it through CR_WAREHOUSE."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard import sample_warehouse

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
PAGES = ("overview", "map", "timeline", "records", "sources", "quality", "region")


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> Path:
    return sample_warehouse.build(tmp_path_factory.mktemp("dash") / "warehouse.duckdb")


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
