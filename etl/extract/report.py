"""What the ETL would load from one file: the `etl extract --json` shape and its rich tables."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from etl.extract import Extraction
from etl.models import Activity, FuzzyDate, PlaceMention, ResolvedPlace
from etl.planned import planned_visits


def to_json(extraction: Extraction, resolver) -> dict:
    """Names in the nominative, dates as YYYY / YYYY-MM / YYYY-MM-DD to their precision."""
    doc, batch = extraction.document, extraction.batch
    return {
        "document": {"title": doc.title, "published": _iso(doc.published),
                     "published_from": doc.published_from},
        "places": _places(extraction, resolver),
        "activities": [_activity(a) for a in batch.activities],
        "agreements": [{
            "counterparty": g.counterparty,
            "city": _name(g.place) if g.place and g.place.resolved
            and g.place.resolved.kind == "city" else None,
            "region": _region_name(resolver, g.place.resolved) if g.place and g.place.resolved
            else None,
            "date": _iso(g.signed), "status": _status(batch.activities, g.activity_id),
            "evidence": g.evidence} for g in batch.agreements],
        "planned_visits": [{"place": v.name, "year": v.year, "evidence": v.activity.evidence}
                           for v in planned_visits(batch.activities, lambda _id: _year(doc))],
        "organisations": [o.name for o in batch.organisations],
        "people": [{"name": p.name, "organisation": p.organisation, "role": p.role}
                   for p in batch.people],
        "programs": batch.programs,
        "rejected": [{"locator": r.locator, "reason": r.reason, "raw": r.raw,
                      "severity": r.severity} for r in batch.rejected],
    }


def _year(doc) -> int | None:
    return doc.published.start.year if doc.published else None


def _status(activities: list[Activity], activity_id: str | None) -> str:
    """An agreement is planned while its signing activity is."""
    signing = next((a for a in activities if a.activity_id == activity_id), None)
    return "planned" if signing is not None and signing.status == "planned" else "done"


def _places(extraction: Extraction, resolver) -> list[dict]:
    seen: set[str] = set()
    out = []
    for cand in extraction.places:
        place = cand.resolved
        if place is None or place.place_id in seen:
            continue
        seen.add(place.place_id)
        out.append({"name": place.name_ru, "kind": place.kind,
                    "region": _region_name(resolver, place), "lat": place.lat, "lon": place.lon,
                    "surface": cand.surface})
    return out


def _activity(activity: Activity) -> dict:
    return {
        "kind": activity.kind, "status": activity.status,
        "start": _iso(activity.start), "end": _iso(activity.end),
        "places": [_name(p) for p in activity.places if p.role != "origin"],
        "origin": [_name(p) for p in activity.places if p.role == "origin"],
        "organisations": [p.organisation for p in activity.participants if p.organisation],
        "program": activity.program, "evidence": activity.evidence,
        "confidence": round(activity.confidence, 2),
    }


def _name(mention: PlaceMention) -> str:
    return mention.resolved.name_ru if mention.resolved else mention.surface


def _region_name(resolver, place: ResolvedPlace) -> str | None:
    if not place.region_code:
        return None
    region = resolver.region(place.region_code)
    return region["name_ru"] if region else None


def _iso(date: FuzzyDate | None) -> str | None:
    return date.iso() if date else None


def print_tables(report: dict, console: Console) -> None:
    """The same content as the JSON, one table per kind of fact."""
    doc = report["document"]
    console.print(f"[bold]{doc['title']}[/bold] — {doc['published']} ({doc['published_from']})")
    _table(console, "Места / places", ["name", "kind", "region", "surface"], report["places"])
    _table(console, "Мероприятия / activities",
           ["kind", "status", "start", "end", "places", "origin", "program", "confidence"],
           report["activities"])
    _table(console, "Соглашения / agreements",
           ["counterparty", "city", "region", "date", "status"],
           report["agreements"])
    _table(console, "Планы визитов / planned visits", ["place", "year"], report["planned_visits"])
    _table(console, "Люди / people", ["name", "organisation", "role"], report["people"])
    _table(console, "Организации / organisations", ["name"],
           [{"name": n} for n in report["organisations"]])
    _table(console, "Не распознано / rejected", ["locator", "reason", "severity", "raw"],
           report["rejected"])


def _table(console: Console, title: str, columns: list[str], rows: list[dict]) -> None:
    if not rows:
        return
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*[_cell(row.get(c)) for c in columns])
    console.print(table)


def _cell(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
