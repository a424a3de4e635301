"""Dates as analysts type them keep their precision; impossible days are refused."""

import datetime as dt

import pytest

from etl.dates import DateError, parse_fuzzy_date


@pytest.mark.parametrize("text, start, end, precision", [
    ("2023", dt.date(2023, 1, 1), dt.date(2023, 12, 31), "year"),
    ("2023-07", dt.date(2023, 7, 1), dt.date(2023, 7, 31), "month"),
    ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29), "month"),  # leap year
    ("2023-07-06", dt.date(2023, 7, 6), dt.date(2023, 7, 6), "day"),
    ("27.04.2015", dt.date(2015, 4, 27), dt.date(2015, 4, 27), "day"),  # Russian order
    ("11.2014", dt.date(2014, 11, 1), dt.date(2014, 11, 30), "month"),
])
def test_parses_with_precision(text, start, end, precision):
    d = parse_fuzzy_date(text)
    assert (d.start, d.end, d.precision) == (start, end, precision)


@pytest.mark.parametrize("text", ["31.02.2024", "2023-13", "2023-02-29", "вчера", "", "12/07/2023"])
def test_refuses_impossible_or_unreadable_dates(text):
    with pytest.raises(DateError):
        parse_fuzzy_date(text)
