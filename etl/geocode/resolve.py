"""The resolver chain: a place name as written → one `ResolvedPlace`, or None with a reason.

overrides → venues → a region's capital ("столица Бурятии", "донская столица") → alias index
(exact inflected form) → lemma fallback → gazetteer alternate names → Nominatim (only in
"nominatim" mode) → None. Overrides win over everything.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from etl.config import Settings
from etl.geocode.aliases import AliasIndex, Morph, Target
from etl.geocode.gazetteer import Override, Reference, Venue, load_reference
from etl.geocode.nominatim import Answer, NominatimClient
from etl.geocode.places import Places
from etl.geocode.text import has_capital, key, strip_city_prefix
from etl.models import ResolvedPlace

UNKNOWN = "unknown place name"
CAPITAL_WORD = re.compile(r"(?:^| )столиц[аеиуы]?(?:ей|ой)?(?: |$)")
EXCLUDED = "not a place (override)"
LOWER_CASE = "lower-case word: not taken as a place name"


class Resolver:
    """Resolves place names offline from `data/reference/`, optionally asking Nominatim."""

    def __init__(self, reference: Reference | Places,
                 nominatim: NominatimClient | None = None) -> None:
        # the place index (its forms are a few seconds of pymorphy inflection): built here from
        # `reference`, or one already built and shared (`reference_places`), which is read-only
        self.places = reference if isinstance(reference, Places) else Places(
            reference, AliasIndex(Morph()))
        self.nominatim = nominatim
        self.pending: list[tuple[str, str, str | None]] = []
        self._memo: dict[tuple[str, str | None, str | None], ResolvedPlace | None] = {}
        self._reasons: dict[str, str] = {}

    @classmethod
    def from_settings(cls, settings: Settings, geocoder: str | None = None) -> Resolver:
        """geocoder "offline" (default from Settings) or "nominatim"."""
        mode = geocoder or settings.geocoder
        if mode not in ("offline", "nominatim"):
            raise ValueError(f"unknown geocoder {mode!r}: use 'offline' or 'nominatim'")
        client = NominatimClient(settings) if mode == "nominatim" else None
        return cls(reference_places(settings.reference_dir), client)

    # -- public API -------------------------------------------------------------------------

    def resolve(
        self, surface: str, *, region_hint: str | None = None, kind_hint: str | None = None
    ) -> ResolvedPlace | None:
        """The place a name means, or None (then `explain(surface)` says why)."""
        memo_key = (surface, region_hint, kind_hint)
        if memo_key not in self._memo:
            hint = self._region_code(region_hint)
            self._memo[memo_key] = self._resolve(surface, hint, kind_hint)
        return self._memo[memo_key]

    def explain(self, surface: str) -> str:
        """Why `resolve(surface)` returned None: for the quarantine's reason column."""
        if surface not in self._reasons:
            self.resolve(surface)
        return self._reasons.get(surface, "")

    def is_excluded(self, surface: str) -> bool:
        """True when an override says the name is not a place (programme, river, country...)."""
        override = self.places.override(key(surface))
        return override is not None and override.action == "not_a_place"

    def region(self, code: str) -> dict[str, str] | None:
        region = self.places.regions.get(code)
        return dict(region.row) if region else None

    def regions(self) -> list[dict[str, str]]:
        return [dict(r.row) for r in self.places.regions.values()]

    def region_by_name(self, name: str) -> dict[str, str] | None:
        """A region by any case form of its name, alias or adjective ("Кузбассе", "карельский")."""
        code = self._region_code(name)
        return self.region(code) if code else None

    def close(self) -> None:
        if self.nominatim is not None:
            self.nominatim.close()

    # -- the chain --------------------------------------------------------------------------

    def _resolve(self, surface: str, hint: str | None,
                 kind_hint: str | None) -> ResolvedPlace | None:
        text_key = strip_city_prefix(key(surface))
        if not text_key:
            return self._fail(surface, "empty place name")
        override = self.places.override(text_key)
        if override is not None:
            return self._from_override(surface, override)
        venue = self.places.venue(text_key)
        if venue is not None:
            return self._place_of_venue(venue)
        if CAPITAL_WORD.search(text_key):
            return self._capital_of(surface, text_key)
        found = self._offline(surface, text_key, hint, kind_hint)
        if self.nominatim is not None and (found is None or found.confidence < 1.0):
            return self._ask_nominatim(surface, text_key, found)
        return found

    def _offline(self, surface: str, text_key: str, hint: str | None,
                 kind_hint: str | None) -> ResolvedPlace | None:
        targets, stage = self.places.index.lookup(text_key)
        if not targets:
            targets, stage = self.places.index.lookup_lemmas(text_key), "alias"
        if targets and not has_capital(surface):
            targets = {t for t in targets if t.form == "adjective" or t.kind == "venue"}
            if not targets:
                return self._fail(surface, LOWER_CASE)
        if not targets:
            return self._fail(surface, UNKNOWN)
        return self.places.choose(targets, stage, hint, kind_hint, surface.strip())

    def _capital_of(self, surface: str, text_key: str) -> ResolvedPlace | None:
        """ "столица бурятии" / "донская столица": the capital city of the region named."""
        region_words = CAPITAL_WORD.sub(" ", text_key).strip()
        code = self._region_code(region_words)
        if code is None and " " not in region_words:  # an adjective: "донская", "пермский"
            targets = {t for t in self.places.index.lookup(region_words)[0]
                       if t.form == "adjective" or t.kind == "region"}
            codes = {t.ref for t in targets if t.kind == "region"}
            code = codes.pop() if len(codes) == 1 else None
        region = self.places.regions.get(code) if code else None
        capital = region.row.get("capital_ru") if region else None
        if not capital:
            return self._fail(surface, UNKNOWN)
        targets, stage = self.places.index.lookup(key(capital))
        cities = {t for t in targets if t.kind == "city"}
        if not cities:
            return self._fail(surface, UNKNOWN)
        return self.places.choose(cities, stage, code, "city", capital)

    def _ask_nominatim(self, surface: str, text_key: str,
                       fallback: ResolvedPlace | None) -> ResolvedPlace | None:
        assert self.nominatim is not None
        outcome = self.nominatim.lookup(text_key)
        fallback_id = fallback.place_id if fallback else None
        if outcome.error:
            self.pending.append((surface, outcome.error, fallback_id))
            return fallback or self._fail(surface, f"nominatim unavailable: {outcome.error}")
        if outcome.answer is None:
            return fallback or self._fail(surface, UNKNOWN + " (nominatim: no answer)")
        if not self._answer_in_russia(outcome.answer):
            return fallback or self._fail(surface, UNKNOWN + " (nominatim: outside Russia)")
        return self._from_answer(outcome.answer, fallback)

    def _answer_in_russia(self, answer: Answer) -> bool:
        """The bounding box also holds Minsk and Almaty: trust the country code, and for
        Ukraine-filed answers require a town of the 2014/2022 subjects within 60 km."""
        if answer.country_code in ("", "ru"):
            return True
        near = self.places.nearest_city(answer.lat, answer.lon, within_km=60.0)
        return (
            answer.country_code == "ua"
            and near is not None
            and self.places.regions[near.region_code].row["iso_3166_2"] == "false"
        )

    def _from_answer(self, answer: Answer, fallback: ResolvedPlace | None) -> ResolvedPlace:
        """Nominatim's point; snapped to a gazetteer town when it confirms one."""
        snapped = self.places.nearest_city(answer.lat, answer.lon, within_km=15.0)
        if fallback is not None and snapped is not None and fallback.name_ru == snapped.name_ru:
            place = self.places.city_place(snapped, "nominatim")
            place.note = "nominatim confirmed the gazetteer town"
            return place
        region = self._region_code(answer.state) or (snapped.region_code if snapped else None)
        return self.places.nominatim_place(answer, region)

    def _from_override(self, surface: str, override: Override) -> ResolvedPlace | None:
        if override.action == "not_a_place":
            return self._fail(surface, EXCLUDED + (f": {override.note}" if override.note else ""))
        return self.places.override_place(override)

    def _place_of_venue(self, venue: Venue) -> ResolvedPlace:
        return self.places.venue_place(venue)

    def _fail(self, surface: str, reason: str) -> ResolvedPlace | None:
        """No place: `explain(surface)` will give `reason`."""
        self._reasons[surface] = reason
        return None

    def _region_code(self, text: str | None) -> str | None:
        """A region code from a code or any written form of a region's name."""
        if not text:
            return None
        if text.upper() in self.places.regions:
            return text.upper()
        targets, _ = self.places.index.lookup(key(text))
        if not targets:
            targets = self.places.index.lookup_lemmas(key(text))
        codes = {t.ref for t in targets if t.kind == "region"} or self._federal_city(targets)
        return codes.pop() if len(codes) == 1 else None

    def _federal_city(self, targets: set[Target]) -> set[str]:
        """ "Москва", "Севастополя": the city's own name names its federal-city region too."""
        regions = self.places.regions
        cities = [self.places.cities[t.ref] for t in targets if t.kind == "city"]
        return {
            c.region_code
            for c in cities
            if regions[c.region_code].type == "federal_city"
            and regions[c.region_code].name_ru == c.name_ru
        }


def reference_places(reference_dir: Path) -> Places:
    """The place index of a reference folder, built once per process for each version of its
    files: every resolver of a process (the ETL's, the analysts' form, each test) shares it, and
    a changed file (size or modification time) gives a new one."""
    files = sorted(p for p in Path(reference_dir).iterdir() if p.is_file())
    signature = tuple((p.name, st.st_size, st.st_mtime_ns) for p in files for st in [p.stat()])
    return _places(Path(reference_dir).resolve(), signature)


@functools.lru_cache(maxsize=2)
def _places(reference_dir: Path, signature: tuple[tuple[str, int, int], ...]) -> Places:
    return Places(load_reference(reference_dir), AliasIndex(Morph()))
