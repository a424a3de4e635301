"""Organisation names in the nominative: only the head noun and its adjectives inflect.

natasha's own normal form inflects every word ("Агентство креативные индустрии"); Russian names
keep their genitive tail ("Агентство креативных индустрий"), so only the words up to and
including the first noun are put in the nominative, with pymorphy3.
"""

from __future__ import annotations

from etl.extract.nlp import Token
from etl.seams import Morphology
from etl.vocabulary import quoted, quoted_group

_QUOTE_PAIRS = quoted(1)  # straight and curly quotes become «»


def nominative_phrase(tokens: list[Token], text: str, offset: int, morph: Morphology) -> str:
    """`text` (starting at document offset `offset`) with its head phrase in the nominative."""
    head = next((i for i, t in enumerate(tokens) if t.pos in {"NOUN", "PROPN"}), None)
    if head is None or tokens[head].feats.get("Case") in (None, "Nom") or "«" in text[:1]:
        return tidy(text)
    number = "plur" if tokens[head].feats.get("Number") == "Plur" else "sing"
    head_form = _inflect(tokens[head].text, {"nomn", number}, morph, "NOUN")
    gender = _gender(head_form or tokens[head].text, morph)
    pieces = []
    cursor = offset
    for i, tok in enumerate(tokens[:head + 1]):
        pieces.append(text[cursor - offset:tok.start - offset])
        wanted = {"nomn", number} | ({gender} if gender and number == "sing" else set())
        form = head_form if i == head else (
            _inflect(tok.text, wanted, morph, "ADJF") if tok.pos == "ADJ" else None)
        pieces.append(restore_case(tok.text, form) if form else tok.text)
        cursor = tok.stop
    pieces.append(text[cursor - offset:])
    return tidy("".join(pieces))


def _inflect(word: str, grammemes: set[str], morph, pos: str) -> str | None:
    for parse in morph.parse(word):
        if pos in parse.tag:
            form = parse.inflect(grammemes)
            if form is not None:
                return form.word
    return None


def _gender(noun: str, morph) -> str | None:
    for parse in morph.parse(noun):
        if "NOUN" in parse.tag:
            return parse.tag.gender
    return None


def restore_case(original: str, word: str) -> str:
    """pymorphy lower-cases: give `word` the capitalisation of `original`."""
    if original.isupper() and len(original) > 1:
        return word.upper()
    if original[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def tidy(name: str) -> str:
    """Straight quotes to «», single spaces, no trailing punctuation."""
    if name.count('"') % 2:
        name += '"'
    name = _QUOTE_PAIRS.sub(lambda m: f"«{m.group(quoted_group(m))}»", name)
    name = " ".join(name.split()).strip(" ,;:.—-")
    if name.count("«") > name.count("»"):
        name += "»"
    return name
