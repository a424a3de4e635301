"""Dates written in a sentence: natasha's dates extractor, widened to ranges and bare years.

natasha finds "7 июля 2023" in "6 и 7 июля 2023 года" and "21 ноября" in "20-21 ноября"; the
first day of a range and the ISO/"2024-м" forms are added by the rules here. A date without a
year takes it from the nearest year written before it, else from the publication date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from etl.dates import DateError, make_fuzzy_date
from etl.models import FuzzyDate

_RANGE_SAME_MONTH = re.compile(r"(?:\bс\s+)?(\d{1,2})\s*(?:-|–|—|и|по|,)\s*$")
_RANGE_JOIN = re.compile(r"^\s*(?:-|–|—|по|и)\s*$")
_YEAR = re.compile(r"(?<![\d.\-/])((?:19|20)\d\d)(?:\s*(?:-?[мгх][оа]?\b|г\.|г\b|год\w*)|"
                   r"(?=\s*(?:[,.;:)]|$)))", re.I)
_ISO = re.compile(r"(?<![\d.])(\d{4})-(\d{2})-(\d{2})(?!\d)")
# what natasha's dates grammar needs to find anything: a month word or a dd.mm(.yyyy) date
_NATASHA_DATE = re.compile(
    r"(?<![а-яё])(?:январ|феврал|март|апрел|ма[йяе](?![а-яё])|июн|июл|август|сентябр|октябр|"
    r"ноябр|декабр)|\d{1,2}\.\d{1,2}(?:\.\d{2,4})?", re.I)
_MONTHS_IN = ("январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе",
              "сентябре", "октябре", "ноябре", "декабре")
# "В марте делегация побывала …": a month alone, which natasha leaves out; year from context
_MONTH_ALONE = re.compile(r"(?<![\w-])[Вв]\s+(" + "|".join(_MONTHS_IN) + r")(?![\w-])(?!\s+\d)")


@dataclass
class DateMention:
    """A date as written: what is known of it, and where it is in the sentence."""

    start: int
    stop: int
    year: int | None
    month: int | None
    day: int | None
    first_day: int | None = None  # "6 и 7 июля": 6
    first_month: int | None = None  # "30 июня – 2 июля": 6

    def fuzzy(self, context_year: int | None) -> tuple[FuzzyDate, FuzzyDate] | None:
        """(start, end) as FuzzyDates; the year comes from the context when it is not written."""
        year = self.year or context_year
        if year is None:
            return None
        try:
            end = make_fuzzy_date(year, self.month, self.day)
            if self.first_day is None:
                return end, end
            start = make_fuzzy_date(year, self.first_month or self.month, self.first_day)
        except DateError:
            return None
        return (start, end) if start.start <= end.start else (end, end)


def find_dates(text: str, extractor) -> list[DateMention]:
    """All dates in one sentence, in order, ranges merged into one mention.

    natasha's extractor is the slowest step of a sentence: it runs only where a month name or a
    numeric date is. (Bare years and ISO days are `_extra`'s; so is a month alone, "в марте".)
    """
    if not any(ch.isdigit() for ch in text) or not _NATASHA_DATE.search(text):
        return _extra(text, [])
    mentions = [DateMention(m.start, m.stop, m.fact.year, m.fact.month, m.fact.day)
                for m in extractor(text)]
    mentions = _merge_ranges(text, mentions)
    mentions += _extra(text, mentions)
    return sorted(mentions, key=lambda m: m.start)


def _merge_ranges(text: str, mentions: list[DateMention]) -> list[DateMention]:
    """Join "30 июня – 2 июля" into one mention; widen "20-21 ноября" to its first day."""
    merged: list[DateMention] = []
    for mention in mentions:
        prev = merged[-1] if merged else None
        if (prev and prev.day and mention.day and prev.month and mention.month
                and prev.year in (None, mention.year)
                and _RANGE_JOIN.match(text[prev.stop:mention.start])):
            mention.first_day, mention.first_month = prev.day, prev.month
            mention.start = prev.start
            merged[-1] = mention
            continue
        if mention.day and (m := _RANGE_SAME_MONTH.search(text[:mention.start])):
            if int(m.group(1)) < mention.day:
                mention.first_day, mention.start = int(m.group(1)), m.start(1)
        merged.append(mention)
    return merged


def _extra(text: str, found: list[DateMention]) -> list[DateMention]:
    """ISO days, bare years ("2024-м", "2023 г.") and months ("в марте") natasha leaves out."""
    taken = [(m.start, m.stop) for m in found]
    extra: list[DateMention] = []
    for m in _ISO.finditer(text):
        if not _overlaps(m.start(), m.end(), taken):
            extra.append(DateMention(m.start(), m.end(), int(m[1]), int(m[2]), int(m[3])))
            taken.append((m.start(), m.end()))
    for m in _YEAR.finditer(text):
        if not _overlaps(m.start(1), m.end(1), taken):
            extra.append(DateMention(m.start(1), m.end(), int(m[1]), None, None))
            taken.append((m.start(1), m.end()))
    for m in _MONTH_ALONE.finditer(text):
        if not _overlaps(m.start(), m.end(), taken):
            month = _MONTHS_IN.index(m[1].lower()) + 1
            extra.append(DateMention(m.start(1), m.end(1), None, month, None))
    return extra


def _overlaps(start: int, stop: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < b and a < stop for a, b in spans)


def year_of(mentions: list[DateMention]) -> int | None:
    """The last year written among `mentions`: the context for the dates that follow."""
    years = [m.year for m in mentions if m.year]
    return years[-1] if years else None
