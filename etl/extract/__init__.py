"""Russian NLP → facts: `Extractor(resolver).extract(doc) -> Batch`.

One pass per document: furniture blanked (boilerplate), natasha parse (nlp), places resolved per
sentence (places), then the rules for activities, agreements, people and organisations. Every
fact keeps its evidence sentence, its "file:line N" and a confidence. Each rule runs under a
guard (guard.py): a rule that raises on a sentence loses that sentence's facts of that rule, as a
warning in `rejected`, and the document loads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from etl.extract import boilerplate
from etl.extract.activities import FoundActivity, find_activities
from etl.extract.agreements import Counterparty, FoundAgreement, find_agreements
from etl.extract.context import DocContext, SentenceFacts
from etl.extract.dates import DateMention, find_dates, year_of
from etl.extract.guard import RuleGuard
from etl.extract.nlp import Nlp, Sentence, shared_nlp
from etl.extract.people import find_organisations, find_people, find_programs, organisations_in
from etl.extract.places import PlaceCandidate, candidates, resolve
from etl.extract.visits import find_planned_visits
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
from etl.seams import PlaceResolver

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

    def __init__(self, resolver: PlaceResolver, nlp: Nlp | None = None) -> None:
        self.resolver = resolver
        self.nlp = nlp or shared_nlp()
        self._resolved: dict[tuple[str, str | None], ResolvedPlace | None] = {}

    def extract(self, doc: Document) -> Batch:
        return self.analyse(doc).batch

    def analyse(self, doc: Document) -> Extraction:
        text, tail = boilerplate.clean(doc.text)
        ctx = DocContext(doc)
        guard = RuleGuard(ctx, lambda line: _locator(doc, line))
        missed = self._read_sentences(ctx, self.nlp.parse(text), guard)
        ctx.programs = guard.run("programs", find_programs)
        activities = guard.run("activities",
                               lambda c: find_activities(c, self._organisations_of))
        activities += guard.run("planned visits",
                                lambda c: find_planned_visits(c, activities, self.nlp.morph))
        activities.sort(key=lambda a: a.facts.sentence.index)
        agreements = guard.run("agreements", lambda c: find_agreements(c, activities, self.nlp))
        batch = self._batch(ctx, activities, agreements, missed, guard)
        batch.rejected += guard.warnings
        places = [p for f in ctx.facts for p in f.places]
        return Extraction(doc, batch, places, activities, agreements, tail)

    def _read_sentences(self, ctx: DocContext, sentences: list[Sentence],
                        guard: RuleGuard) -> list[tuple[PlaceCandidate, int]]:
        """Places and dates of each sentence, with the year context running in document order.
        Returns the strong candidates no resolver knew, with their lines."""
        year = None
        missed: list[tuple[PlaceCandidate, int]] = []
        none: tuple[list[PlaceCandidate], list[PlaceCandidate]] = ([], [])
        no_dates: list[DateMention] = []
        for sentence in sentences:
            bare = SentenceFacts(sentence, [], [], year or ctx.published_year())
            found, unresolved = guard.sentence("places", bare,
                                               partial(self._places_of, sentence), none)
            dates = guard.sentence("dates", bare, partial(self._dates_of, sentence), no_dates)
            ctx.facts.append(SentenceFacts(sentence, found, dates, year or ctx.published_year()))
            year = year_of(dates) or year
            missed += [(c, sentence.line) for c in unresolved
                       if not self.resolver.is_excluded(c.surface)]
        return missed

    def _places_of(self, sentence: Sentence) -> tuple[list[PlaceCandidate], list[PlaceCandidate]]:
        return resolve(candidates(sentence, self.nlp.morph), self._resolve)

    def _dates_of(self, sentence: Sentence) -> list[DateMention]:
        return find_dates(sentence.text, self.nlp.dates_extractor)

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
               agreements: list[FoundAgreement], missed: list[tuple[PlaceCandidate, int]],
               guard: RuleGuard) -> Batch:
        doc = ctx.document
        batch = Batch()
        signed = {g.facts.sentence.index for g in agreements}  # the agreement rule's signing wins
        activities = [a for a in activities if a.kind != "agreement_signing"
                      or not (a.sentences | {a.facts.sentence.index}) & signed]
        ids = _ids(doc, activities, agreements)
        batch.activities = [_activity(doc, a, ids[id(a)]) for a in activities]
        batch.activities += [_signing(doc, g, ids[id(g)]) for g in agreements
                             if g.outcome_of is None]
        batch.agreements = [_agreement(doc, g, c, f"{ids[id(g)]}.{n}",
                                       ids[id(g.outcome_of) if g.outcome_of else id(g)])
                            for g in agreements for n, c in enumerate(g.counterparties, 1)]
        batch.activities.sort(key=lambda a: int(a.activity_id.rsplit("-", 1)[1]))
        morph, excluded = self.nlp.morph, self.resolver.is_excluded
        batch.organisations = [Organisation(name) for name in guard.run(
            "organisations", lambda c: find_organisations(c, morph, excluded))]
        batch.people = guard.run("people", lambda c: find_people(c, morph, excluded))
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


def _agreement(doc: Document, found: FoundAgreement, counterparty: Counterparty,
               agreement_id: str, activity_id: str) -> Agreement:
    """One counterparty of a signing; planned or done is its activity's status (its signing,
    or the visit it is the outcome of)."""
    return Agreement(
        agreement_id=agreement_id, counterparty=counterparty.name,
        counterparty_kind=counterparty.kind, place=counterparty.place, signed=found.signed,
        program=found.after.program if found.after else None,
        activity_id=activity_id,
        origin="extracted", confidence=0.6 if found.planned else 0.8,
        document_id=doc.document_id, evidence=found.facts.text,
        source_locator=_locator(doc, found.facts.sentence.line),
    )


def _signing(doc: Document, found: FoundAgreement, activity_id: str) -> Activity:
    """The signing itself: an activity of kind agreement_signing, done or planned."""
    names = [c.name for c in found.counterparties]
    participants = [Participant(organisation=name, role="counterparty") for name in names]
    participants += [Participant(organisation=name, role="participant")
                     for name in found.parties if name not in names]
    places = [found.place] if found.place else []
    return Activity(
        activity_id=activity_id, kind="agreement_signing",
        status="planned" if found.planned else "done",
        title=f"Соглашение: {', '.join(names)}",
        start=found.signed, end=found.signed, places=places, participants=participants,
        program=found.after.program if found.after else None,
        origin="extracted", confidence=0.6 if found.planned else 0.7,
        document_id=doc.document_id, evidence=found.facts.text,
        source_locator=_locator(doc, found.facts.sentence.line),
    )
