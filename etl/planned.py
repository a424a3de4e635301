"""What a planned visit is: one definition for `etl extract`, the evaluation and the warehouse.

A planned visit is a named place someone means to go to, with the year of the plan: each place
a planned activity of a travel kind goes to (its destinations; for a venue visit, the venues it
names — "посетят музей оружия в Туле" is a visit to the museum, not to Тула — or, when it names
none, the city or region it goes to).
The year is the activity's own start, else the publication year of its document (a plan
written without a date is for the year it was written in). One per place and year.
The warehouse stores the visits whose place it could locate (`planned_visit.place_id`);
`etl extract` also lists the named places it could not, so they can be added to the gazetteer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from etl.models import Activity, PlaceMention

# the kinds of activity that take someone somewhere (events held somewhere are not visits)
PLANNED_VISIT_KINDS = frozenset({"mission", "business_mission", "delegation", "venue_visit",
                                 "internship"})


@dataclass(frozen=True)
class PlannedVisit:
    activity: Activity
    place: PlaceMention
    year: int

    @property
    def name(self) -> str:
        return self.place.resolved.name_ru if self.place.resolved else self.place.surface


def planned_visits(activities: Iterable[Activity],
                   document_year: Callable[[str | None], int | None]) -> list[PlannedVisit]:
    """Every planned visit of `activities`, in their order; `document_year(document_id)` gives
    the publication year used when an activity has no date."""
    seen: set[tuple[str, int]] = set()
    out: list[PlannedVisit] = []
    for activity in activities:
        if activity.status != "planned" or activity.kind not in PLANNED_VISIT_KINDS:
            continue
        year = activity.start.start.year if activity.start else document_year(
            activity.document_id)
        if year is None:
            continue
        named_venue = activity.kind == "venue_visit" and any(
            _is_venue(p) for p in activity.places if p.role == "venue")
        for place in activity.places:
            if not _goes_to(activity, place) or (named_venue and not _is_venue(place)):
                continue
            key = (place.resolved.place_id if place.resolved else place.surface.casefold(), year)
            if key not in seen:
                seen.add(key)
                out.append(PlannedVisit(activity, place, year))
    return out


def _goes_to(activity: Activity, place: PlaceMention) -> bool:
    if place.role == "destination":
        return True
    return activity.kind == "venue_visit" and place.role == "venue"


def _is_venue(place: PlaceMention) -> bool:
    """A named venue: the gazetteer's, or a name it does not know (a museum, an estate)."""
    return place.resolved is None or place.resolved.kind == "venue"
