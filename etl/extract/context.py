"""What the rules see of one sentence: its tokens, resolved places, dates and year context."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from etl.extract.dates import DateMention
from etl.extract.nlp import Sentence, Token
from etl.extract.places import PlaceCandidate
from etl.models import Document, FuzzyDate
from etl.vocabulary import quoted, quoted_group

_QUOTED = quoted(2, 120)
# what follows a quotation of speech: "«…», — сказал он", "«…!» — добавила она"
_ATTRIBUTED = re.compile(r"\s*,\s*[—–-]")
_DASH = re.compile(r"\s*[—–]")
_SPEECH_END = re.compile(r"[.!?…]\s*$")
ORIGIN_PREPOSITIONS = {"из", "от"}
PEOPLE_GROUPS = {"делегация", "команда", "группа", "коллектив"}


@dataclass
class SentenceFacts:
    sentence: Sentence
    places: list[PlaceCandidate]
    dates: list[DateMention]
    context_year: int | None  # the nearest year written before this sentence, else published
    published: FuzzyDate | None = None  # the document's, for relative dates ("вчера")

    @property
    def text(self) -> str:
        return self.sentence.text

    def lemmas(self) -> list[str]:
        return [t.lemma for t in self.sentence.tokens]

    def has_lemma(self, *lemmas: str) -> bool:
        wanted = set(lemmas)
        return any(t.lemma in wanted for t in self.sentence.tokens)

    def quoted(self) -> list[tuple[str, int]]:
        """Quoted names with their document offsets (of the opening quote). A quotation of
        speech is no name: the words after it attribute it ("«…», — сказал он"), or it ends a
        sentence of its own before a dash ("«…!» — добавила она")."""
        text = self.text
        out = []
        for m in _QUOTED.finditer(text):
            name = m.group(quoted_group(m))
            after = text[m.end():]
            if _ATTRIBUTED.match(after) or (_SPEECH_END.search(name) and _DASH.match(after)):
                continue
            out.append((name, self.sentence.start + m.start()))
        return out

    def main_date(self) -> tuple[FuzzyDate, FuzzyDate, DateMention] | None:
        """The sentence's event date: the first date outside parentheses, to its precision.

        Horizons and deadlines ("до 2030 года") are not event dates.
        """
        return self.date_between(self.sentence.start, self.sentence.stop)

    def date_between(self, start: int, stop: int,
                     ) -> tuple[FuzzyDate, FuzzyDate, DateMention] | None:
        """The first event date written between two document offsets (see `main_date`)."""
        for mention in self.dates:
            at = self.sentence.start + mention.start
            if not start <= at < stop or mention.horizon:
                continue
            if _aside(self.sentence, self.text, mention.start):
                continue
            span = mention.fuzzy(self.context_year, self.published)
            if span is not None:
                return span[0], span[1], mention
        return None

    def preposition_before(self, cand: PlaceCandidate) -> str | None:
        """The preposition governing a place, looking back over a list of places ("из А, Б и В")."""
        others = [(p.start, p.stop) for p in self.places if p is not cand]
        for tok in reversed([t for t in self.sentence.tokens if t.stop <= cand.start]):
            if any(a <= tok.start < b for a, b in others) or tok.text in {",", "и", "—", "-"}:
                continue
            return tok.lemma if tok.pos == "ADP" else None
        return None

    def is_origin(self, cand: PlaceCandidate) -> bool:
        """After "из"/"от"; a region adjective on people ("мурманские предприниматели"); a
        place in the genitive under people ("делегация Воронежской области", "дизайнеры Якутии").
        """
        if self.preposition_before(cand) in ORIGIN_PREPOSITIONS:
            return True
        if not cand.surface.islower():
            return self._of_people(cand)
        after = [t for t in self.sentence.tokens if t.start >= cand.stop]
        noun = next((t for t in after if t.pos in {"NOUN", "PROPN"}), None)
        return noun is not None and noun.feats.get("Animacy") == "Anim"


    def _of_people(self, cand: PlaceCandidate) -> bool:
        first = next((t for t in self.sentence.tokens if t.start >= cand.start), None)
        if first is None or first.start >= cand.stop or first.feats.get("Case") != "Gen":
            return False
        node = first
        for _ in range(3):  # "Республики Саха (Якутия)": climb inside the name first
            head = self.sentence.head(node)
            if head is None or not cand.start <= head.start < cand.stop:
                break
            node = head
        if node.rel == "amod" and (head := self.sentence.head(node)) is not None:
            node = head  # "делегации Смоленской области" found as the adjective alone
        for _ in range(3):  # "руководителей учреждений культуры Перми": up a genitive chain
            head = self.sentence.head(node)
            if node.rel != "nmod" or head is None or head.pos != "NOUN":
                return False
            if head.feats.get("Animacy") == "Anim" or head.lemma in PEOPLE_GROUPS:
                return True
            node = head
        return False


@dataclass
class DocContext:
    document: Document
    facts: list[SentenceFacts] = field(default_factory=list)
    programs: list[tuple[str, int]] = field(default_factory=list)  # (name, sentence index)

    def published_year(self) -> int | None:
        return self.document.published.start.year if self.document.published else None


def _aside(sentence, text: str, offset: int) -> bool:
    """A date inside an aside in parentheses that says something of its own ("(программа будет
    разослана участникам 14.11.2014)": a verb in it); a parenthesis of particulars, a place and
    a date ("форум «…» (Владимирская область, 4–8 августа)"), dates what it follows."""
    opened = text.rfind("(", 0, offset)
    if opened < 0 or text[:offset].count("(") <= text[:offset].count(")"):
        return False
    closed = text.find(")", offset)
    lo = sentence.start + opened
    hi = sentence.start + (closed if closed >= 0 else len(text))
    return any(lo <= t.start < hi and t.pos in {"VERB", "AUX"} for t in sentence.tokens)


def token_window(tokens: list[Token], start: int, stop: int) -> list[Token]:
    return [t for t in tokens if start <= t.start and t.stop <= stop]
