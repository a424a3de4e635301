"""One fact, many sources: an extracted fact that a curated row (or an earlier document) already
states is folded into it. The kept record gains a SourceRef; curated values always win.
"""

from __future__ import annotations

from etl.models import Activity, Agreement, Batch, SourceRef

# kinds an analyst and a press release may name differently for the same visit
_SAME_KIND = {"delegation": "inbound", "business_mission": "inbound"}


def merge(curated: Batch, extracted: Batch) -> Batch:
    """Curated records first, then each extracted record unless it repeats a kept one."""
    out = Batch()
    out.extend(curated)
    for doc in extracted.documents:
        out.documents.append(doc)
    out.rejected.extend(extracted.rejected)
    out.organisations.extend(extracted.organisations)
    out.people.extend(extracted.people)
    out.programs.extend(extracted.programs)
    merged_ids: dict[str, str] = {}
    for activity in extracted.activities:
        twin = next((kept for kept in out.activities if same_activity(kept, activity)), None)
        if twin is None:
            out.activities.append(activity)
        else:
            twin.also_in.append(_ref(activity))
            merged_ids[activity.activity_id] = twin.activity_id
    for agreement in extracted.agreements:
        if agreement.activity_id in merged_ids:
            agreement.activity_id = merged_ids[agreement.activity_id]
        twin = next((kept for kept in out.agreements if same_agreement(kept, agreement)), None)
        if twin is None:
            out.agreements.append(agreement)
        else:
            twin.also_in.append(_ref(agreement))
    return out


def _ref(fact: Activity | Agreement) -> SourceRef:
    return SourceRef(document_id=fact.document_id or "", origin=fact.origin,
                     evidence=fact.evidence, confidence=fact.confidence)


def _place_ids(activity: Activity) -> set[str]:
    return {m.resolved.place_id for m in activity.places if m.resolved}


def same_activity(a: Activity, b: Activity) -> bool:
    """Same kind (or both inbound visits), overlapping dates, and a shared place if any."""
    if _SAME_KIND.get(a.kind, a.kind) != _SAME_KIND.get(b.kind, b.kind) or a.status != b.status:
        return False
    if a.start is None or b.start is None:
        return False
    a_end, b_end = (a.end or a.start).end, (b.end or b.start).end
    if a.start.start > b_end or b.start.start > a_end:
        return False
    places_a, places_b = _place_ids(a), _place_ids(b)
    if places_a and places_b:
        return bool(places_a & places_b) and _overlap_is_specific(a, b, places_a & places_b)
    return not places_a and not places_b


def _overlap_is_specific(a: Activity, b: Activity, shared: set[str]) -> bool:
    """Moscow alone is every inbound visit's destination: it proves nothing by itself."""
    non_moscow = {p for p in shared if p not in _moscow_ids(a) | _moscow_ids(b)}
    return bool(non_moscow) or (len(shared) == len(_place_ids(a)) == len(_place_ids(b)))


def _moscow_ids(activity: Activity) -> set[str]:
    return {m.resolved.place_id for m in activity.places
            if m.resolved and m.resolved.kind == "city" and m.resolved.region_code == "RU-MOW"}


def _norm(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def same_agreement(a: Agreement, b: Agreement) -> bool:
    """Same counterparty, signed in the same year (or one of them undated)."""
    if _norm(a.counterparty) != _norm(b.counterparty):
        return False
    if a.signed is None or b.signed is None:
        return True
    return a.signed.start.year == b.signed.start.year
