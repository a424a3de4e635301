"""Russian NLP → facts: `Extractor(resolver).extract(doc) -> Batch`.

One pass per document: furniture blanked (boilerplate), natasha parse (nlp), places resolved per
sentence (places), then the rules for activities, agreements, people and organisations. Every
fact keeps its evidence sentence, its "file:line N" and a confidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from etl.extract import boilerplate
from etl.extract.activities import FoundActivity, find_activities
from etl.extract.agreements import FoundAgreement, find_agreements
from etl.extract.context import DocContext, SentenceFacts
from etl.extract.dates import find_dates, year_of
from etl.extract.nlp import Nlp, shared_nlp
from etl.extract.people import find_organisations, find_people, find_programs, organisations_in
from etl.extract.places import PlaceCandidate, candidates, resolve
from etl.models import (
    Activity,
    Agreement,
    Batch,
    Document,
    Organisation,
    Participant,
    Rejected,
    ResolvedPlace,
)

__all__ = ["Extractor", "Extraction"]


@dataclass
class Extraction:
    """Everything read from one document: the Batch to load, plus all places for the report."""

    document: Document
    batch: Batch
    places: list[PlaceCandidate] = field(default_factory=list)
    activities: list[FoundActivity] = field(default_factory=list)
    agreements: list[FoundAgreement] = field(default_factory=list)
    sidebar_offset: int = 0  # where the dropped tail of the text starts


class Extractor:
    """Loads natasha once; `extract` is then ~tens of milliseconds per press release."""

    def __init__(self, resolver, nlp: Nlp | None = None) -> None:
        self.resolver = resolver
        self.nlp = nlp or shared_nlp()
        self._resolved: dict[tuple[str, str | None], ResolvedPlace | None] = {}

    def extract(self, doc: Document) -> Batch:
        return self.analyse(doc).batch

    def analyse(self, doc: Document) -> Extraction:
        text, tail = boilerplate.clean(doc.text)
        ctx = DocContext(doc)
        missed = self._read_sentences(ctx, self.nlp.parse(text))
        ctx.programs = find_programs(ctx)
        activities = find_activities(ctx, self._organisations_of)
        agreements = find_agreements(ctx, activities, self.nlp.morph)
        batch = self._batch(ctx, activities, agreements, missed)
        places = [p for f in ctx.facts for p in f.places]
        return Extraction(doc, batch, places, activities, agreements, tail)

    def _read_sentences(self, ctx: DocContext, sentences) -> list[PlaceCandidate]:
        """Places and dates of each sentence, with the year context running in document order."""
        year = None
        missed: list[PlaceCandidate] = []
        for sentence in sentences:
            found, unresolved = resolve(candidates(sentence, self.nlp.morph), self._resolve)
            dates = find_dates(sentence.text, self.nlp.dates_extractor)
            ctx.facts.append(SentenceFacts(sentence, found, dates, year or ctx.published_year()))
            year = year_of(dates) or year
            missed += [(c, sentence.line) for c in unresolved
                       if not self.resolver.is_excluded(c.surface)]
        return missed

    def _resolve(self, surface: str, kind_hint: str | None) -> ResolvedPlace | None:
        """The resolver, cached per surface: lists of the same cities recur across releases."""
        key = (surface, kind_hint)
        if key not in self._resolved:
            if self.resolver.is_excluded(surface):
                self._resolved[key] = None
            else:
                self._resolved[key] = self.resolver.resolve(surface, kind_hint=kind_hint)
        return self._resolved[key]

    def _organisations_of(self, facts: SentenceFacts) -> list[str]:
        return organisations_in(facts, self.nlp.morph, self.resolver.is_excluded)

    def _batch(self, ctx: DocContext, activities: list[FoundActivity],
               agreements: list[FoundAgreement], missed) -> Batch:
        doc = ctx.document
        batch = Batch()
        ids = _ids(doc, activities, agreements)
        batch.activities = [_activity(doc, a, ids[id(a)]) for a in activities]
        batch.activities += [_planned_signing(doc, g, ids[id(g)]) for g in agreements if g.planned]
        batch.agreements = [_agreement(doc, g, ids[id(g)], ids) for g in agreements
                            if not g.planned]
        batch.activities.sort(key=lambda a: int(a.activity_id.rsplit("-", 1)[1]))
        morph, excluded = self.nlp.morph, self.resolver.is_excluded
        batch.organisations = [Organisation(name) for name in find_organisations(ctx, morph,
                                                                                 excluded)]
        batch.people = find_people(ctx, morph, excluded)
        batch.programs = list(dict.fromkeys(name for name, _ in ctx.programs))
        batch.rejected = [Rejected(source="geocode", locator=_locator(doc, line),
                                   reason=self.resolver.explain(cand.surface), raw=cand.surface)
                          for cand, line in missed]
        return batch


def _ids(doc: Document, activities, agreements) -> dict[int, str]:
    """x-<document_id>-<n>, numbered in document order across activities and agreements."""
    facts = [(a.facts.sentence.start, 0, i, a) for i, a in enumerate(activities)]
    facts += [(g.facts.sentence.start, 1, i, g) for i, g in enumerate(agreements)]
    facts.sort(key=lambda f: f[:3])
    return {id(f[3]): f"x-{doc.document_id}-{n}" for n, f in enumerate(facts, 1)}


def _locator(doc: Document, line: int) -> str:
    return f"{doc.source_path or doc.document_id}:line {line}"


def _activity(doc: Document, found: FoundActivity, activity_id: str) -> Activity:
    participants = [Participant(organisation=name, role="participant")
                    for name in found.organisations]
    return Activity(
        activity_id=activity_id, kind=found.kind, status=found.status, title=found.title,
        start=found.start, end=found.end, places=found.places, participants=participants,
        program=found.program, origin="extracted", confidence=found.confidence,
        document_id=doc.document_id, evidence=found.facts.text,
        source_locator=_locator(doc, found.facts.sentence.line),
    )


def _agreement(doc: Document, found: FoundAgreement, agreement_id: str, ids) -> Agreement:
    return Agreement(
        agreement_id=agreement_id, counterparty=found.counterparty,
        counterparty_kind=found.kind, place=found.place, signed=found.signed,
        program=found.after.program if found.after else None,
        activity_id=ids.get(id(found.after)) if found.after else None,
        origin="extracted", confidence=0.8 if found.signed else 0.6,
        document_id=doc.document_id, evidence=found.facts.text,
        source_locator=_locator(doc, found.facts.sentence.line),
    )


def _planned_signing(doc: Document, found: FoundAgreement, activity_id: str) -> Activity:
    """ "подпишут соглашение с …": not an agreement yet, a planned signing."""
    places = [found.place] if found.place else []
    return Activity(
        activity_id=activity_id, kind="agreement_signing", status="planned",
        title=f"Соглашение с «{found.counterparty}»", start=found.signed, end=found.signed,
        places=places, participants=[Participant(organisation=found.counterparty,
                                                 role="counterparty")],
        origin="extracted", confidence=0.6, document_id=doc.document_id,
        evidence=found.facts.text, source_locator=_locator(doc, found.facts.sentence.line),
    )

