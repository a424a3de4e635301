"""Pages an official reads without help (issue 13), seen in Debian's chromium: data-quality
reasons in words with what to do and no server path, names instead of ids, dates in their
precision, the active filters in one line with KPI denominators that follow them, XLSX exports
ready to use, and not one request to another host over every page in both languages."""

from __future__ import annotations

import io
import urllib.parse

import openpyxl
import pytest

from dashboard import i18n
from tests.dashboard.conftest import server_paths_and_a_long_run
from tests.fixtures import warehouse as fixture_warehouse
from tools import devserver
from tools.devserver import pick

pytestmark = pytest.mark.browser

PAGES = ("", "map", "timeline", "records", "sources", "sources?doc=d3", "quality",
         "region?code=RU-OMS")


def _edit(con):
    server_paths_and_a_long_run(con)
    # the gazetteer's name as the extractor found it inside "Владивостока" (item 9)
    con.execute("UPDATE activity_place SET surface = 'Владивосток' "
                "WHERE activity_id = 'a5' AND place_id = 'city:2013348'")
    # the curated mission to Omsk was also reported in a press release (item 3)
    con.execute("INSERT INTO activity_source VALUES ('a7', 'd0', 'extracted', "
                "'Миссия в Омск прошла', 0.9)")
    con.execute("INSERT INTO document VALUES ('dc', 'Мероприятия (таблица)', '2025-01-10', "
                "'day', 'curated', 'agency', NULL, 'activities.csv', 'curated', NULL, "
                "'2025-01-10 03:00:00')")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    path = fixture_warehouse.copy(tmp_path_factory.mktemp("officials") / "w.duckdb", _edit)
    with devserver.running(path) as url:
        yield url


@pytest.fixture
def page():
    with devserver.browser_page(downloads=True) as pg:
        yield pg


# Streamlit's data grids draw their cells on a canvas with no text in the DOM: what a grid shows
# is asserted in tests/dashboard/test_officials.py (the frame and column settings it is given);
# here, what is outside the grids and what the exports hold.


def test_6_quality_page_says_what_to_do_and_no_path(base_url, page):
    page.goto(f"{base_url}/quality")
    page.get_by_text("Исправьте исходный файл").wait_for()          # what to do, in words
    body = page.locator("body").inner_text()
    assert "/srv" not in body and "data/curated" not in body
    page.goto(f"{base_url}/quality?lang=en")
    page.get_by_text("Fix the source file").wait_for()


def test_1_dates_keep_their_precision_in_the_export(base_url, page):
    page.goto(f"{base_url}/records")
    page.get_by_text("Показано 11 из 11").wait_for()
    page.locator(".st-key-records_table__ru").get_by_text("Соглашения").click()
    page.get_by_text("Показано 3 из 3").wait_for()
    sheet = _xlsx(page)
    assert sheet["B1"].value == "Когда" and sheet["B2"].value == "июль 2023"


def test_3_an_activity_lists_the_press_release_behind_it_and_opens_it(base_url, page):
    page.goto(f"{base_url}/records?table=activity&activity=a7")
    page.get_by_text("Документы об этом мероприятии").wait_for()
    link = page.get_by_role("link", name="Круглый стол «Движение открытых мастерских»")
    assert link.get_attribute("href").endswith("sources?doc=d0")
    page.goto(f"{base_url}/{link.get_attribute('href')}")
    page.get_by_role("heading", name="Круглый стол «Движение открытых мастерских»").wait_for()


def test_4_active_filters_line_and_kpi_denominator(base_url, page):
    page.goto(f"{base_url}/?district={urllib.parse.quote('Сибирский')}&years=2023-2024")
    page.get_by_text("Фильтры: Сибирский ФО · 2023–2024").wait_for()
    page.get_by_text("из 10 субъектов РФ").wait_for()            # the Siberian district's
    page.wait_for_url("**district=siberian**")                    # a readable code in the link
    page.goto(f"{base_url}/?district=siberian")
    page.get_by_text("Фильтры: Сибирский ФО").wait_for()
    page.goto(f"{base_url}/records")
    page.get_by_text("Фильтры не выбраны").wait_for()


TABLES = (("activity", "Мероприятия", 11), ("agreement", "Соглашения", 3),
          ("organisation", "Организации", 6), ("person", "Люди", 2),  # with «Активный бизнес»
          ("planned_visit", "Плановые визиты", 8))


def test_8_xlsx_export_is_ready_to_use(base_url, page):
    words: set = set()
    for key, _name, n in TABLES:
        page.goto(f"{base_url}/records?table={key}")
        page.get_by_text(f"Показано {n} из {n}").wait_for()
        sheet = _xlsx(page)
        header = [c.value for c in sheet[1]]
        assert len(header) == len(set(header)), (key, header)      # unique column names
        assert all(c.font.bold for c in sheet[1]) and sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
        assert all(sheet.column_dimensions[c].width >= 6 for c in "ABC")
        values = {c.value for row in sheet.iter_rows(min_row=2) for c in row}
        assert not [v for v in values if isinstance(v, bool)                # 1 == True
                    or v in ("True", "False", "nan", "None")], key
        words |= values
    assert words & {"да", "нет"}


def test_8_xlsx_dates_are_real_dates_in_their_precision(base_url, page):
    page.goto(f"{base_url}/records?table=activity")
    page.get_by_text("Показано 11 из 11").wait_for()
    sheet = _xlsx(page)
    header = [c.value for c in sheet[1]]
    when, date = header.index("Когда") + 1, header.index("Дата") + 1
    cells = {sheet.cell(r, when).value: sheet.cell(r, date) for r in range(2, sheet.max_row + 1)}
    plan, month, day = cells["2024"], cells["ноябрь 2024"], cells["5–6 октября 2022"]
    assert plan.is_date and plan.value.year == 2024 and plan.number_format == "YYYY"
    assert month.is_date and "MMMM" in month.number_format and "DD" not in month.number_format
    assert day.is_date and day.value.day == 5 and day.number_format == "DD.MM.YYYY"


def test_11_no_request_leaves_the_machine_on_any_page_in_either_language(base_url, page):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    host = urllib.parse.urlsplit(base_url).netloc
    for lang in ("ru", "en"):
        for path in PAGES:
            sep = "&" if "?" in path else "?"
            page.goto(f"{base_url}/{path}{sep}lang={lang}")
            page.get_by_text("Фильтры" if lang == "ru" else "Filters").first.wait_for()
            page.wait_for_timeout(2500)                            # charts, map, favicon
    outside = [u for u in requests if urllib.parse.urlsplit(u).netloc not in (host, "")
               and not u.startswith(("data:", "blob:"))]
    assert len(requests) > 50 and not outside, outside


def _xlsx(page, button: str = "Скачать XLSX") -> openpyxl.worksheet.worksheet.Worksheet:
    with page.expect_download() as info:
        page.get_by_role("button", name=button).click()
    return openpyxl.load_workbook(io.BytesIO(open(info.value.path(), "rb").read())).active


def test_2_agreements_and_their_activity_link_both_ways(base_url, page):
    page.goto(f"{base_url}/records?table=agreement")              # the table from a link
    page.get_by_text("Показано 3 из 3").wait_for()
    sheet = _xlsx(page)
    header = [c.value for c in sheet[1]]
    assert sheet.cell(2, header.index("Мероприятие") + 1).value \
        == "Делегация представителей 11 городов"
    page.goto(f"{base_url}/records?table=activity&activity=a5")   # the agreement's link
    page.get_by_text("Показано 1 из 1").wait_for()
    sheet = _xlsx(page)
    row = dict(zip([c.value for c in sheet[1]], [c.value for c in sheet[2]], strict=True))
    assert row["Соглашения"] == "Активный бизнес, Мега-Арт, Мега-Пак"
    assert row["Площадки"] == "Artplay, Винзавод, ГЭС-2" and "Череповец" in row["Откуда"]
    page.get_by_role("button", name="Все мероприятия").click()
    page.get_by_text("Показано 11 из 11").wait_for()
    assert "activity=" not in page.url


def _plot(page) -> dict:
    """What the drawn plotly chart holds (traces as the browser has them) and its axis labels."""
    page.locator(".js-plotly-plot .xtick").first.wait_for()
    return page.evaluate("""() => {
        const gd = document.querySelector('.js-plotly-plot');
        return {ticks: [...gd.querySelectorAll('.xtick text')].map(t => t.textContent),
                traces: gd.data.map(t => ({mode: t.mode, x: t.x, customdata: t.customdata,
                                           hovertemplate: t.hovertemplate}))};
    }""")


def test_1_timeline_axis_labels_and_tooltips_in_their_precision(base_url, page):
    page.goto(f"{base_url}/timeline?years=2023-2024")
    page.get_by_text("Точка — месяц").wait_for()
    plot = _plot(page)
    assert plot["ticks"] and len(plot["ticks"]) == len(set(plot["ticks"])), plot["ticks"]
    dots = [t for t in plot["traces"] if t["mode"] == "markers"]
    periods = {c[2] for t in dots for c in t["customdata"]}
    assert {"июль 2023", "2024"} <= periods, periods          # a year plan reads "2024"
    assert all("Мероприятий: " in t["hovertemplate"] for t in dots)  # labelled, not "(2024, 8)"
    plan = next(t for t in dots if any(c[2] == "2024" for c in t["customdata"]))
    assert any(str(x).startswith("2024-07") for x in plan["x"])  # mid-year, not a January dot
    lines = [t for t in plot["traces"] if t["mode"] == "lines"]
    assert any(str(x).startswith("2024-12-31") for t in lines for x in t["x"] if x)
    assert page.get_by_text("Показаны 30 групп").count() == 0   # 5 groups: no "30 shown"
    page.goto(f"{base_url}/timeline?years=2023-2023")
    page.get_by_text("Точка — месяц").wait_for()
    ticks = _plot(page)["ticks"]
    assert len(ticks) >= 3 and len(ticks) == len(set(ticks)), ticks   # months, none twice


_TEXTS = """() => {
    const out = [];
    const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (w.nextNode()) out.push(w.currentNode.nodeValue.trim());
    for (const el of document.querySelectorAll('[aria-label],[title],[placeholder],[data-title]'))
        for (const a of ['aria-label', 'title', 'placeholder', 'data-title'])
            if (el.getAttribute(a)) out.push(el.getAttribute(a));
    return out.filter(Boolean);
}"""


def test_7_streamlit_and_plotly_texts_in_russian(base_url, page):
    english = set(i18n.CHROME)
    for path in ("", "timeline", "records", "sources", "region?code=RU-KEM"):
        page.goto(f"{base_url}/{path}")
        page.get_by_text("Фильтры").first.wait_for()
        page.wait_for_function("() => window.__crChrome && window.__crChrome.map")
        page.wait_for_timeout(2500)                                  # charts, tables drawn
        page.mouse.move(700, 600)                                    # toolbars on hover
        page.wait_for_timeout(500)
        texts = set(page.evaluate(_TEXTS))
        assert not texts & english, (path, texts & english)
        assert not [t for t in texts if t.startswith("Help for")], path
    # the table toolbar, named apart from the records' own «Скачать CSV» export button
    assert {"Сохранить таблицу в CSV", "Во весь экран"} <= texts
    page.goto(f"{base_url}/sources?lang=en")
    page.get_by_text("Filters").first.wait_for()
    page.wait_for_timeout(2500)
    assert "Download as CSV" in set(page.evaluate(_TEXTS))           # English stays English


def test_5_honest_numbers_on_the_overview_and_in_records(base_url, page):
    page.goto(f"{base_url}/?years=2023-2024")
    page.get_by_text("+4 к 2021–2022").wait_for()              # done: 5 now, 1 two years before
    page.get_by_text("Запланировано мероприятий").wait_for()      # says what it counts
    page.goto(f"{base_url}/records?table=activity&activity=a6")
    page.get_by_text("Показано 1 из 1").wait_for()
    row = dict(zip(*[[c.value for c in r] for r in _xlsx(page).iter_rows(max_row=2)],
                   strict=True))
    assert row["Статус"] == "план, нет отчёта"                    # a 2024 plan nobody reported


def test_5_a_past_plan_says_so_on_the_timeline_the_map_and_the_region_brief(base_url, page):
    past = "план, нет отчёта"
    page.goto(f"{base_url}/timeline")
    page.get_by_text("Точка — месяц").wait_for()
    assert past in {t.get("name") for t in _traces(page)}               # the legend names it
    page.goto(f"{base_url}/map")
    page.locator("path.choroplethlocation").first.wait_for()
    hovers = [h for t in _traces(page) for h in (t.get("hovertext") or [])]
    assert any(h.startswith("Белгородская область") and f"({past}: 1)" in h for h in hovers)
    page.goto(f"{base_url}/region?code=RU-BEL")                       # plans only, none reported
    page.get_by_role("heading", name="Белгородская область").wait_for()
    with page.expect_download() as info:
        page.get_by_role("button", name="Справка DOCX").click()
    import docx

    brief = docx.Document(info.value.path())
    assert past in {c.text for t in brief.tables for r in t.rows for c in r.cells}


def _traces(page) -> list[dict]:
    """Name, hover text and y values of every trace of the first drawn plotly chart."""
    page.locator(".js-plotly-plot").first.wait_for()
    page.wait_for_function("() => document.querySelector('.js-plotly-plot').data")
    return page.evaluate("""() => document.querySelector('.js-plotly-plot').data
        .map(t => ({name: t.name, hovertext: Array.isArray(t.hovertext) ? t.hovertext : [],
                    y: Array.isArray(t.y) ? t.y : []}))""")


def test_7_english_names_of_places_and_regions_in_english_mode(base_url, page):
    page.goto(f"{base_url}/records?table=agreement&lang=en")
    page.get_by_text("Showing 3 of 3").wait_for()
    rows = list(_xlsx(page, "Download XLSX").iter_rows(values_only=True))
    column = {name: i for i, name in enumerate(rows[0])}
    places = {r[column["Place"]] for r in rows[1:]}
    regions = {r[column["Region"]] for r in rows[1:]}
    assert {"Rybinsk", "Cherepovets"} <= places and "Vologda Oblast" in regions, (places, regions)
    page.goto(f"{base_url}/map?lang=en")
    page.locator("path.choroplethlocation").first.wait_for()
    hovers = [h for t in _traces(page) for h in (t.get("hovertext") or [])]
    assert any(h.startswith("Belgorod Oblast") for h in hovers)
    assert not any(h.startswith("Белгородская") for h in hovers)
    pick(page, "f_region__en", "Omsk Oblast")                           # the filter in English
    page.get_by_text("Filters: Omsk Oblast").wait_for()
    page.goto(f"{base_url}/timeline?lang=en")
    groups = [y for t in _traces(page) for y in t["y"]]
    assert "Omsk Oblast" in groups and "Омская область" not in groups


def test_9_a_click_on_a_row_of_the_sources_opens_that_document(base_url, page):
    page.goto(f"{base_url}/sources")
    grid = page.locator('[data-testid="stDataFrame"]').first
    first = grid.locator('[role="gridcell"]').first                  # the first row's title
    first.wait_for(state="attached")                                 # hidden: a11y DOM
    title = first.inner_text()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 12, box["y"] + 35 + 17)              # its row marker
    page.wait_for_url("**sources?doc=**")
    page.get_by_role("heading", name=title).wait_for()
    page.get_by_role("button", name="К списку документов").click()
    grid.locator('[role="gridcell"]').first.wait_for(state="attached")
    assert "doc=" not in page.url


def test_9_sources_mark_whole_words_and_places_and_curated_has_no_text(base_url, page):
    page.goto(f"{base_url}/sources?doc=d3")
    place = page.locator("mark.cr-evidence mark.cr-place").first   # a place inside evidence
    place.wait_for()
    assert place.inner_text() == "Владивостока"                     # the whole word
    page.goto(f"{base_url}/sources?doc=dc")
    page.get_by_text("У этого источника нет текста").wait_for()
    assert page.get_by_text("Выделены предложения").count() == 0


def test_4_the_place_and_its_tab_are_in_a_readable_url(base_url, page):
    page.goto(f"{base_url}/map?place=city:500004&tab=agreements")   # a link of before
    page.get_by_role("heading", name="Рыбинск").wait_for()
    assert page.get_by_role("tab", name="Соглашения").get_attribute("aria-selected") == "true"
    page.get_by_role("tab", name="Документы").click()
    page.wait_for_url("**tab=documents**")
    assert "place=city-500004" in page.url and "%" not in page.url     # codes, not names
    page.goto(f"{base_url}/map?place=city-500004&tab=agreements")   # the link as it is now
    page.get_by_role("heading", name="Рыбинск").wait_for()
    page.goto(f"{base_url}/region?code=RU-KEM&tab=plans")           # a region page's tab
    tab = page.get_by_role("tab", name="Планы и их выполнение")
    tab.wait_for()
    assert tab.get_attribute("aria-selected") == "true"
    page.get_by_role("tab", name="Источники").click()
    page.wait_for_url("**tab=documents**")
    assert "code=RU-KEM" in page.url
    page.get_by_role("link", name="Карта").click()                  # another page: no tab
    page.get_by_text("Показано 26 из 26").wait_for()
    assert "tab=" not in page.url and "code=" not in page.url


def test_4_programs_are_codes_in_the_url(base_url, page):
    name = urllib.parse.quote("Дизайн-цех")
    page.goto(f"{base_url}/records?program={name}")                 # a link of before
    page.get_by_text("Фильтры: Дизайн-цех").wait_for()
    page.get_by_text("Показано 2 из 2").wait_for()                   # Omsk, Yekaterinburg
    page.wait_for_url("**program=dizain-tsekh**")
    assert "%" not in page.url
    pick(page, "f_program__ru", "Фабрика дизайна")
    page.wait_for_url("**program=fabrika-dizaina**")
    page.get_by_text("Показано 4 из 4").wait_for()
    assert "%" not in page.url
    page.goto(f"{base_url}/records?program=fabrika-dizaina")        # the link as it is now
    page.get_by_text("Показано 2 из 2").wait_for()                   # Krasnodar, Rybinsk


PHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
         "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1")
CENTRE_OF = """code => [...document.querySelectorAll('path.choroplethlocation')]
  .filter(p => p.__data__ && p.__data__.loc === code && p.getBBox().width > 0)
  .map(p => { const r = p.getBoundingClientRect(); return r.x + r.width / 2; })"""


def test_10_a_phone_sees_european_russia_and_key_columns_first(base_url):
    with devserver.browser_page(390, 844, user_agent=PHONE) as phone:
        phone.goto(f"{base_url}/map")
        phone.locator("path.choroplethlocation").first.wait_for()
        assert phone.get_by_role("radio", name="Европейская Россия").is_checked()
        assert all(0 <= x <= 390 for x in phone.evaluate(CENTRE_OF, "RU-TUL"))
        assert not [x for x in phone.evaluate(CENTRE_OF, "RU-PRI") if 0 <= x <= 390]
        phone.goto(f"{base_url}/records")
        phone.get_by_text("Показано 11 из 11").wait_for()
        grid = phone.locator('[data-testid="stDataFrame"]').first
        grid.locator('[role="columnheader"]').first.wait_for(state="attached")
        headers = grid.locator('[role="columnheader"]').all_text_contents()   # what fits on screen
        assert headers[:2] == ["Название", "Когда"], headers


def test_10_kpi_labels_are_whole_at_1280_px(base_url):
    with devserver.browser_page(width=1280, height=900) as narrow:
        narrow.goto(f"{base_url}/?years=2023-2024")
        narrow.get_by_text("Запланировано мероприятий").wait_for()
        narrow.wait_for_timeout(1500)
        cut = narrow.evaluate("""() => [...document.querySelectorAll(
                '[data-testid="stMetricLabel"] *, [data-testid="stMetricDelta"] *')]
            .filter(e => e.textContent && (e.scrollWidth > e.clientWidth + 1
                                           || getComputedStyle(e).textOverflow === 'ellipsis'))
            .map(e => e.textContent)""")
        assert not cut, cut
