"""End to end in Debian's chromium: filter through the UI, see the map and table change, download
the CSV; open a link that carries filters and see them applied."""

from __future__ import annotations

import re

import pytest

from tests.fixtures import warehouse as fixture_warehouse
from tools import devserver
from tools.devserver import pick

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    db_path = fixture_warehouse.copy(tmp_path_factory.mktemp("e2e") / "warehouse.duckdb")
    with devserver.running(db_path) as url:
        yield url


@pytest.fixture
def page():
    with devserver.browser_page(downloads=True) as pg:
        yield pg


def test_filter_in_the_ui_changes_map_and_table_and_exports_csv(base_url, page):
    page.goto(f"{base_url}/map")
    page.locator(".js-plotly-plot").first.wait_for()
    page.get_by_text("Показано 26 из 26").wait_for()

    pick(page, "f_region__ru", "Омская область")
    page.get_by_text("Показано 1 из 1").wait_for()      # one bubble left: Omsk
    page.locator(".st-key-f_years__ru").get_by_role("slider").first.press("End")
    page.wait_for_url(re.compile(r"years=2024-2024"))
    assert "region=RU-OMS" in page.url

    page.get_by_role("link", name="Записи").click()
    page.get_by_text("Показано 2 из 2").wait_for()      # 2024: the mission to Omsk, the plan
    assert "region=RU-OMS" in page.url and "years=2024-2024" in page.url

    with page.expect_download() as info:
        page.get_by_role("button", name="Скачать CSV").click()
    csv = open(info.value.path(), encoding="utf-8-sig").read()
    assert "Миссия в Омск" in csv and "Визиты в регионы 2024" in csv
    assert "Миссия в Краснодар" not in csv
    # the period as officials read it, then the real date (issue 13 item 8)
    assert csv.splitlines()[0].startswith("ID,Когда,Дата,Вид,Статус,Название")


def test_a_link_with_filters_opens_filtered(base_url, page):
    page.goto(f"{base_url}/records?region=RU-KDA&years=2024-2024")
    page.get_by_text("Показано 2 из 2").wait_for()
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Краснодарский край").wait_for()
    page.goto(f"{base_url}/records?region=RU-NOPE")
    page.get_by_text("Показано 11 из 11").wait_for()
    page.get_by_text(re.compile("значения, которых нет в данных.*«RU-NOPE»")).wait_for()
