"""Typed records passed between the ETL stages.

sources -> extract -> geocode -> load: every stage takes and returns these, never raw dicts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from etl.vocabulary import activity_kinds, statuses

# kinds and statuses live in data/reference/vocabulary.toml (labels and colours beside kinds)
ActivityKind = str
ACTIVITY_KINDS: tuple[str, ...] = activity_kinds()
STATUSES: tuple[str, ...] = statuses()
PRECISIONS = ("day", "month", "year")
PLACE_ROLES = ("venue", "destination", "origin")
PLACE_KINDS = ("city", "region", "venue", "country")
GEO_PRECISIONS = ("city", "region_centroid", "venue", "country")
PlaceRole = Literal["venue", "destination", "origin"]
PlaceKind = Literal["city", "region", "venue", "country"]
GeoPrecision = Literal["city", "region_centroid", "venue", "country"]


@dataclass(frozen=True)
class FuzzyDate:
    """A date known to day, month or year: `start`/`end` span the period it names."""

    start: dt.date
    end: dt.date
    precision: Literal["day", "month", "year"]

    def iso(self) -> str:
        """`YYYY`, `YYYY-MM` or `YYYY-MM-DD`, to the precision."""
        if self.precision == "year":
            return f"{self.start.year:04d}"
        if self.precision == "month":
            return f"{self.start.year:04d}-{self.start.month:02d}"
        return self.start.isoformat()


@dataclass
class Document:
    """One press release or one curated file's source document."""

    document_id: str  # content hash for text documents; curated id for curated sources
    title: str
    text: str = ""
    published: FuzzyDate | None = None
    published_from: str = ""  # front_matter | text | file_mtime | curated
    publisher: str = ""
    url: str = ""
    source_path: str = ""
    origin: Literal["curated", "extracted"] = "extracted"


@dataclass
class ResolvedPlace:
    """A place with coordinates: the result of the resolver chain."""

    place_id: str  # stable: "city:<geonameid>", "region:<code>", "venue:<slug>"
    name_ru: str
    name_en: str
    kind: PlaceKind
    region_code: str | None
    lat: float
    lon: float
    precision: GeoPrecision
    geocoder: str  # alias | gazetteer | nominatim | override | venue
    confidence: float = 1.0
    note: str = ""  # e.g. "ambiguous: 3 towns named X, picked the most populous"


@dataclass
class PlaceMention:
    """A place as written in a source, with its role in an activity."""

    surface: str  # as written: "Череповца", "Республику Северную Осетию — Аланию"
    role: PlaceRole | None = None
    region_hint: str | None = None  # region code or name when the source gives it
    kind_hint: str | None = None
    resolved: ResolvedPlace | None = None  # set by the resolve stage (etl/resolve.py)
    locator: str = ""  # the curated row it was written in: where a failure is quarantined


@dataclass
class Participant:
    organisation: str | None = None
    person: str | None = None
    role: str | None = None  # participant | organiser | counterparty


@dataclass
class SourceRef:
    """Another document that states the same fact (filled in by merging)."""

    document_id: str
    origin: Literal["curated", "extracted"]
    evidence: str = ""
    confidence: float = 1.0


@dataclass
class Activity:
    activity_id: str
    kind: str
    status: str
    title: str
    start: FuzzyDate | None
    end: FuzzyDate | None
    places: list[PlaceMention] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    program: str | None = None
    origin: Literal["curated", "extracted"] = "curated"
    confidence: float = 1.0
    document_id: str | None = None
    evidence: str = ""
    source_locator: str = ""  # file:row or file:line
    also_in: list[SourceRef] = field(default_factory=list)


@dataclass
class Agreement:
    agreement_id: str
    counterparty: str
    counterparty_kind: str | None = None
    place: PlaceMention | None = None
    signed: FuzzyDate | None = None
    program: str | None = None
    activity_id: str | None = None
    origin: Literal["curated", "extracted"] = "curated"
    confidence: float = 1.0
    document_id: str | None = None
    evidence: str = ""
    source_locator: str = ""
    also_in: list[SourceRef] = field(default_factory=list)


@dataclass
class Organisation:
    name: str
    kind: str | None = None
    place: PlaceMention | None = None


@dataclass
class Person:
    name: str
    organisation: str | None = None
    role: str | None = None
    document_id: str | None = None


@dataclass
class Rejected:
    """A row, document or place that could not be loaded, and why."""

    source: str  # curated | document | geocode | extract
    locator: str  # "data/curated/activities.csv:12", "press.md:line 4"
    reason: str
    raw: str = ""
    severity: Literal["error", "warning"] = "error"  # warning: loaded, but someone should look
    code: str | None = None  # one of etl.reasons.REASONS, where one applies


@dataclass
class Batch:
    """Everything one source produced: records plus what it rejected."""

    documents: list[Document] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)

    def extend(self, other: Batch) -> None:
        for name in self.__dataclass_fields__:
            getattr(self, name).extend(getattr(other, name))
