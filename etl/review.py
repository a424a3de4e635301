"""The analysts' decisions applied to a run: between extraction and merge.

Accepted and corrected facts count as curated (they win the merge, confidence 1); rejected ones
are dropped, whatever the extractor says next time; facts added by hand (from a sentence of a
document, or from a form) are built and checked exactly as curated rows are. Every fact taken
from a document gets a `fact_review` row — unreviewed, accepted, corrected or added, by whom and
when — which the warehouse publishes for the review queue and the "reviewed only" filter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from etl.config import Settings
from etl.decisions import (
    AddedFact,
    Decision,
    DecisionStore,
    activity_signature,
    agreement_signature,
)
from etl.models import Activity, Agreement, Batch, Participant, Rejected
from etl.resolve import resolve_fact
from etl.seams import PlaceResolver
from etl.sources.curated import Records, RowError
from etl.sources.tables import Row

LABEL = "analyst"  # the locator of a fact an analyst entered: "analyst:row <fact_no>"
DEFAULT_ROLE = {"mission": "destination", "delegation": "origin", "business_mission": "origin",
                "internship": "destination"}


@dataclass
class Applied:
    curated: Batch
    extracted: Batch
    reviews: list[tuple]  # fact_review rows


def default_role(kind: str) -> str:
    return DEFAULT_ROLE.get(kind, "venue")


def build_fact(fact_type: str, fields: dict, resolver: PlaceResolver, fact_id: str,
               number: int = 1) -> Activity | Agreement:
    """A fact from an analyst's fields, validated by the curated tables' own rules and its
    places resolved at once.

    Raises `RowError` with the same reason a curated row would get."""
    fact = _record(fact_type, fields, fact_id, number)
    resolve_fact(fact, resolver)
    return fact


def _record(fact_type: str, fields: dict, fact_id: str, number: int) -> Activity | Agreement:
    asm = Records()
    f = {k: str(v).strip() for k, v in fields.items() if v is not None}
    if fact_type == "agreement":
        asm.add_agreements(Row(LABEL, number, {
            "agreement_id": fact_id, "counterparty": f.get("counterparty", ""),
            "counterparty_kind": f.get("counterparty_kind", ""), "place": f.get("place", ""),
            "signed": f.get("signed", ""), "program": f.get("program", ""),
            "note": f.get("evidence", "")}))
        return asm.agreements[fact_id]
    kind = f.get("kind", "")
    asm.add_activities(Row(LABEL, number, {
        "activity_id": fact_id, "kind": kind, "status": f.get("status", ""),
        "title": f.get("title") or _title(kind, f.get("place", "")), "start": f.get("start", ""),
        "end": f.get("end", ""), "program": f.get("program", ""),
        "note": f.get("evidence", "")}))
    if f.get("place"):
        asm.add_activity_places(Row(LABEL, number, {
            "activity_id": fact_id, "place": f["place"],
            "role": f.get("role") or default_role(kind)}))
    if f.get("counterparty"):
        asm.add_activity_participants(Row(LABEL, number, {
            "activity_id": fact_id, "organisation": f["counterparty"], "role": "counterparty"}))
    return asm.activities[fact_id]


def _title(kind: str, place: str) -> str:
    """A fact added without a title is named by its place (the kind has its own column)."""
    return place or kind


def apply(settings: Settings, curated: Batch, extracted: Batch, resolver) -> Applied:
    """Decisions and added facts from the analysts' store, applied to this run's facts."""
    path = settings.analyst_dir / "decisions.sqlite"
    decisions: dict[tuple[str, str], Decision] = {}
    added: list[AddedFact] = []
    if path.exists():
        with DecisionStore(path) as store:
            decisions, added = store.decisions(), store.added()
    reviews: list[tuple] = []
    dropped: set[str] = set()
    kept_activities: list[Activity] = []
    for activity in extracted.activities:
        sig = activity_signature(activity)
        decision = decisions.get((activity.document_id or "", sig))
        fact = _decide(activity, decision, "activity", resolver, extracted.rejected)
        if fact is None:
            dropped.add(activity.activity_id)
            continue
        reviews.append(_review(fact.activity_id, "activity", fact.document_id, sig, decision))
        (curated.activities if decision else kept_activities).append(fact)
    extracted.activities = kept_activities
    kept_agreements: list[Agreement] = []
    for agreement in extracted.agreements:
        if agreement.activity_id in dropped:
            agreement.activity_id = None
        sig = agreement_signature(agreement)
        decision = decisions.get((agreement.document_id or "", sig))
        fact = _decide(agreement, decision, "agreement", resolver, extracted.rejected)
        if fact is None:
            continue
        reviews.append(_review(fact.agreement_id, "agreement", fact.document_id, sig, decision))
        (curated.agreements if decision else kept_agreements).append(fact)
    extracted.agreements = kept_agreements
    documents = {d.document_id for d in (*curated.documents, *extracted.documents)}
    for item in added:
        _add(item, resolver, documents, curated, reviews)
    return Applied(curated, extracted, reviews)


def _review(fact_id: str, fact_type: str, document_id: str | None, sig: str,
            decision: Decision | None) -> tuple:
    if decision is None:
        return (fact_id, fact_type, document_id, sig, "unreviewed", None, None)
    review = "accepted" if decision.action == "accept" else "corrected"
    return (fact_id, fact_type, document_id, sig, review, decision.user,
            _timestamp(decision.decided_at))


def _timestamp(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def _decide(fact, decision: Decision | None, fact_type: str, resolver,
            rejected: list[Rejected]):
    """The fact as the decision leaves it: None when rejected."""
    if decision is None:
        return fact
    if decision.action == "reject":
        return None
    fact.origin, fact.confidence = "curated", 1.0
    if decision.action == "correct" and decision.corrections:
        try:
            _correct(fact, decision.corrections, fact_type, resolver)
        except RowError as exc:  # the fact stays as extracted, accepted; the analyst is told
            rejected.append(Rejected(
                "analyst", fact.source_locator or fact.document_id or "",
                f"correction not applied: {exc}", raw=str(decision.corrections),
                severity="warning"))
    return fact


def _correct(fact, corrections: dict, fact_type: str, resolver) -> None:
    """Corrected fields, validated as a curated row with the fact's other fields would be."""
    if fact_type == "agreement":
        base = {"counterparty": fact.counterparty, "counterparty_kind": fact.counterparty_kind,
                "signed": fact.signed.iso() if fact.signed else "",
                "place": fact.place.surface if fact.place else "", "program": fact.program}
        new = build_fact("agreement", {**base, **corrections}, resolver, fact.agreement_id)
        assert isinstance(new, Agreement)
        fact.counterparty, fact.counterparty_kind = new.counterparty, new.counterparty_kind
        fact.signed, fact.program = new.signed, new.program
        if "place" in corrections:
            fact.place = new.place
        return
    base = {"kind": fact.kind, "status": fact.status, "title": fact.title,
            "start": fact.start.iso() if fact.start else "",
            "end": fact.end.iso() if fact.end else "", "program": fact.program}
    merged = {**base, **corrections}
    if "start" in corrections and "end" not in corrections:
        merged["end"] = ""  # a new start with the old end could end before it starts
    new = build_fact("activity", merged, resolver, fact.activity_id)
    assert isinstance(new, Activity)
    fact.kind, fact.status, fact.start, fact.end = new.kind, new.status, new.start, new.end
    fact.program = new.program
    if "place" in corrections:
        role = corrections.get("role") or default_role(fact.kind)
        fact.places = [m for m in fact.places if m.role != role] + new.places
    if "counterparty" in corrections:
        fact.participants = [p for p in fact.participants if p.role != "counterparty"]
        fact.participants.append(Participant(organisation=corrections["counterparty"],
                                             role="counterparty"))


def _add(item: AddedFact, resolver, documents: set[str], curated: Batch,
         reviews: list[tuple]) -> None:
    fact_id = f"r-{item.fact_no}"
    try:
        fact = build_fact(item.fact_type, item.fields, resolver, fact_id, item.fact_no)
    except RowError as exc:
        curated.rejected.append(Rejected("analyst", f"{LABEL}:row {item.fact_no}", str(exc),
                                         raw=str(item.fields)))
        return
    fact.document_id = item.document_id if item.document_id in documents else None
    fact.confidence = 1.0
    if isinstance(fact, Agreement):
        curated.agreements.append(fact)
    else:
        curated.activities.append(fact)
    reviews.append((fact_id, item.fact_type, fact.document_id, None, "added", item.user,
                    _timestamp(item.added_at)))

