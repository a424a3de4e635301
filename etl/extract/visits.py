"""Planned visits from their frame: a verb of going or seeing, in the future, with a named place.

"делегация прибудет в …", "эксперты отправятся в …", "школьники посетят … музей …", "смогут
посетить …", "в планах посетить …", "планируется поездка в …". The places are the verb's own
destinations: "в/на" + a city or region, and what it visits or sees when that is named (a proper
noun or a name in quotes: "музей провинции …", "усадьбу «…»"). Origins ("ребята из …") and
places inside a purpose ("для съёмки фильма о … музеях …") are not destinations.

Each such sentence that no other rule has already read as a planned trip becomes one planned
activity (mission, delegation or venue_visit); a trip another rule read there gets the places
found here that it lacks. etl.planned turns their places into planned visits.
Its date is the sentence's own, else the year of its context (year precision).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from functools import lru_cache

from etl.extract.activities import FoundActivity, place_mention
from etl.extract.context import DocContext, SentenceFacts
from etl.extract.frames import subtree
from etl.extract.names import nominative_phrase, tidy
from etl.extract.nlp import Sentence, Token
from etl.models import FuzzyDate, PlaceMention, PlaceRole
from etl.planned import PLANNED_VISIT_KINDS
from etl.vocabulary import vocabulary

_VISITS = vocabulary().visits  # [visits] of the vocabulary: the one list of these words
# verbs of going (not of hosting: "примут делегацию" is the hosts'), of setting off and of
# seeing a place
GO_VERBS = frozenset(_VISITS["verbs"]) - frozenset(_VISITS["host_verbs"]) | frozenset(
    _VISITS["set_off_verbs"]) | frozenset(_VISITS["see_verbs"])
# trip nouns: the visit nouns that are not people ("делегация" is who goes, not the trip)
GO_NOUNS = frozenset(_VISITS["nouns"]) - frozenset(_VISITS["visitor_nouns"])
# the prepositions of a destination; "из"/"от" (origins), "для"/"о" (purposes) are not
TO = {"в", "во", "на", "с", "по"}
ORIGIN_WORDS = {"из", "от"}
PURPOSE = {"для", "о", "об", "ради", "после", "до", "вместо", "из", "от"}
AGENCY_WORDS = {"агентство", "эксперт", "команда", "специалист", "сотрудник"}
VISITOR_WORDS = {"делегация", "школьник", "ребенок", "ребёнок", "гость", "участник",
                 "студент", "представитель", "ребята", "дети"}


@lru_cache(maxsize=1)
def _plan_words() -> frozenset[str]:
    """The vocabulary's plan words and abilities, without invitations (nobody's trip)."""
    status = vocabulary().status
    return frozenset({*status["planned"], *status["abilities"]} - set(status["invitations"]))


def find_planned_visits(ctx: DocContext, activities: list[FoundActivity],
                        morph) -> list[FoundActivity]:
    """New planned trips; a trip another rule read in the same sentence gets the places found
    here that it lacks (a named museum, a foreign city) instead of a second activity."""
    read = {id(a.facts.sentence): a for a in activities
            if a.status == "planned" and a.kind in PLANNED_VISIT_KINDS}
    found = []
    for facts in ctx.facts:
        activity = _visit(facts, morph)
        if activity is None:
            continue
        trip = read.get(id(facts.sentence))
        if trip is None:
            found.append(activity)
            continue
        have = {_place_key(p) for p in trip.places}
        role: PlaceRole = "venue" if trip.kind == "venue_visit" else "destination"
        trip.places += [dataclasses.replace(p, role=role) for p in activity.places
                        if _place_key(p) not in have]
    return found


def _visit(facts: SentenceFacts, morph) -> FoundActivity | None:
    sentence = facts.sentence
    places: list[PlaceMention] = []
    venues = False
    for verb in sentence.tokens:
        if not (verb.lemma in GO_VERBS or verb.lemma in GO_NOUNS) or not _planned(sentence, verb):
            continue
        if any(c.rel.startswith("nsubj") and c.pos == "NOUN" and
               vocabulary().kind_named([c.lemma]) not in {None, *PLANNED_VISIT_KINDS}
               for c in sentence.children(verb)):
            continue  # "передвижная выставка побывает в Вологде": the event travels, nobody's trip
        for place in _destinations(facts, verb):
            if place.resolved is not None and place.resolved.kind == "venue":
                venues = True
            places.append(place)
        for name in _named_objects(facts, verb, morph):
            places.append(PlaceMention(surface=name, role="venue"))
            venues = True
    if not places:
        return None
    kind = _kind(facts, places, venues)
    for place in places:
        place.role = "venue" if kind == "venue_visit" else "destination"
    start = _start(facts)
    return FoundActivity(kind=kind, status="planned", start=start, end=start, facts=facts,
                         places=_unique(places), title=_title(kind, places), confidence=0.6)


def _planned(sentence: Sentence, verb: Token) -> bool:
    """Future ("посетят"), or wanted by a plan word ("в планах посетить", "смогут посетить")."""
    if verb.feats.get("Tense") == "Fut":
        return True
    if verb.lemma in GO_NOUNS:  # "планируется поездка в …", not "во время поездки в …"
        head = sentence.head(verb)
        if head is None or any(c.pos == "ADP" for c in sentence.children(verb)):
            return False
        return head.lemma in _plan_words() or head.feats.get("Tense") == "Fut" or any(
            c.lemma == "быть" and c.feats.get("Tense") == "Fut" for c in sentence.children(head))
    seen = set()
    token: Token | None = verb
    while token is not None and token.id not in seen:
        seen.add(token.id)
        for child in sentence.children(token):
            if child.lemma == "быть" and child.feats.get("Tense") == "Fut":
                return True
        if token is not verb and (token.lemma in _plan_words() or
                                  token.feats.get("Tense") == "Fut"):
            return True
        if token.pos in {"VERB", "AUX"} and token is not verb and \
                token.feats.get("VerbForm") != "Inf":
            return False
        token = sentence.head(token)
    return False


def _arguments(sentence: Sentence, verb: Token) -> list[list[Token]]:
    """The verb's objects and destinations, each without purposes and origins inside it."""
    out = []
    for child in sentence.children(verb):
        if child.rel not in {"obj", "obl", "iobj", "nmod"} or child.pos not in {"NOUN", "PROPN"}:
            continue
        case = next((c.lemma for c in sentence.children(child) if c.pos == "ADP"), None)
        if case is not None and case not in TO:
            continue
        tokens = []
        for t in subtree(sentence, child):
            prep = next((c.lemma for c in sentence.children(t) if c.pos == "ADP"), None)
            if t is not child and prep is not None and prep not in TO:
                continue
            tokens.append(t)
        out.append(tokens)
    return out


def _destinations(facts: SentenceFacts, verb: Token) -> list[PlaceMention]:
    """Cities and regions among the verb's arguments, or in the list that follows it."""
    out = []
    tokens = facts.sentence.tokens
    after = [] if verb.lemma in GO_NOUNS else [_window(tokens[tokens.index(verb) + 1:])]
    for tokens in _arguments(facts.sentence, verb) + after:
        spans = {(t.start, t.stop) for t in tokens}
        for place in facts.places:
            if place.resolved is None or facts.is_origin(place):
                continue
            if place.resolved.kind in {"country"}:
                continue
            if any(a <= place.start < b for a, b in spans):
                out.append(place_mention(place, "destination"))
    if after:
        window = after[0]
    else:  # a trip noun: its own "в …" ("выезд делегации в Минск и Гродно")
        window = sorted((t for arg in _arguments(facts.sentence, verb) for t in arg),
                        key=lambda t: t.start)
    return out + _unknown_places(facts, window)


def _unknown_places(facts: SentenceFacts, window: list[Token]) -> list[PlaceMention]:
    """Named places after "в"/"на" in the list that follows the verb that the gazetteer does not
    know (a foreign city): reported by name, so the plan is not lost."""
    if not window:
        return []
    a, b = window[0].start, window[-1].stop
    known = [(p.start, p.stop) for p in facts.places]
    out = []
    listing = False  # "в Минск и Гродно": the list after "в" goes on
    for span in facts.sentence.spans:
        if span.type != "LOC" or not (a <= span.start and span.stop <= b):
            continue
        if any(x < span.stop and span.start < y for x, y in known):
            continue
        before = [t for t in window if t.stop <= span.start]
        last = before[-1].lemma if before else ""
        listing = last in {"в", "во", "на"} or (listing and last in {"и", ","})
        if listing:
            out.append(PlaceMention(surface=tidy(span.normal), role="destination"))
    return out


def _named_objects(facts: SentenceFacts, verb: Token, morph) -> list[str]:
    """What it visits or sees, when named: each item of the list after the verb that holds a
    proper name or a name in quotes ("музей провинции …", "усадьбу «…»"). Read along the text,
    not the tree: the parser often hangs such lists on the wrong word."""
    if verb.lemma in GO_NOUNS:
        return []
    tokens = facts.sentence.tokens
    window = _window(tokens[tokens.index(verb) + 1:])
    known = [(p.start, p.stop) for p in facts.places if p.resolved is not None
             and p.resolved.kind in {"city", "region", "country"}]
    names = []
    for group in _groups(window):
        if group[0].pos == "ADP" and group[0].lemma not in {"в", "во", "на"}:
            continue  # "ознакомиться с приоритетами …": not a place one goes to
        nouns = [i for i, t in enumerate(group) if t.pos in {"NOUN", "PROPN"}
                 and t.feats.get("Case") not in {"Ins", "Dat", "Loc"}]
        if not nouns:
            continue
        first = nouns[0]
        while first > 0 and group[first - 1].pos == "ADJ":
            first -= 1
        run = group[first:]
        cut = next((i for i, t in enumerate(run) if t.pos == "ADP"), len(run))
        run = run[:cut]
        if not run or any(a <= t.start < b for t in run for a, b in known):
            continue
        named = any(t.pos == "PROPN" or t.text == "«" for t in run[1:]) or (
            run[0].text[:1].isupper() and run[0].pos == "ADJ")
        if named:
            sentence = facts.sentence
            text = sentence.text[run[0].start - sentence.start:run[-1].stop - sentence.start]
            names.append(nominative_phrase(run, text, run[0].start, morph))
    return names


def _window(tokens: list[Token]) -> list[Token]:
    """Up to the end of the clause: a full stop, another predicate, a relative clause."""
    out = []
    for t in tokens:
        if t.text in {".", ";", ":", "!", "?"} or (
                t.pos in {"VERB", "AUX"} and t.rel != "amod"
                and t.feats.get("VerbForm") not in {"Part", "Conv"}) or t.lemma == "который" \
                or (t.pos == "ADP" and t.lemma in PURPOSE):
            break
        out.append(t)
    return out


def _groups(tokens: list[Token]) -> list[list[Token]]:
    """Items of a list: cut at commas and "и" outside quotes."""
    groups: list[list[Token]] = [[]]
    depth = 0
    for t in tokens:
        depth += t.text == "«"
        depth -= t.text == "»"
        if depth <= 0 and t.text.lower() in {",", "и"}:
            groups.append([])
            continue
        groups[-1].append(t)
    return [g for g in groups if g]


def _kind(facts: SentenceFacts, places: list[PlaceMention], venues: bool) -> str:
    lemmas = set(facts.lemmas())
    if venues and all(p.resolved is None or p.resolved.kind == "venue" for p in places):
        return "venue_visit"
    if lemmas & AGENCY_WORDS and not any(facts.is_origin(p) for p in facts.places):
        return "mission"
    if lemmas & VISITOR_WORDS or any(facts.is_origin(p) for p in facts.places):
        return "delegation"
    return "mission"


def _start(facts: SentenceFacts) -> FuzzyDate | None:
    dated = facts.main_date()
    if dated is not None:
        return dated[0]
    year = facts.context_year
    if year is None:
        return None
    return FuzzyDate(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")


def _title(kind: str, places: list[PlaceMention]) -> str:
    names = [p.resolved.name_ru if p.resolved else p.surface for p in places]
    word = {"venue_visit": "Посещение", "delegation": "Визит в", "mission": "Поездка в"}[kind]
    return f"{word} {', '.join(dict.fromkeys(names))}"


def _place_key(place: PlaceMention) -> str:
    return place.resolved.place_id if place.resolved else place.surface.casefold()


def _unique(places: list[PlaceMention]) -> list[PlaceMention]:
    seen, out = set(), []
    for p in places:
        key = _place_key(p)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out
