"""Place surfaces in a parsed sentence, resolved through the project's one resolver.

The NER finds most cities and regions; rules add what it misses: regions named by an adjective
list ("Челябинская, Рязанская и Тульская области"), informal names ("Средний Урал"), adjective
forms ("кузбасским"), venues in quotes, the "Место проведения:" field, and "столица" for Moscow.
Which surface is a place is decided here; what it is and where is the resolver's answer.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from etl.extract.nlp import Sentence, Span, Token
from etl.models import ResolvedPlace
from etl.seams import Morphology
from etl.vocabulary import quoted, quoted_group, vocabulary

REGION_NOUNS = {"область": "femn", "край": "masc", "округ": "masc", "республика": "femn"}
# "Луганской и Донецкой народных республик", "Ханты-Мансийского автономного округа": a lower-case
# adjective between the list and the noun belongs to the noun.
REGION_NOUN_ADJECTIVES = {"народный", "автономный"}
# "Волгоградского региона": a region by its adjective and a generic noun; tried as each kind.
GENERIC_REGION_NOUNS = {"регион", "субъект"}
# A name inside the «name» of an event, contest, brand or programme is not a place of the text.
EVENT_NOUNS = frozenset(vocabulary().names["holders"])  # [names] of the vocabulary
# Words that make the next name a street, river or other non-place for the map.
NOT_PLACE_BEFORE = {
    "улица", "ул", "переулок", "пер", "проспект", "пр-т", "шоссе", "набережная", "бульвар",
    "площадь", "проезд", "река", "озеро", "гора", "станция", "метро", "район",
}
# A quoted name after one of these is worth a quarantine line when the resolver misses it.
VENUE_NOUNS = {"центр", "мастерская", "площадка", "галерея", "музей", "кластер", "дом",
               "парк", "завод", "павильон", "театр", "библиотека", "усадьба"}
# Lower case only: "Набережные Челны" is a city, "Пречистенская набережная" a street.
STREET_WORDS = re.compile(r"\b(улиц\w*|ул\.|переул\w*|проспект\w*|шоссе|набережн\w*|бульвар\w*|"
                          r"проезд\w*|площад[ьи])\b")
CITY_ONLY_ADJECTIVES = ("московск", "петербургск", "севастопольск", "российск", "столичн")
HOME_COUNTRY = {"Россия", "Российская Федерация"}
HOME_COUNTRY_ADJECTIVES = {"российский"}  # "российская столица" is Moscow
_QUOTED = quoted(2, 80)
# "ПЕРМЬ, 2 марта —", "НИЖНИЙ НОВГОРОД, 5 мая. /ТАСС/": a dateline opens the text in capitals.
_DATELINE = re.compile(r"^([А-ЯЁ][А-ЯЁ-]+(?: [А-ЯЁ][А-ЯЁ-]+){0,2}),\s+\d{1,2}\s+[а-яё]+")
_VENUE_FIELD = re.compile(r"^\s*(место проведения|место|площадка)\s*:\s*([^,;(]+)", re.I)
# "кузбасским", "карельских": the tagger sometimes calls these verbs, so the ending decides.
_PLACE_ADJECTIVE = re.compile(r"[сц]к(ий|ого|ому|им|ом|ая|ой|ую|ое|ие|их|ими)$")
# Priorities: a lower number wins a span that several rules claim.
(P_LIST, P_FIELD, P_CAPITAL_OF, P_JOINED, P_LOC, P_INFORMAL2, P_QUOTED, P_ORG, P_INNER,
 P_INFORMAL1, P_ADJ, P_CAPITAL) = range(12)


@dataclass
class PlaceCandidate:
    """A surface that may be a place, with the kinds of answer that would confirm it."""

    surface: str
    start: int  # document offsets
    stop: int
    priority: int
    kind_hint: str | None = None
    accept: frozenset[str] = frozenset({"city", "region", "venue", "country"})
    report_unresolved: bool = False  # a miss is worth a Rejected only for strong candidates
    resolved: ResolvedPlace | None = None
    capital: bool = False  # "столица" standing for Moscow
    alternatives: tuple[str, ...] = ()  # next surfaces to try: "смоленским" → "Смоленская область"

    @property
    def known(self) -> ResolvedPlace:
        """The place of a candidate the resolver confirmed (a sentence's places are only those)."""
        assert self.resolved is not None, self.surface
        return self.resolved


def candidates(sentence: Sentence, morph: Morphology) -> list[PlaceCandidate]:
    """Every rule's candidates for one sentence, best rule first."""
    guessed = (_loc_spans(sentence) + _place_like_persons(sentence, morph)
               + _informal(sentence, morph) + _org_spans(sentence))
    guessed = [c for c in guessed if c.kind_hint == "venue" or _may_be_place(c.surface, morph)]
    inside_names = _event_names(sentence)
    guessed = [c for c in guessed
               if not any(a <= c.start and c.stop <= b for a, b in inside_names)]
    found = (_adjective_lists(sentence, morph) + _venue_field(sentence) + _dateline(sentence)
             + _quoted(sentence)
             + guessed + _lower_adjectives(sentence, morph) + _capital(sentence, morph))
    return sorted(found, key=lambda c: (c.priority, c.start))


def _may_be_place(surface: str, morph) -> bool:
    """What the NER calls a location but is a street, a person or a plural common noun.

    "Берсеневский переулок", "Венера Ровенская" (a first name opens it), "Бюро Находок"
    (a find, not the town: "Находок" is a plural common noun, never a town's form).
    """
    if STREET_WORDS.search(surface):
        return False
    words = surface.split()
    first = morph.parse(words[0].lower())[0]
    if len(words) > 1:
        return "Name" not in first.tag
    parses = morph.parse(surface.lower())
    if any("Geox" in p.tag for p in parses):
        return True
    return not ("NOUN" in first.tag and "plur" in first.tag and morph.word_is_known(surface))


def resolve(found: list[PlaceCandidate], resolve_surface) -> tuple[list[PlaceCandidate],
                                                                   list[PlaceCandidate]]:
    """(resolved, unresolved-and-worth-reporting); a span claimed by a better rule is skipped.

    `resolve_surface(surface, kind_hint)` is the cached resolver call of the extractor.
    """
    taken: list[tuple[int, int]] = []
    resolved: list[PlaceCandidate] = []
    missed: list[PlaceCandidate] = []
    for cand in found:
        if any(cand.start < b and a < cand.stop for a, b in taken):
            continue
        place = _first_resolved(cand, resolve_surface)
        if place is not None and place.kind in cand.accept and not _home_country(place):
            cand.resolved = place
            resolved.append(cand)
            taken.append((cand.start, cand.stop))
        elif place is None and cand.report_unresolved:
            missed.append(cand)
            taken.append((cand.start, cand.stop))
    return sorted(resolved, key=lambda c: c.start), missed


def _first_resolved(cand: PlaceCandidate, resolve_surface) -> ResolvedPlace | None:
    for surface in (cand.surface, *cand.alternatives):
        place = resolve_surface(surface, cand.kind_hint)
        if place is not None and place.kind in cand.accept:
            return place
    return None


def _home_country(place: ResolvedPlace) -> bool:
    """Russia itself is the frame of every record, not a place on its map."""
    return place.kind == "country" and place.name_ru in HOME_COUNTRY


def _adjective_lists(sentence: Sentence, morph) -> list[PlaceCandidate]:
    """ "Челябинская, Рязанская и Тульская области" → one "<adj> область" surface per adjective."""
    out: list[PlaceCandidate] = []
    toks = sentence.tokens
    for i, tok in enumerate(toks):
        if tok.lemma in GENERIC_REGION_NOUNS:
            out += _generic_region(toks, i, morph)
            continue
        gender = REGION_NOUNS.get(tok.lemma)
        if gender is None:
            continue
        noun = morph.parse(tok.lemma)[0].word
        j = i - 1
        if j >= 0 and toks[j].lemma in REGION_NOUN_ADJECTIVES and toks[j].text.islower():
            noun = f"{_nominative_adjective(toks[j].text, gender, morph)} {noun}"
            j -= 1
        while j >= 0 and (_list_adjective(toks[j], morph) or toks[j].text in {",", "и", "или"}):
            if _list_adjective(toks[j], morph):
                adj = _nominative_adjective(toks[j].text, gender, morph)
                out.append(PlaceCandidate(f"{adj} {noun}", toks[j].start, toks[j].stop, P_LIST,
                                          "region", frozenset({"region"}), True))
            j -= 1
    return out


def _generic_region(toks: list[Token], i: int, morph) -> list[PlaceCandidate]:
    """ "Волгоградского региона", "Пермский регион": the adjective's oblast or krai."""
    adj = toks[i - 1] if i else None
    if adj is None or not _list_adjective(adj, morph):
        return []
    surfaces = tuple(f"{_nominative_adjective(adj.text, gender, morph)} {noun}"
                     for noun, gender in (("область", "femn"), ("край", "masc")))
    return [PlaceCandidate(surfaces[0], adj.start, adj.stop, P_LIST, "region",
                           frozenset({"region"}), alternatives=surfaces[1:])]


def _is_place_adjective(tok: Token) -> bool:
    return tok.pos in {"ADJ", "PROPN"} and tok.text[:1].isupper() \
        and tok.text.replace("-", "").isalpha()


def _list_adjective(tok: Token, morph) -> bool:
    """A region adjective of a list; a proper noun only when it can be an adjective at all
    ("Карелии и Мурманской области": "Карелии" is a region of its own, not "Карелии область")."""
    if not _is_place_adjective(tok):
        return False
    return tok.pos == "ADJ" or any("ADJF" in p.tag for p in morph.parse(tok.text))


@lru_cache(maxsize=50_000)
def _nominative_adjective(word: str, gender: str, morph) -> str:
    """"Рязанской" + feminine → "Рязанская"; capitalisation restored (pymorphy lower-cases).
    Memoised: pymorphy's inflection costs more than the rest of a sentence's place rules."""
    for parse in morph.parse(word):
        if "ADJF" in parse.tag:
            form = parse.inflect({"nomn", "sing", gender})
            if form is not None:
                return _restore_case(word, form.word)
    return word


def _restore_case(original: str, word: str) -> str:
    if original.isupper() and len(original) > 1:
        return word.upper()
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-")) \
        if original[:1].isupper() else word


def _venue_field(sentence: Sentence) -> list[PlaceCandidate]:
    """ "Место проведения: API Moscow Красный Октябрь, Берсеневский переулок…" → the venue."""
    m = _VENUE_FIELD.match(sentence.text)
    if m is None:
        return []
    start = sentence.start + m.start(2)
    surface = m.group(2).strip()
    return [PlaceCandidate(surface, start, start + len(surface), P_FIELD, "venue",
                           frozenset({"venue", "city"}), True)]


def _dateline(sentence: Sentence) -> list[PlaceCandidate]:
    """The city of a dateline in capitals, which the NER often misses."""
    m = _DATELINE.match(sentence.text)
    if m is None:
        return []
    start = sentence.start + m.start(1)
    return [PlaceCandidate(m.group(1), start, start + len(m.group(1)), P_FIELD, "city",
                           frozenset({"city", "region"}))]


def _loc_spans(sentence: Sentence) -> list[PlaceCandidate]:
    """NER locations, with "Осетию — Аланию" joined and streets and rivers left out."""
    spans = [s for s in sentence.spans if s.type == "LOC"]
    merged: list[Span] = []
    for span in spans:
        gap = sentence.text[sentence.local(merged[-1].stop):sentence.local(span.start)] \
            if merged else None
        if gap is not None and gap.strip() in {"—", "–", "-"}:
            prev = merged[-1]
            merged[-1] = Span("LOC", sentence.text[sentence.local(prev.start):
                                                   sentence.local(span.stop)],
                              prev.start, span.stop, prev.normal)
        else:
            merged.append(span)
    out = [PlaceCandidate(s.text, s.start, s.stop, P_LOC, None, report_unresolved=True)
           for s in merged if not _after_non_place_word(sentence, s.start)]
    for first, second in itertools.pairwise(merged):  # "Юга" + "России": two spans, one name
        if sentence.text[sentence.local(first.stop):sentence.local(second.start)] == " ":
            out.append(PlaceCandidate(sentence.text[sentence.local(first.start):
                                                    sentence.local(second.stop)],
                                      first.start, second.stop, P_JOINED, None))
    return out


def _place_like_persons(sentence: Sentence, morph) -> list[PlaceCandidate]:
    """A one-word PER that the dictionary knows only as a place ("к Салехарду"): the NER's
    slip. A word that can also be a first name or surname ("Иванову") stays a person."""
    out = []
    for span in (s for s in sentence.spans if s.type == "PER" and " " not in s.text.strip()):
        parses = [p for p in morph.parse(span.text.lower()) if p.is_known]
        if any("Geox" in p.tag for p in parses) and not any(
                {"Name", "Surn", "Patr"} & set(str(p.tag).replace(" ", ",").split(","))
                for p in parses):
            out.append(PlaceCandidate(span.text, span.start, span.stop, P_LOC, None,
                                      frozenset({"city", "region"})))
    return out


def _after_non_place_word(sentence: Sentence, start: int) -> bool:
    before = [t for t in sentence.tokens if t.stop <= start]
    while before and before[-1].text in {".", ","}:
        before.pop()
    return bool(before) and before[-1].lemma.rstrip(".") in NOT_PLACE_BEFORE


def _informal(sentence: Sentence, morph) -> list[PlaceCandidate]:
    """Capitalised words outside entities ("Средний Урал", "Ставрополье", "ДФО"): regions only.

    A lone adjective ("Московский саммит", "Пензенский минкульт") names no place."""
    ents = [(s.start, s.stop) for s in sentence.spans]
    toks = [t for t in sentence.tokens
            if not any(a <= t.start < b for a, b in ents)]
    out: list[PlaceCandidate] = []
    region = frozenset({"region"})
    for i, tok in enumerate(toks):
        if not _capitalised_word(tok):
            continue
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if nxt is not None and _capitalised_word(nxt) and nxt.start - tok.stop <= 1:
            out.append(PlaceCandidate(sentence.text[sentence.local(tok.start):
                                                    sentence.local(nxt.stop)],
                                      tok.start, nxt.stop, P_INFORMAL2, "region", region))
        if not _adjective_word(tok, morph):
            out.append(PlaceCandidate(tok.text, tok.start, tok.stop, P_INFORMAL1, "region",
                                      region))
    return out


def _adjective_word(tok: Token, morph) -> bool:
    return tok.pos == "ADJ" or all("ADJF" in p.tag for p in morph.parse(tok.text.lower())[:2])


def _capitalised_word(tok: Token) -> bool:
    return tok.text[:1].isupper() and tok.text.replace("-", "").isalpha() and len(tok.text) > 2 \
        and tok.pos in {"PROPN", "NOUN", "ADJ"}


def _quoted(sentence: Sentence) -> list[PlaceCandidate]:
    """Names in quotes are venues when the resolver knows them («Винзавод», «ГЭС-2»)."""
    out = []
    for m in _QUOTED.finditer(sentence.text):
        group = quoted_group(m)
        start = sentence.start + m.start(group)
        out.append(PlaceCandidate(m.group(group), start, start + len(m.group(group)), P_QUOTED,
                                  "venue", frozenset({"venue"}),
                                  _after_venue_noun(sentence, sentence.start + m.start())))
    return out


def _event_names(sentence: Sentence) -> list[tuple[int, int]]:
    """Document spans of «names» that follow an event word: «Петрозаводск – столица дизайна»
    after "фестиваль" names a festival, not a place."""
    out = []
    for m in _QUOTED.finditer(sentence.text):
        before = [t for t in sentence.tokens if t.stop <= sentence.start + m.start()][-2:]
        if any(t.lemma in EVENT_NOUNS for t in before):
            out.append((sentence.start + m.start(), sentence.start + m.end()))
    return out


def _after_venue_noun(sentence: Sentence, start: int) -> bool:
    before = [t for t in sentence.tokens if t.stop <= start][-3:]
    return any(t.lemma in VENUE_NOUNS for t in before)


def _org_spans(sentence: Sentence) -> list[PlaceCandidate]:
    """Organisations that are venues (Аrtplay), and the city inside an organisation's name."""
    out = []
    for span in (s for s in sentence.spans if s.type == "ORG"):
        text = span.text.strip("«»\" ")
        offset = span.start + span.text.find(text)
        out.append(PlaceCandidate(text, offset, offset + len(text), P_ORG, "venue",
                                  frozenset({"venue"})))
        inner = [t for t in sentence.tokens if span.start < t.start and t.stop <= span.stop]
        for tok in inner:
            if tok.pos == "PROPN" and tok.feats.get("Case") == "Gen" and tok.text[:1].isupper():
                out.append(PlaceCandidate(tok.text, tok.start, tok.stop, P_INNER, None,
                                          frozenset({"city", "region"})))
    return out


def _lower_adjectives(sentence: Sentence, morph) -> list[PlaceCandidate]:
    """ "кузбасским фондом", "смоленские мастера" name a region by its adjective.

    Tried as written (aliases such as "кузбасский"), then as "<Adj> область" / "<Adj> край";
    accepted only as a region. "московский" belongs to the city, not to Московская область.
    Capitalised adjectives alone ("Московский саммит") are left out by `_informal`.
    """
    out = []
    for tok in sentence.tokens:
        if not (tok.text.islower() and _PLACE_ADJECTIVE.search(tok.text)):
            continue
        if tok.text.startswith(CITY_ONLY_ADJECTIVES):
            continue
        alternatives = tuple(f"{_nominative_adjective(tok.text, gender, morph).capitalize()} {noun}"
                             for noun, gender in (("область", "femn"), ("край", "masc")))
        out.append(PlaceCandidate(tok.text, tok.start, tok.stop, P_ADJ, "region",
                                  frozenset({"region"}), alternatives=alternatives))
    return out


def _capital(sentence: Sentence, morph) -> list[PlaceCandidate]:
    """ "столицу посетили" stands for Moscow; "столица Бурятии" and "донская столица" for the
    region's capital (the resolver knows capitals); "столица региона" for no known place."""
    out = []
    toks = sentence.tokens
    city = frozenset({"city"})
    for i, tok in enumerate(toks):
        if tok.lemma != "столица" or not tok.text.lower().startswith("столиц"):
            continue  # "столичной индустрии" is an adjective, not the city
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        prev = toks[i - 1] if i else None
        if nxt is not None and nxt.pos in {"NOUN", "PROPN"} and nxt.feats.get("Case") == "Gen":
            name = _capitalised_run(toks, i + 1)
            if name:
                surface = sentence.text[sentence.local(tok.start):sentence.local(name[-1].stop)]
                out.append(PlaceCandidate(surface, tok.start, name[-1].stop, P_CAPITAL_OF,
                                          "city", city))
            continue
        if prev is not None and prev.stop + 1 == tok.start and prev.text.isalpha() and (
                prev.pos == "ADJ" or any("ADJF" in p.tag for p in morph.parse(prev.text.lower()))):
            if prev.lemma not in HOME_COUNTRY_ADJECTIVES:
                surface = sentence.text[sentence.local(prev.start):sentence.local(tok.stop)]
                out.append(PlaceCandidate(surface, prev.start, tok.stop, P_CAPITAL_OF, "city",
                                          city))
                continue
        out.append(PlaceCandidate("Москва", tok.start, tok.stop, P_CAPITAL, "city",
                                  frozenset({"city", "region"}), capital=True))
    return out


def _capitalised_run(toks: list[Token], i: int) -> list[Token]:
    """The capitalised words from `i` on ("Республики Саха", "Бурятии"); empty if none."""
    run: list[Token] = []
    while i < len(toks) and toks[i].text[:1].isupper() and len(run) < 4:
        run.append(toks[i])
        i += 1
    return run
