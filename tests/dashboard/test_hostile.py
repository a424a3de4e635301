"""Hostile inputs to the dashboard (issue 9): nothing from a document, a curated file or a URL is
rendered as Markdown or HTML; URL values are bounded and validated; no page ever shows a
traceback; a missing, empty or damaged warehouse is said in one line; exports take any text.

Each scenario is listed in docs/reliability.md ("Hostile inputs — Dashboard")."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import charts, export
from tests.dashboard import hostile
from tests.dashboard.conftest import APP, PAGES
from tests.fixtures import warehouse as fixture_warehouse

OMSK = "city:1496153"


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> Path:
    return hostile.build(tmp_path_factory.mktemp("hostile") / "warehouse.duckdb")


def open_app(monkeypatch, path: Path, page: str = "overview", **query) -> AppTest:
    monkeypatch.setenv("CR_WAREHOUSE", str(path))
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params.update(query)
    at.run()
    if page != "overview":
        at.switch_page(f"app_pages/{page}.py")
        at.query_params.update(query)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


# -- 1. Markdown and HTML from the data are text --------------------------------------------

def _walk_pages(at: AppTest, lang: str = "ru"):
    """Yield (where, app) for every page and the views inside them that show data text."""
    for page in PAGES:
        at.switch_page(f"app_pages/{page}.py").run()
        yield page, at
        if page == "map":
            at.segmented_control(key=f"map_level__{lang}").set_value("city").run()
            at.selectbox(key=f"map_place_city__{lang}").set_value(OMSK).run()
            yield "map: Omsk selected", at
            at.segmented_control(key=f"map_level__{lang}").set_value("region").run()
            yield "map: regions", at
        if page == "timeline":
            at.segmented_control(key=f"timeline_group__{lang}").set_value("kind").run()
            yield "timeline: by kind", at
        if page == "region":
            at.selectbox(key=f"region_pick__{lang}").set_value("RU-OMS").run()
            yield "region: Omsk oblast", at
        if page == "records":
            for table in ("agreement", "organisation", "person", "planned_visit"):
                at.segmented_control(key=f"records_table__{lang}").set_value(table).run()
                yield f"records: {table}", at
    at.query_params["doc"] = "d3"
    at.switch_page("app_pages/sources.py").run()
    yield "sources: document d3", at


def test_no_page_renders_markdown_or_html_from_the_data(monkeypatch, hostile_db):
    """Titles, names, evidence, organisations, quarantine values and hover labels that hold
    ![](url), [link](url), :x:, <img onerror>, <b>, $math$, :material/…:, :red[…], **…**,
    www.… and a bidi override reach no Markdown element and no plotly label unescaped, on
    every page and in English too; the hostile text is on screen (escaped), not hidden."""
    at = open_app(monkeypatch, hostile_db)
    found = {}
    seen_hostile = set()
    for where, state in _walk_pages(at):
        assert not state.exception, (where, [e.value for e in state.exception])
        found[where] = hostile.leaks(state)
        seen_hostile |= {kind for kind, text in hostile.markdown_texts(state)
                         if "жирный" in text}
        seen_hostile |= {"plotly" for text in hostile.plotly_texts(state) if "жирный" in text}
    assert not any(found.values()), {k: v for k, v in found.items() if v}
    # the walk did reach the hostile texts: a document title, a place header, chart labels
    assert {"header", "subheader", "plotly"} <= seen_hostile, seen_hostile
    at.toggle(key="lang_en").set_value(True).run()
    for where, state in _walk_pages(at, "en"):
        assert not hostile.leaks(state), (where, hostile.leaks(state))


def test_plotly_labels_are_escaped_not_dropped():
    """A region named with <b> shows the characters «<b>» in the bar chart, not bold text."""
    df = pd.DataFrame({"region": ["<b>жирный</b> край"], "n": [3]})
    fig = charts.top_regions(df, ", ")
    assert list(fig.data[0].y) == ["&lt;b&gt;жирный&lt;/b&gt; край"]


# -- 2. URL abuse -----------------------------------------------------------------------------

BAD_YEARS = [
    pytest.param("9" * 5000 + "-" + "9" * 5000, id="5000-digit years"),
    pytest.param("-2023-2024", id="negative year"),
    pytest.param("２０２３", id="full-width digits"),
    pytest.param("²⁰²³", id="superscript digits"),
    pytest.param("2023-2024-2025", id="three years"),
    pytest.param("1800-9999", id="outside the data"),
    pytest.param("2023\u200b", id="zero-width space"),
]


@pytest.mark.parametrize("years", BAD_YEARS)
def test_a_bad_year_in_the_url_is_dropped_with_one_notice(monkeypatch, sample_db, years):
    """No traceback, no error: the years filter is off, one notice, the URL is clean."""
    at = open_app(monkeypatch, sample_db, years=years)
    assert not errors(at)
    assert len(at.warning) == 1 and "Годы" in at.warning[0].value
    assert "years" not in at.query_params
    assert shown_on_records(at) == "Показано 11 из 11"


def shown_on_records(at: AppTest) -> str:
    """The records page's "showing n of m" line (the notice is on the first page opened)."""
    at.switch_page("app_pages/records.py").run()
    return next(c.value for c in at.caption if c.value.startswith("Показано"))


def test_reversed_years_are_read_in_order(monkeypatch, sample_db):
    at = open_app(monkeypatch, sample_db, years="2024-2023")
    assert not at.warning
    assert at.slider(key="f_years__ru").value == (2023, 2024)
    assert at.query_params["years"] == "2023-2024"


def test_repeated_parameters_take_the_first(monkeypatch, sample_db):
    """?years=2024&years=2015&lang=en&lang=ru: the first of each counts, nothing breaks."""
    at = open_app(monkeypatch, sample_db, years=["2024", "2015"], lang=["en", "ru"])
    assert at.slider(key="f_years__en").value == (2024, 2024)
    assert not at.warning and not errors(at)


def test_a_thousand_unknown_values_give_one_notice(monkeypatch, sample_db):
    """1,000 unknown regions: one notice naming five and counting the rest; the URL loses
    them all."""
    regions = ["RU-OMS"] + [f"RU-X{i}" for i in range(999)]
    at = open_app(monkeypatch, sample_db, region=regions)
    assert len(at.warning) == 1
    text = at.warning[0].value.replace("\\", "")
    assert "RU-X0" in text and "RU-X4" in text and "RU-X5" not in text
    assert "ещё 994" in text
    assert at.query_params["region"] in ("RU-OMS", ["RU-OMS"])
    assert at.multiselect(key="f_region__ru").value == ["RU-OMS"]


def test_more_unknown_values_than_streamlit_reads_are_cleared_from_the_url(
        monkeypatch, sample_db):
    """Past 1,000 parameters Streamlit ignores the whole query string: the page shows all data
    and the URL no longer carries the values (it is rewritten on the first run)."""
    at = open_app(monkeypatch, sample_db, region=[f"RU-X{i}" for i in range(1500)])
    assert "region" not in at.query_params
    assert shown_on_records(at) == "Показано 11 из 11"


def test_unicode_tricks_in_values_are_named_visibly(monkeypatch, sample_db):
    """Zero-width, RTL-override and very long values are dropped; the notice writes the
    invisible characters as \\uXXXX and cuts the long one."""
    at = open_app(monkeypatch, sample_db,
                  region=["RU-OMS\u200b", "\u202eSMO-UR", "R" * 10_000],
                  kind=["<b>mission</b>", "[x](http://evil.example)"])
    assert len(at.warning) == 1
    text = at.warning[0].value
    shown = text.replace("\\", "")
    assert "u200b" in shown and "u202e" in shown and "R" * 81 not in shown
    assert not [m for m in hostile.MD_MARKERS if m in hostile.unescaped(text)]
    assert at.multiselect(key="f_region__ru").value == []
    assert "region" not in at.query_params and "kind" not in at.query_params


def test_unknown_parameters_leave_the_url(monkeypatch, sample_db):
    """A parameter the dashboard does not know is not kept (the URL says only what applies);
    a known one stays."""
    at = open_app(monkeypatch, sample_db, region="RU-OMS", utm_source="x" * 5000)
    assert "utm_source" not in at.query_params and at.query_params["region"] == "RU-OMS"


def test_an_unknown_document_in_the_url_is_named_as_text(monkeypatch, sample_db):
    at = open_app(monkeypatch, sample_db, "sources", doc="[x](http://evil.example) :x:")
    assert len(at.warning) == 1
    assert not [m for m in hostile.MD_MARKERS
                if m in hostile.unescaped(at.warning[0].value)]


# -- 3. Unexpected errors, and the warehouse missing, empty or damaged -----------------------

def test_an_unexpected_error_shows_a_plain_message_and_is_logged(monkeypatch, sample_db,
                                                                  caplog):
    """A failure inside a page (its first query raising): one plain message with a code, no
    traceback on the page; the traceback is in the server log under that code."""
    from dashboard import queries
    run = queries.run

    def broken(name, **params):
        if name == "kpi":  # the overview's first query, never cached across tests
            raise ValueError("/srv/secret/path exploded")
        return run(name, **params)
    monkeypatch.setattr(queries, "run", broken)
    at = open_app(monkeypatch, sample_db)
    [message] = errors(at)
    assert "внутренней ошибки" in message and "/srv" not in message
    code = message.split("код ")[1].split(")")[0]
    logged = [r for r in caplog.records if r.name == "dashboard"]
    assert logged and code in logged[0].getMessage() and logged[0].exc_info
    assert not at.exception


def _damaged(sample: Path, tmp_path: Path, how: str) -> Path:
    path = tmp_path / "warehouse.duckdb"
    data = sample.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 3])
    elif how == "overwritten":
        path.write_bytes(b"\x00" * 4096 + data[4096:])
    elif how == "not duckdb":
        path.write_text("id,title\n1,a\n", encoding="utf-8")
    elif how == "no views":
        con = duckdb.connect(str(path))
        con.execute("CREATE TABLE x (a INT)")
        con.close()
    return path


@pytest.mark.parametrize("how", ["truncated", "overwritten", "not duckdb", "no views"])
def test_a_damaged_warehouse_says_so_in_one_line_on_every_page(monkeypatch, sample_db,
                                                               tmp_path, how):
    path = _damaged(sample_db, tmp_path, how)
    for page in PAGES:
        at = open_app(monkeypatch, path, page)
        [message] = errors(at)
        assert "повреждено" in message and "etl run" in message and "\n" not in message
        assert str(tmp_path) not in message and "IO Error" not in message


def test_the_damaged_message_speaks_english_too(monkeypatch, sample_db, tmp_path):
    at = open_app(monkeypatch, _damaged(sample_db, tmp_path, "truncated"), lang="en")
    assert "damaged" in errors(at)[0] and "etl run" in errors(at)[0]


def test_a_warehouse_repaired_in_place_is_read_again(monkeypatch, sample_db, tmp_path):
    """After `etl run` publishes a good file, the next run of the page shows data."""
    path = _damaged(sample_db, tmp_path, "truncated")
    at = open_app(monkeypatch, path)
    assert errors(at)
    shutil.copy(sample_db, tmp_path / "new.duckdb")
    (tmp_path / "new.duckdb").replace(path)
    at.run()
    assert not errors(at) and at.metric


def test_a_missing_warehouse_says_run_the_etl(monkeypatch, tmp_path):
    at = open_app(monkeypatch, tmp_path / "none.duckdb")
    assert "etl run" in errors(at)[0]


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory) -> Path:
    """What a first `etl run` over empty folders publishes: the regions, no facts."""
    return fixture_warehouse.built(tmp_path_factory.mktemp("empty-curated"))


@pytest.mark.parametrize("page", PAGES)
def test_an_empty_warehouse_shows_every_page_without_error(monkeypatch, empty_db, page):
    at = open_app(monkeypatch, empty_db, page)
    assert not errors(at)


# -- 4. Exports take any text -----------------------------------------------------------------

CONTROL = "строка\x0bперенос\x0cлист\x1b[31mцвет\x00ноль"


def test_xlsx_export_cleans_control_characters():
    """A cell with a vertical tab (Word's soft break), form feed, escape and NUL exports: the
    vertical tab becomes a line break, the others a space; formulas stay neutralised."""
    df = pd.DataFrame({"title": [CONTROL, "\x0c=1+1", hostile.HOSTILE], "n": [1, 2, 3]})
    sheet = openpyxl.load_workbook(io.BytesIO(export.to_xlsx(df))).active
    assert sheet["A2"].value == "строка\nперенос лист [31mцвет ноль"
    assert sheet["A3"].value == " =1+1" and sheet["A3"].data_type == "s"
    assert sheet["A4"].value == hostile.HOSTILE
    csv = export.to_csv(df).decode("utf-8-sig")
    assert "\x1b" not in csv and "\x00" not in csv


def test_a_source_link_cannot_add_parameters():
    """A document id holding & and = stays one value of ?doc= in the link to it."""
    from dashboard import ui
    assert ui.source_url("a&region=RU-X") == "sources?doc=a%26region%3DRU-X"
