"""The region map, white spots, the region page and its brief, on the test warehouse."""

from __future__ import annotations

import datetime as dt
import io
import json

import duckdb
import pytest

from dashboard import brief, choropleth, geo, queries, region_report
from dashboard import db as dbmod
from tests.dashboard.conftest import metric, table


def region_codes(db) -> set[str]:
    """Every federal subject the warehouse knows (the ETL loads all of them)."""
    return set(dbmod.fetch("SELECT region_code FROM v_region", {}, dbmod.identity(db))
               ["region_code"])


def region_figures(at) -> list[dict]:
    """The plotly figures on the page that draw regions (AppTest has no plotly accessor)."""
    figures = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    return [f for f in figures if any(tr["type"] == "choropleth" for tr in f["data"])]


def drawn_codes(figure: dict) -> set[str]:
    """Region codes the figure fills (choropleth) or dots (subjects without a shape)."""
    codes: set[str] = set()
    for trace in figure["data"]:
        if trace["type"] == "choropleth" and trace.get("hoverinfo") != "skip":
            codes |= set(trace["locations"])
        elif trace["type"] == "scattergeo" and trace.get("customdata"):
            codes |= {c[0] for c in trace["customdata"]}
    return codes


def test_map_fills_every_subject_and_tells_states_apart(app, sample_db):
    """Every subject of the warehouse is drawn; reached, planned-only and never-reached ones are
    separate legend entries; the hover counts both directions; Moscow is the agency."""
    at = app("map")
    figure = region_figures(at)[0]
    assert drawn_codes(figure) == region_codes(sample_db)
    by_name = {tr.get("name"): tr for tr in figure["data"] if tr["type"] == "choropleth"}
    assert "RU-OMS" in by_name["Есть проведённые"]["locations"]
    assert "RU-BEL" in by_name["Только в планах"]["locations"]       # planned for 2024 only
    assert "RU-SA" in by_name["Контактов не было"]["locations"]
    assert by_name["Москва — агентство"]["locations"] == ["RU-MOW"]
    reached = by_name["Есть проведённые"]
    omsk = reached["hovertext"][reached["locations"].index("RU-OMS")]
    assert "Проведено: 2 (наши визиты: 1, визиты к нам: 1)" in omsk
    assert "amCharts" in " ".join(c.value for c in at.caption)


def test_a_click_on_a_region_filters_every_page_and_goes_to_the_url(app):
    at = app("map")
    at.session_state["map_regions"] = {"selection": {"points": [{"customdata": ["RU-OMS"]}]}}
    at.run()
    assert at.multiselect(key="f_region__ru").value == ["RU-OMS"]
    assert at.query_params["region"] == "RU-OMS"
    at.switch_page("app_pages/overview.py").run()
    assert metric(at, "Проведено мероприятий") == "2"


def test_views_frame_the_data_european_russia_and_all(sample_db):
    df = _run(sample_db, "region_map")
    shapes = geo.region_shapes()
    data = choropleth.view_box(df, shapes, "data")
    everything = choropleth.view_box(df, shapes, "all")
    assert choropleth.view_box(df, shapes, "european") == choropleth.EUROPEAN
    assert everything[1] - everything[0] > 140           # Karelia to Kamchatka
    assert data[0] >= everything[0] - 1e-6 and data[1] <= everything[1] + 1e-6


def test_region_names_link_to_their_page(app):
    gaps = table(app(), "region", "federal_district", "region_link")
    assert "region?code=RU-SA" in set(gaps["region_link"])


def test_white_spots_rank_never_reached_first_then_the_longest_silence(sample_db):
    spots = _run(sample_db, "white_spots", months=12, as_of=dt.date(2024, 12, 31))
    codes = list(spots["region_code"])
    assert "RU-OMS" not in codes and "RU-KDA" not in codes     # done visits in 2024
    never = spots[spots["last_contact"].isna()]
    assert codes[: len(never)] == list(never["region_code"])    # never reached first
    kem = spots.set_index("region_code").loc["RU-KEM"]
    assert kem["months_since"] == 17 and kem["last_contact"].date() == dt.date(2023, 7, 8)
    assert "RU-MOW" not in codes


def test_overview_shows_the_small_map_and_white_spots(app):
    at = app()
    assert region_figures(at)
    spots = table(at, "region", "last_contact")
    assert "Республика Саха (Якутия)" in set(spots["region"])


def test_region_page_tells_kemerovo_story_and_offers_the_brief(app):
    at = app("region", code="RU-KEM")
    assert at.header[0].value == "Кемеровская область — Кузбасс"
    agreements = table(at, "counterparty", "agreement_status")
    assert list(agreements["counterparty"]) == ["Активный бизнес"]
    assert list(agreements["agreement_status"]) == ["подписано"]
    assert metric(at, "Визиты к нам") == "1" and metric(at, "Соглашений") == "1"
    assert {b.label for b in at.get("download_button")} == {"Справка DOCX", "Справка PDF"}
    district = table(at, "region", "done_out", "done_in")
    # every subject of the Siberian district, the two that were reached first
    assert "Новосибирская область" in set(district["region"])
    assert set(district["region"][:2]) == {"Кемеровская область — Кузбасс", "Омская область"}
    assert district["done"][2:].sum() == 0
    assert set(table(at, "document_id", "published", "publisher")["document_id"]) == {"d3"}


def test_region_page_plans_and_what_fulfilled_them(app):
    at = app("region", code="RU-OMS")
    plans = table(at, "fulfilled", "fulfilled_by")
    assert list(plans["fulfilled_by"]) == ["Миссия в Омск"]
    assert metric(at, "Планы выполнены") == "1 из 1"


def test_an_unknown_region_says_so(app):
    at = app("region", code="<b>RU-NOPE</b>")
    notice = at.warning[0].value
    assert "не найден" in notice and "<b>" not in notice  # shown literally (escaped Markdown)


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_the_brief_holds_the_name_and_the_page_numbers(sample_db, use_warehouse, fmt):
    use_warehouse(sample_db)
    report = region_report.load("RU-OMS", "ru", dt.date(2024, 12, 31))
    text = _docx_text(brief.docx_bytes(report, "ru")) if fmt == "docx" \
        else _pdf_text(brief.pdf_bytes(report, "ru"))
    assert "Омская область" in text
    for label, value in region_report.key_numbers(report, "ru"):
        assert label in text and value in text
    assert "Миссия в Омск" in text and "Сибирский" in text


def _docx_text(data: bytes) -> str:
    import docx

    doc = docx.Document(io.BytesIO(data))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    pdf = PdfReader(io.BytesIO(data))
    box = pdf.pages[0].mediabox
    assert (round(box.width), round(box.height)) == (595, 842)  # A4 in points
    return "\n".join(p.extract_text() for p in pdf.pages)


def _params(**extra) -> dict:
    return {"districts": None, "regions": None, "year_from": None, "year_to": None,
            "kinds": None, "statuses": None, "programs": None, "reviewed_only": False, "lang": "ru",
            "home": "RU-MOW", **extra}


def _run(db, name: str, **extra):
    dbmod.close()  # the dashboard's cached connection has another configuration
    con = duckdb.connect(str(db), read_only=True)
    try:
        wanted = queries.param_names(name)
        for statement in dbmod.setup(queries.sql_text(name)):  # the macros it calls
            con.execute(statement)
        return con.execute(queries.sql_text(name),
                           {k: v for k, v in _params(**extra).items() if k in wanted}).df()
    finally:
        con.close()
