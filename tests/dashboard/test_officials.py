"""Pages an official reads without help (issue 13): what the data grids are given — reasons in
words with what to do and file names, durations with units, no id columns on screen, dates in
their precision. (The browser tests in tests/e2e/test_dashboard_officials_browser.py see the
rest: grids are drawn on a canvas.)"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from dashboard import i18n, reasons, ui
from tests.dashboard.conftest import server_paths_and_a_long_run, table
from tests.fixtures import warehouse as fixture_warehouse


@pytest.fixture
def quality_app(app, use_warehouse, tmp_path):
    use_warehouse(fixture_warehouse.copy(tmp_path / "w.duckdb", server_paths_and_a_long_run))
    return app


def shown(at, *columns):
    """The columns of the grid holding `columns` that are on screen (not hidden by config)."""
    df = table(at, *columns)
    cfg = ui.column_config(ui.with_links(ui.labelled(df)))
    return df, [c for c in df.columns if cfg.get(c) is not None]


def test_quality_reasons_are_words_with_what_to_do_and_file_names(quality_app):
    at = quality_app("quality")
    quarantine = table(at, "where", "problem", "todo")
    row = quarantine[quarantine["where"] == "activities_2025.csv, строка 7"].iloc[0]
    assert row["problem"] == "Файл не читается" and "пересохраните" in row["todo"]
    assert "/srv" not in quarantine.to_string()
    assert "Дата не читается или неверна" in set(quarantine["problem"])
    runs = table(at, "duration", "status")
    assert "1 мин 12 с" in set(runs["duration"]) and "run_id" not in shown(at, "duration")[1]


def test_no_id_column_on_screen(app):
    at = app("records")
    for table_name in ("activity", "agreement", "organisation", "person", "planned_visit"):
        at.segmented_control(key="records_table__ru").set_value(table_name).run()
        frame = at.dataframe[0].value
        on_screen = [c for c in frame.columns
                     if ui.column_config(frame).get(c) is not None]
        assert not [c for c in on_screen if c.endswith("_id")], (table_name, on_screen)


def test_records_dates_in_their_precision(app):
    at = app("records")
    when = set(at.dataframe[0].value["when"])
    assert {"2024", "5–6 октября 2022", "ноябрь 2024"} <= when, when


@pytest.mark.parametrize(("start", "end", "precision", "ru", "en"), [
    (dt.date(2023, 7, 1), dt.date(2023, 7, 31), "month", "июль 2023", "July 2023"),
    (dt.date(2024, 1, 1), dt.date(2024, 12, 31), "year", "2024", "2024"),
    (dt.date(2025, 3, 12), dt.date(2025, 3, 14), "day", "12–14 марта 2025",
     "12–14 March 2025"),
    (dt.date(2025, 6, 30), dt.date(2025, 7, 2), "day", "30 июня – 2 июля 2025",
     "30 June – 2 July 2025"),
    (dt.date(2025, 5, 15), None, "day", "15 мая 2025", "15 May 2025"),
])
def test_a_date_reads_in_its_precision(start, end, precision, ru, en):
    assert i18n.fmt_span(start, end, precision, "ru") == ru
    assert i18n.fmt_span(start, end, precision, "en") == en


@pytest.mark.parametrize(("reason", "code"), [
    ("missing required column(s): title; the file was not loaded", "missing_columns"),
    ("row has 3 cells but the header has 5 columns", "row_width"),
    ("unknown place 'Мocква': not in the gazetteer", "unknown_place"),
    ("end 2024-01-01 is before start 2024-02-01", "bad_date"),
    ("something new", "other"),
])
def test_every_reason_has_a_code_and_russian_words(reason, code):
    assert reasons.code(None, reason) == code
    assert i18n.reason(code, "ru") and i18n.reason_todo(code, "ru")


def test_durations_have_units():
    assert [i18n.fmt_duration(s, "ru") for s in (5, 72, 3900)] == ["5 с", "1 мин 12 с",
                                                                    "1 ч 5 мин"]


def test_2_an_agreement_names_its_activity_and_links_to_it(app):
    at = app("records", table="agreement")
    rows = table(at, "counterparty", "activity")
    assert set(rows["activity"]) == {"Делегация представителей 11 городов"}
    assert set(rows["activity_link"]) == {"records?table=activity&activity=a5"}
    assert at.query_params["table"] == "agreement"


def test_2_an_activity_lists_its_agreements_and_separates_venues_from_origins(app):
    at = app("records", table="activity", activity="a5")
    rows = table(at, "title", "agreement_list")
    assert list(rows["title"]) == ["Делегация представителей 11 городов"]
    row = rows.iloc[0]
    assert row["agreement_list"] == "Активный бизнес, Мега-Арт, Мега-Пак"
    assert row["venues"] == "Artplay, Винзавод, ГЭС-2"
    assert "Череповец" in row["origins"] and "Винзавод" not in row["origins"]
    assert row["places"] == ""                        # it went nowhere: they came to Moscow
    at.button(key="records_all").click().run()
    assert len(table(at, "title", "agreement_list")) == 11 and "activity" not in at.query_params


def test_7_place_names_in_english(app):
    at = app("records", lang="en", table="activity", activity="a5")
    row = table(at, "title", "agreement_list").iloc[0]
    assert "Cherepovets" in row["origins"] and "Череповец" not in row["origins"]


def test_5_a_past_plan_says_it_has_no_report(app):
    at = app("records")
    status = dict(zip(at.dataframe[0].value["title"], at.dataframe[0].value["status"],
                      strict=True))
    assert status["Визиты в регионы 2024"] == "план, нет отчёта"
    assert status["Миссия в Омск"] == "проведено"


def _specs(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def test_5_a_past_plan_says_so_wherever_a_status_is_shown(app):
    past = "план, нет отчёта"
    timeline = _specs(app("timeline"))[0]
    assert past in {trace.get("name") for trace in timeline["data"]}          # its own dots
    by_year = next(s for s in _specs(app()) if any(t.get("type") == "bar" and "Год" not in
                                                   str(t.get("y")) for t in s["data"]))
    assert past in {trace.get("name") for trace in by_year["data"]}
    hovers = [h for s in _specs(app("map")) for trace in s["data"]
              for h in trace.get("hovertext") or [] if isinstance(h, str)]
    belgorod = next(h for h in hovers if h.startswith("Белгородская область"))
    assert f"({past}: 1)" in belgorod, belgorod
    region = app("region", code="RU-BEL")
    assert past in set(table(region, "title", "direction")["status"])
    document = app("sources", doc="d3")
    assert past in set(table(document, "what", "label")["status"])


def test_5_kpis_say_what_they_count_and_change_against_the_period_before(app):
    at = app(years="2023-2024")                       # against 2021–2022
    done = next(m for m in at.metric if m.label == "Проведено мероприятий")
    assert done.value == "5" and done.proto.delta == "+4 к 2021–2022"  # 5 now, 1 (Kazan) then
    assert "каждое один раз" in done.proto.help
    planned = next(m for m in at.metric if m.label == "Запланировано мероприятий")
    assert "плановые визиты" in planned.proto.help
    assert all(m.proto.delta == "" or "к 20" in m.proto.delta or "субъект" in m.proto.delta
               for m in at.metric)


def test_5_top_regions_separate_done_and_planned(app):
    at = app()
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    spec = next(s for s in specs if any("Омская область" in str(t.get("y")) for t in s["data"]))
    names = {trace["name"] for trace in spec["data"]}
    assert names == {"проведено", "запланировано"}
    assert all("мероприятий" in trace["hovertemplate"] for trace in spec["data"])


def test_4_the_chosen_place_and_tab_live_in_the_url(app):
    at = app("map", place="city-500004", tab="agreements")          # a link that was sent
    assert at.selectbox(key="map_place_city__ru").value == "city:500004"
    assert set(table(at, "counterparty")["counterparty"]) == {"Мега-Арт"}
    assert at.query_params["place"] == "city-500004" and at.query_params["tab"] == "agreements"
    at.selectbox(key="map_place_city__ru").set_value("city:569223").run()   # Череповец
    assert at.query_params["place"] == "city-569223"
    older = app("map", place="city:500004")                          # a link of before
    assert older.selectbox(key="map_place_city__ru").value == "city:500004"
    assert older.query_params["place"] == "city-500004"


@pytest.fixture
def sourced_app(app, use_warehouse, tmp_path):
    def edit(con):  # the curated mission to Omsk was also reported in a press release (d0)
        con.execute("INSERT INTO activity_source VALUES ('a7', 'd0', 'extracted', "
                    "'Миссия в Омск прошла', 0.9)")
    use_warehouse(fixture_warehouse.copy(tmp_path / "w.duckdb", edit))
    return app


def test_3_a_place_lists_every_document_behind_its_activities(sourced_app):
    at = sourced_app("map", place="city:1496153")                    # Омск
    docs = table(at, "document_id", "published")
    assert set(docs["document_id"]) == {"d0", "d3"}                  # d0 only as a source


def test_3_an_activity_lists_every_document_behind_it(sourced_app):
    at = sourced_app("records", table="activity", activity="a7")     # the mission to Omsk
    links = [m.value for m in at.markdown if "sources?doc=" in m.value]
    assert len(links) == 1 and "sources?doc=d0" in links[0]          # the press release too
    assert "Документы об этом мероприятии" in [h.value for h in at.subheader]


def test_7_english_place_and_region_names_in_every_table(app):
    agreements = table(app("records", lang="en", table="agreement"), "counterparty")
    assert {"Rybinsk", "Cherepovets"} <= set(agreements["place_name"])
    plans = table(app("records", lang="en", table="planned_visit"), "fulfilled")
    assert "Krasnodar" in set(plans["place_name"]) and "Краснодар" not in set(plans["place_name"])
    organisations = table(app("records", lang="en", table="organisation"), "n_activities")
    row = organisations[organisations["name"] == "Мега-Пак"].iloc[0]
    assert (row["place_name"], row["region_name"]) == ("Cherepovets", "Vologda Oblast")
    region = app("region", lang="en", code="RU-YAR")
    assert set(table(region, "counterparty", "agreement_status")["place_name"]) == {"Rybinsk"}
    place = app("map", lang="en", place="city-500004", tab="agreements")
    assert set(table(place, "counterparty")["place_name"]) == {"Rybinsk"}
