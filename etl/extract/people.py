"""People with their affiliations, organisations and programs named in a document.

Participant lists are written "Имя Фамилия, Организация" one per line; a title in front of a name
("руководитель Департамента культуры Алексей Фурсин") is the person's role.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from etl.extract.context import DocContext, SentenceFacts, token_window
from etl.extract.names import nominative_phrase, tidy
from etl.models import Person
from etl.seams import Morphology
from etl.vocabulary import vocabulary

TITLE_WORDS = frozenset(vocabulary().people["titles"])  # [people] of the vocabulary
PROGRAM_WORDS = frozenset(vocabulary().names["programmes"])
_LIST_LINE = re.compile(r"^[-•*–]?\s*([А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?),\s*(.+)$")
_TRAILER = re.compile(r"\s*(и другие|и др)\.?\s*$", re.I)


def find_people(ctx: DocContext, morph: Morphology,
                is_excluded: Callable[[str], bool]) -> list[Person]:
    """Each named person once, with the organisation or role written next to the name."""
    people: dict[str, Person] = {}
    for facts in ctx.facts:
        for span in (s for s in facts.sentence.spans if s.type == "PER"):
            name = _person_name(span.normal or span.text)
            if len(name.split()) < 2 or is_excluded(name):
                continue
            org, role = _affiliation(facts, span, morph)
            known = people.get(_key(name))
            if known is None:
                people[_key(name)] = Person(name, org, role, ctx.document.document_id)
            elif known.organisation is None and org:
                known.organisation = org
            if role and known is not None and known.role is None:
                known.role = role
        listed = _listed_person(facts, morph)
        if listed is not None:
            listed.document_id = ctx.document.document_id
            known = people.setdefault(_key(listed.name), listed)
            if "ё" in listed.name:  # natasha writes е for ё; the list has the name as spelt
                known.name = listed.name
    return list(people.values())


def _key(name: str) -> str:
    return name.replace("ё", "е").replace("Ё", "Е")


def _listed_person(facts: SentenceFacts, morph) -> Person | None:
    """ "- Имя Фамилия, Организация" when the NER missed the name (it took it for a place)."""
    m = _LIST_LINE.match(facts.text)
    if m is None or "Name" not in morph.parse(m.group(1).split()[0].lower())[0].tag:
        return None
    org = tidy(_TRAILER.sub("", m.group(2)).strip(" .;"))
    return Person(m.group(1), org or None, None, None)


def _person_name(text: str) -> str:
    return " ".join(part[:1].upper() + part[1:] for part in text.split())


def _affiliation(facts: SentenceFacts, span, morph) -> tuple[str | None, str | None]:
    """ "Имя Фамилия, Организация" (a list line) or "<title> … Имя Фамилия" (a role)."""
    text = facts.text
    local_start, local_stop = facts.sentence.local(span.start), facts.sentence.local(span.stop)
    before = text[:local_start].strip(" -–—•*")
    after = text[local_stop:]
    if not before and after.startswith(","):
        org = _TRAILER.sub("", after[1:]).strip(" .;")
        return (tidy(org) or None), None
    role = _role_before(facts, span.start)
    if role:
        org_span = next((s for s in facts.sentence.spans if s.type == "ORG"
                         and role[1] <= s.start < span.start), None)
        org_name = _org_name(facts, org_span, morph) if org_span is not None else None
        return org_name, role[0]
    return None, None


def _role_before(facts: SentenceFacts, start: int) -> tuple[str, int] | None:
    """The text from the first title word before a name up to the name."""
    toks = [t for t in facts.sentence.tokens if t.stop <= start]
    first = None
    for tok in reversed(toks):
        if tok.pos == "VERB" or tok.text in {"—", ".", ":", "«", "»"}:
            break
        if tok.lemma in TITLE_WORDS:
            first = tok
    if first is None:
        return None
    role = facts.text[facts.sentence.local(first.start):facts.sentence.local(start)]
    return role.strip(" ,"), first.start


def find_organisations(ctx: DocContext, morph, is_excluded) -> list[str]:
    """Organisations named in the document, each once, in the nominative."""
    names: list[str] = []
    for facts in ctx.facts:
        for name in organisations_in(facts, morph, is_excluded):
            if name not in names:
                names.append(name)
    return names


def organisations_in(facts: SentenceFacts, morph, is_excluded) -> list[str]:
    out = []
    for span in (s for s in facts.sentence.spans if s.type == "ORG"):
        name = _org_name(facts, span, morph)
        if name and not is_excluded(name) and name not in out:
            out.append(name)
    return out


def _org_name(facts: SentenceFacts, span, morph) -> str:
    text = facts.text[facts.sentence.local(span.start):facts.sentence.local(span.stop)]
    if morph is None:
        return tidy(text)
    tokens = token_window(facts.sentence.tokens, span.start, span.stop)
    return nominative_phrase(tokens, text, span.start, morph)


def find_programs(ctx: DocContext) -> list[tuple[str, int]]:
    """Quoted names after a programme word ([names] programmes: a project, a programme, "на
    тему"): (name, sentence)."""
    found: list[tuple[str, int]] = []
    for facts in ctx.facts:
        for name, offset in facts.quoted():
            before = [t for t in facts.sentence.tokens if t.stop <= offset][-6:]
            if any(t.lemma in PROGRAM_WORDS for t in before):
                found.append((tidy(name), facts.sentence.index))
    return found
