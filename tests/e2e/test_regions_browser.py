"""The region map, a click on a region, the region page and its brief, in Debian's chromium,
on the warehouse the ETL builds from the bundled curated tables (every federal subject)."""

from __future__ import annotations

import io
import re

import pytest

from tools import devserver

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base_url(curated_only):
    with devserver.running(curated_only) as url:
        yield url


@pytest.fixture
def page():
    with devserver.browser_page(1280, 800, downloads=True) as pg:
        yield pg


# the subject a filled path stands for: plotly binds its calcdata point ({loc: code}) to it
PATH_OF = """code => [...document.querySelectorAll('path.choroplethlocation')]
  .filter(p => p.__data__ && p.__data__.loc === code && p.getBBox().width > 0)
  .map(p => { const r = p.getBoundingClientRect();
              return [r.x + r.width / 2, r.y + r.height / 2]; })"""


def filled_codes(page) -> set[str]:
    """Subjects drawn as filled shapes (the white-spots layer, outline only, is off)."""
    return set(page.evaluate("""() => [...document.querySelectorAll('path.choroplethlocation')]
        .filter(p => p.__data__ && getComputedStyle(p).fill !== 'none')
        .map(p => p.__data__.loc)"""))


def test_map_fills_every_subject_and_a_click_filters_by_it(base_url, page):
    page.goto(f"{base_url}/map")
    page.get_by_text("Нет контура в источнике").wait_for()
    page.locator("path.choroplethlocation").first.wait_for()
    assert len(filled_codes(page)) >= 84
    missing = page.get_by_text("Нет контура в источнике").inner_text()
    assert "Севастополь" in missing and "Херсонская область" in missing
    page.locator("path.choroplethlocation").nth(0).scroll_into_view_if_needed()
    x, y = page.evaluate(PATH_OF, "RU-KEM")[0]
    page.mouse.click(x, y)
    page.wait_for_url(re.compile(r"region=RU-KEM"))
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Кемеровская область — Кузбасс").wait_for()
    page.get_by_role("link", name="Обзор").click()
    page.wait_for_url(re.compile(r"region=RU-KEM"))


SIZE_OF = """code => Math.max(...[...document.querySelectorAll('path.choroplethlocation')]
  .filter(p => p.__data__ && p.__data__.loc === code).map(p => p.getBoundingClientRect().width))"""


def test_european_russia_is_one_click_away(base_url, page):
    page.goto(f"{base_url}/map")
    page.locator("path.choroplethlocation").first.wait_for()
    before = page.evaluate(SIZE_OF, "RU-TUL")
    page.get_by_role("radio", name="Европейская Россия").click()
    page.wait_for_function(SIZE_OF.replace("code =>", "() =>").replace("code", "'RU-TUL'")
                           + f" > {before * 1.5}")


def test_a_phone_sees_the_map_inside_its_screen(base_url):
    with devserver.browser_page(390, 844) as phone:
        phone.goto(f"{base_url}/map")
        phone.locator("path.choroplethlocation").first.wait_for()
        assert phone.locator(".js-plotly-plot").first.bounding_box()["width"] <= 390
        for code in ("RU-KGD", "RU-PRI"):  # the western and eastern ends of the worked area
            x, _ = phone.evaluate(PATH_OF, code)[0]
            assert 0 <= x <= 390, code


def metrics(page) -> dict[str, str]:
    """The page's key numbers, read once all seven are drawn (a rerun redraws them)."""
    from playwright.sync_api import expect

    expect(page.locator('[data-testid="stMetricValue"]')).to_have_count(7)
    out = {}
    for m in page.locator('[data-testid="stMetric"]').all():
        label = m.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        out[label] = m.locator('[data-testid="stMetricValue"]').inner_text().strip()
    return out


def brief_text(page, label: str) -> tuple[str, str]:
    with page.expect_download() as info:
        page.get_by_role("button", name=label).click()
    data = open(info.value.path(), "rb").read()
    if label.endswith("DOCX"):
        import docx

        doc = docx.Document(io.BytesIO(data))
        cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
        return info.value.suggested_filename, "\n".join(
            [p.text for p in doc.paragraphs] + cells)
    from pypdf import PdfReader

    return info.value.suggested_filename, "\n".join(
        p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_region_page_shows_the_agreement_and_gives_both_briefs(base_url, page):
    page.goto(f"{base_url}/region?code=RU-KEM")
    page.get_by_role("heading", name="Кемеровская область — Кузбасс").wait_for()
    page.get_by_role("tab", name="Соглашения").click()
    page.get_by_text("«Активный бизнес»").wait_for()
    shown = metrics(page)
    assert shown["Соглашений"] != "0"
    for label in ("Справка DOCX", "Справка PDF"):
        name, text = brief_text(page, label)
        assert name.startswith("RU-KEM-brief.")
        assert "Кемеровская область — Кузбасс" in text and "Активный бизнес" in text
        for metric, value in shown.items():
            assert metric in text and value in text, (label, metric, value)
