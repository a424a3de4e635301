"""natasha models, loaded once per process, and the parsed form the rules work on.

BLAS threads are pinned to one: unpinned, natasha's per-document time swings from 0.03 s to
seconds while numpy's thread pool fights the other processes on a small machine.
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
    Doc,
    MorphVocab,
    NewsEmbedding,
    NewsMorphTagger,
    NewsNERTagger,
    NewsSyntaxParser,
    Segmenter,
)
from threadpoolctl import threadpool_limits

from etl.morph import analyzer


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
    """One natasha sentence waiting for the syntax parser."""

    __slots__ = ("parser", "sent_id", "tokens")

    def __init__(self, parser, sent_id: int, tokens: list[Token]) -> None:
        self.parser, self.sent_id, self.tokens = parser, sent_id, tokens

    @property
    def words(self) -> list[str]:
        return [t.text for t in self.tokens]

    def run(self) -> None:
        if self.tokens:
            with threadpool_limits(limits=1):
                self.fill(next(iter(self.parser.map([self.words]))))

    def fill(self, markup) -> None:
        """natasha's own ids: "<sentence>_<n>", the head "<sentence>_0" for the root."""
        for token, parsed in zip(self.tokens, markup.tokens, strict=True):
            token.__dict__.pop("_pending", None)
            token.__class__ = Token
            token.id = f"{self.sent_id}_{parsed.id}"
            token.head_id = f"{self.sent_id}_{parsed.head_id}"
            token.rel = parsed.rel
        self.tokens = []


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
        self.dates_extractor = DatesExtractor(self.morph_vocab)
        self.morph = CachedMorph(analyzer())
        # natasha's lemma of a word depends only on its text, part of speech and features
        self._lemmas: dict[tuple, str] = {}
        self.load_seconds = time.perf_counter() - started

    def parse(self, text: str) -> list[Sentence]:
        """Segment, tag and find entities in `text`; offsets refer to `text` itself.

        The syntax parser runs only on the sentences a rule reads the tree of: those holding a
        word that starts a fact (`starts_fact`) are parsed together up front, any other when a
        rule first asks for a token's head or relation (the result is the same either way)."""
        doc = Doc(text)
        with threadpool_limits(limits=1):
            doc.segment(self.segmenter)
            doc.tag_morph(self.morph_tagger)
            doc.tag_ner(self.ner_tagger)
        tokens: list[Token] = []
        pending: list[_PendingSyntax] = []
        for sent_id, sent in enumerate(doc.sents, 1):
            job = _PendingSyntax(self.syntax_parser, sent_id, [])
            for t in sent.tokens:
                token = self._token(t)
                token.__dict__["_pending"] = job
                job.tokens.append(token)
            tokens += job.tokens
            pending.append(job)
        self._parse_likely(pending)
        spans = [self._span(s) for s in doc.spans]
        sents = _join_open_quotes(text, [(s.start, s.stop) for s in doc.sents])
        return _split_lines(text, sents, tokens, spans)

    def _parse_likely(self, pending: list[_PendingSyntax]) -> None:
        """One batch for the sentences that hold a word a rule starts from."""
        jobs = [job for job in pending if any(starts_fact(t.lemma) for t in job.tokens)]
        if jobs:
            with threadpool_limits(limits=1):
                for job, markup in zip(jobs, self.syntax_parser.map([j.words for j in jobs]),
                                       strict=True):
                    job.fill(markup)

    def _token(self, t) -> Token:
        key = (t.text, t.pos, tuple(sorted((t.feats or {}).items())))
        lemma = self._lemmas.get(key)
        if lemma is None:
            t.lemmatize(self.morph_vocab)
            lemma = self._lemmas[key] = (t.lemma or t.text).lower()
        return _LazyToken(t.text, t.start, t.stop, lemma, t.pos or "", t.feats or {})

    def _span(self, s) -> Span:
        try:
            s.normalize(self.morph_vocab)
        except (ValueError, KeyError, IndexError):
            pass
        return Span(s.type, s.text, s.start, s.stop, s.normal or s.text)


@lru_cache(maxsize=1)
def _fact_words() -> tuple[frozenset[str], tuple[str, ...]]:
    from etl.vocabulary import vocabulary

    vocab = vocabulary()
    words = {word.lemmas[0] for word in vocab.events}  # a phrase is matched from its first
    words |= set(vocab.name_words["words"]) | {vocab.region_days["lemma"]}
    words |= {abbreviation.lower() for abbreviation in vocab.abbreviations}
    words |= {*vocab.visits["nouns"], *vocab.visits["verbs"], *vocab.visits["host_verbs"],
              *vocab.signing["verbs"], *vocab.signing["documents"],
              *vocab.signing["signature_verbs"], *vocab.opening["verbs"]}
    return frozenset(words), tuple(vocab.compound_tails)


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
