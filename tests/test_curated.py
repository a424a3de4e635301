"""Bad curated input is quarantined with file, row and reason; the rest still loads."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from etl.pipeline import run
from tests.conftest import copy_curated, make_settings, query


def _append(path, line: str) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")


@pytest.fixture(scope="module")
def messy(tmp_path_factory):
    """The bundled tables plus one of each kind of bad input an analyst can produce."""
    tmp = tmp_path_factory.mktemp("messy")
    cur = copy_curated(tmp / "curated")
    # an unknown place (row 33) and an impossible date (row 9) with a place of its own (row 34)
    _append(cur / "activity_places.csv", "A-2015-04-27-round-table,Гдетотамск,destination,")
    _append(cur / "activities.csv",
            "A-bad-date,mission,done,Визит с несуществующей датой,31.02.2024,,,seed-003,")
    _append(cur / "activity_places.csv", "A-bad-date,Омск,destination,")
    # a duplicate row (row 5 repeats row 2)
    first = (cur / "agreements.csv").read_text(encoding="utf-8").splitlines()[1]
    _append(cur / "agreements.csv", first)
    # a missing required column
    (cur / "agreements_2025.csv").write_text(
        "agreement_id,place,signed\nAG-x,Омск,2025-03\n", encoding="utf-8")
    # an empty file
    (cur / "people_empty.csv").write_bytes(b"")
    # a Windows-1251 file as Excel saves it, with a new organisation
    (cur / "organisations_win.csv").write_bytes(
        "organisation;kind;place;region\nМастерская «Ладья»;workshop;Тула;\n".encode("cp1251"))
    # random bytes in a .csv
    (cur / "programs_broken.csv").write_bytes(bytes(range(256)) * 4)
    # an XLSX workbook: one sheet per table, a cell starting with @ kept as text
    wb = Workbook()
    ws = wb.active
    ws.title = "activities"
    ws.append(["activity_id", "kind", "status", "title", "start", "end", "document_id"])
    ws.append(["A-xlsx", "festival", "done", "@Фестиваль из XLSX", "2022-09-10", "2022-09-12",
               "seed-003"])
    places = wb.create_sheet("activity_places")
    places.append(["activity_id", "place", "role"])
    places.append(["A-xlsx", "Великого Новгорода", "destination"])
    wb.save(cur / "extra.xlsx")
    settings = make_settings(tmp, curated_dir=cur, documents_dir=tmp / "none")
    report = run(settings)
    return settings.warehouse, report


def _reasons(db) -> list[tuple[str, str, str]]:
    return query(db, "SELECT locator, reason, severity FROM v_quarantine ORDER BY locator")


@pytest.mark.parametrize("locator, reason", [
    ("curated/activity_places.csv:row 33", "unknown place 'Гдетотамск'"),
    ("curated/activities.csv:row 9", "31.02.2024 does not exist"),
    ("curated/activity_places.csv:row 34", "activity 'A-bad-date' was rejected"),
    ("curated/agreements.csv:row 5", "duplicate row: same as row 2"),
    ("curated/agreements_2025.csv:row 1", "missing required column(s): counterparty"),
    ("curated/people_empty.csv", "empty file"),
    ("curated/programs_broken.csv", "cannot decode"),
    ("curated/organisations_win.csv", "cp1251"),
])
def test_each_bad_input_is_quarantined_with_where_and_why(messy, locator, reason):
    db, _ = messy
    matches = [r for r in _reasons(db) if r[0] == locator]
    assert matches, f"nothing quarantined at {locator}: {_reasons(db)}"
    assert reason in matches[0][1]


def test_the_rest_still_loads(messy):
    db, report = messy
    assert report.status == "published"
    assert query(db, "SELECT count(*) FROM v_agreement")[0][0] == 3
    assert query(db, "SELECT count(*) FROM mart_plan_vs_fact WHERE year = 2024")[0][0] == 8
    assert query(db, "SELECT count(*) FROM activity WHERE activity_id = 'A-bad-date'")[0][0] == 0


def test_cp1251_file_is_decoded_and_loaded_with_a_warning(messy):
    db, _ = messy
    assert query(db, "SELECT place_name FROM v_organisation WHERE name = 'Мастерская «Ладья»'") \
        == [("Тула",)]
    severities = {r[2] for r in _reasons(db) if "organisations_win" in r[0]}
    assert severities == {"warning"}


def test_xlsx_sheets_load_and_injection_looking_text_stays_text(messy):
    db, _ = messy
    rows = query(db, "SELECT title, place_name, date_precision FROM mart_activity "
                     "WHERE activity_id = 'A-xlsx'")
    assert rows == [("@Фестиваль из XLSX", "Великий Новгород", "day")]


def test_report_counts_quarantined_rows(messy):
    _, report = messy
    assert report.counts["quarantined"] == 7
    assert report.counts["warnings"] == 1
