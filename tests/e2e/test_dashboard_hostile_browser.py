"""Hostile inputs seen in Debian's chromium (issue 9): a warehouse whose titles, names, evidence
and quarantine values carry Markdown, HTML, emoji and math tricks renders them as text on every
page — no image fetched, no link, no emoji, no bold, no formula; abusive URLs and a damaged
warehouse give one plain line, never a traceback; an XLSX export of texts with control
characters downloads whole, and a failed export says so under its button (Streamlit's own
English line: a deferred download cannot show a page message)."""

from __future__ import annotations

import io
import re
import urllib.parse

import openpyxl
import pytest

from tests.dashboard import hostile
from tests.fixtures import warehouse as fixture_warehouse
from tools import devserver

pytestmark = pytest.mark.browser

PAGES = ("", "map", "timeline", "records", "sources", "sources?doc=d3", "quality")
# what a rendered trick looks like in the DOM
DOM_PROBE = """() => ({
  images: [...document.querySelectorAll('img')].map(i => i.src)
           .filter(s => s.includes('127.0.0.1:9') || s.endsWith('/x')),
  links: [...document.querySelectorAll('a')].map(a => a.href)
           .filter(h => h.includes('evil.example') || h.includes('127.0.0.1:9')
                        || h.startsWith('mailto:')),
  bold: [...document.querySelectorAll('b, strong')].map(b => b.textContent)
           .filter(t => t.includes('жирный') || t.includes('важно')),
  math: document.querySelectorAll('.katex').length,
  emoji: document.body.innerText.includes('\u274c'),
  traceback: /Traceback|File "\\//.test(document.body.innerText),
  plotlyBold: [...document.querySelectorAll('.js-plotly-plot tspan')]
           .filter(t => (t.getAttribute('style') || '').includes('bold')
                        && t.textContent.includes('жирный')).length,
  text: document.body.innerText,
})"""


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory):
    def edit(con):
        hostile.edit(con)
        con.execute("UPDATE activity SET title = title || ? WHERE activity_id = 'a7'",
                    ["\x0b\x0c\x1b"])
    path = fixture_warehouse.copy(tmp_path_factory.mktemp("hostile-e2e") / "w.duckdb", edit)
    with devserver.running(path) as url:
        yield url, path


@pytest.fixture
def page():
    with devserver.browser_page(downloads=True) as pg:
        yield pg


def outside(requests: list[str], base: str) -> list[str]:
    host = urllib.parse.urlsplit(base).netloc
    return [u for u in requests
            if urllib.parse.urlsplit(u).netloc not in (host, "") and not u.startswith("data:")]


def settle(page, ready: str) -> None:
    page.get_by_text(ready).first.wait_for()
    page.wait_for_timeout(1500)  # plotly and late elements


def test_tricks_in_the_data_render_as_text_on_every_page(hostile_url, page):
    base, _ = hostile_url
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    seen_literal = 0
    for path in PAGES:
        page.goto(f"{base}/{path}")
        settle(page, "Фильтры")
        if path == "map":
            box = page.locator(".st-key-map_place_city__ru").get_by_role("combobox")
            box.click()
            box.press_sequentially("Омск")  # the option list is virtual: filter, not scroll
            page.get_by_role("option", name=re.compile("Омск")).first.click()
            settle(page, "Мероприятия")
        if path in ("", "map", "timeline"):
            page.locator(".js-plotly-plot").first.wait_for()
        found = page.evaluate(DOM_PROBE)
        assert not found["images"] and not found["links"] and not found["bold"], (path, found)
        assert not found["math"] and not found["emoji"] and not found["traceback"], path
        assert not found["plotlyBold"], path
        seen_literal += found["text"].count("<b>жирный</b>")
    assert seen_literal, "the hostile text never reached the screen: the walk proves nothing"
    assert not outside(requests, base), outside(requests, base)


def test_an_abusive_url_shows_one_notice_and_no_traceback(hostile_url, page):
    base, _ = hostile_url
    page.goto(f"{base}/records?years={'9' * 5000}-{'9' * 5000}")
    settle(page, "Показано")
    assert page.locator('[data-testid="stAlert"]').count() == 1
    assert "Traceback" not in page.locator("body").inner_text()
    assert "years=" not in page.url


def test_a_link_past_streamlits_limit_is_cleared_from_the_address_bar(hostile_url, page):
    base, _ = hostile_url
    query = "&".join(f"region=RU-X{i}" for i in range(1500))
    page.goto(f"{base}/records?{query}")
    settle(page, "Показано 11 из 11")
    page.wait_for_url(lambda url: "RU-X" not in url)


def test_the_xlsx_export_of_control_characters_downloads_whole(hostile_url, page):
    base, _ = hostile_url
    page.goto(f"{base}/records")
    settle(page, "Показано 11 из 11")
    with page.expect_download() as info:
        page.get_by_role("button", name="Скачать XLSX").click()
    sheet = openpyxl.load_workbook(io.BytesIO(open(info.value.path(), "rb").read())).active
    assert sheet.max_row == 1 + 11  # the header and every activity
    texts = [c.value for row in sheet.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    assert any("Миссия в Омск" in t for t in texts)  # the title with the control character
    assert not any("\x1b" in t for t in texts)


def test_a_damaged_warehouse_and_a_failed_export_are_told(tmp_path_factory, page):
    """The page is open when the file is damaged: the export says it failed, and the next
    page says in one line that the warehouse is damaged and `etl run` rebuilds it."""
    path = fixture_warehouse.copy(tmp_path_factory.mktemp("damaged-e2e") / "w.duckdb")
    with devserver.running(path) as base:
        page.goto(f"{base}/records")
        settle(page, "Показано 11 из 11")
        with open(path, "r+b") as damaged:  # in place: the header no longer reads as DuckDB's
            damaged.write(b"\x00" * 4096)
        page.get_by_role("button", name="Скачать XLSX").click()
        # Streamlit's own line under the button, for five seconds (the server log has why)
        page.get_by_test_id("stDownloadButtonError").get_by_text("Failed").wait_for(
            timeout=30_000)
        page.goto(f"{base}/map")
        page.get_by_text("Хранилище данных повреждено").wait_for()
        text = page.locator("body").inner_text()
        assert "etl run" in text and "IO Error" not in text and str(path) not in text
