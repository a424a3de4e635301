"""Every page on the warehouse the real ETL builds from the bundled data (the lead's fixture)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard.conftest import APP, PAGES


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_the_bundled_data(warehouse, use_warehouse, page):
    use_warehouse(warehouse)
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["years"] = "2023-2024"
    at.run()
    at.switch_page(f"app_pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.warning


def test_overview_counts_something_on_the_bundled_data(warehouse, use_warehouse):
    use_warehouse(warehouse)
    at = AppTest.from_file(APP, default_timeout=180).run()
    done = next(m.value for m in at.metric if m.label == "Проведено мероприятий")
    assert int(done.replace("\u00a0", "")) > 0
