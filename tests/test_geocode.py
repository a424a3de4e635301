"""The geocoder resolves the places of the seed texts from the real reference files.

Nominatim is exercised against a local HTTP server (tests/geocode_server.py), never the internet.
"""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest

from etl.config import Settings
from etl.geocode import Resolver
from etl.geocode.bounds import in_russia_box
from tests.geocode_server import FakeNominatim, answer

REFERENCE = Path(__file__).resolve().parent.parent / "data" / "reference"


def settings_for(tmp_path: Path, server: FakeNominatim, **extra) -> Settings:
    return Settings().with_(
        state_dir=tmp_path,
        nominatim_domain=server.domain,
        nominatim_scheme="http",
        user_agent="creative-regions-test/1.0",
        **extra,
    )


# (surface, expected place_id, expected kind) -- why each case is here
CASES = [
    ("Череповца", "city:569223", "city"),  # genitive of a -ец town (vowel drops)
    ("Кемерова", "city:1503901", "city"),  # "indeclinable" -ово town declined colloquially
    ("Кемерово", "city:1503901", "city"),  # its nominative
    ("Тулы", "city:480562", "city"),  # short feminine name in the genitive
    ("города Тулы", "city:480562", "city"),  # "города" prefix is not part of the name
    ("г. Москвы", "city:524901", "city"),  # abbreviated prefix; Moscow is the city, not region
    ("Москве", "city:524901", "city"),  # locative
    ("в Казани", "city:551487", "city"),  # a leading preposition is not part of the name
    ("Казани", "city:551487", "city"),  # soft-sign feminine
    ("Ростова-на-Дону", "city:501175", "city"),  # hyphenated: only the head inflects
    ("Великого Новгорода", "city:519336", "city"),  # multi-word: both words inflect
    ("Кузбасс", "region:RU-KEM", "region"),  # informal region name
    ("кузбасским", "region:RU-KEM", "region"),  # region named by an adjective only
    ("Республику Северную Осетию — Аланию", "region:RU-SE", "region"),  # accusative, dash
    ("Карачаево-Черкесскую Республику", "region:RU-KC", "region"),  # hyphenated adjective
    ("Республики Карелии", "region:RU-KR", "region"),  # official name in the genitive
    ("Тульской области", "region:RU-TUL", "region"),  # oblast in an oblique case
    ("Якутия", "region:RU-SA", "region"),  # informal name of Sakha
    ("Башкирии", "region:RU-BA", "region"),  # informal name, inflected
    ("Ставрополье", "region:RU-STA", "region"),  # -ье region nickname
    ("Подмосковья", "region:RU-MOS", "region"),  # Moscow Oblast's nickname, genitive
    ("Средний Урал", "region:RU-SVE", "region"),  # two-word nickname
    ("Аrtplay", "venue:artplay", "venue"),  # written with a Cyrillic А
    ("«Винзавод»", "venue:vinzavod", "venue"),  # quoted venue
    ("центр современного искусства «Винзавод»", "venue:vinzavod", "venue"),  # with descriptor
    ('общественной мастерской "Дар Труда"', "venue:dar-truda", "venue"),  # inside a phrase
    (
        "API Moscow Красный Октябрь, Берсеневский переулок, д.2 стр.1",
        "venue:api-moscow",
        "venue",
    ),  # longest venue name wins over "Красный Октябрь"
    ("ВДНХ в павильоне № 33", "venue:vdnh-pavilion-33", "venue"),  # pavilion, not all of ВДНХ
]


@pytest.mark.parametrize(("surface", "place_id", "kind"), CASES)
def test_resolves_seed_places(resolver: Resolver, surface: str, place_id: str, kind: str):
    """It resolves each inflected or informal form to the right place."""
    place = resolver.resolve(surface)
    assert place is not None, resolver.explain(surface)
    assert (place.place_id, place.kind) == (place_id, kind)
    assert in_russia_box(place.lat, place.lon)


def test_display_names_come_from_the_reference(resolver: Resolver):
    """It restores the proper capitalisation (pymorphy works in lower case)."""
    assert resolver.resolve("Великого Новгорода").name_ru == "Великий Новгород"
    assert resolver.resolve("кузбасским").name_ru == "Кемеровская область — Кузбасс"
    assert resolver.resolve("Республики Карелии").precision == "region_centroid"


def test_ambiguous_town_without_hint_takes_most_populous(resolver: Resolver):
    """Two towns named Железногорск (Kursk, Krasnoyarsk): the larger wins, with a note."""
    place = resolver.resolve("Железногорск")
    assert place.region_code == "RU-KRS"
    assert place.confidence < 1
    assert place.note.startswith("ambiguous: 2 places named Железногорск")


@pytest.mark.parametrize("hint", ["RU-KYA", "Красноярский край", "Красноярского края"])
def test_ambiguous_town_with_region_hint(resolver: Resolver, hint: str):
    """A region hint (code or any written form) picks the town in that region."""
    place = resolver.resolve("Железногорска", region_hint=hint)
    assert (place.region_code, place.confidence) == ("RU-KYA", 1.0)


@pytest.mark.parametrize(
    "surface",
    ["Москва-фест", "MIL-OSI", "Роскультцентр", "Белоруссии", "Беларусь", "реку Великую"],
)
def test_overrides_exclude_traps(resolver: Resolver, surface: str):
    """Programme names, wire services, rivers and foreign countries are not places."""
    assert resolver.resolve(surface) is None
    assert resolver.is_excluded(surface)
    assert resolver.explain(surface).startswith("not a place (override)")


def test_unknown_word_has_a_reason(resolver: Resolver):
    assert resolver.resolve("Шмурдяковск") is None
    assert resolver.explain("Шмурдяковск") == "unknown place name"
    assert not resolver.is_excluded("Шмурдяковск")


def test_lower_case_common_word_is_not_a_place(resolver: Resolver):
    """ "тула"/"орёл" in lower case are words, not towns; adjectives still resolve."""
    assert resolver.resolve("орёл") is None
    assert "lower-case" in resolver.explain("орёл")
    assert resolver.resolve("Орёл").place_id == "city:515012"


def test_regions_table(resolver: Resolver):
    """89 subjects; each centroid is inside Russia; lookups by code and by any name form."""
    regions = resolver.regions()
    assert len(regions) == 89
    assert sum(r["iso_3166_2"] == "true" for r in regions) == 83
    assert all(in_russia_box(float(r["lat"]), float(r["lon"])) for r in regions)
    assert resolver.region("RU-KEM")["name_ru"] == "Кемеровская область — Кузбасс"
    assert resolver.region_by_name("Кузбассе")["region_code"] == "RU-KEM"
    assert resolver.region_by_name("карельский")["region_code"] == "RU-KR"
    assert resolver.region_by_name("Тульской области")["region_code"] == "RU-TUL"
    assert resolver.region_by_name("Москвы")["region_code"] == "RU-MOW"  # federal city
    assert resolver.region("RU-XXX") is None


def test_every_reference_point_is_in_russia():
    """No row of the committed reference files sits at (0, 0) or outside Russia."""
    for name in ("regions.csv", "gazetteer.csv", "venues.csv"):
        with (REFERENCE / name).open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                assert in_russia_box(float(row["lat"]), float(row["lon"])), (name, row)


def test_gazetteer_covers_every_region():
    with (REFERENCE / "gazetteer.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) > 2500
    assert len({r["region_code"] for r in rows}) == 89


def test_the_place_index_is_built_once_per_version_of_the_reference(tmp_path: Path):
    """Resolvers of one process share the place index while the reference files are unchanged
    (its build is seconds of inflection: `make bench` times it); an edited file — an analyst's
    new override — gives a new index that knows the edit."""
    assert Resolver.from_settings(Settings(), "offline").places is \
        Resolver.from_settings(Settings(), "offline").places
    reference = tmp_path / "reference"
    reference.mkdir()
    for name in ("regions.csv", "region_aliases.csv", "macro_regions.csv", "venues.csv",
                 "overrides.csv", "gazetteer.csv"):  # the towns: only the header, to be quick
        lines = (REFERENCE / name).read_text(encoding="utf-8").splitlines(keepends=True)
        (reference / name).write_text("".join(lines[:1] if name == "gazetteer.csv" else lines),
                                      encoding="utf-8")
    settings = Settings().with_(reference_dir=reference)
    before = Resolver.from_settings(settings, "offline")
    assert before.resolve("Верхние Пупки") is None
    with (reference / "overrides.csv").open("a", encoding="utf-8") as fh:
        fh.write("Верхние Пупки,place,Верхние Пупки,city,RU-OMS,55.0,73.4,a test town\n")
    after = Resolver.from_settings(settings, "offline")
    assert after.places is not before.places
    assert after.resolve("Верхние Пупки").region_code == "RU-OMS"


# -- Nominatim against a local server ---------------------------------------------------------

UNKNOWN_TOWN = "Верхние Пупки"


def test_nominatim_answer_is_cached_across_resolvers(tmp_path: Path):
    """It sends the configured user agent, caches the answer and never asks twice."""
    answers = {
        UNKNOWN_TOWN.lower(): answer(
            56.1, 40.2, f"{UNKNOWN_TOWN}, Владимирская область", state="Владимирская область"
        )
    }
    with FakeNominatim(answers) as server:
        settings = settings_for(tmp_path, server)
        first = Resolver.from_settings(settings, geocoder="nominatim")
        place = first.resolve(UNKNOWN_TOWN)
        first.close()
        assert (place.geocoder, place.kind, place.region_code) == ("nominatim", "city", "RU-VLA")
        assert server.requests[0][2] == "creative-regions-test/1.0"
        second = Resolver.from_settings(settings, geocoder="nominatim")
        assert second.resolve(UNKNOWN_TOWN).lat == pytest.approx(56.1)
        second.close()
    assert len(server.requests) == 1
    with sqlite3.connect(settings.geocode_cache) as db:
        assert db.execute("select count(*) from nominatim where found = 1").fetchone() == (1,)


def test_nominatim_miss_and_foreign_answer_are_cached_as_misses(tmp_path: Path):
    """An answer outside Russia or at (0, 0) is rejected, and the miss is cached."""
    answers = {
        "минск": answer(53.9, 27.56, "Минск", country_code="by"),  # inside the bounding box
        "нольград": answer(0, 0, "Null Island"),
    }
    with FakeNominatim(answers) as server:
        settings = settings_for(tmp_path, server, nominatim_min_delay=0.0)
        resolver = Resolver.from_settings(settings, geocoder="nominatim")
        assert resolver.resolve("Минск") is None
        assert resolver.resolve("Нольград") is None
        resolver.close()
        again = Resolver.from_settings(settings, geocoder="nominatim")
        assert again.resolve("Минск") is None
        again.close()
    assert len(server.requests) == 2
    assert resolver.pending == []


@pytest.mark.parametrize(
    ("mode", "extra"),
    [
        ("error", {}),
        ("garbage", {}),
        ("slow", {"nominatim_timeout": 0.3}),
    ],
)
def test_nominatim_failure_falls_back_and_records_pending(tmp_path: Path, mode: str, extra):
    """A broken endpoint: the gazetteer answer stands, the surface is pending for next run."""
    with FakeNominatim(mode=mode, delay=1.0) as server:
        settings = settings_for(tmp_path, server, nominatim_min_delay=0.0, **extra)
        resolver = Resolver.from_settings(settings, geocoder="nominatim")
        ambiguous = resolver.resolve("Железногорск")  # low confidence → Nominatim is asked
        unknown = resolver.resolve(UNKNOWN_TOWN)
        resolver.close()
    assert ambiguous.place_id == "city:463343" and ambiguous.geocoder == "alias"
    assert unknown is None
    assert resolver.explain(UNKNOWN_TOWN).startswith("nominatim unavailable: ")
    assert [(s, fallback) for s, _, fallback in resolver.pending] == [
        ("Железногорск", "city:463343"),
        (UNKNOWN_TOWN, None),
    ]
    with sqlite3.connect(settings.geocode_cache) as db:  # failures are never cached
        assert db.execute("select count(*) from nominatim").fetchone() == (0,)


def test_nominatim_rate_limit_is_one_request_per_second(tmp_path: Path):
    """Requests reach the server at least Settings.nominatim_min_delay (1 s) apart."""
    with FakeNominatim() as server:
        resolver = Resolver.from_settings(settings_for(tmp_path, server), geocoder="nominatim")
        for name in ("Альфаград", "Бетаград", "Гаммаград"):
            resolver.resolve(name)
        resolver.close()
    times = [t for t, _, _ in server.requests]
    assert len(times) == 3
    assert all(b - a >= 0.95 for a, b in zip(times, times[1:], strict=False))


def test_offline_mode_never_calls_the_network(tmp_path: Path):
    with FakeNominatim() as server:
        settings = settings_for(tmp_path, server)
        resolver = Resolver.from_settings(settings, geocoder="offline")
        assert resolver.resolve(UNKNOWN_TOWN) is None
    assert server.requests == []
