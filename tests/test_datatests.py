"""Data tests (etl/load/datatests.py): each kind finds the rows that break it and names itself."""

from __future__ import annotations

import duckdb
import pytest

from etl import models
from etl.load import datatests

SPEC = {
    "unique": ["id", "id, part"],
    "not_null": ["kind"],
    "accepted_values": {"kind": "kinds", "status": "statuses", "part": ["a", "b"]},
    "relationships": {"parent": "m_parent.id"},
    "expect": {"ends after it starts": "stop >= start"},
}


@pytest.fixture
def con():
    con = duckdb.connect()
    con.execute("CREATE TABLE m_parent (id VARCHAR)")
    con.execute("INSERT INTO m_parent VALUES ('p1')")
    con.execute("CREATE TABLE m (id VARCHAR, part VARCHAR, kind VARCHAR, status VARCHAR, "
                "parent VARCHAR, start INTEGER, stop INTEGER)")
    con.execute("INSERT INTO m VALUES ('x1', 'a', 'mission', 'done', 'p1', 1, 2), "
                "('x2', 'b', 'forum', 'planned', NULL, 1, NULL)")
    return con


def failed(con) -> dict[str, str]:
    return {f.test.name: str(f) for f in datatests.failures(con, datatests.model_tests("m", SPEC))}


def test_clean_rows_pass_every_kind(con):
    assert failed(con) == {}


@pytest.mark.parametrize(("bad_row", "name", "example"), [
    ("('x1', 'b', 'forum', 'done', NULL, 1, 1)", "unique(m.id)", "x1"),
    ("('x3', 'a', NULL, 'done', NULL, 1, 1)", "not_null(m.kind)", "None"),
    ("('x3', 'a', 'teleport', 'done', NULL, 1, 1)", "accepted_values(m.kind)", "teleport"),
    ("('x3', 'a', 'forum', 'postponed', NULL, 1, 1)", "accepted_values(m.status)", "postponed"),
    ("('x3', 'c', 'forum', 'done', NULL, 1, 1)", "accepted_values(m.part)", "'c'"),
    ("('x3', 'a', 'forum', 'done', 'p9', 1, 1)", "relationships(m.parent -> m_parent.id)", "p9"),
    ("('x3', 'a', 'forum', 'done', NULL, 5, 1)", "expect(m: ends after it starts)", "x3"),
])
def test_a_bad_row_fails_its_test_and_only_it(con, bad_row, name, example):
    con.execute(f"INSERT INTO m VALUES {bad_row}")
    found = failed(con)
    assert list(found) == [name]
    assert "1 row(s)" in found[name] and example in found[name]


def test_accepted_values_come_from_the_one_vocabulary():
    assert datatests.VALUE_SETS["kinds"]() == models.ACTIVITY_KINDS
    assert datatests.VALUE_SETS["statuses"]() == models.STATUSES == ("planned", "done",
                                                                       "cancelled")
    declared = {(t.model, t.target): t for t in datatests.declared_tests()}
    kinds = declared[("stg_activity", "kind")]
    assert kinds.params == {"accepted": list(models.ACTIVITY_KINDS)}


def test_a_misspelt_test_file_is_refused():
    with pytest.raises(ValueError, match="unknown test kinds"):
        datatests.model_tests("m", {"uniq": ["id"]})
    with pytest.raises(ValueError, match="no value set"):
        datatests.model_tests("m", {"accepted_values": {"kind": "kindz"}})
    with pytest.raises(ValueError, match="unknown parameters"):
        datatests.model_tests("m", {"expect": {"x": "lat < $north_pole"}})
    with pytest.raises(ValueError, match="not a column"):
        datatests.model_tests("m", {"not_null": ["id; DROP TABLE m"]})


def test_a_place_outside_russias_bounding_box_fails(con):
    """The bounding box of etl/geocode/bounds.py, bound into the staging test of places."""
    (test,) = [t for t in datatests.declared_tests() if t.model == "stg_place"
               and t.kind == "expect"]
    con.execute("CREATE TABLE stg_place (place_id VARCHAR, lat DOUBLE, lon DOUBLE)")
    con.execute("INSERT INTO stg_place VALUES ('city:1', 55.75, 37.62), "
                "('city:chukotka', 66.0, -170.0), ('city:null-island', 0, 0), "
                "('city:lisbon', 38.7, -9.1)")
    (failure,) = datatests.failures(con, [test])
    assert failure.rows == 2
    assert failure.test.name == "expect(stg_place: inside Russia's bounding box)"


def test_every_foreign_key_of_the_raw_schema_is_a_test():
    from etl.load.warehouse import schema_sql

    names = {t.name for t in datatests.raw_tests(schema_sql())}
    assert "relationships(activity.document_id -> document.document_id)" in names
    assert "relationships(activity_place.place_id -> place.place_id)" in names
    assert len(names) == schema_sql().count("REFERENCES")
