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
    activities = _Index(_activity_keys, same_activity, out.activities)
    for activity in extracted.activities:
        twin = activities.twin(activity)
        if twin is None:
            activities.add(activity)
        else:
            twin.also_in.append(_ref(activity))
            merged_ids[activity.activity_id] = twin.activity_id
    agreements = _Index(_agreement_keys, same_agreement, out.agreements)
    for agreement in extracted.agreements:
        if agreement.activity_id in merged_ids:
            agreement.activity_id = merged_ids[agreement.activity_id]
        twin = agreements.twin(agreement)
        if twin is None:
            agreements.add(agreement)
        else:
            twin.also_in.append(_ref(agreement))
    return out


class _Index:
    """The kept records of one type, indexed so that a new record is compared only with those
    that could be its twin (10^4 press releases: a scan of every kept record per new one took
    minutes). `keys(record)` must share a key with every record `same` can accept; the first
    twin in keeping order wins, as a scan would find it."""

    def __init__(self, keys, same, kept: list) -> None:
        self.keys, self.same, self.kept = keys, same, kept
        self.index: dict[tuple, list[int]] = {}
        for i, record in enumerate(kept):
            self._file(i, record)

    def _file(self, i: int, record) -> None:
        for key in self.keys(record):
            self.index.setdefault(key, []).append(i)

    def twin(self, record):
        candidates = sorted({i for key in self.keys(record) for i in self.index.get(key, ())})
        return next((self.kept[i] for i in candidates if self.same(self.kept[i], record)), None)

    def add(self, record) -> None:
        self.kept.append(record)
        self._file(len(self.kept) - 1, record)


def _activity_keys(a: Activity) -> list[tuple]:
    """(kind group, status, year, place key) for every year the activity spans; the place key is
    each non-Moscow place, else the Moscow ids together, else none (see `same_activity`)."""
    if a.start is None:
        return []
    group = (_SAME_KIND.get(a.kind, a.kind), a.status)
    years = range(a.start.start.year, (a.end or a.start).end.year + 1)
    ids = _place_ids(a)
    specific = ids - _moscow_ids(a)
    places = [(p,) for p in sorted(specific)] if specific else [tuple(sorted(ids))]
    return [(*group, y, *p) for y in years for p in places]


def _agreement_keys(g: Agreement) -> list[tuple]:
    return [(_norm(g.counterparty),)]


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
