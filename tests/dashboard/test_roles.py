"""Who may write: analysts by the e-mail allow-list when sign-in is on; the local user only with
CR_LOCAL_ANALYST=1 when it is off; nobody otherwise."""

from __future__ import annotations

import pytest

from dashboard.roles import ANALYST, OFFICIAL, role_for

LISTED = {"anna@example.org"}


@pytest.mark.parametrize("email, signed_in, auth, local, expected", [
    ("anna@example.org", True, True, False, ANALYST),
    ("Anna@Example.org ", True, True, False, ANALYST),  # case and spaces do not count
    ("boris@example.org", True, True, False, OFFICIAL),
    ("anna@example.org", False, True, False, OFFICIAL),  # not signed in
    ("", True, True, True, OFFICIAL),  # with sign-in on, CR_LOCAL_ANALYST gives nothing
    ("", False, False, True, ANALYST),  # the local trial (make run)
    ("", False, False, False, OFFICIAL),  # no sign-in, no flag: nobody writes
])
def test_role(email, signed_in, auth, local, expected):
    assert role_for(email, signed_in, auth, local, LISTED) == expected


def test_reviewed_filter_round_trips_through_the_url():
    from dashboard import filters

    opts = filters.Options(values={}, labels={}, years=(2014, 2024))
    state, dropped = filters.parse({"reviewed": ["1"]}, opts)
    assert state["reviewed"] is True and dropped == []
    state, dropped = filters.parse({"reviewed": ["yes"]}, opts)
    assert "reviewed" not in state and dropped == [("reviewed", "yes")]
    assert filters.Filters(reviewed=True).params()["reviewed_only"] is True
    assert filters.Filters().params()["reviewed_only"] is False


def test_an_uploaded_table_reports_its_own_bad_rows(tmp_path):
    """The upload check shows the rows of the dropped file that the ETL refuses, with row
    numbers, and none of the other tables' rows (locators carry the folder: 'curated/…')."""
    from dashboard import analyst

    folder = tmp_path / "curated"
    folder.mkdir()
    (folder / "activities_drop.csv").write_text(
        "activity_id,kind,status,title,start\n"
        "U-1,mission,done,Миссия в Тверь,2024-05-14\n"
        "U-2,mission,done,Миссия в Псков,не дата\n", encoding="utf-8")
    (folder / "activities_other.csv").write_text(
        "activity_id,kind,status,title,start\nU-3,mission,done,Миссия в Тулу,никогда\n",
        encoding="utf-8")
    bad = analyst.errors_of(analyst.read_tables(folder), "activities_drop.csv")
    assert [r.locator.split("/")[-1] for r in bad] == ["activities_drop.csv:row 3"]
