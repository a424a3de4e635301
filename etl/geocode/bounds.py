"""Where places can be: Russia's bounding box, defined once (no place outside it is resolved
or published), and the distance between two places (used at run time and by the gazetteer build).

It crosses the antimeridian: Chukotka reaches 169° W, so east of 180° the longitudes are
negative. (0, 0) — a geocoder's "no idea" — and foreign answers fall outside.
"""

from __future__ import annotations

import math

LAT_MIN, LAT_MAX = 41.0, 82.0
LON_WEST = 19.0  # Kaliningrad
LON_EAST = -168.0  # Chukotka, across the antimeridian
# the box as the warehouse's SQL names it: $lat_min … in data tests and in schema.sql's CHECK
SQL_PARAMS: dict[str, float] = {"lat_min": LAT_MIN, "lat_max": LAT_MAX,
                                "lon_west": LON_WEST, "lon_east": LON_EAST}


def in_russia_box(lat: float, lon: float) -> bool:
    """True for a point inside Russia's bounding box."""
    if not LAT_MIN <= lat <= LAT_MAX:
        return False
    return LON_WEST <= lon <= 180.0 or -180.0 <= lon <= LON_EAST


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance: precise enough at the scale of a city."""
    dx = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371.0 * math.hypot(math.radians(lat2 - lat1), dx)
