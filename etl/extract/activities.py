"""Activities from sentence structure: an event word with its own arguments makes one.

For every event mention (frames.py) the frame gives what (kind, quoted name), who (organisations,
where visitors come from), where (the places in the frame) and when. The date is read in this
order (docs/extraction.md, "Dates"): a date in the frame; a date in the clause; a relative date
("вчера", "на этой неделе"); the publication date for an event under way (present tense,
"стартовал"); the date of the event just told about ("во время визита"); the dateline's month for
an undated past event; else none. Later mentions of the same event ("участники форума") add to
the first one instead of making another. Kind comes from the vocabulary and, for visits, from the
direction (regions → Moscow is a delegation, the agency or a federal body → a region a mission);
status from the event's own verbs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field

from etl.extract.context import DocContext, SentenceFacts
from etl.extract.dates import DATE_FIELD, DateMention
from etl.extract.frames import (
    VERB_POS,
    Mention,
    clause_bounds,
    clause_tokens,
    mentions,
    subtree,
)
from etl.extract.nlp import Token
from etl.extract.places import PlaceCandidate
from etl.models import FuzzyDate, PlaceMention, PlaceRole
from etl.vocabulary import Vocabulary, months, vocabulary

DATELINE = re.compile(r"^[А-ЯЁ][А-ЯЁ\- ]{2,40},\s+\d{1,2}\s+[а-яё]+\b")
FOLLOW_UP_SUBJECTS = {"гость", "они", "участник", "делегат", "делегация", "представитель"}
IN_KINDS = {"delegation", "business_mission", "venue_visit", "internship"}
VISIT_KINDS = IN_KINDS | {"mission"}
# an event word under one of these is talked about, not held: "идея фестиваля"; or it is the
# form another event takes: "в режиме видеоконференции провёл совещание"
NOT_HELD = {"идея", "концепция", "формат", "режим", "модель", "закон", "стратегия", "опыт",
            # a prize: "главный приз — стажировку в ателье", "грант на стажировку"
            "приз", "награда", "грант", "сертификат", "путёвка", "путевка"}
# an event word as the object of these is talked about: "обсудили совместные выставки"
TALK = {"обсудить", "обсуждать", "рассказать", "рассказывать", "поддержать", "предложить",
        "договориться", "анонсировать", "придумать", "задумать",
        "выиграть", "получить"}  # a prize won: "выиграла стажировку"
# what a programme or a document holds is its content, not an event told of:
# "программа форума включает круглые столы", "соглашение предусматривает ежегодный фестиваль"
CONTAINS = {"включать", "предусматривать", "предполагать", "включить", "предусмотреть"}
# who comes to watch or listen is an audience: "посмотреть на турниры приехали гости из …"
WATCH = {"посмотреть", "смотреть", "послушать", "слушать", "поболеть", "полюбоваться"}
# people named by an event they won or finished: "победители конкурса совершат поездку"
WINNERS = {"победитель", "лауреат", "призёр", "призер", "финалист", "выпускник", "обладатель"}
# prepositions of a purpose or a topic: the places under them are not where an event is
PURPOSE = {"для", "о", "об", "про", "ради", "при"}  # "при поддержке минкультуры Чувашии"
# what people attend rather than visit
EVENTLIKE = {"событие", "мероприятие", "занятие", "урок", "спектакль", "концерт", "шоу"}
# words of a count: "более 200 тысяч человек посетили" is attendance
QUANTIFIERS = {"более", "менее", "свыше", "около", "порядка", "тысяча", "миллион", "сотня",
               "десяток"}
# status markers ([status] of the vocabulary): under way, habitual, started, ended, continued
_STATUS = vocabulary().status
HAPPENING = frozenset(_STATUS["ongoing"])
HABITUAL = frozenset(_STATUS["habitual"])
STARTED = frozenset(_STATUS["started"])
ENDED = frozenset(_STATUS["ended"])
CONTINUED = frozenset(_STATUS["continued"])
FUTURE_PRESENT = frozenset(_STATUS["future_present"])  # "в понедельник стартует интенсив"
HOPES = frozenset(_STATUS["wishes"])  # "надеемся, что фестивали будут проходить …"
DATE_WORDS = {*months().nominative, "год", "неделя", "день", "месяц"}
DEMONSTRATIVES = {"этот", "тот", "данный", "такой", "весь", "сам", "свой", "наш", "его", "их"}


@dataclass
class FoundActivity:
    """An activity before ids are given: the clause it came from and what was read in it."""

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
    name: str | None = None
    own_date: bool = False  # the date is written for this event (not inherited, not absent)
    head: str = ""  # the event word's lemma: "other" events merge only with the same word
    sentences: set[int] = field(default_factory=set)  # every sentence that tells of it


def find_activities(ctx: DocContext, organisations_of) -> list[FoundActivity]:
    """All activities of a document, in document order.

    `organisations_of(facts)` gives the organisations named in a sentence (nominative).
    """
    vocab = vocabulary()
    for facts in ctx.facts:
        facts.published = ctx.document.published
    anchor = _dateline_month(ctx)
    found: list[FoundActivity] = []
    touched: list[FoundActivity] = []  # the activity last told about, merged into or new
    eventful: set[int] = set()  # the sentences that hold an event word
    for index, facts in enumerate(ctx.facts):
        field_activity = _from_field(ctx, facts)
        if field_activity is not None:
            field_activity.organisations = organisations_of(facts)
            found.append(field_activity)
            continue
        before = ctx.facts[index - 1].sentence if index else None
        told = mentions(facts, vocab, before)
        if touched and not any(m.role == "visit" for m in told):
            _date_by_account(touched[-1], facts, vocab, bool(told))
        if told:
            eventful.add(index)
        if not told and (more := _continued(facts, found, vocab)) is not None:
            more.organisations = organisations_of(facts)
            found.append(more)
            touched.append(more)
        for mention in told:
            if _not_held(facts, mention, vocab):
                continue
            if mention.reference and (earlier := _last_visit(found)) is not None:
                touched.append(earlier)  # "во время визита": dates what follows, adds nothing
                continue
            activity = _from_mention(ctx, facts, mention, touched, anchor, vocab)
            if activity is None:
                continue
            trip = _trip_to_hold(facts, mention, activity, vocab)
            for one in [activity] + ([trip] if trip else []):
                same = _same_event(one, mention, found, facts)
                if same is not None:
                    _merge(same, one)
                    touched.append(same)
                    continue
                one.organisations = organisations_of(facts)
                one.program = _program_near(ctx, facts)
                found.append(one)
                touched.append(one)
    _date_visits_by_their_event(found)
    _date_by_account_before(ctx, found, eventful, vocab)
    _date_events_by_their_trip(found)
    return _prefer_fields(found)


def _trip_to_hold(facts: SentenceFacts, mention: Mention, activity: FoundActivity,
                  vocab: Vocabulary) -> FoundActivity | None:
    """ "представители агентства провели встречу … в Чебоксарах": the agency's people hold an
    event in a town away from the host city, so they travelled there: a mission as well; so
    does the agency's event called "held away" ("выездная сессия агентства прошла в …")."""
    if mention.role != "event" or activity.kind in VISIT_KINDS:
        return None
    sentence = facts.sentence
    node = mention.token
    for _ in range(2):  # "провела серию стратегических сессий": the noun the event hangs from
        head = sentence.head(node)
        if node.rel != "nmod" or head is None or head.pos != "NOUN":
            break
        node = head
    visits = vocab.visits
    verb = sentence.head(node)
    away = any(c.rel == "amod" and c.lemma in visits["away_adjectives"]
               for c in sentence.children(mention.token)) and any(
        t.lemma == visits["agency"] for t in subtree(sentence, mention.token))
    if not away and (verb is None or verb.pos not in VERB_POS or node.rel != "obj"):
        return None
    people = [mention.token] if away or verb is None else [
        c for c in sentence.children(verb) if c.rel == "nsubj"
        and c.lemma in visits["agency_people"]
        and any(d.lemma == visits["agency"] for d in sentence.children(c))]
    towns = [p for p in activity.places if p.resolved is not None and p.resolved.kind != "venue"
             and p.role != "origin" and p.resolved.name_ru != visits["host_city"]]
    if not people or not towns:
        return None
    places = [dataclasses.replace(p, role="destination") for p in towns]
    trip = dataclasses.replace(activity, kind="mission", places=places, name=None,
                               head=(verb or mention.token).lemma,
                               sentences=set(activity.sentences))
    trip.title = title("mission", dataclasses.replace(mention, role="visit", name=None), places,
                       vocab)
    return trip


def _date_by_account(activity: FoundActivity, facts: SentenceFacts, vocab: Vocabulary,
                     eventful: bool = False) -> None:
    """ "Рабочий визит экспертов агентства в Ижевск. 12–14 марта специалистами агентства были
    проведены консультации …": an undated trip takes the day or month of the sentence right
    after it that tells what its travellers did there (no visit word of its own, the travellers
    named again: the agency for a mission, the guests or participants for people coming; where
    the sentence holds an event word, the travellers are its subject: "Команда агентства
    готовится к выезду в Бурятию. С 8 по 12 сентября эксперты … проведут стратегическую
    сессию"). A planned trip also goes to the towns that sentence names."""
    if activity.start is not None or activity.kind not in VISIT_KINDS or \
            facts.sentence.index - max(activity.sentences) > 2:
        return
    dated = facts.main_date()
    if dated is None or dated[0].precision == "year":
        return
    visits = vocab.visits
    who = {visits["agency"]} if activity.kind == "mission" else \
        FOLLOW_UP_SUBJECTS | set(visits["visitor_nouns"])
    if eventful:  # the travellers must be the ones who act
        who = (who | set(visits["agency_people"])) if activity.kind == "mission" else who
        named = {t.lemma for t in facts.sentence.tokens
                 if t.rel in {"nsubj", "nsubj:pass", "obl:agent"}}
    else:
        named = set(facts.lemmas())
    if not who & named:
        return
    activity.start, activity.end = dated[0], dated[1]
    activity.confidence = vocab.confidence["inherited"]
    activity.sentences.add(facts.sentence.index)
    if activity.status == "planned":
        known = {p.resolved.name_ru for p in activity.places if p.resolved is not None}
        activity.places += [place_mention(p, "destination") for p in facts.places
                            if p.resolved is not None and p.resolved.kind == "city"
                            and not facts.is_origin(p) and p.resolved.name_ru not in known]


def _date_by_account_before(ctx: DocContext, found: list[FoundActivity], eventful: set[int],
                            vocab: Vocabulary) -> None:
    """ "С 5 по 9 ноября мастера из Чебоксар представят вышивку … Поездку организует центр
    …": an undated trip takes the day or month of a sentence just before it in the same
    paragraph that has no event word and names travellers (people "из …", guests)."""
    visits = vocab.visits
    who = FOLLOW_UP_SUBJECTS | set(visits["visitor_nouns"])
    published = ctx.document.published
    for activity in found:
        if activity.start is not None or activity.kind not in VISIT_KINDS or \
                len(activity.sentences) != 1:
            continue
        here = min(activity.sentences)
        for index in (here - 1, here - 2):
            if index < 0 or index in eventful:
                break
            facts = ctx.facts[index]
            if facts.sentence.paragraph != ctx.facts[here].sentence.paragraph:
                break
            dated = facts.main_date()
            if dated is None or dated[0].precision == "year":
                continue
            if not (who & set(facts.lemmas()) or any(facts.is_origin(p) for p in facts.places)):
                continue
            activity.start, activity.end = dated[0], dated[1]
            activity.confidence = vocab.confidence["inherited"]
            if activity.status == "done" and published is not None and \
                    dated[0].start > published.end:
                activity.status = "planned"
            break


def _continued(facts: SentenceFacts, found: list[FoundActivity],
               vocab: Vocabulary) -> FoundActivity | None:
    """ "В следующем году программа продолжится в Ижевске и Кирове": after a trip, a verb of
    going on in the future with towns after "в"/"на" is a planned trip of the same kind there."""
    last = _last_visit(found)
    if last is None or last.kind not in {"mission", "delegation"}:
        return None
    sentence = facts.sentence
    for verb in sentence.tokens:
        if verb.lemma not in CONTINUED or verb.pos not in VERB_POS or \
                verb.feats.get("Tense") != "Fut":
            continue
        where = [t for c in sentence.children(verb) if c.rel == "obl" and any(
            k.rel == "case" and k.lemma in {"в", "во", "на"} for k in sentence.children(c))
            for t in subtree(sentence, c)]
        towns = [p for p in _places_in(facts, where) if p.resolved is not None
                 and p.resolved.kind in {"city", "region"} and not facts.is_origin(p)]
        if not towns:
            continue
        dated = facts.main_date()
        places = [place_mention(p, "destination") for p in towns]
        activity = FoundActivity(
            last.kind, "planned", dated[0] if dated else None, dated[1] if dated else None,
            facts, places=places, confidence=vocab.confidence[
                "dated_clause" if dated else "undated"], own_date=dated is not None,
            head=verb.lemma)
        activity.title = vocab.label(last.kind).capitalize() + ": " + ", ".join(
            dict.fromkeys(p.resolved.name_ru for p in places if p.resolved is not None))
        activity.sentences.add(sentence.index)
        return activity
    return None


def _last_visit(found: list[FoundActivity]) -> FoundActivity | None:
    return next((a for a in reversed(found) if a.kind in VISIT_KINDS), None)


def _date_visits_by_their_event(found: list[FoundActivity]) -> None:
    """ "вылетел в Москву для участия в «…»": an undated trip takes its event's date."""
    for visit in found:
        if visit.kind not in VISIT_KINDS or visit.start is not None:
            continue
        event = next((a for a in found if a is not visit and a.start is not None
                      and a.kind not in VISIT_KINDS
                      and a.sentences & visit.sentences), None)
        if event is not None:
            visit.start, visit.end = event.start, event.end
            visit.confidence = vocabulary().confidence["inherited"]


def _date_events_by_their_trip(found: list[FoundActivity]) -> None:
    """ "Побывавшие в Калининграде эксперты провели серию мастер-классов. Поездка состоялась
    21–23 мая": an undated event told with a dated trip happened during it."""
    for event in found:
        if event.kind in VISIT_KINDS or event.start is not None:
            continue
        trip = next((a for a in found if a.start is not None and a.kind in VISIT_KINDS
                     and a.sentences & event.sentences), None)
        if trip is not None:
            event.start, event.end = trip.start, trip.end
            event.confidence = vocabulary().confidence["inherited"]


# --- one mention → one activity ---------------------------------------------------------------

def _from_mention(ctx: DocContext, facts: SentenceFacts, mention: Mention,
                  found: list[FoundActivity], anchor: FuzzyDate | None,
                  vocab: Vocabulary) -> FoundActivity | None:
    clause = _clause_facts(facts, mention)
    frame_places = _places_in(facts, mention.frame) or clause.places
    if mention.role == "event":  # a venue outside the event's own phrase is another verb's
        own_places = _places_in(facts, subtree(facts.sentence, mention.token))
        frame_places = [p for p in frame_places if p in own_places or p.known.kind != "venue"]
    frame_places = [p for p in frame_places if facts.is_origin(p) or not _in_purpose(facts, p)]
    kind = mention.kind or _visit_kind(facts, mention, frame_places, vocab, _last_visit(found))
    if kind == "delegation" and mention.role == "event" and _travels_out(facts, mention, vocab):
        kind = "mission"
    conf = vocab.confidence
    start = end = None
    own = False
    dated = _date_in(facts, mention.frame)
    confidence = conf["dated_frame"]
    if dated is None:
        lo, hi = _segment(clause, mention)
        dated = clause.date_between(lo, hi) or \
            clause.date_between(clause.sentence.start, clause.sentence.stop)
        confidence = conf["dated_clause"]
    if (dated is None or dated[0].precision == "year") and _generic(facts, mention):
        return None  # "организовывать выставки", "в 2024 году прошли лекции": no one event
    if dated is None and not frame_places and _said_of_any(facts, mention):
        return None  # "зритель приходит на фестиваль за атмосферой": any festival, always
    status = _status(ctx, facts, mention, dated[0] if dated else None, vocab)
    if status == "done" and dated is not None and _written_ahead(ctx, dated):
        status = "planned"  # "объявили даты: фестиваль пройдёт в августе 2026 года"
    if mention.reference and any(t.feats.get("Tense") == "Past" and t.pos in VERB_POS
                                 for t in clause_tokens(facts.sentence, mention.token)):
        status = "done"  # "сообщила во время поездки": the trip is the report's setting
    if dated is not None:
        start, end, written = dated
        own = True
        if written.relative is not None:
            confidence = conf["relative"]
        elif written.year is None or start.precision == "year":
            confidence = min(confidence, conf["dated_clause"])
        if written.year is None and written.relative is None and status == "planned":
            start, end = _not_before_publication(ctx, written, start, end)
        elif written.relative and written.relative[0] == "weekday" and status == "planned":
            ahead = dataclasses.replace(written, relative=("weekday+", written.relative[1]))
            start, end = ahead.fuzzy(None, ctx.document.published) or (start, end)
        start = _first_of_days(facts, mention, start)
    previous = _previous(found, facts)
    goes_on = previous is not None and previous.status == "planned" and _verbless(facts, mention)
    if start is None and not goes_on and _under_way(ctx, facts, mention) and \
            ctx.document.published is not None:
        start = end = _month_of(ctx.document.published)
        confidence = conf["relative"]
    elif start is None and previous is not None and previous.start is not None and \
            (previous.head not in vocab.opening["verbs"] or previous.status == "done"):
        start, end, confidence = previous.start, previous.end, conf["inherited"]
        if previous.status == "planned" and status == "done" and not _has_tense(facts, mention):
            status = "planned"
    elif start is None and not found and (header := _header_date(ctx, facts)) is not None:
        start, end = header  # "24 мая, Нижний Новгород" on a line above the first event
        confidence = conf["inherited"]
    elif start is None and anchor is not None and status == "done":
        start = end = anchor
        confidence = conf["inherited"]
    elif start is None and (year := _year_in_name(mention)) is not None:
        start = end = year
        confidence = conf["dated_clause"]
    elif start is None:
        confidence = conf["undated"]
    if mention.role in {"opening", "days"}:
        confidence = min(confidence, conf["weak"])
    places = _roles(kind, facts, frame_places, days=mention.role == "days")
    if not places and previous is not None and not own:
        places = [dataclasses.replace(p, role="venue") for p in previous.places
                  if p.role != "origin" and p.resolved is not None and p.resolved.kind != "venue"]
    activity = FoundActivity(kind, status, start, end, clause, places=places,
                             confidence=confidence, name=mention.name, own_date=own,
                             head=mention.token.lemma)
    activity.title = title(kind, mention, places, vocab)
    activity.sentences.add(facts.sentence.index)
    return activity


def _written_ahead(ctx: DocContext, dated) -> bool:
    """A day or month with its own year, after the publication: whatever the verb's tense, the
    event is still to come ("объявили даты следующего фестиваля — он пройдёт в августе 2026")."""
    start, _, written = dated
    published = ctx.document.published
    return written.year is not None and written.relative is None and \
        start.precision != "year" and published is not None and \
        ctx.document.published_from != "file_mtime" and start.start > published.end


def _segment(clause: SentenceFacts, mention: Mention) -> tuple[int, int]:
    """Document offsets of the part of the clause between colons that holds the mention: "В
    этом году его перенесли в Тотьму: фестиваль пройдёт 19–20 июля" dates the festival by its
    own part first."""
    text, local = clause.sentence.text, mention.token.start - clause.sentence.start
    lo = text.rfind(": ", 0, local)
    hi = text.find(": ", local)
    return (clause.sentence.start + (lo + 1 if lo >= 0 else 0),
            clause.sentence.start + (hi if hi >= 0 else len(text)))


def _in_purpose(facts: SentenceFacts, place: PlaceCandidate) -> bool:
    """ "для съёмок фильма о музеях Рязани": a place the trip is about, not where it goes."""
    sentence = facts.sentence
    node = next((t for t in sentence.tokens if t.start >= place.start), None)
    for _ in range(6):
        if node is None:
            return False
        if any(c.rel == "case" and c.lemma in PURPOSE for c in sentence.children(node)):
            return True
        node = sentence.head(node)
    return False


def _clause_facts(facts: SentenceFacts, mention: Mention) -> SentenceFacts:
    """The clause of the mention as a SentenceFacts of its own (same index, line and year)."""
    lo, hi = clause_bounds(facts.sentence, mention.token)
    if (lo, hi) == (facts.sentence.start, facts.sentence.stop):
        return facts
    a, b = lo - facts.sentence.start, hi - facts.sentence.start
    sentence = facts.sentence
    part = dataclasses.replace(
        sentence, text=sentence.text[a:b].rstrip(" ,;"), start=lo, stop=hi,
        tokens=[t for t in sentence.tokens if lo <= t.start < hi],
        spans=[s for s in sentence.spans if lo <= s.start < hi])
    dates = [dataclasses.replace(d, start=d.start - a, stop=d.stop - a)
             for d in facts.dates if a <= d.start < b]
    places = [p for p in facts.places if lo <= p.start < hi]
    return SentenceFacts(part, places, dates, facts.context_year, facts.published)


def _generic(facts: SentenceFacts, mention: Mention) -> bool:
    """An unnamed plural event word ("выставки", "лекции"): without a day or a month of its own
    it is a kind of activity or a statistic, not one event."""
    tok = mention.token
    head = facts.sentence.head(tok)
    series = tok.rel == "nmod" and head is not None and \
        head.lemma in vocabulary().series_nouns  # "серию мастер-классов": one activity
    return (mention.role == "event" and not mention.name and tok.feats.get("Number") == "Plur"
            and len(mention.tokens) == 1 and not _dictionary_form(tok) and not series)


def _dictionary_form(tok: Token) -> bool:
    """A noun written as its lemma is singular, whatever the tagger says: natasha tags
    "провели мастер-класс" a plural (hyphenated compounds)."""
    return tok.text.lower().replace("ё", "е") == tok.lemma.replace("ё", "е")


def _said_of_any(facts: SentenceFacts, mention: Mention) -> bool:
    """An unnamed event word with no date and no place, the circumstance of verbs all in the
    imperfective present, none of taking place or starting: a general statement ("зритель
    приходит на фестиваль за атмосферой"), not a report ("мы рассматриваем форум как …" and
    "форум объединяет …" speak of the forum itself, and stay)."""
    if mention.role != "event" or mention.name or mention.token.rel != "obl":
        return False
    verbs = _verbs(facts, mention)
    return bool(verbs) and all(
        v.feats.get("Tense") == "Pres" and v.feats.get("Aspect") == "Imp"
        and v.lemma not in HAPPENING and v.lemma not in STARTED for v in verbs)


def _not_before_publication(ctx: DocContext, written, start: FuzzyDate, end: FuzzyDate):
    """A planned event's date without a year (a day, a month, a season): the publication's year,
    or the next one when that date is already over (a planned event is not before its
    announcement; "в марте" written in mid-March is this March)."""
    published = ctx.document.published
    if published is None:
        return start, end

    def over(got: tuple[FuzzyDate, FuzzyDate], year: int) -> bool:
        if written.months:  # "весной" written in November: next spring
            first, last = written.months
            return (year + (first > last), last) < (published.start.year, published.start.month)
        return got[1].end < published.start

    if not over((start, end), start.start.year):
        return start, end
    for year in (published.start.year, published.start.year + 1):
        got = dataclasses.replace(written, year=year).fuzzy(year)
        if got is not None and not over(got, year):
            return got
    return start, end


_DAYS = {"двух": 2, "трех": 3, "трёх": 3, "четырех": 4, "четырёх": 4, "пяти": 5, "шести": 6,
         "семи": 7, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7}
_N_DAYS = re.compile(r"(?<!\w)(" + "|".join(_DAYS) + r")(?:-х|-ти|-ми)?-?\s?дневн", re.I)


def _first_of_days(facts: SentenceFacts, mention: Mention, start: FuzzyDate) -> FuzzyDate:
    """ "Сегодня завершился четырёхдневный модуль": it began three days before."""
    from etl.dates import make_fuzzy_date

    if start.precision != "day" or not any(t.lemma in ENDED for t in _verbs(facts, mention)):
        return start
    m = _N_DAYS.search(" ".join(t.text for t in mention.frame))
    if not m:
        return start
    first = start.start - dt.timedelta(days=_DAYS[m.group(1).lower()] - 1)
    return make_fuzzy_date(first.year, first.month, first.day)


def _date_in(facts: SentenceFacts,
             tokens: list[Token]) -> tuple[FuzzyDate, FuzzyDate, DateMention] | None:
    """The first event date written inside the frame's words."""
    spans = [(t.start, t.stop) for t in tokens]
    for mention in facts.dates:
        at = facts.sentence.start + mention.start
        if any(a <= at < b for a, b in spans):
            got = facts.date_between(at, at + 1)
            if got is not None:
                return got
    return None


def _places_in(facts: SentenceFacts, tokens) -> list[PlaceCandidate]:
    spans = [(t.start, t.stop) for t in tokens]
    return [p for p in facts.places if any(a <= p.start < b for a, b in spans)]


def _verbless(facts: SentenceFacts, mention: Mention) -> bool:
    """ "Это не просто форум …", "Также в программе — фестиваль": no verb in the clause."""
    clause = clause_tokens(facts.sentence, mention.token)
    return not any(t.pos in VERB_POS for t in clause) and mention.token.rel in {"root", "nsubj"}


def _under_way(ctx: DocContext, facts: SentenceFacts, mention: Mention) -> bool:
    """ "проходит", "работает", "стартовал": the event is going on as the news is written; a
    verbless sentence speaks of the present (not when it goes on about a planned event: "Также в
    программе — фестиваль" after "пройдут Дни …" is that event's programme, `_from_mention`)."""
    if ctx.document.published_from == "file_mtime":
        return False
    clause = clause_tokens(facts.sentence, mention.token)
    if _verbless(facts, mention):
        return True
    habitual = any(t.lemma in HABITUAL for t in clause)
    for verb in _verbs(facts, mention):
        if verb.lemma in HAPPENING and verb.feats.get("Tense") == "Pres":
            return True
        if mention.role == "visit" and verb.feats.get("Tense") == "Pres" and not habitual and \
                verb.feats.get("Aspect") == "Imp" and (
                    verb is mention.token or mention.token.rel.startswith("nsubj")):
            return True  # "делегация знакомится с …": visitors doing something now (not
            # "поездку организует центр": who arranges a trip says nothing of when)
        if verb.feats.get("Variant") == "Short" and verb.feats.get("VerbForm") == "Part" and \
                (verb.lemma in STARTED or verb.lemma in vocabulary().opening["verbs"]) and \
                not any(c.lemma == "быть" for c in facts.sentence.children(verb)):
            return True  # "открыта выставка": open now (not "была открыта")
        if verb.lemma in STARTED and (verb.feats.get("Tense") == "Past" or (
                verb.feats.get("Tense") == "Pres" and verb.lemma not in FUTURE_PRESENT)):
            return True  # "стартовал", "открывается": starting as the news is written
    return False


def _verbs(facts: SentenceFacts, mention: Mention) -> list:
    """The verbs that govern the mention: its own (if a verb), else the frame's."""
    if mention.token.pos in VERB_POS:
        return [mention.token] + [c for c in facts.sentence.children(mention.token)
                                  if c.pos == "AUX"]
    return [t for t in mention.frame if t.pos in VERB_POS]


def _has_tense(facts: SentenceFacts, mention: Mention) -> bool:
    return any(v.feats.get("Tense") for v in _verbs(facts, mention))


def _status(ctx: DocContext, facts: SentenceFacts, mention: Mention, start: FuzzyDate | None,
            vocab: Vocabulary) -> str:
    """Markers first, then the tense of the event's verbs, then the date against publication."""
    above = _ancestors(facts, mention.token)
    other = _other_relative_clauses(facts, mention)
    own = [t for t in clause_tokens(facts.sentence, mention.token) if t.id not in other]
    words = {t.lemma for t in mention.frame if t.id not in other} | {
        t.lemma for t in own if t.pos in VERB_POS} | {t.lemma for t in above}
    cancelled = set(vocab.status["cancelled"])
    if words & cancelled and not all(_moved(facts, t) for t in own + mention.frame + above
                                     if t.lemma in cancelled):
        return "cancelled"
    if words & set(vocab.status["planned"]):
        return "planned"
    if any(t.feats.get("VerbForm") == "Inf" and (h := facts.sentence.head(t)) is not None
           and h.lemma in vocab.signing["accord_verbs"] for t in above):
        return "planned"  # "договорились провести встречу": agreed to hold it
    verbs = [v for v in _verbs(facts, mention) if v.id not in other] or [
        t for t in own if t.pos in VERB_POS]
    tenses = {"Fut" if v.lemma in FUTURE_PRESENT and v.feats.get("Tense") == "Pres"
              else v.feats.get("Tense") for v in verbs} - {None}
    if any(t.lemma == "быть" and t.text.lower() in {"будет", "будут"} for t in
           verbs + [c for v in verbs for c in facts.sentence.children(v)]):
        tenses = {"Fut"}  # "будет подписано": natasha tags the auxiliary as present
    if not tenses:  # "смогут посетить", "планируется провести": the governing verb's tense
        tenses = {t.feats.get("Tense") for t in above if t.pos in VERB_POS} - {None}
    published = ctx.document.published
    later = (start is not None and published is not None
             and ctx.document.published_from != "file_mtime" and start.start > published.end)
    if "Fut" in tenses:
        return "planned"
    if "Past" in tenses:
        return "done"
    if "Pres" in tenses:
        return "planned" if later else "done"
    return "planned" if later else "done"


def _moved(facts: SentenceFacts, verb: Token) -> bool:
    """ "перенесли его из Вологды в Тотьму": moved to another town, not put off or called off."""
    sentence = facts.sentence
    return verb.pos in VERB_POS and any(
        c.rel == "obl" and _places_in(facts, [c]) and any(
            k.rel == "case" and k.lemma == "из" for k in sentence.children(c))
        for c in sentence.children(verb))


def _other_relative_clauses(facts: SentenceFacts, mention: Mention) -> set[str]:
    """Token ids of the relative clauses about another noun ("визит проходит в рамках Дней …,
    которые запланированы на …"): their tense and plan words are that noun's, not the event's
    ("форум, который пройдёт в мае" keeps its own)."""
    sentence = facts.sentence
    own = {t.id for t in mention.tokens}
    out: set[str] = set()
    for t in sentence.tokens:
        if t.rel == "acl:relcl" and t.head_id not in own:
            inner = subtree(sentence, t)
            if all(u.id not in own for u in inner):
                out.update(u.id for u in inner)
    return out


def _ancestors(facts: SentenceFacts, token) -> list:
    out, node = [], token
    for _ in range(4):
        node = facts.sentence.head(node)
        if node is None:
            break
        out.append(node)
    return out


def _previous(found: list[FoundActivity], facts: SentenceFacts) -> FoundActivity | None:
    """The activity just told about: in this paragraph or at most three sentences back."""
    if not found:
        return None
    last = found[-1]
    here = facts.sentence
    if last.facts.sentence.paragraph == here.paragraph or \
            here.index - last.facts.sentence.index <= 3:
        return last
    return None


def _month_of(date: FuzzyDate) -> FuzzyDate:
    if date.precision == "year":
        return date
    from etl.dates import make_fuzzy_date

    return make_fuzzy_date(date.start.year, date.start.month, None)


def _year_in_name(mention: Mention) -> FuzzyDate | None:
    """ "ПМЭФ-2025", «Креаторика 2024»: the edition's year."""
    from etl.dates import DateError, make_fuzzy_date

    text = " ".join([mention.token.text, mention.name or ""])
    m = re.search(r"(?<!\d)(20\d\d)(?!\d)", text)
    if not m:
        return None
    try:
        return make_fuzzy_date(int(m.group(1)), None, None)
    except DateError:
        return None


def _header_date(ctx: DocContext, here: SentenceFacts) -> tuple[FuzzyDate, FuzzyDate] | None:
    """A line of its own above the text that is only a date and a place ("24 мая, Нижний
    Новгород"): the date of the first event told under it (a dateline in capitals is not: it
    dates the report, `_dateline_month`)."""
    for facts in ctx.facts[:2]:
        if facts.sentence.index >= here.sentence.index:
            return None
        tokens = facts.sentence.tokens
        if DATELINE.match(facts.text) or not facts.dates or facts.dates[0].start > 0 or \
                len(tokens) > 8 or any(t.pos in VERB_POS for t in tokens) or \
                facts.sentence.line == here.sentence.line:
            continue
        got = facts.dates[0].fuzzy(facts.context_year, facts.published)
        if got is not None and got[0].precision == "day":
            return got
    return None


def _dateline_month(ctx: DocContext) -> FuzzyDate | None:
    """ "СТАВРОПОЛЬ, 1 ноября. /ТАСС/.": the month the agency's report is about."""
    for facts in ctx.facts[:2]:
        if DATELINE.match(facts.text) and facts.dates:
            got = facts.dates[0].fuzzy(facts.context_year, facts.published)
            if got is not None:
                return _month_of(got[0])
    return None


def _not_held(facts: SentenceFacts, mention: Mention, vocab: Vocabulary) -> bool:
    """ "идея фестиваля", "обсудили выставки": talked about, not held; "его посетили зрители":
    people attending an event, not a visit."""
    sentence = facts.sentence
    head = sentence.head(mention.token)
    if mention.role == "event" and head is not None and (
            head.lemma in NOT_HELD or (head.lemma in TALK and mention.token.rel == "obj")):
        return True
    if any(t.lemma in HOPES for t in _ancestors(facts, mention.token)):
        return True  # "надеемся, что кластеры появятся во всех городах": a hope, not a plan
    if mention.role == "event" and _contained(sentence, mention.token):
        return True  # "программа включает пленарное заседание", "документ предусматривает …"
    if mention.role == "event" and not mention.name and any(
            _attendance(facts, verb, vocab) for verb in _ancestors(facts, mention.token)):
        return True  # "выставки посетили 40 тысяч человек": a statistic of unnamed events
    if mention.role == "event" and not mention.name and _in_modifier(facts, mention):
        return True  # "дизайнеры, отобранные по конкурсу": who they are, not what is held
    if mention.role == "event" and not mention.name and _winners_of(facts, mention, vocab):
        return True  # "победители конкурса совершат поездку": who travels, not what is held
    if mention.role == "visit" and mention.token.pos in VERB_POS:
        if _attendance(facts, mention.token, vocab):
            return True  # "музеи посетили более 200 тысяч человек": attendance, not a trip
        if any(c.rel in {"xcomp", "advcl"} and c.lemma in WATCH
               for c in sentence.children(mention.token)):
            return True  # "посмотреть на турниры приехали гости": an audience, not a trip
        for arg in sentence.children(mention.token):
            if arg.rel == "obj" and (arg.pos == "PRON" or _eventlike(arg.lemma, vocab)):
                return True  # "его посетили зрители", "посетить занятия"
            if arg.rel.startswith("nsubj") and arg.pos == "NOUN" and \
                    vocab.kind_named([arg.lemma]) not in {None, *VISIT_KINDS}:
                return True  # "передвижная выставка побывает в Вологде": the event travels
            if arg.rel.startswith("nsubj") and (  # "гости форума приехали"
                    (arg.feats.get("Case") == "Gen" and _eventlike(arg.lemma, vocab))
                    or any(c.rel == "nmod" and _eventlike(c.lemma, vocab)
                           for c in sentence.children(arg))):
                return True
    return False


def _contained(sentence, token: Token) -> bool:
    """The event word (or the first of a list it closes) is the object of a verb of holding:
    "включает пленарное заседание, три круглых стола", "предусматривает создание … и фестиваль"."""
    node = token
    for _ in range(6):
        head = sentence.head(node)
        if node.rel != "conj" or head is None:
            break
        node = head
    head = sentence.head(node)
    if head is not None and head.lemma in CONTAINS and node.rel == "obj":
        return True
    before = [t for t in sentence.tokens if t.stop <= node.start]  # the parser hung it elsewhere
    while before and before[-1].pos in {"ADJ", "NUM", "DET"}:
        before.pop()
    return bool(before) and before[-1].lemma in CONTAINS and before[-1].pos in VERB_POS


def _winners_of(facts: SentenceFacts, mention: Mention, vocab: Vocabulary) -> bool:
    """An undated event word in the genitive of its winners ("победители конкурса"), who are
    the subject of a trip or of another event: background to who they are."""
    sentence = facts.sentence
    people = sentence.head(mention.token)
    if people is None or people.lemma not in WINNERS or mention.token.rel != "nmod" or \
            _date_in(facts, subtree(sentence, mention.token)) is not None:
        return False
    if not people.rel.startswith("nsubj"):
        return False
    visits = vocab.visits
    trips = {*visits["verbs"], *visits["set_off_verbs"], *visits["nouns"]}
    return any(t.lemma in trips or (t is not mention.token and t.pos == "NOUN" and
                                    vocab.kind_named([t.lemma]) is not None)
               for t in clause_tokens(sentence, mention.token))


def _in_modifier(facts: SentenceFacts, mention: Mention) -> bool:
    """An unnamed, undated event word inside a participle that describes a noun ("отобранные
    по конкурсу дизайнеры"): background to who someone is, not an event the text reports. An
    event the participle's action took place at is one ("выступившие на форуме")."""
    sentence = facts.sentence
    if _date_in(facts, subtree(sentence, mention.token)) is not None:
        return False
    if mention.token.rel == "obl" and any(
            c.rel == "case" and c.lemma in {"на", "в", "во"} for c in sentence.children(
                mention.token)):
        return False  # "эксперты, выступившие на форуме": where they spoke, a held event
    node = sentence.head(mention.token)
    for _ in range(3):
        if node is None or (node.pos in VERB_POS and node.feats.get("VerbForm") != "Part"):
            return False
        if node.feats.get("VerbForm") == "Part" and node.rel in {"amod", "acl"}:
            return True
        node = sentence.head(node)
    return False


def _attendance(facts: SentenceFacts, verb, vocab: Vocabulary) -> bool:
    """A visit verb whose subject or object is a counted crowd and whose frame names no town:
    "выставки посетили свыше 40 тысяч человек" (not "20 экспертов побывали в Калуге"); a town
    in a relative clause is where the event was held, not where the crowd went."""
    sentence = facts.sentence
    if verb.lemma not in vocab.visits["verbs"] or verb.pos not in VERB_POS:
        return False
    if not any(a.rel in {"nsubj", "obj"} and _crowd(sentence, a)
               for a in sentence.children(verb)):
        return False
    frame = [verb] + [t for c in sentence.children(verb) for t in subtree(sentence, c)]
    told = {u.id for t in frame if t.rel == "acl:relcl" for u in subtree(sentence, t)}
    frame = [t for t in frame if t.id not in told]  # "на фестивале, который провели в Курске"
    return not any(p.resolved is not None and p.resolved.kind != "venue"
                   and not facts.is_origin(p) for p in _places_in(facts, frame))


def _crowd(sentence, arg) -> bool:
    """A number of people: "более двухсот тысяч человек", "5000 зрителей", "тысячи горожан"."""
    people = [arg] + [c for c in sentence.children(arg) if c.rel in {"obl", "nmod"}]
    for noun in people:
        counted = noun.lemma in QUANTIFIERS or any(
            c.rel == "nummod" for c in sentence.children(noun))
        if counted and (noun.feats.get("Animacy") == "Anim" or
                        any(c.feats.get("Animacy") == "Anim" for c in sentence.children(noun))):
            return True
        if noun is arg and arg.lemma in QUANTIFIERS and len(people) > 1:
            return any(_crowd(sentence, c) or c.feats.get("Animacy") == "Anim"
                       for c in people[1:])
    return False


def _eventlike(lemma: str, vocab: Vocabulary) -> bool:
    return lemma in EVENTLIKE or any(lemma == w.lemmas[-1] for w in vocab.events)


# --- direction of visits ---------------------------------------------------------------------

def _visit_kind(facts: SentenceFacts, mention: Mention, places: list[PlaceCandidate],
                vocab: Vocabulary, last: FoundActivity | None = None) -> str:
    """The agency going out → mission; people from somewhere (origins) → delegation; venues
    visited → venue_visit; a federal or host-city body going out → mission; a trip nobody is
    named for ("Кроме того, планируется выезд в Якутск") → the kind of the trip told before;
    else delegation."""
    if _agency_travels(facts, mention, vocab):
        return "mission"
    if last is not None and last.kind in {"mission", "delegation"} and \
            not any(facts.is_origin(p) for p in facts.places) and _nobody(facts, mention):
        return last.kind
    if any(facts.is_origin(p) for p in facts.places):
        return "delegation"
    if _visits_venue(facts, mention, places, vocab):
        return "venue_visit"
    if _travels_out(facts, mention, vocab):
        return "mission"
    return "delegation"


def _nobody(facts: SentenceFacts, mention: Mention) -> bool:
    """A visit noun with no traveller: no subject, no one's dependents but where it goes."""
    tok = mention.token
    if tok.pos in VERB_POS:
        return False
    people = [t for t in _travellers(facts, mention) if t is not tok]
    to = {t.id for t in _visited(facts.sentence, tok)}
    return not any(t.pos in {"NOUN", "PROPN", "PRON"} and t.id not in to and
                   t.lemma not in DATE_WORDS for t in people)


def _visits_venue(facts: SentenceFacts, mention: Mention, places, vocab: Vocabulary) -> bool:
    """The object visited is an institution ("посетили школу", "музей, в котором мы побывали")
    or a venue, not a city or region."""
    tok = mention.token
    if tok.pos not in VERB_POS:
        return False
    sentence = facts.sentence
    objects = [c for c in sentence.children(tok) if c.rel == "obj" or (
        c.rel == "obl" and any(k.lemma in {"в", "на"} and k.rel == "case"
                               for k in sentence.children(c)))]
    for obj in objects:
        if obj.lemma in DATE_WORDS:
            continue
        span = subtree(sentence, obj)
        own = [p for p in places if any(t.start <= p.start < t.stop for t in span)]
        if own and own[0].start <= obj.stop:
            return own[0].resolved.kind == "venue"
        if obj.pos == "NOUN" and obj.lemma not in vocab.visits["visitor_nouns"] and \
                obj.lemma not in vocab.visits["place_nouns"]:
            return True
    head = sentence.head(tok)
    return tok.rel == "acl:relcl" and head is not None and head.pos == "NOUN" and \
        head.lemma not in vocab.visits["place_nouns"] and not places


def _travellers(facts: SentenceFacts, mention: Mention) -> list:
    """Who travels: the verb's subject, the visit noun's own dependents, or the clause subject."""
    sentence, tok = facts.sentence, mention.token
    if tok.pos in VERB_POS:
        subj = [c for c in sentence.children(tok) if c.rel.startswith("nsubj")]
    else:
        places = [(p.start, p.stop) for p in facts.places]
        to = {t.id for t in _visited(sentence, tok)}  # "визит … в агентство": not who goes
        subj = [c for c in sentence.children(tok) if c.rel in {"nmod", "amod"}
                and not any(a <= c.start < b for a, b in places) and c.id not in to]
        node = sentence.head(tok)
        for _ in range(2):  # "министр … сообщила во время рабочей поездки": up to 3 heads up
            if node is None or node.pos in VERB_POS:
                break
            node = sentence.head(node)
        if node is not None and node.pos in VERB_POS:
            subj += [c for c in sentence.children(node) if c.rel.startswith("nsubj")
                     and c is not tok]  # the visit word itself: its dependents are read above
    out = [tok] if tok.pos == "NOUN" else []
    for s in subj:
        out += subtree(sentence, s)
    for t in clause_tokens(sentence, tok):  # a misattached subject: people named in the clause
        if t.rel == "nsubj" and t.feats.get("Animacy") == "Anim" and t not in out:
            out += subtree(sentence, t)
    return out


def _agency_travels(facts: SentenceFacts, mention: Mention, vocab: Vocabulary) -> bool:
    """The agency ("делегация Агентства", "эксперты агентства", "Агентство посетило")."""
    agency = vocab.visits["agency"]
    sentence, tok = facts.sentence, mention.token
    if tok.lemma in vocab.visits["host_verbs"]:  # "агентство приняло делегацию": the host
        return any(t.lemma == agency for c in sentence.children(tok) if c.rel == "obj"
                   for t in subtree(sentence, c))
    if agency in {t.lemma for t in _travellers(facts, mention)}:
        return True
    verb = sentence.head(tok) if tok.pos not in VERB_POS else None  # "делегация … посетила"
    visited = {t.id for t in _visited(sentence, tok)} | (
        {t.id for t in _visited(sentence, verb)} if verb is not None and verb.pos in VERB_POS
        else set())
    return any(t.lemma == agency and t.id not in visited
               for t in clause_tokens(facts.sentence, mention.token))


def _visited(sentence, tok) -> list:
    """What a visit word goes to: the object ("посетила агентство") or the place after
    "в"/"на"/"к" ("визит в агентство", "прибыли в агентство"), with its dependents."""
    out = []
    for child in sentence.children(tok):
        to = any(c.rel == "case" and c.lemma in {"в", "во", "на", "к", "ко"}
                 for c in sentence.children(child))
        if child.rel == "obj" or (child.rel in {"obl", "nmod"} and to):
            out += subtree(sentence, child)
    return out


def _travels_out(facts: SentenceFacts, mention: Mention, vocab: Vocabulary) -> bool:
    """The agency or a federal or host-city body ("министр культуры РФ", "московские
    специалисты") travels, and nobody comes from anywhere."""
    visits = vocab.visits
    travellers = _travellers(facts, mention)
    lemmas = {t.lemma for t in travellers}
    if any(facts.is_origin(p) for p in facts.places
           if any(t.start <= p.start < t.stop for t in travellers)):
        return False
    if _agency_travels(facts, mention, vocab):
        return True
    if lemmas & set(visits["federal_markers"]) or any(
            t.text.upper() in {"РФ"} for t in travellers):
        places = _places_in(facts, mention.frame)
        return not any(_is_host(p, vocab) for p in places if not facts.is_origin(p))
    return False


def _is_host(place: PlaceCandidate, vocab: Vocabulary) -> bool:
    return place.capital or (place.resolved is not None
                             and place.resolved.name_ru == vocab.visits["host_city"])


def _roles(kind: str, facts: SentenceFacts, places: list[PlaceCandidate],
           days: bool = False) -> list[PlaceMention]:
    """Each place with its role: origin after "из"; venues; destinations for trips. A region's
    days ("Дни Якутии в Москве") are held somewhere: the region they are named after is where
    the people come from, the place after "в"/"на" is where they are held (no trip to plan)."""
    out = []
    for place in places:
        if days:
            origin = facts.preposition_before(place) is None
            out.append(place_mention(place, "origin" if origin else "venue"))
        elif facts.is_origin(place):
            out.append(place_mention(place, "origin"))
        elif place.known.kind == "venue" or kind not in {"mission", "delegation",
                                                            "business_mission", "internship"}:
            out.append(place_mention(place, "venue"))
        else:
            out.append(place_mention(place, "destination"))
    return out


def place_mention(place: PlaceCandidate, role: PlaceRole) -> PlaceMention:
    resolved = place.resolved
    return PlaceMention(surface=place.surface, role=role,
                        region_hint=resolved.region_code if resolved else None,
                        kind_hint=place.kind_hint, resolved=resolved)


# --- one event, several mentions -------------------------------------------------------------

def _same_event(activity: FoundActivity, mention: Mention, found: list[FoundActivity],
                facts: SentenceFacts) -> FoundActivity | None:
    """An earlier activity this mention refers to again ("участники форума", "во время визита").

    Same kind (any visit for a visit), no other date written for it, and no name or modifier
    that sets it apart ("Региональный фестиваль" after «Кузнецкая вольница» is another one).
    """
    for earlier in reversed(found):
        if earlier.from_field:
            continue
        if not _same_kind(activity, earlier):
            continue
        if activity.own_date and earlier.own_date and activity.start != earlier.start:
            continue
        if activity.name and earlier.name and not _same_name(activity.name, earlier.name):
            continue
        if activity.name and not earlier.name and earlier.start is not None and \
                activity.own_date and activity.start != earlier.start:
            continue
        if not activity.name and mention.role == "event" and _set_apart(facts, mention):
            continue
        if activity.kind in VISIT_KINDS and _elsewhere(activity, earlier):
            continue  # "Делегация из Твери прибудет в Ярославль": another trip
        return earlier
    return None


def _elsewhere(activity: FoundActivity, earlier: FoundActivity) -> bool:
    """A trip to cities or regions the earlier one did not name."""
    def towns(a: FoundActivity) -> set[str]:
        return {p.resolved.place_id for p in a.places
                if p.role != "origin" and p.resolved and p.resolved.kind != "venue"}
    mine, theirs = towns(activity), towns(earlier)
    return bool(mine) and bool(theirs) and not mine & theirs


def _same_kind(activity: FoundActivity, earlier: FoundActivity) -> bool:
    if activity.kind in VISIT_KINDS and earlier.kind in VISIT_KINDS:
        if activity.kind == "venue_visit" and earlier.kind == "mission":
            return False  # the minister's visit to a school during her trip: its own fact
        return not activity.own_date or (activity.kind == "mission") == (earlier.kind == "mission")
    if activity.kind != earlier.kind:
        return False
    return activity.kind != "other" or activity.head == earlier.head


def _set_apart(facts: SentenceFacts, mention: Mention) -> bool:
    """An adjective of its own ("Региональном фестивале"), not "этот"/"данный"."""
    return any(c.rel == "amod" and c.lemma not in DEMONSTRATIVES and c not in mention.tokens
               for c in facts.sentence.children(mention.token))


def _merge(earlier: FoundActivity, later: FoundActivity) -> None:
    """The later mention adds its places; a date written only now dates the event."""
    earlier.sentences |= later.sentences
    if later.own_date and not earlier.own_date:  # the fuller statement speaks for the event
        if later.places:
            earlier.places, later.places = later.places, earlier.places
        earlier.facts, earlier.status, earlier.title = later.facts, later.status, later.title
    known = {p.resolved.place_id for p in earlier.places if p.resolved}
    for place in later.places:
        if place.resolved and place.resolved.place_id not in known:
            earlier.places.append(place)
            known.add(place.resolved.place_id)
    if later.own_date and (earlier.start is None or not earlier.own_date):
        earlier.start, earlier.end, earlier.own_date = later.start, later.end, True
        earlier.confidence = max(earlier.confidence, later.confidence)
    if earlier.name is None and later.name:
        earlier.name = later.name
    if earlier.kind == "delegation" and later.kind in IN_KINDS - {"venue_visit"}:
        earlier.kind = later.kind


def _same_name(a: str, b: str) -> bool:
    x, y = _norm(a), _norm(b)
    return x in y or y in x


def _norm(name: str) -> str:
    return re.sub(r"\W+", " ", name.lower()).strip()


# --- titles ----------------------------------------------------------------------------------

def title(kind: str, mention: Mention, places: list[PlaceMention], vocab: Vocabulary) -> str:
    """A short human phrase: "Делегация из Вологды в Москве", "Круглый стол «…» в Перми"."""
    word = mention.title or vocab.label(kind)
    if (kind in VISIT_KINDS and mention.role in {"visit", "days"}) or mention.role == "signing":
        word = vocab.label(kind)
    head = word[:1].upper() + word[1:]
    if mention.role == "opening" and mention.what:
        head = f"{head}: {mention.what}"
    elif mention.name and mention.name.lower() not in head.lower() and kind not in VISIT_KINDS:
        head = f"{head} «{mention.name}»"
    origins = [p for p in places if p.role == "origin"]
    where = [p for p in places if p.role != "origin" and p.resolved and p.resolved.kind != "venue"]
    if origins and kind in VISIT_KINDS:
        head += " из " + _surface_list(origins)
    if where:
        head += ": " + ", ".join(dict.fromkeys(p.resolved.name_ru for p in where[:3]
                                               if p.resolved is not None))
    return head


def _surface_list(places: list[PlaceMention]) -> str:
    names = list(dict.fromkeys(p.surface for p in places))
    if len(names) > 3:
        return ", ".join(names[:3]) + " и др."
    return ", ".join(names)


# --- announcements with fields ---------------------------------------------------------------

def _from_field(ctx: DocContext, facts: SentenceFacts) -> FoundActivity | None:
    """ "Дата проведения: 15 ноября 2014 г." in an announcement: the document's own event (a
    bare "Дата:" with the publication's day is the page's stamp: "Итоги форума … Дата: …")."""
    field = DATE_FIELD.match(facts.text)
    if not field:
        return None
    dated = facts.main_date()
    kind = _title_kind(ctx)
    if dated is None or kind is None:
        return None
    start, end, _ = dated
    venue = _venue_field_places(ctx)
    published = ctx.document.published
    if field.group(1).strip().lower() == "дата" and published is not None and \
            start == published and ctx.document.published_from in {"front_matter", "curated"}:
        return None  # a bare "Дата:" with the publication's own day: the page's stamp
    status = "planned" if published is None or start.start > published.end else "done"
    if published is not None and ctx.document.published_from == "file_mtime":
        status = "planned"
    return FoundActivity(kind, status, start, end, facts, places=venue, title=ctx.document.title,
                         confidence=vocabulary().confidence["dated_frame"], from_field=True,
                         own_date=True)


def _venue_field_places(ctx: DocContext) -> list[PlaceMention]:
    for facts in ctx.facts:
        if re.match(r"^\s*место(\s+проведения)?\s*:", facts.text, re.I):
            return [place_mention(p, "venue") for p in facts.places]
    return []


def _title_kind(ctx: DocContext) -> str | None:
    """The kind of the announced event: the first event word of the vocabulary (or a visitor
    noun: "делегация") in the title, else in the first five sentences."""
    from etl.morph import analyzer

    vocab = vocabulary()
    title = [analyzer().parse(w)[0].normal_form
             for w in re.findall(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*", ctx.document.title or "")]
    for lemmas in [title] + [[t.lemma for t in f.sentence.tokens] for f in ctx.facts[:5]]:
        kind = vocab.kind_named(lemmas)
        if kind is not None:
            return kind
    return None


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
