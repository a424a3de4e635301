"""The dashboard's pure parts: URL parsing, exports, highlighting, formats, reopening."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest

from dashboard import db, export, filters, highlight, i18n, queries, ui
from tests.fixtures import warehouse as fixture_warehouse

OPTS = filters.Options(values={"region": ["RU-OMS", "RU-KDA"], "kind": ["mission"],
                               "district": [], "status": ["done"], "program": []},
                       labels={}, years=(2014, 2024))


@pytest.mark.parametrize(("text", "expected"), [
    ("2015-2023", (2015, 2023)),
    ("2023", (2023, 2023)),
    ("2023-2015", (2015, 2023)),  # reversed: read in order
    ("9" * 5000, None),           # never converted to a number
    ("２０２３", None),             # full-width digits are digits to Python, not to us
    ("2010-2023", None),          # outside the data
    ("20x4", None),
    ("2015-2016-2017", None),
])
def test_parse_years(text, expected):
    assert filters.parse_years(text, (2014, 2024)) == expected


def test_parse_keeps_known_values_and_names_the_rest():
    state, dropped = filters.parse({"region": ["RU-OMS", "RU-OMS", "x"], "kind": ["mission"],
                                    "lang": ["de"]}, OPTS)
    assert state["region"] == ["RU-OMS"] and state["kind"] == ["mission"]
    assert dropped == [("region", "x"), ("lang", "de")]


def test_programs_and_places_travel_as_codes_and_older_links_still_open():
    opts = filters.Options(values={**OPTS.values, "program": ["Дизайн-цех", "Фабрика дизайна",
                                                              "Дизайн-цех!"]},
                           labels={}, years=(2014, 2024))
    codes = opts.codes("program")
    assert codes["Дизайн-цех"] == "dizain-tsekh" and codes["Фабрика дизайна"] == "fabrika-dizaina"
    assert len(set(codes.values())) == 3                       # "Дизайн-цех!" gets its own code
    url = filters.to_url(filters.Filters(program=("Дизайн-цех",)), opts)
    assert url["program"] == ["dizain-tsekh"]
    for given in ("fabrika-dizaina", "Фабрика дизайна"):       # the code, or an older link's name
        state, dropped = filters.parse({"program": [given]}, opts)
        assert state["program"] == ["Фабрика дизайна"] and not dropped
    assert filters.place_code("city:500004") == "city-500004"
    assert filters.place_from_code("city-500004") == "city:500004"
    assert filters.place_from_code("city:500004") == "city:500004"   # an older link
    assert filters.place_from_code("RU-KEM") == "RU-KEM"               # a region, as it is


def test_filters_bind_null_for_empty_fields():
    params = filters.Filters(region=("RU-OMS",), years=(2023, 2024)).params()
    assert params["regions"] == ["RU-OMS"] and params["kinds"] is None
    assert (params["year_from"], params["year_to"]) == (2023, 2024)


def test_the_filter_parameters_are_those_of_the_filter_fragments():
    """FilterParams (the type of Filters.params) names exactly the $parameters of
    queries/_filter_*.sql: a fragment's new parameter cannot go unbound."""
    named = {param for fragment in sorted(queries.QUERY_DIR.glob("_filter_*.sql"))
             for param in re.findall(r"\$([a-z_]+)",
                                     queries.conditions(fragment.stem.removeprefix("_filter_")))}
    assert named == set(filters.FilterParams.__annotations__)


@pytest.mark.parametrize("cell", ["=1+2", "+7 900", "-2", "@SUM(A1)", "\t=x"])
def test_export_neutralises_formulas(cell):
    df = pd.DataFrame({"name": [cell], "n": [1]})
    assert export.to_csv(df).decode("utf-8-sig").splitlines()[1].startswith(f"'{cell[0]}")
    sheet = openpyxl.load_workbook(io.BytesIO(export.to_xlsx(df))).active
    assert sheet["A2"].value == "'" + cell and sheet["B2"].value == 1


def test_highlight_escapes_everything_from_the_document():
    text = 'Миссия <script>alert(1)</script> в "Казань" <img src=x onerror=alert(1)>'
    out = highlight.to_html(text, [("Казань", "place"), ("<script>", "evidence")])
    assert "<script>" not in out and "<img" not in out
    assert '<mark class="cr-evidence">&lt;script&gt;</mark>' in out
    assert '<mark class="cr-place">Казань</mark>' in out


def test_highlight_spans_do_not_overlap():
    assert highlight.spans("ab cd ef", [("ab cd", "evidence"), ("cd ef", "place")]) == [
        (0, 5, "evidence")]


def test_highlights_cover_whole_words_and_places_inside_evidence():
    out = highlight.to_html("Гости посетили Винзаводе и ГЭС-2.",
                            [("посетили Винзавод", "evidence"), ("Винзавод", "place")])
    assert ('<mark class="cr-evidence">посетили <mark class="cr-place">Винзаводе</mark></mark>'
            in out)


def test_russian_formats():
    assert i18n.fmt_int(1234567, "ru") == "1\u00a0234\u00a0567"
    assert i18n.fmt_int(1234567, "en") == "1,234,567"
    assert i18n.fmt_date(pd.Timestamp("2015-04-27"), "ru") == "27.04.2015"


def test_every_named_query_binds_only_parameters(sample_db, use_warehouse):
    """Each .sql file runs on the test warehouse with all its $parameters bound (and only
    them: the arguments a query does not name are left out)."""
    use_warehouse(sample_db)
    args = {**filters.Filters().params(), "lang": "ru", "home": "RU-MOW", "limit": 5,
            "offset": 0, "level": "city", "key": "city:500004", "group": "region", "top": 5,
            "sort": "date", "desc": True, "q": None, "activity": None, "doc": "d3",
            "code": "RU-KEM", "as_of": "2024-12-31", "months": 12, "decided": []}
    for path in sorted(queries.QUERY_DIR.glob("[!_]*.sql")):
        df = queries.run_uncached(path.stem, **args)
        assert isinstance(df, pd.DataFrame), path.stem


def test_a_named_query_run_without_a_parameter_names_it(sample_db, use_warehouse):
    use_warehouse(sample_db)
    with pytest.raises(TypeError, match=r"query document needs parameters \['doc'\]"):
        queries.run_uncached("document", lang="ru")


def test_a_new_publish_is_read_without_restart(tmp_path):
    """After os.replace of the file, the next query sees the new rows (no stale connection)."""
    live = fixture_warehouse.copy(tmp_path / "live.duckdb")
    runs = "SELECT count(*) AS n FROM v_etl_run"
    assert db.fetch(runs, {}, db.identity(live))["n"][0] == 2
    fresh = fixture_warehouse.copy(tmp_path / "fresh.duckdb", lambda con: con.execute(
        "INSERT INTO etl_run VALUES ('r3', now(), now(), 'published', NULL, NULL)"))
    os.replace(fresh, live)
    assert db.fetch(runs, {}, db.identity(live))["n"][0] == 3


def test_the_connection_is_read_only(sample_db):
    with pytest.raises(duckdb.Error):
        db.fetch("CREATE TABLE x (a INT)", {}, db.identity(sample_db))


def test_export_with_repeated_headers():
    df = pd.DataFrame([["=x", "y"]], columns=["Документ", "Документ"])
    assert export.to_csv(df).decode("utf-8-sig").splitlines()[1] == "'=x,y"


@pytest.mark.parametrize("name", sorted(queries.FILTERED))
def test_each_filtered_relation_is_its_mart_under_the_sidebar_filters(sample_db, name):
    """Composed from named pieces (a mart, a conditions file), never by editing SQL text: with a
    region filter only that region's rows are left; without filters, every row of the mart."""
    part = queries.FILTERED[name]
    sql = f"WITH {queries.filtered_cte(name)}\nSELECT region_code FROM {name}"
    ident = db.identity(sample_db)
    code = db.fetch(f"SELECT min(region_code) AS c FROM {part.mart}", {}, ident)["c"][0]
    total = db.fetch(f"SELECT count(*) AS n FROM {part.mart}", {}, ident)["n"][0]
    params = {k: v for k, v in filters.Filters(region=(code,)).params().items()
              if f"${k}" in queries.conditions(part.conditions)}
    kept = set(db.fetch(sql, params, ident)["region_code"])
    everything = db.fetch(sql, {**params, "regions": None}, ident)
    assert code and kept == {code}
    assert len(everything) == total


def test_no_page_sizes_an_element_the_deprecated_way():
    """`use_container_width` is deprecated (Streamlit 1.67: `width="stretch"`); st.dataframe
    prints a warning for it (the autouse fixture of conftest.py fails on that), buttons and
    popovers still take it silently."""
    dashboard = Path(queries.__file__).parent
    found = [f"{path.relative_to(dashboard)}:{n}" for path in sorted(dashboard.rglob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if "use_container_width" in line]
    assert found == []


def test_tables_show_name_date_and_place_before_the_rest():
    columns = ["activity_id", "when", "kind", "status", "title", "places", "origins", "program"]
    config = {c: (None if c.endswith("_id") else "shown") for c in columns}
    assert ui.key_first(columns, config) == ["title", "when", "places", "origins", "kind",
                                             "status", "program"]
    regions = ["region_code", "region", "federal_district", "last_contact"]   # a list of regions
    assert ui.key_first(regions, {c: "shown" for c in regions[1:]})[:2] == ["region",
                                                                             "last_contact"]
