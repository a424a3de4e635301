"""Batch -> rows of the warehouse tables. Pure Python: no DuckDB here.

Every id is derived from content and rows follow the input order (files sorted by name, rows
in file order), so the same inputs always give the same rows; the warehouse stores each table
sorted by its key (`warehouse.STORED_ORDER`), which is cheaper there than a Python sort here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from etl.models import Activity, Agreement, Batch, PlaceMention, Rejected, ResolvedPlace
from etl.planned import planned_visits
from etl.runlog import RunRecord

Row = tuple[Any, ...]  # one warehouse row, in the column order of schema.sql
PlaceIdOf = Callable[[PlaceMention | None], "str | None"]  # a mention's place id, remembered


def stable_id(prefix: str, *parts: str) -> str:
    digest = hashlib.sha1("\x1f".join(p.casefold() for p in parts).encode()).hexdigest()[:12]
    return f"{prefix}:{digest}"


@dataclass
class Tables:
    """Rows for each warehouse table, as tuples in the column order of schema.sql."""

    rows: dict[str, list[Row]] = field(default_factory=dict)

    def add(self, table: str, row: Row) -> None:
        self.rows.setdefault(table, []).append(row)

    def get(self, table: str) -> list[Row]:
        return self.rows.get(table, [])


def build_rows(batch: Batch, regions: Iterable[dict[str, str]],
               ingested_at: dt.datetime) -> Tables:
    t = Tables()
    for r in regions:
        t.add("region", (r["region_code"], _bool(r["iso_3166_2"]), r["name_ru"], r["name_en"],
                         r["type"], r["federal_district"], r.get("capital_ru") or None,
                         float(r["lat"]), float(r["lon"])))
    places: dict[str, ResolvedPlace] = {}
    aliases: set[tuple[str, str]] = set()

    def place_id(mention: PlaceMention | None) -> str | None:
        if mention is None or mention.resolved is None:
            return None
        p = mention.resolved
        places.setdefault(p.place_id, p)
        aliases.add((mention.surface, p.place_id))
        return p.place_id

    _documents(t, batch, ingested_at)
    orgs = _organisations(t, batch, place_id)
    _people(t, batch, orgs)
    _programs(t, batch)
    _activities(t, batch, place_id, orgs)
    _planned_visits(t, batch, place_id)
    _agreements(t, batch, place_id, orgs)
    for p in places.values():
        t.add("place", (p.place_id, p.name_ru, p.name_en, p.kind, p.region_code, p.lat, p.lon,
                        p.precision, p.geocoder, p.confidence, p.note or None))
    t.rows["place_alias"] = list(aliases)
    return t  # in input order: the warehouse stores each table sorted by its key (STORED_ORDER)


def _bool(value: object) -> bool:
    return str(value).strip().lower() in {"true", "1", "yes"}


def _documents(t: Tables, batch: Batch, ingested_at: dt.datetime) -> None:
    for d in {d.document_id: d for d in batch.documents}.values():
        pub = d.published
        t.add("document", (d.document_id, d.title, pub.start if pub else None,
                           pub.precision if pub else None, d.published_from or None,
                           d.publisher or None, d.url or None, d.source_path or None, d.origin,
                           d.text, ingested_at))


def _organisations(t: Tables, batch: Batch, place_id: PlaceIdOf) -> dict[str, str]:
    """organisation name (case-insensitive) -> organisation_id."""
    ids: dict[str, str] = {}
    for org in batch.organisations:
        key = org.name.casefold()
        if key in ids:
            continue
        ids[key] = stable_id("org", org.name)
        t.add("organisation", (ids[key], org.name, org.kind, place_id(org.place)))
    return ids


def _org_id(orgs: dict[str, str], t: Tables, name: str | None) -> str | None:
    if not name:
        return None
    key = name.casefold()
    if key not in orgs:  # named by a fact but not listed as an organisation
        orgs[key] = stable_id("org", name)
        t.add("organisation", (orgs[key], name, None, None))
    return orgs[key]


def _people(t: Tables, batch: Batch, orgs: dict[str, str]) -> None:
    seen: set[str] = set()
    for p in batch.people:
        pid = stable_id("person", p.name, p.organisation or "")
        if pid in seen:
            continue
        seen.add(pid)
        t.add("person", (pid, p.name, _org_id(orgs, t, p.organisation), p.role, p.document_id))


def _programs(t: Tables, batch: Batch) -> None:
    names = set(batch.programs)
    names |= {a.program for a in batch.activities if a.program}
    names |= {g.program for g in batch.agreements if g.program}
    by_key = {n.casefold(): n for n in sorted(names)}
    for name in by_key.values():
        t.add("program", (stable_id("program", name), name))


def _activities(t: Tables, batch: Batch, place_id: PlaceIdOf, orgs: dict[str, str]) -> None:
    for a in batch.activities:
        start, end = a.start, a.end or a.start
        t.add("activity", (a.activity_id, a.kind, a.status, a.title,
                           start.start if start else None, end.end if end else None,
                           start.precision if start else None, a.program, a.origin,
                           a.confidence, a.document_id, a.evidence or None,
                           a.source_locator or None))
        seen_places: set[tuple[str, str]] = set()
        for mention in a.places:
            pid = place_id(mention)
            if pid and (pid, mention.role or "destination") not in seen_places:
                seen_places.add((pid, mention.role or "destination"))
                t.add("activity_place", (a.activity_id, pid, mention.role or "destination",
                                         mention.surface))
        _participants(t, a, orgs)
        _sources(t, "activity_source", a, with_confidence=True)


def _participants(t: Tables, a: Activity, orgs: dict[str, str]) -> None:
    seen: set[Row] = set()
    for p in a.participants:
        row = (a.activity_id, _org_id(orgs, t, p.organisation),
               stable_id("person", p.person, p.organisation or "") if p.person else None,
               p.role or "participant")
        if row not in seen:
            seen.add(row)
            t.add("activity_participant", row)


def _sources(t: Tables, table: str, fact: Activity | Agreement, with_confidence: bool) -> None:
    fact_id = fact.activity_id if isinstance(fact, Activity) else fact.agreement_id
    refs: dict[str, tuple[str, str | None, float]] = {}
    if fact.document_id:
        refs[fact.document_id] = (fact.origin, fact.evidence or None, fact.confidence)
    for ref in fact.also_in:
        refs.setdefault(ref.document_id, (ref.origin, ref.evidence or None, ref.confidence))
    for doc_id, (origin, evidence, confidence) in refs.items():
        row = (fact_id, doc_id, origin, evidence)
        t.add(table, row + (confidence,) if with_confidence else row)


def _planned_visits(t: Tables, batch: Batch, place_id: PlaceIdOf) -> None:
    """The planned visits (etl.planned) whose place is located: what plan-vs-fact checks."""
    years = {d.document_id: d.published.start.year for d in batch.documents if d.published}
    for visit in planned_visits(batch.activities, lambda doc_id: years.get(doc_id or "")):
        pid = place_id(visit.place)
        if pid:
            a = visit.activity
            t.add("planned_visit", (stable_id("pv", a.activity_id, pid, str(visit.year)),
                                    a.activity_id, pid, visit.year, a.document_id,
                                    a.evidence or None))


def _agreements(t: Tables, batch: Batch, place_id: PlaceIdOf, orgs: dict[str, str]) -> None:
    for g in batch.agreements:
        signed = g.signed
        t.add("agreement", (g.agreement_id, g.counterparty, _org_id(orgs, t, g.counterparty),
                            g.counterparty_kind, place_id(g.place),
                            signed.start if signed else None,
                            signed.precision if signed else None, g.program, g.activity_id,
                            g.origin, g.confidence, g.document_id, g.evidence or None,
                            g.source_locator or None))
        _sources(t, "agreement_source", g, with_confidence=False)


def quarantine_rows(run_id: str, rejected: Iterable[Rejected]) -> list[Row]:
    return [(run_id, r.source, r.locator, r.reason, r.raw or None, r.severity, r.code)
            for r in rejected]


def summary(rows: dict[str, list[Row]], rejected: list[Rejected]) -> dict[str, int]:
    """Rows per table, and how many inputs were quarantined or warned about: the run's counts."""
    counts = {table: len(values) for table, values in rows.items()}
    counts["quarantined"] = sum(r.severity == "error" for r in rejected)
    counts["warnings"] = sum(r.severity == "warning" for r in rejected)
    return counts


def add_run_rows(t: Tables, run: RunRecord, history: Iterable[RunRecord],
                 rejected: Iterable[Rejected], pending: Iterable[tuple[str, str, str | None]],
                 reviews: list[Row]) -> None:
    """The run's own tables: the run history with this run last, its quarantine, the places
    waiting for Nominatim and the review state of the facts."""
    t.rows["etl_run"] = [r.as_row() for r in history if r.run_id != run.run_id] + [run.as_row()]
    t.rows["quarantine"] = quarantine_rows(run.run_id, rejected)
    t.rows["geocode_pending"] = sorted(set(pending))
    t.rows["fact_review"] = reviews
