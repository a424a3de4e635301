"""Event mentions in a sentence and the phrase ("frame") each one governs.

A mention is an event word of the vocabulary: an event noun ("форум", "круглый стол"), a visit
noun or verb ("визит", "посетили"), a signing ("подписали соглашение"), an opening ("открылся
офис"), a region's days ("Дни Якутии в Москве"), or a quoted name that is an event by itself
(«Российская креативная неделя»). Its frame is what natasha's syntax tree attaches to it: its own
subtree plus, when it is an argument of a verb, that verb and the verb's other arguments. Dates
and places inside the frame belong to the event; the clause around it is the fallback when the
parser attached them elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from etl.extract.context import SentenceFacts
from etl.extract.nlp import Sentence, Token, may_start_fact
from etl.vocabulary import ABBREVIATION, Vocabulary, months

ARGUMENT_RELS = {"nsubj", "nsubj:pass", "obj", "obl", "iobj", "obl:agent", "nmod"}
CLAUSE_RELS = {"conj", "parataxis", "ccomp", "advcl", "acl:relcl", "acl", "csubj"}
VERB_POS = {"VERB", "AUX"}
# where a sentence holds several clauses: ", а", "; "
CLAUSE_BREAK = re.compile(r",\s+а\s+(?!также\b)|;\s+")
# "в ходе визита", "во время поездки", "по итогам визита", "в рамках визита"
# "в завершение поездки", "в начале визита", "по окончании поездки" too
REFERENCE_HEADS = {"ход", "время", "итог", "рамка", "течение", "период", "результат",
                   "завершение", "окончание", "начало", "конец"}
MONTH_LEMMAS = frozenset(months().nominative)
# nouns an event's name hangs from: "на полях ПМЭФ", "участники ВЭФ", "в рамках …"
EVENT_HOLDERS = REFERENCE_HEADS | {"поле", "участник", "гость", "площадка", "программа", "день"}


@dataclass
class Mention:
    """One event word: `role` is event | visit | signing | opening | days."""

    role: str
    kind: str | None  # None for visits: the direction decides
    token: Token  # the head word
    tokens: list[Token]
    title: str = ""
    name: str | None = None  # the quoted name that goes with it
    frame: list[Token] = field(default_factory=list)
    reference: bool = False  # "во время визита", "по итогам поездки": the visit told of before
    what: str = ""  # for an opening: what opens ("проектный офис")


def mentions(facts: SentenceFacts, vocab: Vocabulary,
             before: Sentence | None = None) -> list[Mention]:
    """All event mentions of a sentence, in text order; one visit and one signing per clause.

    `before` is the sentence before it: "Документ подписали …" signs an agreement only where one
    of the two tells of an agreement or of cooperation (`signed_documents`)."""
    sentence = facts.sentence
    tokens = sentence.tokens
    quoted = _quoted_spans(facts)
    found: list[Mention] = []
    taken: set[int] = set()
    for i, tok in enumerate(tokens):
        if i in taken:
            continue
        inside = _inside(tok, quoted)
        if not inside and not may_start_fact(tok.lemma, tok.text) and not (
                "-" in tok.lemma and vocab.compound(tok.lemma)):
            continue  # no rule below starts from this word (nlp.may_start_fact)
        word = None if inside else _event_word(tokens, i, vocab)
        if word is not None:
            seq_tokens = tokens[i:i + len(word.lemmas)]
            taken.update(range(i, i + len(word.lemmas)))
            head = _phrase_head(seq_tokens)
            found.append(Mention("event", word.kind, head, seq_tokens, word.title))
            continue
        if not inside and (kind := _abbreviation(sentence, tok, vocab)):
            found.append(Mention("event", kind, tok, [tok], tok.text))
            continue
        name_kind = vocab.name_words["words"].get(tok.lemma) if inside else None
        if name_kind and not _named_by_noun(tokens, tok, quoted, vocab):
            found.append(Mention("event", name_kind, tok, [tok], ""))
            continue
        if inside:
            continue
        if (kind := _week_of(sentence, tok, vocab)) is not None:  # "на неделе моды"
            found.append(Mention("event", kind, tok, [tok], tok.text.capitalize()))
            continue
        if _visit_word(sentence, tok, vocab):
            found.append(Mention("visit", None, tok, [tok]))
        elif _signing_word(sentence, tok, vocab, before):
            found.append(Mention("signing", "agreement_signing", tok, [tok], "Подписание"))
        elif _opening_word(sentence, tok, vocab):
            found.append(Mention("opening", "other", tok, [tok], "Открытие"))
        elif _region_days(facts, tok, vocab):
            found.append(Mention("days", vocab.region_days["kind"], tok, [tok], "Дни"))
    found = _one_per_clause(facts, found)
    for mention in found:
        lo, hi = clause_bounds(sentence, mention.token)
        mention.frame = [t for t in frame(sentence, mention.token) if lo <= t.start < hi]
        mention.name = _name_of(facts, mention, quoted)
        mention.reference = mention.role == "visit" and _is_reference(facts, mention)
        if mention.role == "opening":
            mention.what = _opened(sentence, mention.token, vocab)
    return _drop_conjuncts(sentence, found)


def _event_word(tokens: list[Token], i: int, vocab: Vocabulary):
    """The longest vocabulary event phrase starting at token i (a compound's tail counts:
    "бизнес-форум" is a форум)."""
    lemma = tokens[i].lemma
    for word in vocab.starting_with(lemma):
        n = len(word.lemmas)
        lemmas = tuple(t.lemma for t in tokens[i:i + n])
        if lemmas == word.lemmas and tokens[i + n - 1].pos in {"NOUN", "PROPN", "ADJ", "X"}:
            last = tokens[i + n - 1]
            if word.needs and not _has_preposition_child(tokens, last, word.needs) and not any(
                    t.head_id == last.id and t.rel == "amod" and t.lemma in word.or_new
                    for t in tokens):
                continue
            return word
    if tokens[i].pos not in {"NOUN", "PROPN", "X"}:
        return None
    return vocab.compound(lemma)  # "фестиваль-конкурс", "бизнес-форум", "кинофестиваль"


def _week_of(sentence: Sentence, tok: Token, vocab: Vocabulary) -> str | None:
    """A name word unquoted with what it is of: "неделя моды", "неделя дизайна" (not "на этой
    неделе", "первая неделя октября": a time word or nothing in the genitive)."""
    kind = vocab.name_words["words"].get(tok.lemma)
    if kind is None or tok.pos != "NOUN":
        return None
    of = [c for c in sentence.children(tok) if c.rel == "nmod" and c.feats.get("Case") == "Gen"
          and c.pos == "NOUN" and c.lemma not in MONTH_LEMMAS and
          c.lemma not in vocab.name_words["not_of"]]
    return kind if of else None


def _has_preposition_child(tokens: list[Token], head: Token, preposition: str) -> bool:
    """ "встреча с министром": a dependent introduced by `preposition`; "gen": a genitive of
    what it is of ("показ коллекций")."""
    if preposition == "gen":
        return any(t.head_id == head.id and t.rel == "nmod" and t.feats.get("Case") == "Gen"
                   for t in tokens)
    for child in (t for t in tokens if t.head_id == head.id):
        if any(t.head_id == child.id and t.rel == "case" and t.lemma == preposition
               for t in tokens):
            return True
    return False


def _phrase_head(tokens: list[Token]) -> Token:
    nouns = [t for t in tokens if t.pos in {"NOUN", "PROPN"}]
    return nouns[-1] if nouns else tokens[0]


def _abbreviation(sentence: Sentence, tok: Token, vocab: Vocabulary) -> str | None:
    """An event's abbreviated name by the letter that stands for the event noun ("ПМЭФ-2025",
    "на ВЭФ": Ф is форум), with an edition's year, after "на", or under a noun ("на полях ПМЭФ")."""
    m = ABBREVIATION.match(tok.text)
    if not m or m.group(1) in vocab.abbreviations["not_events"]:
        return None
    kind = vocab.abbreviations["last_letter"].get(m.group(1)[-1])
    if kind is None:
        return None
    head = sentence.head(tok)
    held = m.group(2) is not None or any(
        c.rel == "case" and c.lemma == "на" for c in sentence.children(tok)) or (
        tok.rel == "nmod" and head is not None and head.lemma in EVENT_HOLDERS)
    return kind if held else None


def _quoted_spans(facts: SentenceFacts) -> list[tuple[int, int]]:
    return [(offset, offset + len(name) + 2) for name, offset in facts.quoted()]


def _inside(tok: Token, spans: list[tuple[int, int]]) -> bool:
    return any(a < tok.start < b for a, b in spans)


def _named_by_noun(tokens: list[Token], tok: Token, quoted, vocab: Vocabulary) -> bool:
    """«Российская креативная неделя» right after "форум": the noun is the mention."""
    span = next((a, b) for a, b in quoted if a < tok.start < b)
    before = [t for t in tokens if t.stop <= span[0]]
    if before and before[-1].lemma in vocab.name_words.get("not_after", []):
        return True  # "проект «Российская креативная неделя»": a programme's name
    return bool(before) and (_event_word(tokens, tokens.index(before[-1]), vocab) is not None
                             or any(_event_word(tokens, tokens.index(t), vocab)
                                    for t in before[-2:]))


def _visit_word(sentence: Sentence, tok: Token, vocab: Vocabulary) -> bool:
    visits = vocab.visits
    if tok.lemma in visits["host_verbs"]:
        return any(c.lemma in visits["visitor_nouns"] for c in sentence.children(tok))
    if tok.lemma in visits["nouns"]:
        return tok.pos == "NOUN"
    if tok.lemma in visits["visitor_nouns"] and tok.pos == "NOUN":  # "гости из Пскова"
        return any(_governs(sentence, c, "из") and c.pos == "PROPN"
                   for c in sentence.children(tok) if c.rel == "nmod")
    if tok.lemma in visits["stay_verbs"] and tok.pos in VERB_POS:  # "провели неделю в Вологде"
        children = sentence.children(tok)
        return any(c.rel == "obj" and c.lemma in visits["durations"] and
                   not any(d.rel == "nmod" for d in sentence.children(c)) for c in children) \
            and any(c.rel == "obl" and c.pos == "PROPN" and _governs(sentence, c, "в")
                    for c in children)
    if tok.lemma in visits["work_verbs"] and tok.pos in VERB_POS:  # "эксперты агентства
        children = sentence.children(tok)                           # работали в Костроме"
        return any(c.rel == "obl" and c.pos == "PROPN" and _governs(sentence, c, "в")
                   for c in children) and any(
            c.rel == "nsubj" and _travellers_phrase(sentence, c, vocab) for c in children)
    return tok.lemma in visits["verbs"] and tok.pos in VERB_POS


def _travellers_phrase(sentence: Sentence, subject: Token, vocab: Vocabulary) -> bool:
    """People who are away from home: the agency's, a delegation or guests, or people "из …"."""
    visits = vocab.visits
    words = subtree(sentence, subject)
    return any(t.lemma == visits["agency"] or t.lemma in visits["visitor_nouns"] for t in words) \
        or any(t.rel == "nmod" and _governs(sentence, t, "из") for t in words)


def _governs(sentence: Sentence, tok: Token, preposition: str) -> bool:
    """ `tok` is introduced by `preposition` ("из Пскова")."""
    return any(c.rel == "case" and c.lemma == preposition for c in sentence.children(tok))


def signed_documents(vocab: Vocabulary, *sentences: Sentence | None) -> frozenset[str]:
    """What a signing in these sentences signs: an agreement noun; a document noun too
    ("документ") where one of them tells of an agreement or of cooperation as what is done or
    agreed ("будут сотрудничать", "договорились о сотрудничестве", "документ о сотрудничестве");
    a report's "Документ подписал директор" signs no agreement."""
    signing = vocab.signing
    agreements = frozenset(signing["agreements"])
    documents = agreements | frozenset(signing["documents"])
    holders = documents | frozenset(signing["accord_verbs"]) | frozenset(signing["verbs"]) | \
        frozenset(signing["nouns"])
    for sentence in sentences:
        if sentence is None:
            continue
        for t in sentence.tokens:
            if t.lemma in agreements:
                return documents
            if t.lemma in signing["cooperation"] and (t.pos in VERB_POS or (
                    (head := sentence.head(t)) is not None and head.lemma in holders)):
                return documents
    return agreements


def _signing_word(sentence: Sentence, tok: Token, vocab: Vocabulary,
                  before: Sentence | None = None) -> bool:
    signing = vocab.signing
    if tok.lemma in signing["signature_verbs"]:
        return any(c.lemma == signing["signature"] for c in sentence.children(tok))
    if tok.lemma not in signing["verbs"] and tok.lemma not in signing["nouns"]:
        return False
    documents = {*signed_documents(vocab, before, sentence), signing["signature"]}
    near = sentence.children(tok) + ([h] if (h := sentence.head(tok)) else [])
    if any(t.lemma in documents for t in near):
        return True
    clause = clause_tokens(sentence, tok)
    return tok.pos in VERB_POS and any(t.lemma in documents for t in clause)


def _opening_word(sentence: Sentence, tok: Token, vocab: Vocabulary) -> bool:
    """ "открылся офис", "внедрят стандарт", "АНО заработает": what opens must be a place, an
    organisation or a programme, never an event ("открыл форум" is the forum's)."""
    if tok.lemma not in vocab.opening["verbs"] or tok.pos not in VERB_POS | {"ADJ"}:
        return False
    objects = set(vocab.opening["objects"])
    args = [c for c in sentence.children(tok) if c.rel in {"nsubj", "nsubj:pass", "obj"}]
    head = sentence.head(tok)
    if head is not None and tok.rel in {"xcomp", "csubj"}:  # "начнут внедрять стандарт"
        args += [c for c in sentence.children(head) if c.rel in {"nsubj", "nsubj:pass", "obj"}]
    if tok.pos == "ADJ" and not any(c.rel in {"aux", "aux:pass", "cop"}
                                    for c in sentence.children(tok)):
        return False
    return any(_last_part(a.lemma) in objects for a in args)


def _opened(sentence: Sentence, tok: Token, vocab: Vocabulary) -> str:
    """The words naming what opens: the noun with its adjectives ("проектный офис")."""
    objects = set(vocab.opening["objects"])
    heads = [tok] + ([h] if (h := sentence.head(tok)) is not None else [])
    for head in heads:
        for arg in sentence.children(head):
            if arg.rel in {"nsubj", "nsubj:pass", "obj"} and _last_part(arg.lemma) in objects:
                words = [c for c in sentence.children(arg) if c.rel == "amod"
                         and c.start < arg.start] + [arg]
                return " ".join(t.lemma if t is arg else t.text.lower() for t in words)
    return ""


def _last_part(lemma: str) -> str:
    return lemma.rsplit("-", 1)[-1]


def _region_days(facts: SentenceFacts, tok: Token, vocab: Vocabulary) -> bool:
    """ "Дни Якутии в Москве", "день Витебской области": days named after a place."""
    if tok.lemma != vocab.region_days["lemma"] or tok.pos not in {"NOUN", "PROPN"}:
        return False
    span = subtree(facts.sentence, tok)
    lo, hi = min(t.start for t in span), max(t.stop for t in span)
    if any(lo <= p.start < hi and p.start > tok.start and not p.surface.islower()
           and facts.preposition_before(p) is None for p in facts.places):
        return True
    genitive = [c for c in span if c.rel == "nmod" and c.feats.get("Case") == "Gen"]
    return any(s.type == "LOC" and tok.stop <= s.start < hi and
               any(c.start == s.start or s.start <= c.start < s.stop for c in genitive)
               for s in facts.sentence.spans)


def _one_per_clause(facts: SentenceFacts, found: list[Mention]) -> list[Mention]:
    """A clause tells of one visit and one signing: "делегация … посетила" is one visit."""
    seen: set[tuple[int, str]] = set()
    kept = []
    found = sorted(found, key=lambda m: (m.role == "visit" and _is_reference(facts, m),
                                         m.token.start))
    for mention in found:
        if mention.role in {"visit", "signing"} or mention.kind == "delegation":
            role = "visit" if mention.role in {"visit", "days"} or mention.kind == "delegation" \
                else mention.role
            if role == "visit" and _is_reference(facts, mention) and \
                    _own_destination(facts, mention.token):
                role = "setting"  # "в ходе поездки в Калужскую область посетил школу": both
            key = (clause_index(facts.sentence, mention.token), role)
            if key in seen:
                continue
            seen.add(key)
        kept.append(mention)
    return sorted(kept, key=lambda m: m.token.start)


def _own_destination(facts: SentenceFacts, tok: Token) -> bool:
    """ "поездки в Калужскую область": the trip noun names where it goes."""
    sentence = facts.sentence
    for child in sentence.children(tok):
        if child.rel == "nmod" and _governs(sentence, child, "в") and any(
                p.start < child.stop and child.start < p.stop for p in facts.places):
            return True
    return False


def _is_reference(facts: SentenceFacts, mention: Mention) -> bool:
    """ "в ходе визита" (a fixed preposition), "по итогам поездки" (a head noun)."""
    sentence, tok = facts.sentence, mention.token
    if tok.pos != "NOUN":
        return False
    head = sentence.head(tok)
    if head is not None and head.lemma in REFERENCE_HEADS:
        return True
    return any(f.lemma in REFERENCE_HEADS for case in sentence.children(tok) if case.rel == "case"
               for f in sentence.children(case))


def _drop_conjuncts(sentence: Sentence, found: list[Mention]) -> list[Mention]:
    """ "состоятся бизнес-форум, выставки, лекции": one programme, the first event word."""
    ids = {m.token.id: m for m in found if m.role == "event"}
    kept = []
    for mention in found:
        head = ids.get(mention.token.head_id)
        if mention.role == "event" and mention.token.rel == "conj" and head is not None:
            continue
        kept.append(mention)
    return kept


def _name_of(facts: SentenceFacts, mention: Mention, quoted) -> str | None:
    """The quoted name right after the event word (or around it, for a name word)."""
    tok = mention.token
    for name, offset in facts.quoted():
        if offset <= tok.start < offset + len(name) + 2:
            return name
        between = facts.sentence.text[facts.sentence.local(tok.stop):facts.sentence.local(offset)]
        if 0 <= offset - tok.stop and len(between.split()) <= 4 and "," not in between and \
                not any(t.pos in {"NOUN", "PROPN", "VERB"} and t.feats.get("Case") != "Gen"
                        for t in facts.sentence.tokens if tok.stop <= t.start < offset):
            return name  # "форум креативных индустрий «…»", not "на форуме проект «…»"
    return None


def subtree(sentence: Sentence, token: Token) -> list[Token]:
    """`token` and everything under it, in text order."""
    out, stack = [], [token]
    seen = set()
    while stack:
        node = stack.pop()
        if node.id in seen:
            continue
        seen.add(node.id)
        out.append(node)
        stack.extend(sentence.children(node))
    return sorted(out, key=lambda t: t.start)


def frame(sentence: Sentence, token: Token) -> list[Token]:
    """The event word's phrase and, when it is a verb's argument, the verb's other arguments.

    A noun inside another noun ("старт форума", "в рамках форума") hands over to that noun first.
    Other clauses hanging from the verb (conj, parataxis, relative clauses of other nouns) stay
    out; so do arguments that hold an event word of their own.
    """
    node = token
    for _ in range(2):
        head = sentence.head(node)
        if head is None or node.rel != "nmod" or head.pos not in {"NOUN", "PROPN"}:
            break
        node = head
    tokens = {t.id: t for t in subtree(sentence, node)}
    head = sentence.head(node)
    if token.pos in VERB_POS:
        head, node = token, token
    if head is not None and head.pos in VERB_POS | {"ADJ"} and (
            node is head or node.rel in ARGUMENT_RELS):
        tokens[head.id] = head
        for child in sentence.children(head):
            if child is node or child.rel in CLAUSE_RELS:
                continue
            for t in subtree(sentence, child):
                tokens[t.id] = t
    return sorted(tokens.values(), key=lambda t: t.start)


def clause_index(sentence: Sentence, token: Token) -> int:
    local = sentence.local(token.start)
    return sum(1 for m in CLAUSE_BREAK.finditer(sentence.text) if m.end() <= local)


def clause_bounds(sentence: Sentence, token: Token) -> tuple[int, int]:
    """Document offsets of the clause holding `token`."""
    local = sentence.local(token.start)
    breaks = list(CLAUSE_BREAK.finditer(sentence.text))
    starts = [0] + [m.end() for m in breaks]
    stops = [m.start() for m in breaks] + [len(sentence.text)]
    for a, b in zip(starts, stops, strict=True):
        if a <= local < b:
            return sentence.start + a, sentence.start + b
    return sentence.start, sentence.stop


def clause_tokens(sentence: Sentence, token: Token) -> list[Token]:
    lo, hi = clause_bounds(sentence, token)
    return [t for t in sentence.tokens if lo <= t.start < hi]
