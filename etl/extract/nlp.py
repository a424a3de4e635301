"""natasha models, loaded once per process, and the parsed form the rules work on.

BLAS threads are pinned to one for the life of the process (`Nlp.__init__`): unpinned,
natasha's per-document time swings from 0.03 s to seconds while numpy's thread pool fights the
other processes on a small machine. (Not per call: entering `threadpool_limits` reads the
process's loaded libraries each time, ~1 ms.)
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

import pymorphy3
from natasha import (
    DatesExtractor,
    MorphVocab,
    NewsEmbedding,
    NewsMorphTagger,
    NewsNERTagger,
    NewsSyntaxParser,
    Segmenter,
)
from natasha.doc import DocSpan, DocToken
from natasha.span import envelop_spans
from threadpoolctl import threadpool_limits

from etl.extract.tagging import DocTagger, Tagged, Tree, Word
from etl.morph import analyzer
from etl.vocabulary import ABBREVIATION


@dataclass
class Token:
    text: str
    start: int  # offsets in the document text
    stop: int
    lemma: str
    pos: str
    feats: dict[str, str]
    id: str = ""  # natasha's "sentence_token" id, unique in the document
    head_id: str = ""  # id of the syntactic head ("<sentence>_0" for the root)
    rel: str = ""  # Universal Dependencies relation to the head (nsubj, obj, obl, nmod, conj…)


@dataclass
class Span:
    """A named entity: LOC, ORG or PER, with natasha's normal form."""

    type: str
    text: str
    start: int
    stop: int
    normal: str


@dataclass
class Sentence:
    """One sentence, never running across a line break (list items and headings stay apart)."""

    index: int
    text: str
    start: int
    stop: int
    line: int  # 1-based line of the document text
    paragraph: int
    tokens: list[Token] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)

    def local(self, offset: int) -> int:
        """A document offset as an offset into `text`."""
        return offset - self.start

    def head(self, token: Token) -> Token | None:
        """The syntactic head of `token` within this sentence (None for the root)."""
        return self._by_id.get(token.head_id)

    def children(self, token: Token) -> list[Token]:
        """The tokens whose head is `token`, in text order."""
        return self._children.get(token.id, []) if token.id else []

    @cached_property
    def _by_id(self) -> dict[str, Token]:
        return {t.id: t for t in self.tokens}

    @cached_property
    def _children(self) -> dict[str, list[Token]]:
        index: dict[str, list[Token]] = {}
        for t in self.tokens:
            index.setdefault(t.head_id, []).append(t)
        return index


def _syntax(name: str) -> Any:
    """A property of `_LazyToken` that runs its sentence's pending parse on first read."""
    def get(self: Any) -> Any:
        self.__dict__["_pending"].run()
        return self.__dict__[name]

    def put(self: Any, value: str) -> None:
        self.__dict__[name] = value

    return property(get, put)


class _LazyToken(Token):
    """A token whose syntax (id, head_id, rel) is parsed on first use, with the rest of its
    sentence; once parsed the token becomes a plain `Token` again (no cost on later reads)."""

    id = _syntax("id")
    head_id = _syntax("head_id")
    rel = _syntax("rel")


class _PendingSyntax:
    """One sentence waiting for the syntax parser, with the others of its document (`group`)."""

    __slots__ = ("tagger", "sent_id", "tokens", "words", "group")

    def __init__(self, tagger: DocTagger, sent_id: int, words: list[Word],
                 group: list[_PendingSyntax]) -> None:
        self.tagger, self.sent_id, self.words, self.group = tagger, sent_id, words, group
        self.tokens: list[Token] = []

    def run(self) -> None:
        """Parse this sentence and every other one of its document still waiting, in one batch:
        once a rule reads a tree outside the fact sentences it usually reads more of them, and
        one batch costs little more than one sentence."""
        group = self.group
        jobs = [job for job in group if job.tokens]
        for job, tree in zip(jobs, self.tagger.parse([job.words for job in jobs]), strict=True):
            job.fill(tree)
        group.clear()

    def fill(self, tree: Tree) -> None:
        """natasha's own ids: "<sentence>_<n>", the head "<sentence>_0" for the root."""
        sent_id = self.sent_id
        for n, (token, head, rel) in enumerate(zip(self.tokens, tree.head_ids, tree.rels,
                                                   strict=True), 1):
            token.__dict__.pop("_pending", None)
            token.__class__ = Token
            token.id = f"{sent_id}_{n}"
            token.head_id = f"{sent_id}_{head}"
            token.rel = rel
        self.tokens = []
        self.words = []
        self.group = []


class CachedMorph:
    """pymorphy3 with its lookups memoised: the rules ask about the same words again and again
    (a fifth of extraction time went to repeated `parse` calls). Callers must not mutate results.
    """

    def __init__(self, analyzer: pymorphy3.MorphAnalyzer) -> None:
        self._analyzer = analyzer
        self.parse = lru_cache(maxsize=200_000)(analyzer.parse)
        self.word_is_known = lru_cache(maxsize=200_000)(analyzer.word_is_known)

    def __getattr__(self, name: str):
        return getattr(self._analyzer, name)


class Nlp:
    """natasha's segmenter, morph tagger, syntax parser, NER and dates extractor plus pymorphy3."""

    def __init__(self) -> None:
        started = time.perf_counter()
        self._pin = threadpool_limits(limits=1)  # kept for the life of the process
        self.embedding = NewsEmbedding()
        self.segmenter = Segmenter()
        self.morph_vocab = MorphVocab()
        self.morph_tagger = NewsMorphTagger(self.embedding)
        self.ner_tagger = NewsNERTagger(self.embedding)
        self.syntax_parser = NewsSyntaxParser(self.embedding)
        self.tagger = DocTagger(self.morph_tagger, self.ner_tagger, self.syntax_parser)
        self.dates_extractor = DatesExtractor(self.morph_vocab)
        self.morph = CachedMorph(analyzer())
        # natasha's lemma of a word depends only on its text and morphology tag
        self._lemmas: dict[tuple, str] = {}
        self._normals: dict[tuple, str | None] = {}  # an entity's normal form (`_spans`)
        self.load_seconds = time.perf_counter() - started

    def parse(self, text: str) -> list[Sentence]:
        """Segment, tag and find entities in `text`; offsets refer to `text` itself.

        natasha's models run through `DocTagger` (etl/extract/tagging.py: the same results as
        natasha's `Doc` path, less work around the models). The syntax parser runs only on the
        sentences a rule reads the tree of: those holding a word that starts a fact
        (`starts_fact`) are parsed together up front, the others together when a rule first
        asks for one of their tokens' head or relation (the result is the same either way)."""
        tagged = self.tagger.tag(text)
        tokens: list[Token] = []
        pending: list[_PendingSyntax] = []
        for sent_id, (_, _, words) in enumerate(tagged.sents, 1):
            job = _PendingSyntax(self.tagger, sent_id, words, pending)
            for w in words:
                token = self._token(w)
                token.__dict__["_pending"] = job
                job.tokens.append(token)
            tokens += job.tokens
            pending.append(job)
        self._parse_likely(pending)
        spans = self._spans(text, tagged)
        sents = _join_open_quotes(text, [(start, stop) for start, stop, _ in tagged.sents])
        return _split_lines(text, sents, tokens, spans)

    def _parse_likely(self, pending: list[_PendingSyntax]) -> None:
        """One batch for the sentences that hold a word a rule starts from."""
        jobs = [job for job in pending
                if any(may_start_fact(t.lemma, t.text) for t in job.tokens)]
        for job, tree in zip(jobs, self.tagger.parse([j.words for j in jobs]), strict=True):
            job.fill(tree)

    def _token(self, w: Word) -> Token:
        key = (w.text, w.tag_id)
        lemma = self._lemmas.get(key)
        if lemma is None:
            lemma = self.morph_vocab.lemmatize(w.text, w.pos, w.feats)
            lemma = self._lemmas[key] = (lemma or w.text).lower()
        return _LazyToken(w.text, w.start, w.stop, lemma, w.pos, w.feats or {})

    def _spans(self, text: str, tagged: Tagged) -> list[Span]:
        """natasha's entity spans with their normal form (`DocSpan.normalize`, memoised: it
        depends only on the span's text, its words' bounds and their morphology tags)."""
        spans = [DocSpan(start, stop, type_, text[start:stop])
                 for start, stop, type_ in tagged.spans]
        if len(self._normals) > 100_000:
            self._normals.clear()
        result = []
        for span, words in zip(spans, envelop_spans(tagged.words, spans), strict=True):
            key = (span.type, span.text,
                   tuple((w.start - span.start, w.stop - span.start, w.tag_id) for w in words))
            if key not in self._normals:
                span.tokens = [DocToken(w.start, w.stop, w.text, pos=w.pos or None,
                                        feats=w.feats) for w in words]
                try:
                    span.normalize(self.morph_vocab)
                except (ValueError, KeyError, IndexError):
                    pass
                self._normals[key] = span.normal
            result.append(Span(span.type, span.text, span.start, span.stop,
                               self._normals[key] or span.text))
        return result


@lru_cache(maxsize=1)
def _fact_words() -> tuple[frozenset[str], tuple[str, ...]]:
    from etl.vocabulary import vocabulary

    vocab = vocabulary()
    words = {word.lemmas[0] for word in vocab.events}  # a phrase is matched from its first
    words |= set(vocab.name_words["words"]) | {vocab.region_days["lemma"]}
    # and the words whose rule reads the tree before it knows whether a fact is there (a
    # visitor noun's "из …", a stay or work verb's place, cooperation as what a document is)
    words |= {*vocab.visits["nouns"], *vocab.visits["verbs"], *vocab.visits["host_verbs"],
              *vocab.visits["set_off_verbs"], *vocab.visits["see_verbs"],
              *vocab.visits["visitor_nouns"], *vocab.visits["stay_verbs"],
              *vocab.visits["work_verbs"], *vocab.signing["cooperation"],
              *vocab.signing["verbs"], *vocab.signing["nouns"], *vocab.signing["agreements"],
              *vocab.signing["documents"], *vocab.signing["signature_verbs"],
              *vocab.opening["verbs"]}
    return frozenset(words), tuple(vocab.compound_tails)


@lru_cache(maxsize=1)
def _abbreviation_letters() -> tuple[frozenset[str], frozenset[str]]:
    from etl.vocabulary import vocabulary

    abbreviations = vocabulary().abbreviations
    return frozenset(abbreviations["last_letter"]), frozenset(abbreviations["not_events"])


def may_start_fact(lemma: str, text: str) -> bool:
    """`starts_fact`, or the word is an event's abbreviated name ("ПМЭФ", "ВЭФ-2025")."""
    if starts_fact(lemma):
        return True
    m = ABBREVIATION.match(text)
    if m is None:
        return False
    letters, not_events = _abbreviation_letters()
    return m.group(1)[-1] in letters and m.group(1) not in not_events


@lru_cache(maxsize=100_000)
def starts_fact(lemma: str) -> bool:
    """A word a rule starts from (data/reference/vocabulary.toml): an event, visit, signing or
    opening word, or a compound ending in an event noun ("кинофестиваль")."""
    words, tails = _fact_words()
    return lemma in words or lemma.endswith(tails)


@lru_cache(maxsize=1)
def shared_nlp() -> Nlp:
    """The process-wide models: the ETL, the CLI and the tests load them once."""
    return Nlp()


def _join_open_quotes(text: str, sents: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Rejoin a sentence cut inside «…» ("«Российская креативная неделя. Москва-фест»")."""
    joined: list[tuple[int, int]] = []
    for start, stop in sents:
        if joined:
            prev = text[joined[-1][0]:joined[-1][1]]
            if (prev.count("«") > prev.count("»") and len(prev) - prev.rfind("«") < 60
                    and "\n" not in text[joined[-1][1]:start]):  # a name, not a long quotation
                joined[-1] = (joined[-1][0], stop)
                continue
        joined.append((start, stop))
    return joined


def _split_lines(text: str, sents: list[tuple[int, int]], tokens: list[Token],
                 spans: list[Span]) -> list[Sentence]:
    """Cut natasha's sentences at line breaks and attach tokens and entities to each piece."""
    pieces: list[tuple[int, int]] = []
    for start, stop in sents:
        offset = start
        for part in re.split(r"(\n)", text[start:stop]):
            if part != "\n" and part.strip():
                lead = len(part) - len(part.lstrip())
                pieces.append((offset + lead, offset + len(part.rstrip())))
            offset += len(part)
    paragraph_starts = [m.end() for m in re.finditer(r"\n\s*\n", text)]
    result: list[Sentence] = []
    ti = si = 0
    for index, (start, stop) in enumerate(pieces):
        sentence = Sentence(index, text[start:stop], start, stop, text.count("\n", 0, start) + 1,
                            sum(1 for p in paragraph_starts if p <= start))
        while ti < len(tokens) and tokens[ti].start < stop:
            if tokens[ti].start >= start:
                sentence.tokens.append(tokens[ti])
            ti += 1
        while si < len(spans) and spans[si].start < stop:
            if spans[si].start >= start and spans[si].stop <= stop:
                sentence.spans.append(spans[si])
            si += 1
        result.append(sentence)
    return result
