"""natasha's three slovnet models (morphology, NER, syntax) run over a whole document at once.

Same models, same weights, same arithmetic as natasha's `Doc.tag_morph`, `tag_ner` and
`parse_syntax`; what changes is only the work around them (natasha's path spent more time there
than in the networks on a 3 KB press release):

- the text is tokenised once (razdel); natasha's NER tokenised it a second time itself;
- a word's vocabulary and shape ids are looked up once per distinct word, not once per model;
- the morphology and syntax encoders run on all of a document's sentences as ONE sequence with a
  zero column between sentences, instead of batches of 8 padded sentences. The encoders are
  convolutions 3 wide (padding 1) and slovnet zeroes padded positions after every layer, so a
  sentence sees exactly the zeros it saw at its own edges before: same result, one matrix
  product per layer instead of one per batch;
- the NER's Viterbi decode does natasha's float operations on one sequence without batch
  bookkeeping; morphology tags are parsed once per tag, not per token.

`tests/test_nlp.py` compares this with natasha's own path token by token.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from natasha.span import envelop_spans
from razdel import sentenize, tokenize
from slovnet.bio import bio_spans
from slovnet.conll import parse_conll_tag
from slovnet.shape import word_shape


@dataclass(slots=True)
class Word:
    """A razdel token with natasha's morphology tag (pos, feats) and its vocabulary ids."""

    start: int
    stop: int
    text: str
    word_id: int = 0
    shape_id: int = 0
    tag_id: int = -1  # none: outside every sentence
    pos: str = ""
    feats: dict[str, str] | None = None


@dataclass(slots=True)
class Tagged:
    """One document: its sentences (lists of words; natasha's `Doc.sents`) and NER spans."""

    sents: list[tuple[int, int, list[Word]]]  # (start, stop, words)
    spans: list[tuple[int, int, str]]  # (start, stop, type)
    words: list[Word]


@dataclass(slots=True)
class Tree:
    """natasha's syntax of one sentence: 1-based ids, head ids ("0" for the root), relations."""

    head_ids: list[str]
    rels: list[str]


class DocTagger:
    """The three models of natasha's taggers, run over whole documents."""

    def __init__(self, morph_tagger, ner_tagger, syntax_parser, cache_size: int = 200_000,
                 projection_cache: int = 10_000) -> None:
        self.morph = morph_tagger.infer.model
        self.ner = ner_tagger.infer.model
        self.syntax = syntax_parser.infer.model
        encoder = morph_tagger.infer.encoder
        for other in (ner_tagger.infer.encoder, syntax_parser.infer.encoder):
            if (other.words_vocab.items != encoder.words_vocab.items
                    or other.shapes_vocab.items != encoder.shapes_vocab.items):
                raise ValueError("natasha's models no longer share one vocabulary")
        self.words_vocab, self.shapes_vocab = encoder.words_vocab, encoder.shapes_vocab
        self.pad_word, self.pad_shape = self.words_vocab.pad_id, self.shapes_vocab.pad_id
        tags = morph_tagger.infer.decoder.tags_vocab.items
        self.morph_tags = [parse_conll_tag(tag) for tag in tags]
        self.ner_tags = list(ner_tagger.infer.decoder.tags_vocab.items)
        self.rels = list(syntax_parser.infer.decoder.rels_vocab.items)
        self._encoders = {id(m): _Encoder(m.encoder, _Embedder(m), projection_cache)
                          for m in (self.morph, self.ner, self.syntax)}
        self._ids: dict[str, tuple[int, int]] = {}
        self._cache_size = cache_size

    # -- one document -------------------------------------------------------------------------

    def tag(self, text: str) -> Tagged:
        """Segment `text`, tag every sentence's morphology and the whole text's entities."""
        words = [Word(t.start, t.stop, t.text) for t in tokenize(text)]
        self._encode(words)
        envelopes = list(sentenize(text)) if text else []
        sents = [(s.start, s.stop, group)
                 for s, group in zip(envelopes, envelop_spans(words, envelopes), strict=True)]
        self._tag_morph([group for _, _, group in sents if group])
        spans = self._tag_ner(words) if text.strip() else []
        return Tagged(sents, spans, words)

    def parse(self, sentences: list[list[Word]]) -> list[Tree]:
        """natasha's syntax of each sentence (each independent of the others)."""
        if not sentences:
            return []
        x, rows = self.encoded(self.syntax, sentences)
        lengths = [len(s) for s in sentences]
        batch = np.zeros((len(sentences), max(lengths), x.shape[-1]), dtype=x.dtype)
        pad_mask = np.ones(batch.shape[:2], dtype=bool)
        for index, (row, size) in enumerate(zip(rows, lengths, strict=True)):
            batch[index, :size] = x[row:row + size]
            pad_mask[index, :size] = False
        # slovnet's Syntax.__call__ and SyntaxInfer.process after the encoder
        mask = ~pad_mask
        head_scores = self.syntax.head(batch)
        head_ids = self.syntax.head.decode(head_scores, mask)
        rel_ids = self.syntax.rel.decode(self.syntax.rel(batch, head_ids), mask)
        return [Tree([str(h) for h in head_ids[i, :size].tolist()],
                     [self.rels[r] for r in rel_ids[i, :size].tolist()])
                for i, size in enumerate(lengths)]

    # -- the pieces -----------------------------------------------------------------------------

    def _encode(self, words: list[Word]) -> None:
        """slovnet's WordShapeEncoder.item, memoised by word."""
        ids = self._ids
        if len(ids) > self._cache_size:
            ids.clear()
        for w in words:
            pair = ids.get(w.text)
            if pair is None:
                pair = ids[w.text] = (self.words_vocab.encode(w.text.lower()),
                                      self.shapes_vocab.encode(word_shape(w.text)))
            w.word_id, w.shape_id = pair

    def encoded(self, model, sentences: list[list[Word]]) -> tuple[np.ndarray, list[int]]:
        """The encoder's output over `sentences` joined by one padding column each; the row
        where each sentence starts."""
        word_ids: list[int] = []
        shape_ids: list[int] = []
        rows: list[int] = []
        for sentence in sentences:
            if word_ids:
                word_ids.append(self.pad_word)
                shape_ids.append(self.pad_shape)
            rows.append(len(word_ids))
            word_ids += [w.word_id for w in sentence]
            shape_ids += [w.shape_id for w in sentence]
        ids = np.array(word_ids)
        return self._encoders[id(model)](ids, np.array(shape_ids), ids == self.pad_word), rows

    def _tag_morph(self, sentences: list[list[Word]]) -> None:
        if not sentences:
            return
        x, rows = self.encoded(self.morph, sentences)
        tag_ids = self.morph.head.decode(self.morph.head(x)).tolist()
        tags = self.morph_tags
        for row, sentence in zip(rows, sentences, strict=True):
            for w, tag_id in zip(sentence, tag_ids[row:row + len(sentence)], strict=True):
                w.tag_id = tag_id
                w.pos, feats = tags[tag_id]
                w.feats = dict(feats)

    def _tag_ner(self, words: list[Word]) -> list[tuple[int, int, str]]:
        if not words:
            return []
        x, _ = self.encoded(self.ner, [words])
        emissions = self.ner.head(x)
        path = viterbi(emissions, self.ner.head.crf.transitions.array)
        tags = [self.ner_tags[i] for i in path]
        return [(s.start, s.stop, s.type) for s in bio_spans(words, tags)]


class _Embedder:
    """slovnet's WordShapeEmbedding (navec product-quantised words + shapes), as one gather."""

    def __init__(self, model) -> None:
        navec, shape = model.emb.word, model.emb.shape
        qdim, centroids, chunk = navec.codes.array.shape
        self.indexes = navec.indexes.array
        self.codes = navec.codes.array.reshape(qdim * centroids, chunk)
        self.offsets = np.arange(qdim) * centroids
        self.dim = qdim * chunk
        self.shapes = shape.weight.array

    def __call__(self, word_ids: np.ndarray, shape_ids: np.ndarray) -> np.ndarray:
        index = self.indexes[word_ids].astype(np.intp) + self.offsets
        word = np.take(self.codes, index.ravel(), axis=0).reshape(len(word_ids), self.dim)
        return np.concatenate((word, self.shapes[shape_ids]), axis=-1)


class _Encoder:
    """slovnet's CNNEncoder on one sequence laid out token by row.

    The first layer (a 3-wide convolution over the word embeddings, two thirds of the encoder's
    arithmetic) is a sum over its 3 taps of one word's embedding times that tap's weights: that
    product depends only on the word, so it is computed once per distinct word and kept
    (`cache_size` words per model, then the cache starts over). The later layers are slovnet's
    window matrices and products as they were. Summing per tap changes the order of float
    additions only: outputs agree with natasha's to float rounding (tests/test_nlp.py compares
    tags, entities and trees)."""

    def __init__(self, encoder, embedder: _Embedder, cache_size: int) -> None:
        self.embedder = embedder
        self.layers = []
        for layer in encoder.layers:
            conv, norm = layer.conv, layer.norm
            filters, channels, width = conv.weight.shape
            weight = conv.weight.array.reshape(filters, channels * width).T  # as slovnet's
            self.layers.append((width, conv.padding, weight, conv.bias.array, norm.mean.array,
                                norm.std.array, norm.weight.array, norm.bias.array))
        width, _, weight, bias = self.layers[0][:4]
        self.filters = len(bias)
        # taps[c, k * filters + f]: the weight of channel c at window position k for filter f
        self.taps = np.ascontiguousarray(weight.reshape(-1, width * self.filters))
        self.n_shapes = len(embedder.shapes)
        self.cache_size = cache_size
        self.rows: dict[int, int] = {}  # word id * shapes + shape id -> row of `projected`
        self.projected = np.empty((0, width * self.filters), dtype=self.taps.dtype)

    def __call__(self, word_ids: np.ndarray, shape_ids: np.ndarray,
                 pad: np.ndarray) -> np.ndarray:
        """The encoder's output, token by row; `pad`: the padding rows, zero after every layer."""
        x = self._first(word_ids, shape_ids)
        size = len(x)
        for index, (width, padding, weight, bias, mean, std, scale, shift) in enumerate(
                self.layers):
            if index:
                # windows[t, :, k] = x[t + k - padding], zero outside x: slovnet's window matrix
                windows = np.empty((size, x.shape[1], width), dtype=x.dtype)
                for k, (lo, hi), source in _taps(size, width, padding):
                    windows[lo:hi, :, k] = x[source]
                    windows[:lo, :, k] = 0
                    windows[hi:, :, k] = 0
                x = np.matmul(windows.reshape(size, -1), weight) + bias
            x = x.clip(0)
            x = (x - mean) / std * scale + shift
            x[pad] = 0
        return x

    def _first(self, word_ids: np.ndarray, shape_ids: np.ndarray) -> np.ndarray:
        """The first layer's convolution before its activation: bias + the taps' products."""
        width, padding, _, bias = self.layers[0][:4]
        keys, inverse = np.unique(word_ids * self.n_shapes + shape_ids, return_inverse=True)
        rows = self._rows(keys, word_ids, shape_ids, inverse)
        by_tap = self.projected[rows[inverse]].reshape(len(word_ids), width, self.filters)
        size = len(word_ids)
        x = np.broadcast_to(bias, (size, self.filters)).copy()
        for k, (lo, hi), source in _taps(size, width, padding):
            x[lo:hi] += by_tap[source, k]
        return x

    def _rows(self, keys: np.ndarray, word_ids: np.ndarray, shape_ids: np.ndarray,
              inverse: np.ndarray) -> np.ndarray:
        """The row of `projected` for each distinct word, projecting the words not kept yet."""
        rows = self.rows
        found = [rows.get(key, -1) for key in keys.tolist()]
        missing = [i for i, row in enumerate(found) if row < 0]
        if missing:
            if len(rows) + len(missing) > self.cache_size:
                rows.clear()
                found = [-1] * len(keys)
                missing = list(range(len(keys)))
            first = np.empty(len(keys), dtype=np.intp)
            first[inverse] = np.arange(len(inverse))  # a position of each distinct word
            at = first[missing]
            embedded = self.embedder(word_ids[at], shape_ids[at])
            start = len(rows)
            needed = start + len(missing)
            if needed > len(self.projected):
                rows_needed = max(needed, min(self.cache_size, 2 * len(self.projected)))
                grown = np.empty((rows_needed, self.projected.shape[1]),
                                 dtype=self.projected.dtype)
                grown[:start] = self.projected[:start]
                self.projected = grown
            self.projected[start:needed] = embedded @ self.taps
            for offset, i in enumerate(missing):
                rows[int(keys[i])] = found[i] = start + offset
        return np.array(found, dtype=np.intp)


def _taps(size: int, width: int, padding: int):
    """For each window position k of a convolution: the output rows [lo, hi) that read a row of
    the input, and the input rows they read (row t reads t + k - padding; outside is zero)."""
    for k in range(width):
        shift = k - padding
        lo, hi = max(0, -shift), min(size, size - shift)
        yield k, (lo, hi), slice(lo + shift, hi + shift)


def viterbi(emissions: np.ndarray, transitions: np.ndarray) -> list[int]:
    """slovnet's CRF.decode for one unpadded sequence, with the same float operations."""
    score = emissions[0]
    history = []
    for emission in emissions[1:]:
        scores = score[:, np.newaxis] + transitions + emission  # natasha's order of additions
        history.append(scores.argmax(0))
        score = scores.max(0)  # the value at that argmax
    best = int(score.argmax())
    path = [best]
    for best_of in reversed(history):
        best = int(best_of[best])
        path.append(best)
    path.reverse()
    return path
