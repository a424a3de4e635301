"""Agreements from their frame, with or without «quotes».

A frame is a signing word with an agreement word: "подписали соглашение / меморандум",
"заключили соглашение с …", "подписание соглашения между … и …", "договорились о
сотрудничестве". Its signatories sit in slots the grammar marks by case:

- the subject (nominative) before or after the verb: "А и Б подписали …", "… подписали А и Б";
- "с" + instrumental: "заключили соглашение с А, Б и В";
- "между" + instrumental: "соглашение между А и Б";
- the genitive after the topic of a signed document: "подписано соглашение о сотрудничестве А и Б".

A slot is cut into parties at "и", "," and "а также" only where the next noun stands in the slot's
case (so "Управление культуры, развития языков …" stays one party), never inside quotes or a
named organisation. A party is an organisation, a place, or an official of one ("губернатор
Новгородской области", "глава города …" → the region or city itself; "глава республики" → the
republic the document speaks of). When the signatories are written in the sentence before
("А и Б будут сотрудничать. Соглашение подписали главы ведомств …"), they come from there.

The counterparty is the regional party: the parties after "с"; else the parties tied to a place
when the others are not (a federal fund, an agency); else, of two, the one named second (the
first is the side that reports it); of three or more, each. A signing also makes one activity
of kind agreement_signing; "подпишут", "будет подписано", "планируют подписать" make it planned.
"""

from __future__ import annotations

import calendar
import dataclasses
import re
from dataclasses import dataclass, field
from typing import cast

from etl.extract.activities import FoundActivity, place_mention
from etl.extract.context import DocContext, SentenceFacts
from etl.extract.frames import signed_documents
from etl.extract.names import nominative_phrase, tidy
from etl.extract.nlp import Token
from etl.extract.places import PlaceCandidate
from etl.models import FuzzyDate, PlaceMention
from etl.seams import Morphology
from etl.vocabulary import quoted, vocabulary

_SIGNING = vocabulary().signing  # [signing] of the vocabulary: the one list of these words
AGREEMENT_NOUNS = frozenset(_SIGNING["agreements"])
DOCUMENT_NOUNS = frozenset(_SIGNING["documents"])
# "скрепили подписями" is a signing too (a signature verb: with "подписи", see `_signs`)
SIGN_VERBS = frozenset(_SIGNING["verbs"])
SIGNATURE_VERBS = frozenset(_SIGNING["signature_verbs"])
SIGN_NOUNS = frozenset(_SIGNING["nouns"])
ACCORD_VERBS = frozenset(_SIGNING["accord_verbs"])
COOPERATION = frozenset(_SIGNING["cooperation"])
# who a party is ([parties] of the vocabulary): officials stand for what they head
# ("губернатор области" is the region's party); the kind of body by its head noun
TITLES = frozenset(vocabulary().parties["titles"])
IMPLIED_AREA: dict[str, str] = vocabulary().parties["implied_area"]
AREA_WORDS = {"город", "область", "край", "республика", "округ", "район", "регион", "субъект",
              "столица", "муниципалитет"}
REGIONAL_ADJECTIVES = {"окружной", "областной", "краевой", "республиканский", "региональный",
                       "городской", "муниципальный", "районный", "местный"}
FEDERAL_ADJECTIVES = {"президентский", "российский", "федеральный", "всероссийский",
                      "государственный", "национальный", "международный", "евразийский",
                      "общероссийский", "московский"}
KIND_OF: dict[str, str] = vocabulary().parties["kinds"]
HOME_CITY = "Москва"  # the agency's own side: a Moscow party is never the regional one
COUNTRY_NAMES = {"россия", "рф", "российская федерация"}
ABBREVIATIONS = {"им", "г", "св", "ул", "пр", "просп", "обл", "респ"}
COORDINATORS = {",", "и", "а", "также"}
STOP_WORDS = {"который", "где", "что", "когда", "чтобы", "как"}
LOCATIVE_ADP = {"в", "во", "на", "о", "об", "для", "при", "после", "во время", "благодаря"}


@dataclass
class Party:
    name: str | None  # None: a party written only as "стороны", "фонд", "ведомства"
    kind: str | None = None
    place: PlaceCandidate | None = None
    regional: bool = False


@dataclass
class Counterparty:
    name: str
    kind: str | None
    place: PlaceMention | None


@dataclass
class FoundAgreement:
    """One signing: its counterparties (one Agreement each) and one agreement_signing activity."""

    counterparties: list[Counterparty]
    parties: list[str]  # every named signatory, counterparties included
    signed: FuzzyDate | None
    facts: SentenceFacts
    after: FoundActivity | None  # the activity it came out of
    planned: bool = False
    place: PlaceMention | None = None  # where it was signed, when the sentence says
    # the activity whose outcome it is ("по итогам визита подписаны …"): no signing of its own
    outcome_of: FoundActivity | None = None
    extra: dict = field(default_factory=dict)


def find_agreements(ctx: DocContext, activities: list[FoundActivity], nlp) -> list[FoundAgreement]:
    found: list[FoundAgreement] = []
    seen: set[str] = set()
    for index, facts in enumerate(ctx.facts):
        before = ctx.facts[index - 1].sentence if index else None
        frame = _frame(facts.sentence.tokens,
                       signed_documents(vocabulary(), before, facts.sentence))
        if frame is None:
            if found and index - found[-1].facts.sentence.index <= 3 and _signing_told(facts):
                _tell_more(found[-1], facts)  # "Подписание прошло … 12 сентября"
            continue
        if frame.noun is not None and frame.noun.lemma in DOCUMENT_NOUNS and found \
                and index - found[-1].facts.sentence.index <= 3:
            _tell_more(found[-1], facts)  # "Документ подписали … 4 декабря": that one
            continue
        reader = _Reader(ctx, index, nlp.morph)
        subject, with_parties = reader.parties(frame)
        parties = subject + with_parties
        counterparties = [p for p in _counterparties(subject, with_parties)
                          if _key(p.name) not in seen]
        if not counterparties:
            continue
        seen.update(_key(p.name) for p in counterparties)
        previous = _activity_before(activities, facts)
        place = _signing_place(facts, parties)
        found.append(FoundAgreement(
            counterparties=[Counterparty(cast(str, p.name), p.kind, _mention(p.place) or place)
                            for p in counterparties],
            parties=[p.name for p in parties if p.name], signed=_signed(facts, previous),
            facts=facts, after=previous, planned=_planned(facts.sentence.tokens, frame),
            place=place, outcome_of=_outcome_of(facts, frame, activities)))
    return found


def _tell_more(signing: FoundAgreement, facts: SentenceFacts) -> None:
    """ "… заключили соглашение. Документ подписали … на форуме 4 декабря": the sentence that
    tells more of a signing gives the date and the place its first sentence did not."""
    dated = facts.main_date()
    if dated is not None and signing.facts.main_date() is None:
        signing.signed = dated[0]
    if signing.place is None:
        signing.place = _signing_place(facts, [])


def _signing_told(facts: SentenceFacts) -> bool:
    """A signing noun as the subject of its own sentence with no document of its own:
    "Подписание прошло на площадке … 12 сентября" tells of the signing told before; so does a
    document the subject, described by a participle of signing ("Документ, подписанный 2
    апреля, рассчитан на пять лет")."""
    sentence = facts.sentence
    return any(t.lemma in SIGN_NOUNS and t.rel.startswith("nsubj") and not any(
        c.rel == "nmod" for c in sentence.children(t)) for t in sentence.tokens) or any(
        t.lemma in DOCUMENT_NOUNS | AGREEMENT_NOUNS and t.rel.startswith("nsubj") and any(
            c.lemma in SIGN_VERBS and c.feats.get("VerbForm") == "Part"
            and c.rel in {"acl", "amod"} for c in sentence.children(t))
        for t in sentence.tokens)


def _outcome_of(facts: SentenceFacts, frame: Frame,
                activities: list[FoundActivity]) -> FoundActivity | None:
    """The activity told before whose outcome the signing is: "по итогам визита подписаны …",
    "по результатам форума заключено …" (the outcome noun's genitive is a visit or event word).
    A signing "во время визита" or "в ходе форума" is not an outcome: it happens there."""
    vocab = vocabulary()
    sentence = facts.sentence
    outcome = next((t for t in sentence.children(frame.verb)
                    if t.lemma in vocab.signing["outcome_nouns"]), None)
    if outcome is None:
        return None
    what = next((t for t in sentence.children(outcome) if t.rel == "nmod"), None)
    if what is None or not (what.lemma in vocab.visits["nouns"] or vocab.single(what.lemma)
                            or vocab.starting_with(what.lemma)):
        return None
    told = [a for a in activities if a.kind != "agreement_signing"
            and a.facts.sentence.index <= sentence.index]
    return told[-1] if told else None


@dataclass
class Frame:
    verb: Token  # the signing verb, or the signing noun ("подписание")
    noun: Token | None  # the agreement noun ("соглашение"), or the cooperation noun
    passive: bool


def _signs(t: Token, tokens: list[Token]) -> bool:
    """A signing verb or noun; a signature verb with "подписи" ("скрепили подписями")."""
    if t.lemma in SIGN_VERBS or t.lemma in SIGN_NOUNS:
        return True
    return t.lemma in SIGNATURE_VERBS and any(
        c.head_id == t.id and c.lemma == _SIGNING["signature"] for c in tokens)


def _frame(tokens: list[Token], nouns: frozenset[str] = AGREEMENT_NOUNS) -> Frame | None:
    """The first signing of an agreement in the sentence, read from its heads and dependents."""
    for t in tokens:
        if _signs(t, tokens):
            noun = next((c for c in tokens if c.head_id == t.id and c.lemma in nouns), None)
            if noun is None and t.lemma in nouns | SIGN_NOUNS:
                continue
            if noun is None:  # the parser put it elsewhere: any agreement noun of the sentence
                head = next((h for h in tokens if h.id == t.head_id), None)
                if head is not None and head.lemma in nouns:
                    continue  # "подписанное соглашение": an attribute, not a signing
                noun = next((c for c in tokens if c.lemma in nouns), None)
                if noun is None:
                    continue
            return Frame(t, noun, _is_passive(t, noun))
        if t.lemma in ACCORD_VERBS:
            topic = next((c for c in tokens if c.head_id == t.id and c.lemma in COOPERATION),
                         None)
            if topic is not None:
                return Frame(t, topic, False)
    return None


def _is_passive(verb: Token, noun: Token | None) -> bool:
    if verb.lemma in SIGN_NOUNS:
        return True
    if verb.feats.get("Voice") == "Pass" or verb.feats.get("VerbForm") == "Part":
        return True
    return noun is not None and noun.rel == "nsubj:pass"


def _future_aux(t: Token) -> bool:
    return t.lemma == "быть" and (t.feats.get("Tense") == "Fut" or
                                  t.text.lower() in {"будет", "будут"})


def _planned(tokens: list[Token], frame: Frame) -> bool:
    """ "подпишут", "будет подписано", "планируют подписать", "подписание запланировано"."""
    verb = frame.verb
    if verb.feats.get("Tense") == "Fut":
        return True
    plans = set(vocabulary().status["planned"])
    by_id = {t.id: t for t in tokens}
    near = [t for t in tokens if t.head_id == verb.id] + [by_id[verb.head_id]] \
        if verb.head_id in by_id else [t for t in tokens if t.head_id == verb.id]
    for t in near:
        if _future_aux(t):
            return True
        if t.lemma in plans or (t.pos == "VERB" and t.feats.get("Tense") == "Fut"
                                       and verb.lemma in SIGN_NOUNS):
            return True
    before = [t for t in tokens if t.stop <= verb.start][-3:]
    return any(t.lemma in plans or _future_aux(t) for t in before)


class _Reader:
    """Reads the parties of a frame in one sentence (and the one before, for "стороны")."""

    def __init__(self, ctx: DocContext, index: int, morph: Morphology) -> None:
        self.ctx = ctx
        self.index = index
        self.facts = ctx.facts[index]
        self.morph = morph

    def parties(self, frame: Frame) -> tuple[list[Party], list[Party]]:
        """The parties of the subject (or "между", or the genitive) and those after "с"."""
        tokens = self.facts.sentence.tokens
        slots: list[tuple[list[Token], str]] = []
        with_slot = self._after_preposition(tokens, frame, {"с", "со"})
        between = self._after_preposition(tokens, frame, {"между"}) or \
            self._between_before(tokens, frame)
        if not frame.passive:
            slots.append((self._subject(tokens, frame), "Nom"))
        if between:
            slots.append((between, "Ins"))
        if frame.passive and not with_slot and not between:
            slots.append((self._genitive(tokens, frame), "Gen"))
        parties = [p for zone, case in slots for p in self._read_slot(zone, case)]
        with_parties = self._read_slot(with_slot, "Ins") if with_slot else []
        if not any(p.name for p in parties + with_parties) and self.index > 0:
            parties = self._previous_subject()
        return parties, with_parties

    # -- slots ------------------------------------------------------------------------------

    def _subject(self, tokens: list[Token], frame: Frame) -> list[Token]:
        """The words before the verb from the first nominative on, else those after it."""
        verb_at = tokens.index(frame.verb)
        before = _clause_before(tokens[:verb_at])
        first = next((i for i, t in enumerate(before) if _nominative(t)), None)
        if first is None and before and before[0].pos in {"NOUN", "PROPN"}:
            first = 0  # a name the tagger left without a case: "Минэкономразвития области"
        if first is not None:
            zone = before[first:] if before[0].pos == "ADP" else before
            if not any(t is frame.noun for t in zone):
                return _trim(zone)
        after = tokens[verb_at + 1:]
        if frame.noun is not None and frame.noun in after:
            after = after[after.index(frame.noun) + 1:]
            after = _skip_topic(after)
        return _trim(_window(after))

    def _after_preposition(self, tokens: list[Token], frame: Frame, preps: set[str]) -> list[Token]:
        start = tokens.index(frame.verb)
        if frame.noun is not None and frame.noun in tokens:
            start = min(start, tokens.index(frame.noun))
        for i in range(start + 1, len(tokens)):
            t = tokens[i]
            if t is frame.verb or (t.head_id == frame.verb.id and t.rel.startswith("aux")):
                continue
            if _predicate(t) or t.text in {".", ";", ":"}:
                break  # another clause: "…, а также будет проведена встреча с …"
            if t.pos == "ADP" and t.lemma in preps and t.text.lower() in preps:
                return _trim(_window(tokens[i + 1:], subject_ends=True))
        return []

    def _between_before(self, tokens: list[Token], frame: Frame) -> list[Token]:
        """ "Между министерством … и институтом … заключено соглашение": the slot before it."""
        stop = tokens.index(frame.verb)
        if frame.noun is not None and frame.noun in tokens:
            stop = min(stop, tokens.index(frame.noun))
        for i in range(stop - 1, -1, -1):
            t = tokens[i]
            if _predicate(t) or t.text in {".", ";", ":"}:
                return []
            if t.pos == "ADP" and t.lemma == "между" and t.text.lower() == "между":
                return _trim(_window(tokens[i + 1:stop], subject_ends=True))
        return []

    def _genitive(self, tokens: list[Token], frame: Frame) -> list[Token]:
        """ "соглашение о сотрудничестве А и Б": the genitives after the topic."""
        if frame.noun is None or frame.noun not in tokens:
            return []
        after = tokens[tokens.index(frame.noun) + 1:]
        return _trim(_window(_skip_topic(after), stop_at_prepositions=False))

    def _previous_subject(self) -> list[Party]:
        """ "А и Б будут сотрудничать. Соглашение подписали главы ведомств …"."""
        tokens = self.ctx.facts[self.index - 1].sentence.tokens
        verb = next((t for t in tokens if t.rel == "root" and t.pos in {"VERB", "AUX"}), None)
        if verb is None:
            return []
        before = tokens[:tokens.index(verb)]
        first = next((i for i, t in enumerate(before) if _nominative(t)), None)
        if first is None:
            return []
        reader = _Reader(self.ctx, self.index - 1, self.morph)
        parties = reader._read_slot(_trim(before[first:]), "Nom")
        return parties if sum(1 for p in parties if p.name) >= 2 else []

    # -- parties ----------------------------------------------------------------------------

    def _read_slot(self, zone: list[Token], case: str) -> list[Party]:
        out: list[Party] = []
        for group in self._split(zone, case):
            out += self._party(group)
        return out

    def _split(self, zone: list[Token], case: str) -> list[list[Token]]:
        orgs = [s for s in self.facts.sentence.spans if s.type == "ORG"]
        groups: list[list[Token]] = [[]]
        depth = 0
        for i, t in enumerate(zone):
            depth += t.text in {"«", "("}
            depth -= t.text in {"»", ")"}
            inside_org = any(s.start < t.start < s.stop for s in orgs)
            if depth <= 0 and t.text.lower() in COORDINATORS and not inside_org:
                if not groups[-1]:
                    continue
                nxt = _next_noun(zone, i + 1)
                if nxt is not None and self._starts_party(nxt, case, groups[-1]):
                    groups.append([])
                    continue
            groups[-1].append(t)
        return [_trim(g) for g in groups if _trim(g)]

    @staticmethod
    def _starts_party(noun: Token, case: str, current: list[Token]) -> bool:
        cases = {case} | ({"Acc"} if case == "Nom" else set())
        first = next((t for t in current if t.pos in {"NOUN", "PROPN"}), None)
        if first is not None and first.lemma in TITLES:
            cases.add("Gen")  # "руководители института … и академии …"
        return noun.feats.get("Case") in cases

    def _party(self, tokens: list[Token]) -> list[Party]:
        orgs = [s for s in self.facts.sentence.spans if s.type == "ORG"
                and tokens[0].start <= s.start and s.stop <= tokens[-1].stop]
        if len(orgs) >= 2 and not _quoted(self.facts, tokens):
            return [p for span in orgs for p in self._party(self._org_tokens(span, tokens))]
        core = self._core(tokens)
        if not core:  # "губернатор Иван Петров": the region the document speaks of
            area = next((IMPLIED_AREA[t.lemma] for t in tokens if t.lemma in IMPLIED_AREA), None)
            place = self._place_spoken_of(area) if area else None
            return [Party(place.known.name_ru, _place_kind(place), place, True)] \
                if place else [Party(None)]
        places = self._places(core)
        quoted = _quoted(self.facts, core)
        if quoted:
            return [Party(quoted, _kind(core), _best(places), self._regional(core, places))]
        content = [t for t in core if t.pos in {"NOUN", "PROPN", "ADJ"}]
        in_place = [t for t in content if any(p.start <= t.start < p.stop for p in places)]
        rest = [t for t in content if t not in in_place and t.lemma not in AREA_WORDS]
        named = [p for p in places if p.known.kind != "country"]
        if named and (not rest or len(named) >= 2):
            return [Party(p.known.name_ru, _place_kind(p), p, p.known.name_ru != HOME_CITY)
                    for p in named]
        if not rest and not places:
            area_word = next((t for t in content if t.lemma in AREA_WORDS), None)
            place = self._place_spoken_of(area_word.lemma) if area_word is not None else None
            return [Party(place.known.name_ru, _place_kind(place), place, True)] \
                if place else [Party(None)]
        sentence_start = self.facts.sentence.start
        if all(t.text.islower() or (t.start == sentence_start and t.pos == "NOUN") for t in rest) \
                and not places and not _org_span(self.facts, core):
            return [Party(None)]  # "стороны", "фонд", "ведомства": said before
        return [Party(self._nominative_phrase(core), _kind(core), _best(named),
                      self._regional(core, places))]

    def _regional(self, core: list[Token], places: list[PlaceCandidate]) -> bool:
        """Tied to a place: a city or region in it, a place adjective, a named foreign place."""
        if any(p.known.kind != "country" and p.known.name_ru != HOME_CITY for p in places):
            return True
        if any(_regional_adjective(t, self.facts) for t in core):
            return True
        a, b = core[0].start, core[-1].stop
        return any(s.type == "LOC" and a <= s.start and s.stop <= b
                   and s.normal.casefold() not in COUNTRY_NAMES | {HOME_CITY.casefold()}
                   for s in self.facts.sentence.spans)

    def _org_tokens(self, span, tokens: list[Token]) -> list[Token]:
        """An organisation's name and a place right after it ("… музеев Прикамья")."""
        locs = [s for s in self.facts.sentence.spans if s.type == "LOC"
                and s.start >= span.stop and s.start - span.stop <= 1]
        stop = locs[0].stop if locs else span.stop
        return [t for t in tokens if span.start <= t.start and t.stop <= stop]

    def _core(self, tokens: list[Token]) -> list[Token]:
        """The party without the official's title and name: "губернатор области Иван Петров"."""
        people = [s for s in self.facts.sentence.spans if s.type == "PER"]
        quoted = self._quoted_ranges()
        last_title = -1
        for i, t in enumerate(tokens):
            if any(a <= t.start < b for a, b in quoted):
                break
            if t.lemma in TITLES or t.text.lower() in TITLES:
                last_title = i
            elif t.pos == "PROPN" or (t.pos == "NOUN" and t.lemma not in AREA_WORDS
                                      and i > last_title + 1):
                break
        core = [t for t in tokens[last_title + 1:]
                if not any(s.start <= t.start < s.stop for s in people)]
        return _trim(core)

    def _quoted_ranges(self) -> list[tuple[int, int]]:
        base = self.facts.sentence.start
        return [(base + m.start(), base + m.end())
                for m in quoted().finditer(self.facts.text)]

    def _places(self, tokens: list[Token]) -> list[PlaceCandidate]:
        a, b = tokens[0].start, tokens[-1].stop
        return [p for p in self.facts.places if a <= p.start and p.stop <= b
                and p.resolved is not None and p.known.kind in {"city", "region", "country"}]

    def _place_spoken_of(self, area: str) -> PlaceCandidate | None:
        """ "губернатор области": the nearest region (or city) named before, else after."""
        wanted = {"город": {"city"}, "столица": {"city"}}.get(area, {"region"})
        order = list(range(self.index, -1, -1)) + list(range(self.index + 1, len(self.ctx.facts)))
        word = area[:5]
        for i in order:
            for p in self.ctx.facts[i].places:
                r = p.resolved
                if r is None:
                    continue
                if r.kind in wanted and (wanted == {"city"} or area in {"регион", "субъект"}
                                         or word in r.name_ru.lower()):
                    return p
                if "region" in wanted and r.kind == "city" and r.region_code:
                    region = _region_of(self.ctx, r.region_code)
                    if region is not None and (area in {"регион", "субъект"}
                                               or word in region.known.name_ru.lower()):
                        return region
        return None

    def _nominative_phrase(self, tokens: list[Token]) -> str:
        """The organisation as named, its leading adjectives and noun in the nominative."""
        sentence = self.facts.sentence
        text = sentence.text[tokens[0].start - sentence.start:tokens[-1].stop - sentence.start]
        return nominative_phrase(tokens, text, tokens[0].start, self.morph)


def _counterparties(subject: list[Party], with_parties: list[Party]) -> list[Party]:
    """The parties after "с", unless only the subject is tied to a place; else see `_choose`."""
    named_with = [p for p in with_parties if p.name]
    if named_with:
        if not any(p.regional for p in named_with):
            regional = [p for p in subject if p.name and p.regional]
            if regional:
                return regional  # "министерство области заключило соглашение с агентством"
        return named_with
    return _choose(subject)


def _choose(parties: list[Party]) -> list[Party]:
    named = [p for p in parties if p.name]
    regional = [p for p in named if p.regional]
    if regional and len(regional) < len(named):
        return regional
    if len(named) == 2:
        return named[1:]
    return named


def _nominative(t: Token) -> bool:
    return t.pos in {"NOUN", "PROPN"} and t.feats.get("Case") == "Nom" or \
        t.lemma in TITLES and t.feats.get("Case") == "Nom"


def _predicate(t: Token) -> bool:
    """A verb heading a clause (not an adjective the tagger took for a participle); a short
    passive participle is one too ("… фондом поддержки подписано на выставке"), and so is a
    short adjective ("… фонд области намерены подписать")."""
    if t.pos == "ADJ" and t.feats.get("Variant") == "Short" and t.rel != "amod":
        return True
    if t.pos not in {"VERB", "AUX"} or t.rel == "amod":
        return False
    return t.feats.get("VerbForm") not in {"Part", "Conv"} or t.feats.get("Variant") == "Short"


def _clause_before(tokens: list[Token]) -> list[Token]:
    """The words before the verb in its own clause: after "Как сообщает пресс-служба,"."""
    depth = 0
    cut = 0
    for i, t in enumerate(tokens):
        depth += t.text in {"«", "("}
        depth -= t.text in {"»", ")"}
        if depth <= 0 and t.text in {",", "—", "–", ":"} and any(
                u.pos in {"VERB", "AUX"} and u.feats.get("VerbForm") != "Part"
                for u in tokens[cut:i]):
            cut = i + 1
    return tokens[cut:]


def _window(tokens: list[Token], stop_at_prepositions: bool = True,
            subject_ends: bool = False) -> list[Token]:
    """Tokens up to the end of the clause: a full stop, a relative clause, another predicate;
    with `subject_ends`, the verb's subject too ("с университетом агентство планирует …")."""
    out: list[Token] = []
    depth = 0
    for i, t in enumerate(tokens):
        depth += t.text in {"«", "("}
        depth -= t.text in {"»", ")"}
        if depth <= 0 and out:
            if t.text == "." and out[-1].text.lower() in ABBREVIATIONS:
                out.append(t)  # "университет им. …"
                continue
            if t.text in {".", ";", ":", "!", "?", "—", "–"}:
                break
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if t.text == "," and nxt is not None and (nxt.lemma in STOP_WORDS or _predicate(nxt)
                                                      or nxt.feats.get("VerbForm") == "Part"):
                break
            if _predicate(t) or (subject_ends and t.rel in {"nsubj", "nsubj:pass"}
                                 and t.pos in {"NOUN", "PROPN"}):
                break
            if stop_at_prepositions and t.pos == "ADP" and t.lemma in LOCATIVE_ADP:
                break
        out.append(t)
    return out


def _skip_topic(tokens: list[Token]) -> list[Token]:
    """ "о сотрудничестве …", "об этом": the document's topic, not a party."""
    if len(tokens) >= 2 and tokens[0].lemma in {"о", "об"}:
        i = 1
        while i < len(tokens) and tokens[i].pos == "ADJ":
            i += 1
        i += 1
        while i < len(tokens) and tokens[i].text.lower() in {"и"} | COOPERATION \
                or (i < len(tokens) and tokens[i].lemma in COOPERATION):
            i += 1
        return tokens[i:]
    return tokens


def _trim(tokens: list[Token]) -> list[Token]:
    junk = COORDINATORS | {"-", "—", "–"}
    a, b = 0, len(tokens)
    while a < b and (tokens[a].text.lower() in junk or tokens[a].pos == "ADP"):
        a += 1
    while b > a and (tokens[b - 1].text.lower() in junk or tokens[b - 1].pos == "AUX" or (
            tokens[b - 1].pos == "ADJ" and tokens[b - 1].feats.get("Variant") == "Short")):
        b -= 1  # "будут", "намерены": the predicate's, not the party's
    return tokens[a:b]


def _next_noun(tokens: list[Token], i: int) -> Token | None:
    for t in tokens[i:]:
        if t.pos in {"NOUN", "PROPN"}:
            return t
        if t.text.lower() in {"с", "со"}:
            continue  # "с компанией …, с фондом …"
        if t.pos not in {"ADJ", "DET", "NUM", "PUNCT", "CCONJ", "ADV"} and \
                t.text.lower() not in COORDINATORS and not (t.pos == "VERB" and t.rel == "amod"):
            return None
    return None


def _quoted(facts: SentenceFacts, tokens: list[Token]) -> str | None:
    a, b = tokens[0].start, tokens[-1].stop
    for name, start in facts.quoted():
        if a <= start < b:
            return tidy(name)
    return None


def _org_span(facts: SentenceFacts, tokens: list[Token]):
    a, b = tokens[0].start, tokens[-1].stop
    return next((s for s in facts.sentence.spans if s.type == "ORG"
                 and a <= s.start and s.stop <= b), None)


def _regional_adjective(t: Token, facts: SentenceFacts) -> bool:
    """ "окружной фонд", "Луганской академии": an adjective of a place, not of the state."""
    if t.pos != "ADJ" or t.lemma in FEDERAL_ADJECTIVES:
        return False
    if t.lemma in REGIONAL_ADJECTIVES:
        return True
    inside_quotes = facts.text[:t.start - facts.sentence.start].count("«") > \
        facts.text[:t.start - facts.sentence.start].count("»")
    return t.text[:1].isupper() and not inside_quotes


def _kind(tokens: list[Token]) -> str | None:
    return next((KIND_OF[t.lemma] for t in tokens if t.lemma in KIND_OF), None)


def _place_kind(place: PlaceCandidate) -> str | None:
    return {"city": "city", "region": "region"}.get(place.known.kind)


def _best(places: list[PlaceCandidate]) -> PlaceCandidate | None:
    """A counterparty's city if written, else its region."""
    usable = [p for p in places if p.known.kind in {"city", "region"}]
    usable.sort(key=lambda p: p.known.kind != "city")
    return usable[0] if usable else None


def _region_of(ctx: DocContext, region_code: str) -> PlaceCandidate | None:
    for facts in ctx.facts:
        for p in facts.places:
            if p.resolved and p.known.kind == "region" and \
                    p.known.region_code == region_code:
                return p
    return None


def _mention(place: PlaceCandidate | None) -> PlaceMention | None:
    return place_mention(place, "venue") if place is not None else None


def _signing_place(facts: SentenceFacts, parties: list[Party]) -> PlaceMention | None:
    """Where it was signed: a city or region after "в"/"на" that is no party's own place."""
    own = {id(p.place) for p in parties if p.place is not None}
    for p in facts.places:
        if id(p) in own or p.resolved is None or p.known.kind not in {"city", "region"}:
            continue
        if facts.preposition_before(p) in {"в", "во", "на"}:
            return place_mention(p, "venue")
    return None


def _key(name: str | None) -> str:
    return re.sub(r"[^\w]+", " ", (name or "").casefold().replace("ё", "е")).strip()


def _activity_before(activities: list[FoundActivity], facts: SentenceFacts) -> FoundActivity | None:
    before = [a for a in activities if a.facts.sentence.index <= facts.sentence.index]
    return before[-1] if before else None


def _signed(facts: SentenceFacts, previous: FoundActivity | None) -> FuzzyDate | None:
    """Its own date; else the month of the activity it follows; else none."""
    dated = facts.main_date()
    if dated is not None:
        return dated[0]
    if previous is not None and previous.start is not None:
        start = previous.start
        if start.precision == "day":
            end = start.start.replace(day=calendar.monthrange(start.start.year,
                                                              start.start.month)[1])
            return dataclasses.replace(start, start=start.start.replace(day=1), end=end,
                                       precision="month")
        return start
    return None
