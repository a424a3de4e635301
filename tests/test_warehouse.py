"""The warehouse built from the bundled data holds every fact of the seed documents."""

from __future__ import annotations

import pytest

from etl.geocode.bounds import in_russia_box
from tests.conftest import query

PLANNED_2024 = {"Белгород", "Ульяновск", "Великий Новгород", "Омск", "Краснодар", "Екатеринбург",
                "Карачаево-Черкесская Республика", "Республика Северная Осетия — Алания"}
JULY_ORIGINS = {"Владивосток", "Казань", "Тюмень", "Череповец", "Кемерово", "Краснодар",
                "Самара", "Тула", "Ставрополь", "Омск", "Ростов-на-Дону"}


@pytest.fixture(scope="module", params=["curated_only", "warehouse"])
def db(request):
    """Every fact holds with the curated tables alone and with the press releases merged in."""
    return request.getfixturevalue(request.param)


def test_plan_vs_fact_lists_the_eight_places_planned_for_2024(db):
    rows = query(db, "SELECT place_name, fulfilled FROM mart_plan_vs_fact WHERE year = 2024")
    assert {r[0] for r in rows} == PLANNED_2024
    assert len(rows) == 8


def test_three_agreements_with_their_cities_or_regions(db):
    rows = query(db, "SELECT counterparty, place_name, region_name, signed_date, year "
                     "FROM v_agreement ORDER BY counterparty")
    got = {r[0]: (r[1], r[2], r[4]) for r in rows}
    assert got == {
        "Активный бизнес": ("Кемеровская область — Кузбасс", "Кемеровская область — Кузбасс", 2023),
        "Мега-Арт": ("Рыбинск", "Ярославская область", 2023),
        "Мега-Пак": ("Череповец", "Вологодская область", 2023),
    }


def test_july_delegation_has_its_eleven_origin_cities(db):
    rows = query(db, "SELECT place_name, place_kind FROM mart_activity "
                     "WHERE kind = 'delegation' AND start_date = DATE '2023-07-07' "
                     "AND place_role = 'origin'")
    assert {r[0] for r in rows} == JULY_ORIGINS
    assert {r[1] for r in rows} == {"city"}


@pytest.mark.parametrize("kind, start, venue, n_orgs", [
    ("round_table", "2015-04-27", "Дар Труда", 13),          # seed 000: 14 people, 13 bodies
    ("strategic_session", "2014-11-15", "API Moscow (Красный Октябрь)", 2),  # seed 001
    ("conference", "2017-11-20", "Благосфера", 1),           # seed 002: the host centre
])
def test_events_of_the_first_three_seeds_have_venue_and_participants(db, kind, start, venue,
                                                                    n_orgs):
    rows = query(db, "SELECT activity_id, place_name, place_role, end_date FROM mart_activity "
                     "WHERE kind = ? AND start_date = ?::DATE", [kind, start])
    assert venue in {r[1] for r in rows if r[2] == "venue"}
    activity_id = rows[0][0]
    orgs = query(db, "SELECT DISTINCT organisation FROM v_activity_participant "
                     "WHERE activity_id = ? AND organisation IS NOT NULL", [activity_id])
    assert len(orgs) >= n_orgs


def test_round_table_lists_its_fourteen_people(db):
    rows = query(db, "SELECT DISTINCT person FROM v_activity_participant p JOIN activity a "
                     "USING (activity_id) WHERE a.kind = 'round_table' AND person IS NOT NULL")
    assert len(rows) == 14


def test_every_place_has_coordinates_inside_russia(db):
    rows = query(db, "SELECT place_name, lat, lon, precision FROM v_place")
    assert rows
    for name, lat, lon, precision in rows:
        assert in_russia_box(lat, lon), name
        assert (lat, lon) != (0, 0)
        assert precision in {"city", "region_centroid", "venue"}


def test_nothing_from_the_bundled_data_is_quarantined(db):
    assert query(db, "SELECT * FROM v_quarantine") == []


def test_every_federal_subject_is_in_the_region_table(db):
    rows = query(db, "SELECT count(*), count(DISTINCT federal_district) FROM v_region")
    assert rows[0] == (89, 8)


def test_date_precision_is_kept(db):
    rows = dict(query(db, "SELECT activity_id, date_precision FROM activity "
                          "WHERE activity_id IN ('A-2023-missions', 'A-2015-04-27-round-table')"))
    assert rows == {"A-2023-missions": "year", "A-2015-04-27-round-table": "day"}


def test_every_activity_points_to_its_source_document(db):
    rows = query(db, "SELECT count(*) FROM activity a LEFT JOIN document d USING (document_id) "
                     "WHERE d.document_id IS NULL")
    assert rows[0][0] == 0


def test_run_is_recorded(db):
    rows = query(db, "SELECT status, counts FROM v_etl_run ORDER BY started_at DESC LIMIT 1")
    assert rows[0][0] == "published"


def test_a_fact_stated_by_a_table_and_a_press_release_appears_once_with_both_sources(warehouse):
    """The bundled press releases restate the July visit, its agreements and the 2024 plan."""
    activities = query(warehouse, "SELECT activity_id, origin, n_sources FROM mart_activity "
                                  "WHERE kind = 'delegation' GROUP BY ALL")
    assert activities == [("A-2023-07-07-regional-delegation", "curated", 2)]
    origins = {r[0] for r in query(warehouse, "SELECT origin FROM activity_source "
                                              "WHERE activity_id = ?",
                                   ["A-2023-07-07-regional-delegation"])}
    assert origins == {"curated", "extracted"}
    assert query(warehouse, "SELECT count(*) FROM v_agreement")[0][0] == 3
    assert query(warehouse, "SELECT min(n), max(n) FROM (SELECT agreement_id, count(*) AS n "
                            "FROM agreement_source GROUP BY 1)")[0] == (2, 2)
    # curated values win: the curated title, not the extracted sentence
    title = query(warehouse, "SELECT title FROM activity WHERE activity_id = ?",
                  ["A-2024-planned-missions"])[0][0]
    assert title == "План просветительских визитов Агентства на 2024 год"
