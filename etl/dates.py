"""Dates as analysts write them in curated cells, to a FuzzyDate with its precision."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from etl.models import FuzzyDate

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_RU = re.compile(r"^(?:(\d{1,2})\.)?(\d{1,2})\.(\d{4})$")


class DateError(ValueError):
    """A cell that is not a date, or names a day that does not exist (31.02.2024)."""


def parse_fuzzy_date(text: str) -> FuzzyDate:
    """Parse `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `MM.YYYY` or `DD.MM.YYYY`.

    The precision follows what is written: a bare year spans the whole year.
    """
    value = text.strip()
    if m := _ISO.match(value):
        year, month, day = m.groups()
    elif m := _RU.match(value):
        day, month, year = m.groups()
    else:
        raise DateError(f"not a date: {value!r} (expected YYYY, YYYY-MM, YYYY-MM-DD or DD.MM.YYYY)")
    return make_fuzzy_date(int(year), int(month) if month else None, int(day) if day else None)


def make_fuzzy_date(year: int, month: int | None = None, day: int | None = None) -> FuzzyDate:
    """Build a FuzzyDate, rejecting impossible days and years outside the agency's record."""
    if not 1990 <= year <= 2100:
        raise DateError(f"year {year} is outside 1990..2100")
    if month is None:
        return FuzzyDate(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
    if not 1 <= month <= 12:
        raise DateError(f"month {month} does not exist")
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return FuzzyDate(dt.date(year, month, 1), dt.date(year, month, last), "month")
    if not 1 <= day <= last:
        raise DateError(f"{day:02d}.{month:02d}.{year} does not exist "
                        f"({calendar.month_name[month]} {year} has {last} days)")
    day_date = dt.date(year, month, day)
    return FuzzyDate(day_date, day_date, "day")
