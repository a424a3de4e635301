"""Optional online geocoding through OpenStreetMap Nominatim, cached for good.

Off by default (`geocoder="offline"`). When on, every answer and every miss is stored in the
sqlite file `Settings.geocode_cache`, which lives outside the published warehouse, so a rebuild
never asks the network twice. Network failures are not cached: the caller records them as
pending and the next run asks again.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim

from etl.config import Settings
from etl.geocode.bounds import in_russia_box

_SCHEMA = """
create table if not exists nominatim (
    query text primary key,
    found integer not null,      -- 1 answer, 0 miss
    answer text,                 -- the raw JSON of the answer
    fetched_at real not null
)
"""


@dataclass(frozen=True)
class Answer:
    """One usable Nominatim answer (already checked to lie in Russia)."""

    lat: float
    lon: float
    display_name: str
    addresstype: str
    osm_id: str
    state: str
    country_code: str  # "ru", or "ua" for the subjects OSM still files under Ukraine


@dataclass(frozen=True)
class Outcome:
    """answer, or a cached/new miss, or a failure with its reason (never cached)."""

    answer: Answer | None = None
    error: str = ""


class GeocodeCache:
    """query → raw answer or miss, in a sqlite file that survives rebuilds."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path)
        self.db.execute(_SCHEMA)

    def get(self, query: str) -> tuple[bool, dict[str, Any] | None] | None:
        row = self.db.execute(
            "select found, answer from nominatim where query = ?", (query,)
        ).fetchone()
        if row is None:
            return None
        return bool(row[0]), json.loads(row[1]) if row[1] else None

    def put(self, query: str, raw: dict[str, Any] | None) -> None:
        self.db.execute(
            "insert or replace into nominatim values (?, ?, ?, ?)",
            (
                query,
                int(raw is not None),
                json.dumps(raw, ensure_ascii=False) if raw else None,
                time.time(),
            ),
        )
        self.db.commit()

    def close(self) -> None:
        self.db.close()


def parse_answer(raw: dict[str, Any] | None) -> Answer | None:
    """A usable answer from Nominatim's JSON, or None (garbage, (0, 0), outside Russia)."""
    if raw is None:
        return None
    try:
        lat, lon = float(raw["lat"]), float(raw["lon"])
    except (TypeError, KeyError, ValueError):
        return None
    if not in_russia_box(lat, lon):
        return None
    address = raw.get("address") or {}
    kind = raw.get("addresstype") or raw.get("type") or ""
    osm = f"{raw.get('osm_type', '')[:1]}{raw.get('osm_id', '')}"
    return Answer(
        lat,
        lon,
        str(raw.get("display_name", "")),
        str(kind),
        osm,
        str(address.get("state", "")),
        str(address.get("country_code", "")).lower(),
    )


class NominatimClient:
    """Rate-limited (Settings.nominatim_min_delay) geopy Nominatim with the sqlite cache."""

    MAX_FAILURES = 3  # after this many network failures in a run, stop asking

    def __init__(self, settings: Settings) -> None:
        logging.getLogger("geopy").setLevel(logging.CRITICAL)  # RateLimiter logs tracebacks
        self.cache = GeocodeCache(settings.geocode_cache)
        self.geocoder = Nominatim(
            domain=settings.nominatim_domain,
            scheme=settings.nominatim_scheme,
            user_agent=settings.user_agent,
            timeout=settings.nominatim_timeout,
        )
        # No retries: a failure is recorded as pending and retried by the next run instead.
        self.limited = RateLimiter(
            self.geocoder.geocode,
            min_delay_seconds=settings.nominatim_min_delay,
            max_retries=0,
            swallow_exceptions=False,
        )
        self.failures = 0
        self.last_error = ""

    def lookup(self, query: str) -> Outcome:
        """Cache first; then the network. Misses are cached, failures are not."""
        cached = self.cache.get(query)
        if cached is not None:
            return Outcome(parse_answer(cached[1]) if cached[0] else None)
        if self.failures >= self.MAX_FAILURES:
            return Outcome(error=f"skipped after {self.failures} failures ({self.last_error})")
        return self._fetch(query)

    def _fetch(self, query: str) -> Outcome:
        try:
            location = self.limited(query, exactly_one=True, addressdetails=True, language="ru")
        except (GeopyError, OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
            self.failures += 1
            self.last_error = f"{type(exc).__name__}: {exc}"[:200]
            return Outcome(error=self.last_error)
        raw = location.raw if location is not None else None
        answer = parse_answer(raw)
        self.cache.put(query, raw if answer is not None else None)
        return Outcome(answer)

    def close(self) -> None:
        self.cache.close()
