"""The reference rows, indexed, and the `ResolvedPlace` built from each kind of row.

Also owns the one judgement call of the chain: which of several candidates a name means.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar, cast

from etl.geocode.aliases import AliasIndex, Target
from etl.geocode.bounds import distance_km, in_russia_box
from etl.geocode.gazetteer import City, MacroRegion, Override, Reference, Region, Venue
from etl.geocode.nominatim import Answer
from etl.geocode.text import key
from etl.models import GeoPrecision, PlaceKind, ResolvedPlace

T = TypeVar("T")

# Two gazetteer rows this close with one name and region are one town listed twice.
SAME_TOWN_KM = 10.0
_NOMINATIM_KINDS: dict[str, PlaceKind] = {"state": "region", "region": "region",
                                          "province": "region"}
_TOWN_TYPES = {
    "city",
    "town",
    "village",
    "hamlet",
    "municipality",
    "suburb",
    "city_district",
    "settlement",
    "locality",
    "county",
}


class Places:
    """Regions, macro-regions, towns, venues and overrides by id, plus the alias index."""

    def __init__(self, reference: Reference, index: AliasIndex) -> None:
        self.regions: dict[str, Region] = {r.code: r for r in reference.regions}
        self.cities: dict[str, City] = {str(c.geonameid): c for c in reference.cities}
        self.venues: dict[str, Venue] = {v.venue_id: v for v in reference.venues}
        self.macro_regions: dict[str, MacroRegion] = {m.macro_id: m for m in
                                                       reference.macro_regions}
        self.index = index
        self._overrides: dict[str, Override] = {}
        self._venue_keys: list[tuple[str, Venue]] = []
        self._build(reference)

    # -- index building ---------------------------------------------------------------------

    def _build(self, reference: Reference) -> None:
        for region in reference.regions:
            if region.type != "federal_city":  # "Москва" is the city; the region is its twin
                self.index.add_name(region.name_ru, Target("region", region.code))
                first, dash, _ = region.name_ru.partition(" — ")  # "… автономный округ — Югра"
                if dash:
                    self.index.add_name(first, Target("region", region.code))
                self._add_region_adjective(region)
        for alias in reference.aliases:
            target = Target("region", alias.region_code, alias.form)
            if alias.form == "adjective":
                self.index.add_adjective(alias.alias, target)
            else:
                self.index.add_name(alias.alias, target)
        for city in reference.cities:
            self.index.add_name(city.name_ru, Target("city", str(city.geonameid)))
            for alt in city.alt_names:
                self.index.add_name(alt, Target("city", str(city.geonameid)), alternate=True)
        for macro in reference.macro_regions:
            for name in (macro.name_ru, *macro.aliases):
                self.index.add_name(name, Target("macro", macro.macro_id))
                if name.isupper():  # "ДФО": an abbreviation does not inflect
                    self.index.add_exact(key(name), Target("macro", macro.macro_id))
        self._build_venues(reference.venues)
        for override in reference.overrides:
            for form in self.index.morph.name_forms(override.surface):
                self._overrides.setdefault(form, override)

    def _add_region_adjective(self, region: Region) -> None:
        """ "Тульская" alone (as in "Рязанская и Тульская области") names the oblast."""
        first, _, rest = region.name_ru.partition(" ")
        if rest in ("область", "край") and first.endswith(("ая", "ий")):
            self.index.add_name(first, Target("region", region.code))

    def _build_venues(self, venues: list[Venue]) -> None:
        for venue in venues:
            for name in (venue.name_ru, venue.name_en, *venue.aliases):
                for form in self.index.morph.name_forms(name):
                    self._venue_keys.append((form, venue))
        # longest first: "api moscow красный октябрь" beats "красный октябрь"
        self._venue_keys.sort(key=lambda kv: -len(kv[0]))

    # -- lookups ----------------------------------------------------------------------------

    def override(self, text_key: str) -> Override | None:
        return self._overrides.get(text_key)

    def venue(self, text_key: str) -> Venue | None:
        """The venue whose name (any case form) occurs in the text as whole words."""
        padded = f" {text_key} "
        for form, venue in self._venue_keys:
            if f" {form} " in padded:
                return venue
        return None

    def nearest_city(self, lat: float, lon: float, within_km: float) -> City | None:
        best = min(self.cities.values(), key=lambda c: distance_km(lat, lon, c.lat, c.lon))
        return best if distance_km(lat, lon, best.lat, best.lon) <= within_km else None

    # -- choosing among candidates ----------------------------------------------------------

    def choose(
        self, targets: set[Target], stage: str, hint: str | None, kind_hint: str | None, label: str
    ) -> ResolvedPlace:
        """One place out of the candidates: kind hint, region hint, then the most populous."""
        targets = set(_prefer(targets, lambda t: t.kind == kind_hint))
        macros = sorted(t.ref for t in targets if t.kind == "macro")
        if macros and not any(t.kind in ("region", "city") for t in targets):
            return self.macro_place(self.macro_regions[macros[0]], stage)
        targets = {t for t in targets if t.kind != "macro"}
        regions = sorted(t.ref for t in targets if t.kind == "region")
        if regions and (kind_hint == "region" or not any(t.kind == "city" for t in targets)):
            return self.region_place(self.regions[regions[0]], stage)
        towns = self._distinct_towns([self.cities[t.ref] for t in targets if t.kind == "city"])
        if hint:
            towns = _prefer(towns, lambda c: c.region_code == hint)
        towns = sorted(towns, key=lambda c: (-c.population, c.geonameid))
        place = self.city_place(towns[0], stage)
        if len(towns) > 1:
            self._mark_ambiguous(place, towns, label)
        return place

    def _distinct_towns(self, towns: list[City]) -> list[City]:
        """Drop a duplicate row of the same town (same name and region, a few km apart)."""
        kept: list[City] = []
        for town in sorted(towns, key=lambda c: -c.population):
            if not any(
                k.region_code == town.region_code
                and distance_km(k.lat, k.lon, town.lat, town.lon) < SAME_TOWN_KM
                for k in kept
            ):
                kept.append(town)
        return kept

    def _mark_ambiguous(self, place: ResolvedPlace, towns: list[City], label: str) -> None:
        total = sum(max(t.population, 1) for t in towns)
        region = self.regions[towns[0].region_code].name_ru
        place.confidence = round(min(0.9, max(0.5, towns[0].population / total)), 2)
        place.note = (
            f"ambiguous: {len(towns)} places named {label}; picked the most populous ({region})"
        )

    # -- ResolvedPlace builders -------------------------------------------------------------

    def region_place(self, region: Region, geocoder: str) -> ResolvedPlace:
        return ResolvedPlace(
            f"region:{region.code}",
            region.name_ru,
            region.name_en,
            "region",
            region.code,
            region.lat,
            region.lon,
            "region_centroid",
            geocoder,
        )

    def macro_place(self, macro: MacroRegion, geocoder: str) -> ResolvedPlace:
        """A federal district or macro-region: a region of the text without a region code."""
        return ResolvedPlace(
            f"macro:{macro.macro_id}",
            macro.name_ru,
            macro.name_en,
            "region",
            None,
            macro.lat,
            macro.lon,
            "region_centroid",
            geocoder,
            note=f"{macro.type.replace('_', ' ')}: not a single federal subject",
        )

    def city_place(self, city: City, geocoder: str) -> ResolvedPlace:
        return ResolvedPlace(
            f"city:{city.geonameid}",
            city.name_ru,
            city.name_en,
            "city",
            city.region_code,
            city.lat,
            city.lon,
            "city",
            geocoder,
        )

    def venue_place(self, venue: Venue) -> ResolvedPlace:
        return ResolvedPlace(
            f"venue:{venue.venue_id}",
            venue.name_ru,
            venue.name_en,
            "venue",
            venue.region_code,
            venue.lat,
            venue.lon,
            "venue",
            "venue",
        )

    def override_place(self, override: Override) -> ResolvedPlace | None:
        """An override's place; it reuses the gazetteer id when it names a known town."""
        if (
            override.lat is None
            or override.lon is None
            or not in_russia_box(override.lat, override.lon)
        ):
            return None
        if override.kind == "region" and override.region_code in self.regions:
            place = self.region_place(self.regions[override.region_code], "override")
        else:
            place = ResolvedPlace(
                self._override_id(override),
                override.name_ru,
                "",
                cast(PlaceKind, override.kind or "city"),  # overrides.csv's kind column
                override.region_code,
                override.lat,
                override.lon,
                _precision(override.kind),
                "override",
            )
        place.note = override.note
        return place

    def _override_id(self, override: Override) -> str:
        for city in self.cities.values():
            if city.name_ru == override.name_ru and city.region_code == override.region_code:
                return f"city:{city.geonameid}"
        return f"{override.kind or 'city'}:{key(override.name_ru).replace(' ', '-')}"

    def nominatim_place(self, answer: Answer, region_code: str | None) -> ResolvedPlace:
        kind: PlaceKind | None = _NOMINATIM_KINDS.get(answer.addresstype)
        if kind is None:
            kind = "city" if answer.addresstype in _TOWN_TYPES else "venue"
        name = answer.display_name.split(",")[0].strip()
        return ResolvedPlace(
            f"osm:{answer.osm_id}",
            name,
            "",
            kind,
            region_code,
            answer.lat,
            answer.lon,
            _precision(kind),
            "nominatim",
            0.8,
            f"nominatim: {answer.display_name}"[:300],
        )


_PRECISION: dict[str | None, GeoPrecision] = {"region": "region_centroid", "venue": "venue",
                                             "country": "country"}


def _precision(kind: str | None) -> GeoPrecision:
    return _PRECISION.get(kind, "city")


def _prefer(items: Iterable[T], predicate: Callable[[T], bool]) -> list[T]:
    """The items that satisfy the predicate, or all of them when none does."""
    chosen = [i for i in items if predicate(i)]
    return chosen or list(items)


__all__ = ["Places"]
