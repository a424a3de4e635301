"""natasha models, loaded once per process, and the parsed form the rules work on.

BLAS threads are pinned to one: unpinned, natasha's per-document time swings from 0.03 s to
seconds while numpy's thread pool fights the other processes on a small machine.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

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
        self.load_seconds = time.perf_counter() - started

    def parse(self, text: str) -> list[Sentence]:
        """Segment, tag and find entities in `text`; offsets refer to `text` itself."""
        doc = Doc(text)
        with threadpool_limits(limits=1):
            doc.segment(self.segmenter)
            doc.tag_morph(self.morph_tagger)
            doc.parse_syntax(self.syntax_parser)
            doc.tag_ner(self.ner_tagger)
        tokens = [self._token(t) for t in doc.tokens]
        spans = [self._span(s) for s in doc.spans]
        sents = _join_open_quotes(text, [(s.start, s.stop) for s in doc.sents])
        return _split_lines(text, sents, tokens, spans)

    def _token(self, t) -> Token:
        t.lemmatize(self.morph_vocab)
        lemma = (t.lemma or t.text).lower()
        return Token(t.text, t.start, t.stop, lemma, t.pos or "", t.feats or {},
                     t.id or "", t.head_id or "", t.rel or "")

    def _span(self, s) -> Span:
        try:
            s.normalize(self.morph_vocab)
        except (ValueError, KeyError, IndexError):
            pass
        return Span(s.type, s.text, s.start, s.stop, s.normal or s.text)


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
