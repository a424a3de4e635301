"""The parsed form the rules read: syntax only where a rule reads it, the same tree either way."""

from __future__ import annotations

from natasha import Doc

from etl.extract.nlp import Token, starts_fact

TEXT = ("Погода в Костроме была тёплой, и горожане гуляли по набережной до вечера.\n"
        "В мае делегация из Костромы посетила Москву и подписала соглашение.")


def _natasha_tree(nlp, text: str) -> list[tuple[str, str, str]]:
    doc = Doc(text)
    doc.segment(nlp.segmenter)
    doc.tag_morph(nlp.morph_tagger)
    doc.parse_syntax(nlp.syntax_parser)
    return [(t.id, t.head_id, t.rel) for t in doc.tokens]


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
