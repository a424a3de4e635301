"""Dates written in a sentence: natasha's dates extractor, widened to ranges and bare years.

natasha finds "7 июля 2023" in "6 и 7 июля 2023 года" and "21 ноября" in "20-21 ноября"; the
first day of a range and the ISO/"2024-м" forms are added by the rules here. A date without a
year takes it from the nearest year written before it, else from the publication date.

Relative dates ("сегодня", "вчера", "на этой неделе", "в прошлом году", "в сентябре следующего
года") are found by a yargy grammar and resolved against the publication date. A date followed by
a clock time ("8 сентября 2020, 10:09") is a page stamp, not an event date; a date after "до" /
"к" ("до 2035 года", "до 23 ноября") is a horizon or a deadline: kept, flagged `horizon`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from etl.dates import DateError, make_fuzzy_date
from etl.models import FuzzyDate
from etl.vocabulary import months

_RANGE_SAME_MONTH = re.compile(r"(?:\bс\s+)?(\d{1,2})\s*(?:-|–|—|и|по|,)\s*$")
_RANGE_JOIN = re.compile(r"^\s*(?:-|–|—|по|и)\s*$")
_YEAR = re.compile(r"(?<![\d.\-/])((?:19|20)\d\d)(?:\s*(?:-?[мгх][оа]?\b|г\.|г\b|год\w*)|"
                   r"(?=\s*(?:[,.;:)]|$)))", re.I)
_ISO = re.compile(r"(?<![\d.])(\d{4})-(\d{2})-(\d{2})(?!\d)")
# what natasha's dates grammar needs to find anything: a month word or a dd.mm(.yyyy) date
_NATASHA_DATE = re.compile(
    rf"(?<![а-яё])(?:{months().pattern()})(?![а-яё])|\d{{1,2}}\.\d{{1,2}}(?:\.\d{{2,4}})?", re.I)
# where a match of natasha's dates grammar can be: every one holds a number or a month word
# and none is longer than _MARGIN characters ("31 декабря 2024 года")
_DATE_HOT = re.compile(rf"\d+|(?<![а-яё])(?:{months().pattern()})(?![а-яё])", re.I)
_MARGIN = 40
_SPACE = re.compile(r"\s")
_MONTHS_IN = months().prepositional
# "В марте делегация побывала …": a month alone, which natasha leaves out; year from context
_MONTH_ALONE = re.compile(r"(?<![\w-])[Вв]\s+(" + "|".join(_MONTHS_IN) + r")(?![\w-])(?!\s+\d)")
_MONTHS_OF = months().genitive
_MONTH_NUMBER = months().forms("prepositional", "nominative")
# "запланирована на апрель": a month as the time something is set for
_MONTH_FOR = re.compile(r"(?<![\w-])[Нн]а\s+(" + "|".join(months().nominative) +
                        r")(?![\w-])(?!\s+\d)")
# "в середине марта", "в конце октября", "в первых числах мая": a part of a month is that month
_PART_OF_MONTH = re.compile(
    r"(?<![\w-])(?:[Вв]о?\s+(?:начале|середине|конце|(?:первой|второй)\s+половине|"
    r"(?:первых|последних)\s+числах|(?:первой|второй|третьей|последней)\s+декаде)|"
    r"[Нн]а\s+(?:начало|середину|конец|(?:первую|вторую)\s+половину))\s+("
    + "|".join(_MONTHS_OF) + r")(?![\w-])(?!\s+\d)", re.I)
# "осенью", "следующей весной", "в начале года", "во втором полугодии": a part of a year keeps
# year precision (the season's months are kept to tell whether a planned one is already past)
_SEASONS = {"зимой": (12, 2), "весной": (3, 5), "летом": (6, 8), "осенью": (9, 11),
            "зиму": (12, 2), "весну": (3, 5), "лето": (6, 8), "осень": (9, 11)}
_SEASONS_FOR = {"зиму", "весну", "лето", "осень"}  # only after "на": "перенесли на осень"
_WHICH_FORMS = r"(?:эт|нынешн|текущ|прошл|минувш|прошедш|следующ|будущ|предстоящ|наступающ)[а-яё]*"
_SEASON = re.compile(
    r"(?<![\w-])(?:(" + _WHICH_FORMS + r")\s+|[Нн]а\s+)?(" + "|".join(_SEASONS) + r")(?![\w-])"
    r"(?!\s+(?:\d|" + _WHICH_FORMS + r"\s+год))", re.I)
_PART_OF_YEAR = re.compile(
    r"(?<![\w-])(?:[Вв]о?\s+(?:начале|середине|конце|(?:первой|второй)\s+половине|"
    r"(?:первом|втором|третьем|четв[её]ртом)\s+(?:квартале|полугодии))|"
    r"[Нн]а\s+(?:начало|середину|конец|(?:первую|вторую)\s+половину|"
    r"(?:первый|второй|третий|четв[её]ртый)\s+квартал|(?:первое|второе)\s+полугодие))"
    r"(?:\s+года)?(?![\w-])(?!\s+(?:\d|" + _WHICH_FORMS + r"\s+год|" + "|".join(_MONTHS_OF) + r"))",
    re.I)
# "в пятницу", "в минувший понедельник", "в следующую среду": a day of the week near publication
_WEEKDAYS = ("понедельник", "вторник", "среду", "четверг", "пятницу", "субботу", "воскресенье")
_WEEKDAY = re.compile(
    r"(?<![\w-])[Вв]о?\s+(?:(прошл|минувш|прошедш|эт|следующ|ближайш|будущ)[а-яё]*\s+)?("
    + "|".join(_WEEKDAYS) + r")(?![\w-])", re.I)
_FORWARD = ("следующ", "ближайш", "будущ")
# "8 сентября 2020, 10:09": a page's time stamp follows the date
_CLOCK_AFTER = re.compile(r"^[\s.,]*(?:г\.|года)?[\s.,]*(?:в\s+)?\d{1,2}:\d{2}")
# an announcement's field of when ("Дата и время:"): its date with a clock time is the event's,
# not a stamp; the activity rules read its date as the event's too
DATE_FIELD = re.compile(r"^\s*(дата(?:\s+и\s+время)?(?:\s+проведения)?|когда)\s*:", re.I)
# "до 2035 года", "к 2030 г.", "до 23 ноября": a horizon or a deadline, not when an event starts
_HORIZON_BEFORE = re.compile(r"(?:^|[\s(])(?:до|к|ко)\s+$", re.I)
# words a relative date needs: the yargy grammar runs only where one of them is
_RELATIVE_HINT = re.compile(
    r"(?<![а-яё])(?:сегодня|вчера|позавчера|завтра|накануне)(?![а-яё])|"
    r"(?:эт|прошл|минувш|прошедш|следующ|будущ|предстоящ|текущ|нынешн|наступающ)[а-яё]*\s+"
    r"(?:год|недел|месяц|выходн)|(?<![а-яё])на\s+неделе", re.I)


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
    relative: tuple[str, int] | None = None  # ("day", -1) for "вчера"; ("year", 1); ("month", 0)
    # ("weekday", 4): the Friday on or before publication; ("weekday+", 4): on or after it
    horizon: bool = False  # "до 2035 года": not an event date
    months: tuple[int, int] | None = None  # a season's first and last month ("осенью": 9, 11)

    def fuzzy(self, context_year: int | None,
              published: FuzzyDate | None = None) -> tuple[FuzzyDate, FuzzyDate] | None:
        """(start, end) as FuzzyDates; the year comes from the context when it is not written.

        A relative date needs the publication date, to the precision that one has.
        """
        if self.relative is not None:
            return _resolve_relative(self, published)
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
        mentions = _extra(text, [])
    else:
        mentions = [DateMention(start, stop, fact.year, fact.month, fact.day)
                    for start, stop, fact in natasha_dates(text, extractor)]
        mentions = _merge_ranges(text, mentions)
        mentions += _extra(text, mentions)
    if not DATE_FIELD.match(text):  # "Дата и время: 12 февраля, 18:00" is the event's own
        mentions = [m for m in mentions if not _CLOCK_AFTER.match(text[m.stop:])]
    # the relative grammar reads words with the dates extractor's analyzer (one per process)
    mentions += _relative(text, mentions, getattr(getattr(extractor, "parser", None),
                                                  "tokenizer", None))
    for mention in mentions:
        mention.horizon = bool(_HORIZON_BEFORE.search(text[:mention.start]))
    return sorted(mentions, key=lambda m: m.start)


def natasha_dates(text: str, extractor) -> list[tuple[int, int, Any]]:
    """natasha's dates in `text` (start, stop, fact), its grammar run only on the stretches
    _MARGIN characters around numbers and month words: a match lies inside one of them, so this
    is what natasha finds over the whole sentence, without parsing the rest of a long one."""
    return [(m.start + lo, m.stop + lo, m.fact) for lo, hi in _stretches(text, _DATE_HOT, _MARGIN)
            for m in extractor(text[lo:hi])]


def _stretches(text: str, hint: re.Pattern, margin: int) -> list[tuple[int, int]]:
    """`margin` characters around every match of `hint`, widened to whole words, overlapping
    stretches joined."""
    stretches: list[tuple[int, int]] = []
    for m in hint.finditer(text):
        lo, hi = max(0, m.start() - margin), min(len(text), m.end() + margin)
        while lo > 0 and not _SPACE.match(text, lo - 1):
            lo -= 1
        while hi < len(text) and not _SPACE.match(text, hi):
            hi += 1
        if stretches and lo <= stretches[-1][1]:
            stretches[-1] = (stretches[-1][0], max(hi, stretches[-1][1]))
        else:
            stretches.append((lo, hi))
    return stretches


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
    for m in [*_MONTH_ALONE.finditer(text), *_MONTH_FOR.finditer(text)]:
        if not _overlaps(m.start(), m.end(), taken):
            month = _MONTH_NUMBER[m[1].lower()]
            extra.append(DateMention(m.start(1), m.end(1), None, month, None))
            taken.append((m.start(), m.end()))
    return extra + _vague(text, taken)


def _vague(text: str, taken: list[tuple[int, int]]) -> list[DateMention]:
    """Parts of a month or a year, seasons and days of the week: "в середине марта" (that
    month), "осенью" / "в конце года" (the year), "прошлой весной" (the year before), "в пятницу"
    (a day next to the publication date)."""
    out: list[DateMention] = []
    for m in _PART_OF_MONTH.finditer(text):
        if not _overlaps(m.start(1), m.end(1), taken):
            out.append(DateMention(m.start(), m.end(), None,
                                   _MONTHS_OF.index(m[1].lower()) + 1, None))
    for m in _SEASON.finditer(text):
        if m[2].lower() in _SEASONS_FOR and not m[0].lower().startswith("на"):
            continue  # "лето", "осень" alone name the season, not a date: "на осень" does
        if not _overlaps(m.start(), m.end(), taken):
            got = DateMention(m.start(), m.end(), None, None, None,
                              months=_SEASONS[m[2].lower()])
            if m[1]:
                got.relative = ("year", _shift(m[1]))
            out.append(got)
    for m in _PART_OF_YEAR.finditer(text):
        if not _overlaps(m.start(), m.end(), taken):
            out.append(DateMention(m.start(), m.end(), None, None, None))
    for m in _WEEKDAY.finditer(text):
        after = text[m.end():m.end() + 12]
        if _overlaps(m.start(), m.end(), taken) or re.match(r"^,?\s*\d", after):
            continue  # "в пятницу, 14 марта": the written date says it
        forward = bool(m[1]) and m[1].lower().startswith(_FORWARD)
        out.append(DateMention(m.start(), m.end(), None, None, None, relative=(
            "weekday+" if forward else "weekday", _WEEKDAYS.index(m[2].lower()))))
    return out


def _shift(which: str) -> int:
    """ "прошлой" -1, "этим" 0, "следующей" 1: the year a season or a part of a year is in."""
    stem = which.lower()
    for prefix, shift in (("прошл", -1), ("минувш", -1), ("прошедш", -1), ("следующ", 1),
                          ("будущ", 1), ("предстоящ", 1), ("наступающ", 1)):
        if stem.startswith(prefix):
            return shift
    return 0


def _overlaps(start: int, stop: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < b and a < stop for a, b in spans)


def year_of(mentions: list[DateMention]) -> int | None:
    """The last year written among `mentions`: the context for the dates that follow."""
    years = [m.year for m in mentions if m.year]
    return years[-1] if years else None


@lru_cache(maxsize=2)
def _relative_parser(tokenizer=None):
    """yargy: "сегодня" / "вчера" / "на (этой) неделе" / "в прошлом году" / "следующего года"."""
    from yargy import Parser, or_, rule
    from yargy.interpretation import fact
    from yargy.predicates import dictionary, normalized

    Relative = fact("Relative", ["word", "which", "unit"])
    which = dictionary(set(_WHICH)).interpretation(Relative.which.normalized())
    unit = dictionary({"год", "неделя", "месяц", "выходной", "выходные"}).interpretation(
        Relative.unit.normalized())
    word = dictionary(set(_DAY_WORDS)).interpretation(Relative.word.normalized())
    grammar = or_(
        rule(or_(normalized("в"), normalized("на")).optional(), which, unit),
        rule(normalized("на"), normalized("неделя").interpretation(Relative.unit.normalized())),
        rule(word),
    ).interpretation(Relative)
    return Parser(grammar, tokenizer=tokenizer)


_DAY_WORDS = {"сегодня": 0, "вчера": -1, "позавчера": -2, "завтра": 1, "накануне": -1}
_WHICH = {"этот": 0, "текущий": 0, "нынешний": 0, "прошлый": -1, "минувший": -1,
          "прошедший": -1, "следующий": 1, "будущий": 1, "предстоящий": 1, "наступающий": 1}


def _relative(text: str, found: list[DateMention], tokenizer=None) -> list[DateMention]:
    """Relative dates; "в сентябре следующего года" gives the month mention its relative year."""
    out = []
    parser = _relative_parser(tokenizer)
    # every match holds a hint word and is a few words long: the grammar reads only around them
    matches = ((match, lo) for lo, hi in _stretches(text, _RELATIVE_HINT, _MARGIN)
               for match in parser.findall(text[lo:hi]))
    for match, lo in matches:
        start, stop = match.span.start + lo, match.span.stop + lo
        got = match.fact
        if got.word == "накануне" and _before_something(text[stop:]):
            continue  # "накануне форума": the eve of an event, not the day before publication
        if got.word:
            relative = ("day", _DAY_WORDS[got.word])
        else:
            unit = {"выходной": "week", "выходные": "week"}.get(got.unit, got.unit)
            unit = {"год": "year", "неделя": "week", "месяц": "month"}.get(unit, unit)
            relative = (unit, _WHICH.get(got.which or "этот", 0))
        month = next((m for m in found if m.month and not m.year and 0 <= start - m.stop <= 2),
                     None)
        if month is not None and relative[0] == "year":  # "в сентябре следующего года"
            month.relative = ("year-month", relative[1])
            month.stop = stop
            continue
        if not _overlaps(start, stop, [(m.start, m.stop) for m in found]):
            out.append(DateMention(start, stop, None, None, None, relative=relative))
    return out


def _before_something(after: str) -> bool:
    """ "накануне форума", "накануне Нового года": the next word is a genitive (the eve of it),
    not a preposition or a subject ("Накануне в Туле открылся …", "Накануне губернатор …")."""
    from etl.morph import analyzer

    m = re.match(r"\s*([А-Яа-яЁё]+)", after)
    if m is None:
        return False
    parses = analyzer().parse(m[1])
    return all(p.tag.case == "gent" for p in parses if p.tag.POS in {"NOUN", "ADJF", "NPRO"}) \
        and any(p.tag.POS in {"NOUN", "ADJF", "NPRO"} for p in parses)


def _resolve_relative(mention: DateMention,
                      published: FuzzyDate | None) -> tuple[FuzzyDate, FuzzyDate] | None:
    if published is None or mention.relative is None:
        return None
    unit, shift = mention.relative
    base = published.start
    try:
        if unit in ("weekday", "weekday+") and published.precision == "day":
            back = (base.weekday() - shift) % 7  # shift is the weekday here
            day = base - dt.timedelta(days=back) if unit == "weekday" else \
                base + dt.timedelta(days=(shift - base.weekday()) % 7)
            date = make_fuzzy_date(day.year, day.month, day.day)
        elif unit == "week" and published.precision == "day":  # "на прошлой неделе"
            day = base + dt.timedelta(days=7 * shift)
            date = make_fuzzy_date(day.year, day.month, None)
        elif unit == "day" and published.precision == "day":
            day = base + dt.timedelta(days=shift)
            date = make_fuzzy_date(day.year, day.month, day.day)
        elif unit in ("day", "week", "month", "weekday", "weekday+") and \
                published.precision != "year":
            month = base.month + (shift if unit == "month" else 0)
            year = base.year + (month - 1) // 12
            date = make_fuzzy_date(year, (month - 1) % 12 + 1, None)
        elif unit == "year-month":  # "20–22 мая следующего года": the written days, that year
            year = base.year + shift
            return dataclasses.replace(mention, relative=None, year=year).fuzzy(year)
        elif unit == "year":
            date = make_fuzzy_date(base.year + shift, None, None)
        else:  # a day or week against a publication known only to the year
            date = make_fuzzy_date(base.year, None, None)
    except DateError:
        return None
    return date, date
