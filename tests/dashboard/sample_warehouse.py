"""A small warehouse modelled on the gold facts: schema + views from etl/sql, rows below.

Used when the real ETL fixture is not available, and for development:
    .venv/bin/python -m tests.dashboard.sample_warehouse /tmp/dash.duckdb
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

from etl.load.layers import build_models

ROOT = Path(__file__).resolve().parents[2]
SQL = ROOT / "etl" / "sql"

REGIONS = [  # code, name_ru, name_en, type, district, capital, lat, lon
    ("RU-MOW", "Москва", "Moscow", "federal_city", "Центральный", "Москва", 55.75, 37.62),
    ("RU-KR", "Республика Карелия", "Republic of Karelia", "republic", "Северо-Западный",
     "Петрозаводск", 61.79, 34.36),
    ("RU-PRI", "Приморский край", "Primorsky Krai", "krai", "Дальневосточный", "Владивосток",
     43.12, 131.89),
    ("RU-TA", "Республика Татарстан", "Republic of Tatarstan", "republic", "Приволжский",
     "Казань", 55.79, 49.12),
    ("RU-TYU", "Тюменская область", "Tyumen Oblast", "oblast", "Уральский", "Тюмень",
     57.15, 65.53),
    ("RU-VLG", "Вологодская область", "Vologda Oblast", "oblast", "Северо-Западный", "Вологда",
     59.22, 39.89),
    ("RU-KEM", "Кемеровская область — Кузбасс", "Kemerovo Oblast", "oblast", "Сибирский",
     "Кемерово", 55.35, 86.09),
    ("RU-KDA", "Краснодарский край", "Krasnodar Krai", "krai", "Южный", "Краснодар",
     45.04, 38.98),
    ("RU-SAM", "Самарская область", "Samara Oblast", "oblast", "Приволжский", "Самара",
     53.2, 50.15),
    ("RU-TUL", "Тульская область", "Tula Oblast", "oblast", "Центральный", "Тула", 54.19, 37.62),
    ("RU-STA", "Ставропольский край", "Stavropol Krai", "krai", "Северо-Кавказский",
     "Ставрополь", 45.04, 41.97),
    ("RU-OMS", "Омская область", "Omsk Oblast", "oblast", "Сибирский", "Омск", 54.99, 73.37),
    ("RU-ROS", "Ростовская область", "Rostov Oblast", "oblast", "Южный", "Ростов-на-Дону",
     47.23, 39.72),
    ("RU-YAR", "Ярославская область", "Yaroslavl Oblast", "oblast", "Центральный", "Ярославль",
     57.63, 39.87),
    ("RU-BEL", "Белгородская область", "Belgorod Oblast", "oblast", "Центральный", "Белгород",
     50.6, 36.59),
    ("RU-ULY", "Ульяновская область", "Ulyanovsk Oblast", "oblast", "Приволжский", "Ульяновск",
     54.32, 48.4),
    ("RU-NGR", "Новгородская область", "Novgorod Oblast", "oblast", "Северо-Западный",
     "Великий Новгород", 58.52, 31.27),
    ("RU-SVE", "Свердловская область", "Sverdlovsk Oblast", "oblast", "Уральский",
     "Екатеринбург", 56.84, 60.61),
    ("RU-KC", "Карачаево-Черкесская Республика", "Karachay-Cherkess Republic", "republic",
     "Северо-Кавказский", "Черкесск", 44.23, 42.05),
    ("RU-SE", "Республика Северная Осетия — Алания", "Republic of North Ossetia–Alania",
     "republic", "Северо-Кавказский", "Владикавказ", 43.02, 44.68),
    ("RU-SA", "Республика Саха (Якутия)", "Sakha Republic", "republic", "Дальневосточный",
     "Якутск", 62.03, 129.73),
    ("RU-KAM", "Камчатский край", "Kamchatka Krai", "krai", "Дальневосточный",
     "Петропавловск-Камчатский", 53.02, 158.65),
]

CITIES = [  # place_id, name_ru, name_en, region, lat, lon
    ("city:524901", "Москва", "Moscow", "RU-MOW", 55.75, 37.62),
    ("city:2013348", "Владивосток", "Vladivostok", "RU-PRI", 43.12, 131.89),
    ("city:551487", "Казань", "Kazan", "RU-TA", 55.79, 49.12),
    ("city:1488754", "Тюмень", "Tyumen", "RU-TYU", 57.15, 65.53),
    ("city:569223", "Череповец", "Cherepovets", "RU-VLG", 59.13, 37.9),
    ("city:1503901", "Кемерово", "Kemerovo", "RU-KEM", 55.35, 86.09),
    ("city:542420", "Краснодар", "Krasnodar", "RU-KDA", 45.04, 38.98),
    ("city:499099", "Самара", "Samara", "RU-SAM", 53.2, 50.15),
    ("city:480562", "Тула", "Tula", "RU-TUL", 54.19, 37.62),
    ("city:487846", "Ставрополь", "Stavropol", "RU-STA", 45.04, 41.97),
    ("city:1496153", "Омск", "Omsk", "RU-OMS", 54.99, 73.37),
    ("city:501175", "Ростов-на-Дону", "Rostov-on-Don", "RU-ROS", 47.23, 39.72),
    ("city:500004", "Рыбинск", "Rybinsk", "RU-YAR", 58.05, 38.83),
    ("city:578072", "Белгород", "Belgorod", "RU-BEL", 50.6, 36.59),
    ("city:479123", "Ульяновск", "Ulyanovsk", "RU-ULY", 54.32, 48.4),
    ("city:519336", "Великий Новгород", "Veliky Novgorod", "RU-NGR", 58.52, 31.27),
    ("city:1486209", "Екатеринбург", "Yekaterinburg", "RU-SVE", 56.84, 60.61),
]

VENUES = [  # place_id, name_ru, lat, lon
    ("venue:dar-truda", "Дар Труда", 55.79, 37.6),
    ("venue:api-moscow", "API Moscow (Красный Октябрь)", 55.74, 37.61),
    ("venue:blagosfera", "Благосфера", 55.79, 37.57),
    ("venue:winzavod", "Винзавод", 55.76, 37.66),
    ("venue:artplay", "Artplay", 55.75, 37.67),
    ("venue:ges-2", "ГЭС-2", 55.74, 37.61),
]

DOCS = [  # id, title, published, text
    ("d0", "Круглый стол «Движение открытых мастерских»", "2015-05-03",
     "В понедельник 27 апреля 2015 г. на территории общественной мастерской \"Дар Труда\" "
     "состоялся первый круглый стол на тему \"Движение открытых мастерских\"."),
    ("d1", "Проект программы стратегической сессии «Открытая Мастерская Москвы»", "2014-11-01",
     "Стратегическая сессия пройдёт 15 ноября 2014 года в API Moscow Красный Октябрь."),
    ("d2", "Конференция новых общественных пространств пройдет в Москве", "2017-11-10",
     "Конференция «Фабрика пространств» пройдёт 20–21 ноября 2017 года в «Благосфере»."),
    ("d3", "Агентство креативных индустрий знакомит регионы со столичными практиками",
     "2024-01-15",
     "6 и 7 июля 2023 года Агентство принимало дизайнеров из Республики Карелии.\n"
     "7 и 8 июля 2023 года в Москве побывали представители Владивостока, Казани, Тюмени, "
     "Череповца, Кемерова, Краснодара, Самары, Тулы, Ставрополя, Омска и Ростова-на-Дону.\n"
     "По итогам визита подписаны соглашения о сотрудничестве с креативным пространством "
     "«Мега-Арт» Рыбинска, компанией «Мега-Пак» из Череповца и кузбасским фондом "
     "«Активный бизнес».\n"
     "В 2024 году запланированы визиты в Белгород, Ульяновск, Великий Новгород, Омск, "
     "Краснодар, Екатеринбург, Карачаево-Черкесскую Республику и Республику Северную "
     "Осетию — Аланию."),
    ("dx", "Пресс-релиз с разметкой", "2024-06-01",
     "Миссия в Казань <script>alert('x')</script> прошла успешно. "
     "<img src=x onerror=alert(1)> Подробности позже."),
]

D3_PLAN = "В 2024 году запланированы визиты в Белгород"
D3_DELEG = "7 и 8 июля 2023 года в Москве побывали представители Владивостока"
D3_AGR = "По итогам визита подписаны соглашения о сотрудничестве"

ACTIVITIES = [  # id, kind, status, title, start, end, precision, program, conf, doc, evidence
    ("a1", "round_table", "done", "Движение открытых мастерских", "2015-04-27", "2015-04-27",
     "day", "Движение открытых мастерских", 0.9, "d0", "первый круглый стол"),
    ("a2", "strategic_session", "planned", "Открытая Мастерская Москвы: дорожная карта",
     "2014-11-15", "2014-11-15", "day", "Открытая Мастерская Москвы", 0.9, "d1",
     "Стратегическая сессия пройдёт 15 ноября 2014 года"),
    ("a3", "conference", "planned", "Фабрика пространств", "2017-11-20", "2017-11-21", "day",
     None, 0.9, "d2", "Конференция «Фабрика пространств» пройдёт 20–21 ноября 2017 года"),
    ("a4", "business_mission", "done", "Бизнес-миссия дизайнеров Карелии", "2023-07-06",
     "2023-07-07", "day", "Российская креативная неделя. Москва-фест", 0.9, "d3",
     "6 и 7 июля 2023 года Агентство принимало дизайнеров"),
    ("a5", "delegation", "done", "Делегация представителей 11 городов", "2023-07-07",
     "2023-07-08", "day", None, 0.85, "d3", D3_DELEG),
    ("a6", "mission", "planned", "Визиты в регионы 2024", "2024-01-01", "2024-12-31", "year",
     None, 0.8, "d3", D3_PLAN),
    ("a7", "mission", "done", "Миссия в Омск", "2024-05-15", "2024-05-16", "day", "Дизайн-цех",
     0.95, None, None),
    ("a8", "mission", "done", "Миссия в Краснодар", "2024-09-10", "2024-09-11", "day",
     "Фабрика дизайна", 0.95, None, None),
    ("a9", "mission", "done", "Миссия в Рыбинск", "2023-03-10", "2023-03-10", "day",
     "Фабрика дизайна", 0.95, None, None),
    ("a10", "mission", "done", "Миссия в Казань", "2022-10-05", "2022-10-06", "day", None, 0.5,
     "dx", "Миссия в Казань"),
    ("a11", "mission", "cancelled", "Миссия в Екатеринбург", "2024-11-01", "2024-11-30",
     "month", "Дизайн-цех", 0.95, None, None),
]

DELEGATION_CITIES = ["city:2013348", "city:551487", "city:1488754", "city:569223",
                     "city:1503901", "city:542420", "city:499099", "city:480562",
                     "city:487846", "city:1496153", "city:501175"]
PLANNED_PLACES = ["city:578072", "city:479123", "city:519336", "city:1496153", "city:542420",
                  "city:1486209", "region:RU-KC", "region:RU-SE"]

ACTIVITY_PLACES = (
    [("a1", "venue:dar-truda", "venue"), ("a2", "venue:api-moscow", "venue"),
     ("a3", "venue:blagosfera", "venue"), ("a4", "city:524901", "destination"),
     ("a4", "region:RU-KR", "origin"), ("a7", "city:1496153", "destination"),
     ("a8", "city:542420", "destination"), ("a9", "city:500004", "destination"),
     ("a10", "city:551487", "destination"), ("a11", "city:1486209", "destination")]
    + [("a5", p, "origin") for p in DELEGATION_CITIES]
    + [("a5", v, "venue") for v in ("venue:winzavod", "venue:artplay", "venue:ges-2")]
    + [("a6", p, "destination") for p in PLANNED_PLACES]
)

ORGS = [("o1", "ПК «Дар Труда»", "venue_operator", "venue:dar-truda"),
        ("o2", "OOLEY.ru", "company", None),
        ("o3", "Мега-Арт", "creative space", "city:500004"),
        ("o4", "Мега-Пак", "company", "city:569223"),
        ("o5", "=HYPERLINK(\"http://x\")", "company", None)]
PEOPLE = [("p1", "Константин Скворцов", "o1", None, "d0"), ("p2", "Денис Старов", "o2", None, "d0")]

AGREEMENTS = [  # id, counterparty, org, kind, place, date, program, activity
    ("g1", "Мега-Арт", "o3", "creative space", "city:500004", "2023-07-01", None, "a5"),
    ("g2", "Мега-Пак", "o4", "company", "city:569223", "2023-07-01", None, "a5"),
    ("g3", "Активный бизнес", None, "fund", "region:RU-KEM", "2023-07-01", "Фабрика дизайна",
     "a5"),
]


def _places():
    rows = [(pid, ru, en, "city", reg, lat, lon, "city", "gazetteer", 1.0, None)
            for pid, ru, en, reg, lat, lon in CITIES]
    rows += [(f"region:{code}", ru, en, "region", code, lat, lon, "region_centroid",
              "regions", 1.0, None) for code, ru, en, _t, _d, _c, lat, lon in REGIONS]
    rows += [(pid, ru, None, "venue", "RU-MOW", lat, lon, "venue", "venues", 1.0, None)
             for pid, ru, lat, lon in VENUES]
    return rows


def _insert(con, table, rows, columns=""):
    # name the columns where the schema may grow columns with defaults
    if rows:
        marks = ", ".join("?" * len(rows[0]))
        con.executemany(f"INSERT INTO {table} {columns} VALUES ({marks})", rows)


def build(path: Path, edit=None) -> Path:
    """It writes the sample warehouse to `path` (replacing it) and returns the path; `edit`
    (a function of the connection) changes the rows before the views are built."""
    path = Path(path)
    path.unlink(missing_ok=True)
    con = duckdb.connect(str(path))
    con.execute((SQL / "schema.sql").read_text())
    _insert(con, "region", [(c, True, ru, en, t, d, cap, lat, lon)
                            for c, ru, en, t, d, cap, lat, lon in REGIONS])
    _insert(con, "place", _places())
    _insert(con, "document", [(i, t, p, "day", "front_matter", "agency", None, f"{i}.md",
                               "extracted", txt, "2024-06-02 03:00:00")
                              for i, t, p, txt in DOCS])
    _insert(con, "program", [(f"pr{i}", n) for i, n in enumerate(sorted(
        {a[7] for a in ACTIVITIES if a[7]}))])
    _insert(con, "organisation", ORGS)
    _insert(con, "person", PEOPLE)
    _insert(con, "activity", [(*a[:8], "curated" if a[9] is None else "extracted", a[8], a[9],
                               a[10], None) for a in ACTIVITIES])
    _insert(con, "activity_place", [(a, p, r, None) for a, p, r in ACTIVITY_PLACES])
    _insert(con, "activity_participant", [("a1", "o1", "p1", "participant"),
                                          ("a1", "o2", "p2", "participant")])
    _insert(con, "activity_source", [(a[0], a[9], "extracted", a[10], a[8])
                                     for a in ACTIVITIES if a[9]])
    _insert(con, "agreement", [(i, cp, org, k, pl, dt, "month", prog, act, "extracted", 0.8,
                                "d3", D3_AGR, None)
                               for i, cp, org, k, pl, dt, prog, act in AGREEMENTS])
    _insert(con, "agreement_source", [(g[0], "d3", "extracted", D3_AGR) for g in AGREEMENTS])
    _insert(con, "planned_visit", [(f"pv{i}", "a6", p, 2024, "d3", D3_PLAN)
                                   for i, p in enumerate(PLANNED_PLACES)])
    _insert(con, "etl_run", [
        ("r1", "2024-06-01 03:00:00", "2024-06-01 03:00:05", "failed", None, "lock held"),
        ("r2", "2024-06-02 03:00:00", "2024-06-02 03:01:12", "published",
         '{"activity": 11, "agreement": 3, "quarantine": 2}', None)])
    _insert(con, "quarantine", [
        ("r2", "curated", "activities.csv:14", "date is not a date: «весной»", "a99,mission,…"),
        ("r2", "document", "broken.html:1", "no text after markup removal", None)],
        "(run_id, source, locator, reason, raw)")
    _insert(con, "geocode_pending", [("Нижние Грязи", "nominatim unreachable", None)])
    if edit:
        edit(con)
    build_models(con)
    con.close()
    return path


if __name__ == "__main__":
    print(build(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/dash.duckdb")))
