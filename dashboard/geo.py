"""The offline map frame (Russia's outline and a graticule, shipped with the project) and the
optional tile server."""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

import streamlit as st

STATIC = Path(__file__).parent / "static"
# federal subjects' shapes, built once by etl/geocode/build_region_shapes.py (amCharts, linkware:
# see data/reference/region_shapes.md); data, not code, so they live beside regions.csv
REGION_SHAPES = Path(__file__).resolve().parents[1] / "data" / "reference" / "region_shapes.geojson"
HOME_REGION = "RU-MOW"            # the agency's own region: arcs start and end here
MOSCOW = (55.7558, 37.6173)        # lat, lon
RUSSIA_CENTER = {"lat": 64.0, "lon": 103.0}  # Kaliningrad to Chukotka fit a wide layout
RUSSIA_ZOOM = 1.95


@functools.cache
def outline() -> dict:
    """Russia's border as a GeoJSON MultiLineString feature collection (see static/README.md)."""
    return json.loads((STATIC / "russia_outline.geojson").read_text(encoding="utf-8"))


@functools.cache
def graticule(step: int = 10) -> dict:
    """Meridians and parallels every `step` degrees over Russia's extent, as GeoJSON lines."""
    meridians = [[[lon, 35.0], [lon, 85.0]] for lon in range(20, 201, step)]
    parallels = [[[lon / 2, lat] for lon in range(38, 402, 4)] for lat in range(40, 81, step)]
    geometry = {"type": "MultiLineString", "coordinates": meridians + parallels}
    return {"type": "FeatureCollection",
            "features": [{"type": "Feature", "properties": {}, "geometry": geometry}]}


@functools.cache
def region_shapes() -> dict:
    """The federal subjects as a GeoJSON FeatureCollection, feature id = region code."""
    return json.loads(REGION_SHAPES.read_text(encoding="utf-8"))


def as_path(collection: dict) -> tuple[tuple, tuple]:
    """Latitudes and longitudes of every line of a GeoJSON collection, lines separated by None:
    one plotly line trace draws them all (cheaper than a validated GeoJSON layer)."""
    lats: list = []
    lons: list = []
    for feature in collection["features"]:
        for line in feature["geometry"]["coordinates"]:
            lons.extend(p[0] for p in line)
            lats.extend(p[1] for p in line)
            lats.append(None)
            lons.append(None)
    return tuple(lats), tuple(lons)


@functools.cache
def frame_lines() -> dict[str, tuple[tuple, tuple]]:
    """The offline frame: graticule first (drawn below), then the outline."""
    return {"graticule": as_path(graticule()), "outline": as_path(outline())}


def tile_url() -> str | None:
    """A raster tile URL template ({z}/{x}/{y}) from CR_TILE_URL or [map] tile_url in secrets."""
    url = os.environ.get("CR_TILE_URL")
    if url:
        return url
    try:
        return st.secrets.get("map", {}).get("tile_url")
    except Exception:  # no secrets file: no tile server configured
        return None
