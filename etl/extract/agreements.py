"""Agreements: "подписаны соглашения с «А» Рыбинска, компанией «Б» из Череповца и … «В»".

The list after "с" is cut at top-level commas and "и"; each part gives one counterparty (its
quoted name, else its organisation entity) and the place written in it (its city or region).
A sentence without its own date takes the date of the visit it follows ("по итогам визита").
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from etl.extract.activities import FoundActivity, place_mention
from etl.extract.context import DocContext, SentenceFacts
from etl.extract.names import tidy
from etl.models import FuzzyDate, PlaceMention

AGREEMENT_NOUNS = {"соглашение", "договор", "меморандум", "договоренность"}
SIGN_LEMMAS = {"подписать", "заключить", "подписывать", "заключать", "подписание"}
KIND_OF = {"пространство": "creative space", "компания": "company", "фонд": "fund",
           "центр": "centre", "агентство": "agency", "университет": "university",
           "администрация": "administration", "правительство": "government",
           "министерство": "ministry", "ассоциация": "association", "кластер": "cluster"}
PLANNED = re.compile(r"\bподпишут\b|\bбудет подписан|\bбудут подписаны|\bпланиру|\bв планах\b|"
                     r"\bзаключат\b", re.I)


@dataclass
class FoundAgreement:
    counterparty: str
    kind: str | None
    place: PlaceMention | None
    signed: FuzzyDate | None
    facts: SentenceFacts
    after: FoundActivity | None  # the activity it came out of
    planned: bool = False


def find_agreements(ctx: DocContext, activities: list[FoundActivity],
                    morph) -> list[FoundAgreement]:
    found: list[FoundAgreement] = []
    for facts in ctx.facts:
        if not (facts.has_lemma(*AGREEMENT_NOUNS) and facts.has_lemma(*SIGN_LEMMAS)):
            continue
        previous = _activity_before(activities, facts)
        signed = _signed(facts, previous)
        planned = bool(PLANNED.search(facts.text))
        for name, kind, place in _counterparties(facts):
            found.append(FoundAgreement(name, kind, place, signed, facts, previous, planned))
    return found


def _activity_before(activities: list[FoundActivity], facts: SentenceFacts) -> FoundActivity | None:
    before = [a for a in activities if a.facts.sentence.index <= facts.sentence.index]
    return before[-1] if before else None


def _signed(facts: SentenceFacts, previous: FoundActivity | None) -> FuzzyDate | None:
    """Its own date; else the month of the activity it follows; else the year in context."""
    dated = facts.main_date()
    if dated is not None:
        return dated[0]
    if previous is not None and previous.start is not None:
        start = previous.start
        if start.precision == "day":
            return dataclasses.replace(start, start=start.start.replace(day=1),
                                       end=_month_end(start.start), precision="month")
        return start
    return None


def _month_end(day):
    import calendar

    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _counterparties(facts: SentenceFacts) -> list[tuple[str, str | None, PlaceMention | None]]:
    """The parties after "соглашение … с"; without that "с", the quoted names of the sentence

    ("агентство и кластер «Красный Перекоп» из Ярославля подпишут соглашение").
    """
    text = facts.text
    m = re.search(r"\b(?:соглашени\w+|договор\w*|меморандум\w*)\b.*?\bс(?:о)?\s+", text)
    if m is not None:
        offset = m.end()
        parts = _split_list(text[offset:], offset)
    else:
        parts = _quoted_parts(text)
    out = []
    for part, start in parts:
        name = _name_in(part, facts, start)
        if name is None:
            continue
        out.append((name, _kind_in(facts, start, start + len(part)),
                    _place_in(facts, start, start + len(part))))
    return out


def _quoted_parts(text: str) -> list[tuple[str, int]]:
    """Each quoted name with the words up to the next quoted name (its city follows it)."""
    starts = [m.start() for m in re.finditer(r"«", text)]
    return [(text[a:b], a) for a, b in zip(starts, starts[1:] + [len(text)], strict=True)]


def _split_list(text: str, offset: int) -> list[tuple[str, int]]:
    """Cut at commas and " и " outside quotes; returns (part, its offset in the sentence)."""
    parts: list[tuple[str, int]] = []
    depth = 0
    begin = 0
    i = 0
    while i < len(text):
        ch = text[i]
        depth += ch == "«"
        depth -= ch == "»"
        if depth == 0 and (ch in ",;" or text.startswith(" и ", i)):
            parts.append((text[begin:i], offset + begin))
            begin = i + (3 if ch == " " else 1)
            i = begin
            continue
        i += 1
    parts.append((text[begin:].rstrip("."), offset + begin))
    return [(p, o) for p, o in parts if p.strip()]


def _name_in(part: str, facts: SentenceFacts, start: int) -> str | None:
    quoted = re.search(r"«([^»]+)»|\"([^\"]+)\"", part)
    if quoted:
        return tidy(quoted.group(1) or quoted.group(2))
    org = next((s for s in facts.sentence.spans if s.type == "ORG"
                and facts.sentence.local(s.start) >= start
                and facts.sentence.local(s.stop) <= start + len(part)), None)
    return tidy(org.text) if org else None


def _kind_in(facts: SentenceFacts, start: int, stop: int) -> str | None:
    base = facts.sentence.start
    for tok in facts.sentence.tokens:
        if base + start <= tok.start < base + stop and tok.lemma in KIND_OF:
            return KIND_OF[tok.lemma]
    return None


def _place_in(facts: SentenceFacts, start: int, stop: int) -> PlaceMention | None:
    """The city of a counterparty if written, else its region ("кузбасским фондом")."""
    base = facts.sentence.start
    inside = [p for p in facts.places if base + start <= p.start and p.stop <= base + stop
              and p.resolved.kind in {"city", "region"}]
    inside.sort(key=lambda p: p.resolved.kind != "city")
    return place_mention(inside[0], "venue") if inside else None
