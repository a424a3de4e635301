"""Extract the federal subjects' shapes into `data/reference/region_shapes.geojson`, once.

Source: the npm package `@amcharts/amcharts4-geodata`, file `json/russiaCrimeaLow.json` (84
subjects, features keyed by ISO 3166-2 ids such as RU-KEM), under amCharts' free linkware
licence: it may be bundled and modified when its LICENSE ships beside the files and amCharts is
credited visibly (the map page and the brief say «Границы регионов: amCharts»). The package is
fetched with `npm pack` into a temporary directory at build time only; the dashboard reads the
committed file and never downloads anything.

What the script does: keeps the features whose id is a code of `data/reference/regions.csv`,
shifts negative longitudes (Chukotka east of 180°) by +360° so no shape wraps at the
antimeridian, simplifies every ring (Douglas–Peucker, 0.02°), rounds to 0.01°, and writes the
licence and a provenance note beside it. Subjects the source lacks are listed in the note; the
dashboard draws them as a dot at their centre and names them under the map.
Run: `python -m etl.geocode.build_region_shapes` (needs `npm` and the npm registry).
"""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from etl.config import DATA_DIR

PACKAGE = "@amcharts/amcharts4-geodata"
MEMBER = "package/json/russiaCrimeaLow.json"
TOLERANCE = 0.02  # degrees: invisible at the dashboard's scale, a third of the points gone
REFERENCE = DATA_DIR / "reference"
OUT = REFERENCE / "region_shapes.geojson"
Json = dict[str, Any]  # a GeoJSON object as json.loads gives it
Point = tuple[float, float] | list[float]  # (lon, lat)


def fetch(workdir: Path) -> tuple[Json, str, str, str]:
    """npm pack the package into `workdir`: (geojson, LICENSE text, version, sha256 of tarball)."""
    subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=workdir, check=True,
                   stdout=subprocess.DEVNULL)
    tarball = next(workdir.glob("*.tgz"))
    digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
    with tarfile.open(tarball) as tar:
        def read(name: str) -> bytes:
            member = tar.extractfile(name)
            assert member is not None, name
            return member.read()
        geo = json.loads(read(MEMBER))
        licence = read("package/LICENSE").decode("utf-8")
        version = json.loads(read("package/package.json"))["version"]
    return geo, licence, version, digest


def _distance(p: Point, a: Point, b: Point) -> float:
    """Distance of point p from the segment a-b (planar, degrees)."""
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return float(((x - x1) ** 2 + (y - y1) ** 2) ** 0.5)
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    return float(((x - x1 - t * dx) ** 2 + (y - y1 - t * dy) ** 2) ** 0.5)


def simplify(points: Sequence[Point], tolerance: float = TOLERANCE) -> list[Point]:
    """Douglas–Peucker, iterative (rings have thousands of points)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        lo, hi = stack.pop()
        best, index = 0.0, None
        for i in range(lo + 1, hi):
            d = _distance(points[i], points[lo], points[hi])
            if d > best:
                best, index = d, i
        if index is not None and best > tolerance:
            keep[index] = True
            stack += [(lo, index), (index, hi)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def ring(coords: list[Point]) -> list[list[float]] | None:
    """A shifted, simplified, rounded ring; None when too little is left of it."""
    shifted = [(x + 360 if x < 0 else x, y) for x, y in coords]
    out = [[round(x, 2), round(y, 2)] for x, y in simplify(shifted)]
    return out if len(out) >= 4 else None


def polygons(geometry: Json) -> list[list[list[list[float]]]]:
    parts = geometry["coordinates"] if geometry["type"] == "MultiPolygon" \
        else [geometry["coordinates"]]
    out = []
    for part in parts:
        rings = [r for r in (ring(c) for c in part)]
        if rings and rings[0] is not None:
            out.append([r for r in rings if r is not None])
    return out


def region_codes() -> dict[str, str]:
    with open(REFERENCE / "regions.csv", encoding="utf-8") as f:
        return {row["region_code"]: row["name_ru"] for row in csv.DictReader(f)}


def build(geo: Json, codes: dict[str, str]) -> tuple[Json, list[str]]:
    """The committed collection (one MultiPolygon per subject, id = region code) and the codes
    of regions.csv the source has no shape for."""
    features = []
    for feature in sorted(geo["features"], key=lambda f: f["id"]):
        code = feature["id"]
        if code not in codes:
            raise SystemExit(f"{MEMBER}: id {code} is not a code of regions.csv")
        features.append({"type": "Feature", "id": code, "properties": {"region_code": code},
                         "geometry": {"type": "MultiPolygon",
                                      "coordinates": polygons(feature["geometry"])}})
    have = {f["id"] for f in features}
    return {"type": "FeatureCollection", "features": features}, sorted(set(codes) - have)


NOTE = """# Region shapes

`region_shapes.geojson` — simplified outlines of {n} federal subjects, one MultiPolygon feature per
subject, `id` = the region code of `regions.csv` (ISO 3166-2).

- Source: npm package `{package}` {version} (tarball sha256 `{digest}`), file
  `json/russiaCrimeaLow.json`, © amCharts (Antanas Marcelionis).
- Licence: amCharts free linkware licence, `region_shapes.LICENSE` (the package's LICENSE,
  unchanged). It allows bundling and modifying the data with visible attribution: the map page,
  the overview's small map and the region brief credit «Границы регионов: amCharts».
- Changes: negative longitudes shifted by +360° (no wrap at the antimeridian), rings simplified
  (Douglas–Peucker, {tolerance}°) and rounded to 0.01°; built by
  `python -m etl.geocode.build_region_shapes`.
- Subjects of `regions.csv` without a shape in the source ({m}): {missing}. The dashboard draws
  each of them as a dot at its centre (`lat`, `lon` of `regions.csv`), coloured like a shape, and
  lists them under the map.
"""


def main() -> None:
    if shutil.which("npm") is None:
        raise SystemExit("npm is needed to fetch the package (Debian: apt-get install npm)")
    codes = region_codes()
    with tempfile.TemporaryDirectory() as tmp:
        geo, licence, version, digest = fetch(Path(tmp))
    collection, missing = build(geo, codes)
    OUT.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")),
                   encoding="utf-8")
    (REFERENCE / "region_shapes.LICENSE").write_text(licence, encoding="utf-8")
    (REFERENCE / "region_shapes.md").write_text(NOTE.format(
        n=len(collection["features"]), package=PACKAGE, version=version, digest=digest,
        tolerance=TOLERANCE, m=len(missing),
        missing=", ".join(f"{c} ({codes[c]})" for c in missing)), encoding="utf-8")
    points = sum(len(r) for f in collection["features"]
                 for p in f["geometry"]["coordinates"] for r in p)
    print(f"{OUT}: {len(collection['features'])} subjects, {points} points, "
          f"{OUT.stat().st_size} bytes; without a shape: {', '.join(missing)}")


if __name__ == "__main__":
    main()
