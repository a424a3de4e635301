"""The parsed form the rules read: natasha's own tags, entities and trees (etl/extract/tagging.py
runs the models over whole documents), syntax only where a rule reads it, the same either way."""

from __future__ import annotations

import numpy as np
from natasha import Doc

from etl.extract.nlp import Token, starts_fact
from etl.extract.tagging import DocTagger, viterbi

TEXT = ("Погода в Костроме была тёплой, и горожане гуляли по набережной до вечера.\n"
        "В мае делегация из Костромы посетила Москву и подписала соглашение.")


# Own texts: several sentences of different lengths (the fast path joins them into one
# sequence), line breaks, quotes, abbreviations, Latin, numbers, every entity type.
TEXTS = (
    TEXT,
    "Губернатор Вологодской области Олег Кувшинов встретился с ректором МГУ.\n\n"
    "Стороны обсудили программу «Города мастеров» и фестиваль Craft Week 2025, который пройдёт "
    "12–14 сентября в Череповце. Участие подтвердили 37 компаний из 9 регионов, в том числе "
    "ООО «Северная лоза» и АНО «Дом ремёсел».\nПодробности — на сайте.",
    "Итоги. Да! Почему?\nВ Калининграде, Пскове и Туле 3,5 тыс. гостей посетили ярмарку.",
    "Министр культуры РФ Ольга Любимова и мэр Москвы Сергей Собянин открыли выставку "
    "в Манеже; её подготовили Департамент культуры города Москвы и фонд «Новое ремесло» при "
    "поддержке Агентства креативных индустрий (АКИ).",
)


def _natasha_doc(nlp, text: str) -> Doc:
    doc = Doc(text)
    doc.segment(nlp.segmenter)
    doc.tag_morph(nlp.morph_tagger)
    doc.tag_ner(nlp.ner_tagger)
    for span in doc.spans:  # before the tree, as the ETL always did: an ORG's every word
        span.normalize(nlp.morph_vocab)  # is put in the nominative
    doc.parse_syntax(nlp.syntax_parser)
    return doc


def _natasha_tree(nlp, text: str) -> list[tuple[str, str, str]]:
    return [(t.id, t.head_id, t.rel) for t in _natasha_doc(nlp, text).tokens]


def test_the_parse_is_natashas_own(extractor) -> None:
    """Token for token, the parse the rules read equals natasha's `Doc` path: sentences,
    offsets, part of speech, features, lemma, tree, and every entity with its normal form."""
    nlp = extractor.nlp
    for text in TEXTS:
        doc = _natasha_doc(nlp, text)
        for t in doc.tokens:
            t.lemmatize(nlp.morph_vocab)
        want = [(t.text, t.start, t.stop, t.pos, t.feats, t.lemma.lower(), t.id, t.head_id, t.rel)
                for sent in doc.sents for t in sent.tokens]
        sentences = nlp.parse(text)
        got = [(t.text, t.start, t.stop, t.pos, t.feats, t.lemma, t.id, t.head_id, t.rel)
               for s in sentences for t in s.tokens]
        assert got == want
        assert [(e.type, e.start, e.stop, e.normal) for s in sentences for e in s.spans] == [
            (e.type, e.start, e.stop, e.normal) for e in doc.spans]
    types = {e.type for text in TEXTS for e in _natasha_doc(nlp, text).spans}
    assert types == {"PER", "LOC", "ORG"}


def test_syntax_is_natashas_own_tree_parsed_or_not_up_front(extractor) -> None:
    """The first sentence holds no fact word, so its tree is parsed only when read; both trees
    equal natasha's parse of the whole document, and a parsed token is a plain Token."""
    nlp = extractor.nlp
    assert not any(starts_fact(w) for w in ("погода", "горожанин", "гулять", "набережная"))
    assert starts_fact("посетить") and starts_fact("кинофестиваль")
    sentences = nlp.parse(TEXT)
    first, second = sentences[0].tokens, sentences[1].tokens
    assert all(type(t) is Token for t in second)  # a fact sentence: parsed in the batch
    assert all(type(t) is not Token for t in first)  # not parsed yet
    tree = [(t.id, t.head_id, t.rel) for t in first + second]
    assert all(type(t) is Token for t in first)  # read once: parsed, plain again
    assert tree == _natasha_tree(nlp, TEXT)
    root = next(t for t in first if t.rel == "root")
    assert sentences[0].head(root) is None and sentences[0].children(root)


def test_each_sentence_is_encoded_as_if_alone(extractor) -> None:
    """The fast path joins a document's sentences into one sequence: each sentence's encoding
    equals slovnet's of that sentence alone (to float rounding), so no sentence sees another."""
    tagger = extractor.nlp.tagger
    for text in TEXTS[:3]:
        sentences = [words for _, _, words in tagger.tag(text).sents]
        assert len(sentences) >= 2
        for model in (tagger.morph, tagger.syntax):
            joined, rows = tagger.encoded(model, sentences)
            for sentence, row in zip(sentences, rows, strict=True):
                ids = np.array([[w.word_id for w in sentence]])
                shapes = np.array([[w.shape_id for w in sentence]])
                alone = model.encoder(model.emb(ids, shapes), np.zeros(ids.shape, bool))[0]
                np.testing.assert_allclose(joined[row:row + len(sentence)], alone, atol=1e-5)


def test_a_cache_that_starts_over_encodes_the_same(extractor) -> None:
    """Each encoder keeps its first layer's product per word; a cache that starts over every few
    words tags documents exactly as one that kept them all."""
    nlp = extractor.nlp
    small = DocTagger(nlp.morph_tagger, nlp.ner_tagger, nlp.syntax_parser, projection_cache=12)
    for text in TEXTS * 2:
        kept, again = nlp.tagger.tag(text), small.tag(text)
        assert [(w.text, w.tag_id) for w in again.words] == [(w.text, w.tag_id) for w in kept.words]
        assert again.spans == kept.spans
        sentences = [words for _, _, words in kept.sents]
        assert [(t.head_ids, t.rels) for t in small.parse(sentences)] == [
            (t.head_ids, t.rels) for t in nlp.tagger.parse(sentences)]


def test_viterbi_is_slovnets(extractor) -> None:
    """The NER's decode picks slovnet's own path (random scores, the model's transitions)."""
    crf = extractor.nlp.tagger.ner.head.crf
    rng = np.random.default_rng(7)
    for size in (1, 2, 40):
        emissions = rng.normal(size=(1, size, 8)).astype(np.float32) * 3
        want = crf.decode(emissions, np.ones((1, size), bool))[0].tolist()
        assert viterbi(emissions[0], crf.transitions.array) == want
