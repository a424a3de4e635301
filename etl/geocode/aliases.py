"""Inflected-form index: every case form of every known name → the places it may mean.

Russian text writes "из Череповца", "в Казани", "Республику Северную Осетию — Аланию": the index
holds all singular case forms (plural names keep their number), built word by word with
pymorphy3, so a lookup is one dict access. pymorphy3 works in lower case; the display name comes
back from the reference row, never from pymorphy.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from pymorphy3.analyzer import Parse

from etl.geocode.text import key
from etl.morph import analyzer

Slot = tuple[str | None, ...]  # (case, number, gender for adjectives)
CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
# Neuter names in -ово/-ево/-ино/-ыно are officially indeclinable but are declined in
# everyday writing ("из Кемерова", "в Кемерове"): both spellings must resolve.
_COLLOQUIAL_NEUTER = re.compile(r"(ов|ев|ин|ын)о$")
_COLLOQUIAL_ENDINGS = {
    "nomn": "о",
    "gent": "а",
    "datv": "у",
    "accs": "о",
    "ablt": "ом",
    "loct": "е",
}
_CONSTANT_POS = {"PREP", "CONJ", "PRCL", "NUMR"}


@dataclass(frozen=True)
class Target:
    """What an index key points at: ("city", "524901"), ("region", "RU-KR"), ("venue", ...)."""

    kind: str
    ref: str
    form: str = "name"  # name | adjective: adjectives match in lower case too


class Morph:
    """pymorphy3 with memoised per-word inflection (names share many words)."""

    def __init__(self) -> None:
        self.analyzer = analyzer()
        self.parse = lru_cache(maxsize=None)(self.analyzer.parse)
        self.case_forms = lru_cache(maxsize=None)(self._case_forms)
        self.lemmas = lru_cache(maxsize=None)(self._lemmas)
        self.adjective_forms = lru_cache(maxsize=None)(self._adjective_forms)

    def _nominative_parse(self, word: str) -> Parse | None:
        """The parse of a name word as written in a nominative name: known > guessed."""
        parses = [p for p in self.parse(word) if "nomn" in p.tag]
        if not parses:
            return None
        return max(parses, key=lambda p: (p.is_known, "Geox" in p.tag, p.score))

    def _case_forms(self, word: str) -> dict[str, frozenset[str]]:
        """{case: forms} of one word; unknown, invariable and function words stay as written."""
        parse = self._nominative_parse(word)
        if parse is None or parse.tag.POS in _CONSTANT_POS or not re.search("[а-я]", word):
            return {case: frozenset([word]) for case in CASES}
        table = self._case_table(parse)
        agree = (parse.tag.number, parse.tag.gender if parse.tag.POS == "ADJF" else None)
        forms = {}
        for case in CASES:
            inflected = table.get((case, *agree))
            variants = {inflected or word}
            if "-" in word and (inflected is None or (inflected == word and case != "nomn")):
                variants |= self._hyphen_variants(word, case)
            if _COLLOQUIAL_NEUTER.search(word):
                variants.add(word[:-1] + _COLLOQUIAL_ENDINGS[case])
            forms[case] = frozenset(v.replace("ё", "е") for v in variants)
        return forms

    @staticmethod
    def _case_table(parse: Parse) -> dict[Slot, str]:
        """(case, number, gender-for-adjectives) → word, from one walk over the lexeme.

        The first form listed wins; in the accusative an inanimate form wins over an animate
        one, because a place is inanimate ("в Великий Новгород", not "в Великого").
        """
        adjective = parse.tag.POS == "ADJF"
        table: dict[Slot, str] = {}
        animate: set[Slot] = set()
        for form in parse.lexeme:
            tag = form.tag
            slot = (tag.case, tag.number, tag.gender if adjective else None)
            if slot not in table or (slot in animate and "anim" not in tag):
                table[slot] = form.word
                if "anim" in tag:
                    animate.add(slot)
                else:
                    animate.discard(slot)
        return table

    def _hyphen_variants(self, word: str, case: str) -> set[str]:
        """ "ростов-на-дону": inflect the head; "карачаево-черкесия": inflect the tail."""
        parts = word.split("-")
        out = set()
        head_forms = self.case_forms(parts[0])[case] if len(parts[0]) > 2 else {parts[0]}
        tail_forms = self.case_forms(parts[-1])[case] if len(parts) > 1 else set()
        for head in head_forms:
            out.add("-".join([head, *parts[1:]]))
        for tail in tail_forms:
            out.add("-".join([*parts[:-1], tail]))
        if len(parts) == 2:
            out |= {f"{h}-{t}" for h in head_forms for t in tail_forms}
        return out

    def name_forms(self, name: str) -> set[str]:
        """All case forms of a (multi-word) name, each word put in the same case."""
        tokens = key(name).split(" ")
        out: set[str] = set()
        for case in CASES:
            per_word = [self.case_forms(t)[case] for t in tokens]
            for combo in itertools.islice(itertools.product(*per_word), 16):
                out.add(" ".join(combo))
        return out

    def _adjective_forms(self, adjective: str) -> frozenset[str]:
        """Every gender, number and case of an adjective ("кузбасский" → "кузбасским")."""
        parses = [p for p in self.parse(adjective) if p.tag.POS == "ADJF"]
        if not parses:
            return frozenset([adjective])
        lexeme = parses[0].lexeme
        return frozenset(f.word.replace("ё", "е") for f in lexeme if f.tag.POS == "ADJF")

    def _lemmas(self, word: str) -> tuple[str, ...]:
        """Normal forms of a word's likeliest parses (used when no exact form matched)."""
        seen: dict[str, None] = {}
        for parse in self.parse(word)[:3]:
            seen.setdefault(parse.normal_form.replace("ё", "е"), None)
        return tuple(seen)

    def lemma_key(self, text: str) -> list[str]:
        """Candidate lemma keys of a text: every combination of its words' lemmas."""
        per_word = [self.lemmas(w) for w in key(text).split(" ") if w]
        if not per_word:
            return []
        return [" ".join(c) for c in itertools.islice(itertools.product(*per_word), 32)]


class AliasIndex:
    """key → targets, in two tiers: primary names first, then geonames' alternate names."""

    def __init__(self, morph: Morph) -> None:
        self.morph = morph
        self.primary: dict[str, set[Target]] = defaultdict(set)
        self.alternate: dict[str, set[Target]] = defaultdict(set)
        self.lemma: dict[str, set[Target]] = defaultdict(set)

    def add_name(self, name: str, target: Target, *, alternate: bool = False) -> None:
        """Index every case form of a name (and its lemma key for the fallback)."""
        tier = self.alternate if alternate else self.primary
        for form in self.morph.name_forms(name):
            tier[form].add(target)
        if not alternate:
            for key in self.morph.lemma_key(name)[:1]:
                self.lemma[key].add(target)

    def add_exact(self, text_key: str, target: Target) -> None:
        """Index one key as written (abbreviations: "ДФО" has no case forms)."""
        self.primary[text_key].add(target)

    def add_adjective(self, adjective: str, target: Target) -> None:
        for form in self.morph.adjective_forms(key(adjective)):
            self.primary[form].add(target)

    def lookup(self, key: str) -> tuple[set[Target], str]:
        """Targets of an exact key and the stage that found them ("alias" or "gazetteer")."""
        if key in self.primary:
            return self.primary[key], "alias"
        if key in self.alternate:
            return self.alternate[key], "gazetteer"
        return set(), ""

    def lookup_lemmas(self, text: str) -> set[Target]:
        """Targets whose name lemmatises like the text: the fallback for unseen forms."""
        for lemma_key in self.morph.lemma_key(text):
            if lemma_key in self.lemma:
                return self.lemma[lemma_key]
        return set()
