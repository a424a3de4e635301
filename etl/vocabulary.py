"""The activity vocabulary (data/reference/vocabulary.toml), read once: the rules' only word lists.

Kinds with their group, labels and colour; event nouns; visit, signing and opening words; status
markers; confidence values. `etl.models.ACTIVITY_KINDS` and `etl.models.STATUSES` (the kinds and
statuses the curated tables and the warehouse's data tests accept) come from here; the dashboard
reads the same file for labels and colours (dashboard/vocabulary.py: it imports nothing from
etl/).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

VOCABULARY_PATH = Path(__file__).resolve().parents[1] / "data" / "reference" / "vocabulary.toml"
# an event's abbreviated name with an optional edition's year: "ПМЭФ", "ВЭФ-2025"
ABBREVIATION = re.compile(r"^([А-ЯЁA-Z]{2,6})(?:-(\d{4}))?$")


@dataclass(frozen=True)
class EventWord:
    lemmas: tuple[str, ...]
    kind: str
    title: str
    needs: str = ""  # a preposition the noun must govern ("встреча" only "с" someone), or
    # "gen": a genitive of what it is of ("показ коллекций")
    or_new: tuple[str, ...] = ()  # ... or an adjective that makes it a further one ("следующая")


@dataclass(frozen=True)
class Vocabulary:
    kinds: dict[str, dict]
    events: tuple[EventWord, ...]  # longest first
    abbreviations: dict[str, Any]  # last_letter: {letter: kind}, not_events: [...]
    compound_tails: tuple[str, ...]
    series_nouns: frozenset[str]  # "серия", "цикл": a plural event word under one is one activity
    name_words: dict[str, Any]  # words: {lemma: kind}, ...
    region_days: dict
    visits: dict
    signing: dict
    opening: dict
    status: dict
    parties: dict  # titles, implied_area, kinds: who an agreement's party is
    people: dict  # titles: the words before a person's name
    names: dict  # holders: the nouns whose «name» is no place of the text
    confidence: dict[str, float]
    by_first: dict[str, tuple[EventWord, ...]]  # event phrases by their first lemma
    singles: dict[str, EventWord]  # one-word event phrases

    def starting_with(self, lemma: str) -> tuple[EventWord, ...]:
        """The event phrases whose first lemma is `lemma`, longest first."""
        return self.by_first.get(lemma, ())

    def single(self, lemma: str) -> EventWord | None:
        """The one-word event phrase `lemma`, if there is one."""
        return self.singles.get(lemma)

    def compound(self, lemma: str) -> EventWord | None:
        """A compound word by its event parts: "фестиваль-конкурс" is a festival (the first
        part), "выставка-форум" and "бизнес-форум" forums (a first part of kind "other" yields
        to the last), "кинофестиваль" a festival (a compound tail)."""
        if "-" in lemma:
            first = self.single(lemma.split("-", 1)[0])
            last = self.single(lemma.rsplit("-", 1)[1])
            if first and (first.kind != "other" or not last):
                return first
            return last
        tail = next((t for t in self.compound_tails
                     if lemma.endswith(t) and len(lemma) > len(t) + 2), None)
        return self.single(tail) if tail else None

    def kind_named(self, lemmas: list[str]) -> str | None:
        """The kind of the first event phrase in a sequence of lemmas (an announcement's title);
        a visitor noun that is a visit by itself ("делегация") is the visitors' kind."""
        for i, lemma in enumerate(lemmas):
            word = next((w for w in self.starting_with(lemma)
                         if tuple(lemmas[i:i + len(w.lemmas)]) == w.lemmas), None) \
                or self.compound(lemma)
            if word is not None:
                return word.kind
            if lemma in self.visits["nouns"] and lemma in self.visits["visitor_nouns"]:
                return self.visits["visitors_kind"]
        return None

    def group(self, kind: str) -> str:
        return self.kinds[kind]["group"]

    def label(self, kind: str) -> str:
        return self.kinds[kind]["label_ru"]


def _index(events: tuple[EventWord, ...]):
    by_first: dict[str, list[EventWord]] = {}
    for word in events:  # already longest first
        by_first.setdefault(word.lemmas[0], []).append(word)
    singles = {w.lemmas[0]: w for w in reversed(events) if len(w.lemmas) == 1}
    return {k: tuple(v) for k, v in by_first.items()}, singles


def load(path: Path = VOCABULARY_PATH) -> Vocabulary:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    events = sorted((EventWord(tuple(e["lemmas"]), e["kind"], e["title"], e.get("needs", ""),
                               tuple(e.get("or_new", ())))
                     for e in data["events"]), key=lambda e: -len(e.lemmas))
    by_first, singles = _index(tuple(events))
    vocabulary = Vocabulary(
        kinds=data["kinds"], events=tuple(events), abbreviations=data["abbreviations"],
        compound_tails=tuple(data.get("compound_tails", ())),
        series_nouns=frozenset(data.get("series_nouns", ())),
        name_words=data["name_words"], region_days=data["region_days"], visits=data["visits"],
        signing=data["signing"], opening=data["opening"], status=data["status"],
        parties=data["parties"], people=data["people"], names=data["names"],
        confidence=data["confidence"], by_first=by_first, singles=singles)
    unknown = {e.kind for e in events} - set(vocabulary.kinds)
    if unknown:
        raise ValueError(f"{path}: event words name unknown kinds {sorted(unknown)}")
    return vocabulary


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    return load()


def activity_kinds(path: Path = VOCABULARY_PATH) -> tuple[str, ...]:
    """The kind values, in the file's order (cheap: no event words checked)."""
    return tuple(tomllib.loads(path.read_text(encoding="utf-8"))["kinds"])


def statuses(path: Path = VOCABULARY_PATH) -> tuple[str, ...]:
    """The status values (planned, done, cancelled), in the file's order."""
    return tuple(tomllib.loads(path.read_text(encoding="utf-8"))["statuses"])


@dataclass(frozen=True)
class Months:
    """Month names by case, January first ([months] of vocabulary.toml)."""

    nominative: tuple[str, ...]
    genitive: tuple[str, ...]
    dative: tuple[str, ...]
    instrumental: tuple[str, ...]
    prepositional: tuple[str, ...]
    short: tuple[str, ...]
    english: tuple[str, ...]

    CASES = ("nominative", "genitive", "dative", "instrumental", "prepositional")

    def forms(self, *cases: str) -> dict[str, int]:
        """Every form of `cases` (all cases when none are named), ё also written е → number."""
        out: dict[str, int] = {}
        for case in cases or self.CASES:
            for number, word in enumerate(getattr(self, case), start=1):
                out[word] = out[word.replace("ё", "е")] = number
        return out

    def pattern(self, *cases: str) -> str:
        """A regex alternation (no group) of the forms of `cases`, longest first."""
        return "|".join(sorted(self.forms(*cases), key=lambda w: (-len(w), w)))

    def number(self, word: str) -> int | None:
        """1..12 for a month name in any case form ("июля", "мая", "март"), else None."""
        return self.forms().get(word.lower())


@lru_cache(maxsize=1)
def months(path: Path = VOCABULARY_PATH) -> Months:
    data = tomllib.loads(path.read_text(encoding="utf-8"))["months"]
    return Months(**{name: tuple(words) for name, words in data.items()})


@lru_cache(maxsize=1)
def quote_pairs(path: Path = VOCABULARY_PATH) -> tuple[tuple[str, str], ...]:
    """(opening, closing) quotation marks ([quotes] of vocabulary.toml)."""
    pairs = tomllib.loads(path.read_text(encoding="utf-8"))["quotes"]["pairs"]
    return tuple((opening, closing) for opening, closing in pairs)


@lru_cache(maxsize=8)
def quoted(min_len: int = 0, max_len: int | None = None) -> re.Pattern[str]:
    """A name between any pair of quotation marks, one group per pair (`quoted_group` finds it).

    The name holds no quotation mark of its own pair and is `min_len`..`max_len` long."""
    size = f"{{{min_len},{'' if max_len is None else max_len}}}"
    return re.compile("|".join(
        f"{re.escape(opening)}([^{re.escape(opening + closing)}]{size}){re.escape(closing)}"
        for opening, closing in quote_pairs()))


def quoted_group(match: re.Match[str]) -> int:
    """The number of the group of `quoted`'s match that holds the name."""
    return next(i for i, text in enumerate(match.groups(), start=1) if text is not None)
