"""Activities from sentences: a trigger (event noun or visit verb) plus a date makes one.

Kind comes from the trigger and, for visits, from the direction (regions → Moscow is a
delegation, the agency → regions a mission); status from markers and tense; places take their
role from their preposition ("из" → origin).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from etl.extract.context import DocContext, SentenceFacts, _in_parentheses
from etl.extract.places import PlaceCandidate
from etl.models import FuzzyDate, PlaceMention

EVENT_TRIGGERS: list[tuple[tuple[str, ...], str]] = [
    (("бизнес-миссия",), "business_mission"),
    (("деловой", "миссия"), "business_mission"),
    (("делегация",), "delegation"),
    (("круглый", "стол"), "round_table"),
    (("стратегический", "сессия"), "strategic_session"),
    (("стратсессия",), "strategic_session"),
    (("конференция",), "conference"),
    (("форум",), "forum"),
    (("фестиваль",), "festival"),
    (("бизнес-стажировка",), "internship"),
    (("стажировка",), "internship"),
    (("миссия",), "mission"),
    (("экскурсия",), "venue_visit"),
]
TITLE_TRIGGERS = [
    (re.compile(r"бизнес-мисси", re.I), "business_mission"),
    (re.compile(r"делегаци", re.I), "delegation"),
    (re.compile(r"круглы\w* стол", re.I), "round_table"),
    (re.compile(r"стратегическ\w* сесси", re.I), "strategic_session"),
    (re.compile(r"конференци", re.I), "conference"),
    (re.compile(r"форум", re.I), "forum"),
    (re.compile(r"фестивал", re.I), "festival"),
    (re.compile(r"стажировк", re.I), "internship"),
    (re.compile(r"мисси", re.I), "mission"),
]
VISIT_LEMMAS = {"посетить", "посещать", "побывать", "приехать", "приезжать", "прибыть",
                "посещение", "визит", "поездка", "съездить", "выезд", "объехать"}
PLANNED_MARKERS = re.compile(
    r"\bв планах\b|\bпланиру|\bзапланирован|\bсостоит?ся\b|\bсостоятся\b|\bпройд[её]т\b|"
    r"\bпройдут\b|\bподпишут\b|\bбудет\b|\bбудут\b|\bпредстоит\b|\bнамерен|\bсобира[ею]тся\b|"
    r"\bожида[ею]тся\b|\bприглаша[ею]т\b|\bстартует\b|\bоткроется\b", re.I)
DATE_FIELD = re.compile(r"^\s*(дата(\s+и\s+время)?(\s+проведения)?|когда)\s*:", re.I)
FOLLOW_UP_SUBJECTS = {"гость", "они", "участник", "делегат", "делегация", "представитель"}
HOST_CITY = "Москва"
# Events a follow-up sentence can add on its own ("Гости … приняли участие в форуме …")
FOLLOW_UP_EVENTS = {"round_table", "strategic_session", "conference", "forum", "festival"}
# The agency's own people ("делегация Агентства", "эксперты агентства") travel out: a mission
AGENCY_PEOPLE = {"делегация", "эксперт", "команда", "сотрудник", "специалист", "представитель"}
AGENCY = "агентство"
# Where a sentence may hold several events: ", а 14 марта в Новосибирске — …", "; "
CLAUSE_BREAK = re.compile(r",\s+а\s+(?!также\b)|;\s+|\s+[—–]\s+")


@dataclass
class FoundActivity:
    """An activity before ids are given: the sentence it came from and what was read in it."""

    kind: str
    status: str
    start: FuzzyDate | None
    end: FuzzyDate | None
    facts: SentenceFacts
    places: list[PlaceMention] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    program: str | None = None
    title: str = ""
    confidence: float = 0.8
    from_field: bool = False


def find_activities(ctx: DocContext, organisations_of) -> list[FoundActivity]:
    """All activities of a document, in document order.

    `organisations_of(facts)` gives the organisations named in a sentence (nominative).
    """
    found: list[FoundActivity] = []
    for i, facts in enumerate(ctx.facts):
        if found and _follow_up(facts, found[-1], ctx.facts[i - 1]):
            event = _follow_up_event(facts, found[-1])
            _add_follow_up_places(found[-1], facts, before=event.places if event else None)
            if event is not None:
                event.organisations = organisations_of(facts)
                event.program = _program_near(ctx, facts)
                found.append(event)
            continue
        field_activity = _from_field(ctx, facts)
        activities = [field_activity] if field_activity else _from_sentence_clauses(ctx, facts)
        for activity in activities:
            activity.organisations = organisations_of(facts)
            activity.program = _program_near(ctx, facts)
            found.append(activity)
    return _prefer_fields(found)


def _from_sentence_clauses(ctx: DocContext, facts: SentenceFacts) -> list[FoundActivity]:
    """One activity per clause that has its own date and trigger, else one for the sentence.

    "12 марта в Перми прошёл круглый стол, а 14 марта в Новосибирске — стратегическая сессия"
    holds two events, each with only its own places.
    """
    clauses = _clauses(facts)
    if len(clauses) > 1:
        out = []
        for clause in clauses:
            activity = _from_sentence(ctx, clause, whole=facts)
            if activity is not None:
                activity.facts = facts  # evidence and ids stay the sentence's
                out.append(activity)
        if len(out) == len(clauses):
            return out
    activity = _from_sentence(ctx, facts)
    return [activity] if activity is not None else []


def _clauses(facts: SentenceFacts) -> list[SentenceFacts]:
    """The sentence cut at ", а" / "; " / " — " into clauses, each starting with its own date.

    Pieces without a date join the clause before them; a clause without an event trigger joins
    the one before it too. One clause back means the sentence is not split.
    """
    text = facts.text
    cuts = [0] + [m.end() for m in CLAUSE_BREAK.finditer(text)] + [len(text)]
    groups: list[list[int]] = []  # [start, stop] in sentence offsets
    for a, b in zip(cuts, cuts[1:], strict=False):
        if groups and _has_date(facts, a, b) and _has_date(facts, *groups[-1]):
            groups.append([a, b])
        elif groups:
            groups[-1][1] = b
        else:
            groups.append([a, b])
    kept: list[list[int]] = []
    for group in groups:
        clause = _clause(facts, *group)
        if kept and not (_event_kind(clause) or _visit_kind(clause)):
            kept[-1][1] = group[1]
        else:
            kept.append(group)
    return [_clause(facts, a, b) for a, b in kept] if len(kept) > 1 else [facts]


def _has_date(facts: SentenceFacts, a: int, b: int) -> bool:
    return any(a <= d.start < b and not _in_parentheses(facts.text, d.start) for d in facts.dates)


def _clause(facts: SentenceFacts, a: int, b: int) -> SentenceFacts:
    """A part of a sentence as a SentenceFacts of its own (same index, line and year)."""
    sentence = facts.sentence
    lo, hi = sentence.start + a, sentence.start + b
    part = dataclasses.replace(
        sentence, text=sentence.text[a:b], start=lo, stop=hi,
        tokens=[t for t in sentence.tokens if lo <= t.start < hi],
        spans=[s for s in sentence.spans if lo <= s.start < hi])
    dates = [dataclasses.replace(d, start=d.start - a, stop=d.stop - a)
             for d in facts.dates if a <= d.start < b]
    places = [p for p in facts.places if lo <= p.start < hi]
    return SentenceFacts(part, places, dates, facts.context_year)


def _from_sentence(ctx: DocContext, facts: SentenceFacts,
                   whole: SentenceFacts | None = None) -> FoundActivity | None:
    """`facts` may be one clause of the sentence `whole` (its tense decides a verbless clause)."""
    if facts.text.lstrip().startswith("("):  # an aside: "(программа будет разослана 14.11)"
        return None
    dated = facts.main_date()
    if dated is None:
        return None
    kind = _event_kind(facts) or _visit_kind(facts)
    if kind is None:
        return None
    if kind == "delegation" and _agency_travels(facts):
        kind = "mission"
    start, end, mention = dated
    status = _status(ctx, facts, start, whole=whole)
    activity = FoundActivity(kind, status, start, end, facts)
    activity.places = _roles(kind, facts)
    activity.title = _title(facts, kind)
    activity.confidence = 0.85 if mention.year else 0.7  # a year from context is a guess
    return activity


def _from_field(ctx: DocContext, facts: SentenceFacts) -> FoundActivity | None:
    """ "Дата проведения: 15 ноября 2014 г." in an announcement: the document's own event."""
    if not DATE_FIELD.match(facts.text):
        return None
    dated = facts.main_date()
    kind = _title_kind(ctx)
    if dated is None or kind is None:
        return None
    start, end, _ = dated
    venue = _venue_field_places(ctx)
    activity = FoundActivity(kind, _status(ctx, facts, start, announcement=True), start, end,
                             facts, places=venue, title=ctx.document.title, confidence=0.8,
                             from_field=True)
    return activity


def _venue_field_places(ctx: DocContext) -> list[PlaceMention]:
    for facts in ctx.facts:
        if re.match(r"^\s*место(\s+проведения)?\s*:", facts.text, re.I):
            return [place_mention(p, "venue") for p in facts.places]
    return []


def _title_kind(ctx: DocContext) -> str | None:
    texts = [ctx.document.title] + [f.text for f in ctx.facts[:5]]
    for text in texts:
        for pattern, kind in TITLE_TRIGGERS:
            if pattern.search(text or ""):
                return kind
    return None


def _event_kind(facts: SentenceFacts) -> str | None:
    lemmas = facts.lemmas()
    best: tuple[int, str] | None = None
    for seq, kind in EVENT_TRIGGERS:
        for i in range(len(lemmas) - len(seq) + 1):
            if tuple(lemmas[i:i + len(seq)]) == seq and (best is None or i < best[0]):
                best = (i, kind)
                break
    return best[1] if best else None


def _agency_travels(facts: SentenceFacts) -> bool:
    """The subject is the agency or its people: "Агентство посетило", "делегация Агентства"."""
    tokens = facts.sentence.tokens
    for i, tok in enumerate(tokens):
        if tok.lemma == AGENCY and tok.feats.get("Case") == "Nom":
            return True
        if (tok.lemma in AGENCY_PEOPLE and tok.feats.get("Case") == "Nom"
                and i + 1 < len(tokens) and tokens[i + 1].lemma == AGENCY):
            return True
    return False


def _visit_kind(facts: SentenceFacts) -> str | None:
    """A visit verb: regions coming to Moscow are a delegation, the agency going out a mission."""
    if not facts.has_lemma(*VISIT_LEMMAS):
        return None
    if _agency_travels(facts) and not any(facts.is_origin(p) for p in facts.places):
        return "mission"
    origins = [p for p in facts.places if facts.is_origin(p)]
    targets = [p for p in facts.places if p not in origins]
    if origins:
        return "delegation"
    if targets and all(p.resolved.kind == "venue" for p in targets):
        return "venue_visit"
    if targets and all(_is_host(p) for p in targets):
        return "delegation"
    return "mission"


def _is_host(place: PlaceCandidate) -> bool:
    return place.capital or (place.resolved is not None and place.resolved.name_ru == HOST_CITY)


def _roles(kind: str, facts: SentenceFacts) -> list[PlaceMention]:
    """Each place with its role: origin after "из"; venues; destinations for trips."""
    out = []
    for place in facts.places:
        if facts.is_origin(place):
            out.append(place_mention(place, "origin"))
        elif place.resolved.kind == "venue" or kind not in {"mission", "delegation",
                                                            "business_mission", "internship"}:
            out.append(place_mention(place, "venue"))
        else:
            out.append(place_mention(place, "destination"))
    return out


def place_mention(place: PlaceCandidate, role: str) -> PlaceMention:
    resolved = place.resolved
    return PlaceMention(surface=place.surface, role=role,
                        region_hint=resolved.region_code if resolved else None,
                        kind_hint=place.kind_hint, resolved=resolved)


def _status(ctx: DocContext, facts: SentenceFacts, start: FuzzyDate,
            announcement: bool = False, whole: SentenceFacts | None = None) -> str:
    """Planned markers first, then tense, then the date against the publication date.

    A clause without a verb ("а 14 марта в Новосибирске — сессия") takes the sentence's tense.
    """
    if PLANNED_MARKERS.search(facts.text):
        return "planned"
    verbs = [t for t in facts.sentence.tokens if t.pos in {"VERB", "AUX"}]
    if not verbs and whole is not None:
        verbs = [t for t in whole.sentence.tokens if t.pos in {"VERB", "AUX"}]
    if any(t.feats.get("Tense") == "Past" for t in verbs):
        return "done"
    if any(t.feats.get("Tense") == "Fut" for t in verbs) or announcement:
        return "planned"
    published = ctx.document.published
    if published is not None and ctx.document.published_from != "file_mtime":
        return "planned" if start.start > published.end else "done"
    return "done"


def _title(facts: SentenceFacts, kind: str) -> str:
    quoted = facts.quoted()
    if quoted:
        return quoted[0][0]
    return facts.text if len(facts.text) <= 160 else facts.text[:157] + "…"


def _program_near(ctx: DocContext, facts: SentenceFacts) -> str | None:
    """A program named in the same sentence, else in the one just before (same paragraph)."""
    index = facts.sentence.index
    for name, at in ctx.programs:
        if at == index:
            return name
    for name, at in ctx.programs:
        prev = ctx.facts[index - 1].sentence if index > 0 else None
        if prev is not None and at == index - 1 and prev.paragraph == facts.sentence.paragraph:
            return name
    return None


def _follow_up(facts: SentenceFacts, last: FoundActivity, prev: SentenceFacts) -> bool:
    """ "Гости побывали в …" / "Участники выступили на форуме …" right after an activity."""
    if last.facts is not prev or facts.dates:
        return False
    if not (facts.has_lemma(*VISIT_LEMMAS) or _event_kind(facts) in FOLLOW_UP_EVENTS):
        return False
    first = next((t for t in facts.sentence.tokens if t.pos in {"NOUN", "PRON"}), None)
    return first is not None and first.lemma in FOLLOW_UP_SUBJECTS


def _follow_up_event(facts: SentenceFacts, last: FoundActivity) -> FoundActivity | None:
    """An event named in a follow-up ("… приняли участие в форуме «…»"): its own activity.

    Undated, it takes the dates and status of the activity it follows; its places are those
    written after the event noun, else the cities (not venues, not origins) of that activity.
    """
    kind = _event_kind(facts)
    if kind not in FOLLOW_UP_EVENTS or kind == last.kind:
        return None
    at = _trigger_offset(facts)
    own = [place_mention(p, "venue") for p in facts.places
           if p.start >= at and not facts.is_origin(p)]
    inherited = [dataclasses.replace(p, role="venue") for p in last.places
                 if p.role != "origin" and p.resolved is not None and p.resolved.kind != "venue"]
    activity = FoundActivity(kind, last.status, last.start, last.end, facts,
                             places=own or inherited, confidence=min(last.confidence, 0.7))
    activity.title = _title(facts, kind)
    return activity


def _trigger_offset(facts: SentenceFacts) -> int:
    """Document offset of the first event trigger word of the sentence."""
    lemmas = facts.lemmas()
    offsets = [facts.sentence.tokens[i].start for seq, _ in EVENT_TRIGGERS
               for i in range(len(lemmas) - len(seq) + 1) if tuple(lemmas[i:i + len(seq)]) == seq]
    return min(offsets, default=facts.sentence.stop)


def _add_follow_up_places(activity: FoundActivity, facts: SentenceFacts,
                          before: list[PlaceMention] | None = None) -> None:
    """More places of the activity; with an event in the sentence, only those before it."""
    known = {p.resolved.place_id for p in activity.places if p.resolved}
    stop = _trigger_offset(facts) if before is not None else facts.sentence.stop
    for place in facts.places:
        if place.resolved.place_id in known or facts.is_origin(place) or place.start >= stop:
            continue
        role = "venue" if place.resolved.kind == "venue" else "destination"
        activity.places.append(place_mention(place, role))
        known.add(place.resolved.place_id)


def _prefer_fields(found: list[FoundActivity]) -> list[FoundActivity]:
    """An announcement's "Дата проведения" field beats other dates of the same kind of event."""
    field_kinds = {a.kind for a in found if a.from_field}
    kept = [a for a in found if a.from_field or a.kind not in field_kinds]
    unique: list[FoundActivity] = []
    for activity in kept:
        same = next((u for u in unique if u.kind == activity.kind and u.start == activity.start
                     and u.end == activity.end), None)
        if same is None:
            unique.append(activity)
    return unique
