"""A deterministic synthetic data set for the benchmarks, written as the ETL's own inputs.

`generate(n_activities, out_dir, seed)` writes curated CSVs in the formats of data/curated/
(documents, programs, organisations, people, activities, activity_places, activity_participants,
agreements) and, optionally, press releases (~3 KB of Russian text each) as .md files with front
matter. Nothing is written around the ETL: the benchmarks load these files with etl.pipeline.

Shapes: every federal subject appears, with a Zipf-like skew (a few regions hold most of the
activities); 15 years with growth; mostly done activities; planned missions of which ~60 % are
fulfilled by a done mission to the same city in the same year; agreements with counterparties in
the regions; documents with a text note. Place names come from data/reference (gazetteer towns
and subject names, with the region code given) so the real resolver resolves them.

    python -m bench.generate --activities 10000 --press-releases 100 --out /tmp/cr-bench
"""

from __future__ import annotations

import argparse
import bisect
import csv
import datetime as dt
import hashlib
import itertools
import json
import random
from dataclasses import asdict, dataclass
from pathlib import Path

from etl.vocabulary import months

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "data" / "reference"
HOME = "RU-MOW"
YEARS = tuple(range(2011, 2026))  # 15 years
GENERATOR_VERSION = 2  # bump when the output changes: it is part of the cache key

KINDS = {  # kind -> weight
    "mission": 30, "delegation": 14, "business_mission": 5, "venue_visit": 9, "forum": 8,
    "festival": 7, "conference": 8, "round_table": 7, "strategic_session": 4, "internship": 4,
    "agreement_signing": 4,
}
PROGRAMS = (
    "Российская креативная неделя. Москва-фест", "Дизайн-цех", "Открытая Мастерская Москвы",
    "Фабрика пространств", "Движение открытых мастерских", "Креативные кварталы",
    "Школа креативных индустрий", "Культурный код регионов", "Маршруты мастеров",
    "Гастрольная карта", "Новые промыслы", "Цифровое ремесло",
)
ORG_KINDS = ("creative space", "company", "fund", "government", "university", "museum",
             "workshop", "cluster")
ORG_WORDS = ("Мастерская", "Пространство", "Кластер", "Фонд", "Центр", "Студия", "Лаборатория",
             "Артель", "Дом", "Фабрика")
ORG_NAMES = ("Ремесло", "Горизонт", "Точка", "Среда", "Перспектива", "Архитектура", "Палитра",
             "Сеть", "Мост", "Гравюра", "Кузница", "Ткань", "Глина", "Лён", "Береста", "Свет")
FIRST = ("Анна", "Иван", "Мария", "Сергей", "Ольга", "Дмитрий", "Елена", "Алексей", "Наталья",
         "Павел", "Татьяна", "Михаил")
LAST = ("Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Козлов", "Новиков", "Морозов",
        "Волков", "Зайцев")
TITLES = {
    "mission": "Рабочая миссия Агентства: {city}",
    "delegation": "Делегация региона в Москве: {city}",
    "business_mission": "Бизнес-миссия предпринимателей: {city}",
    "venue_visit": "Посещение креативных пространств: {city}",
    "forum": "Форум креативных индустрий, {city}",
    "festival": "Фестиваль «Москва-фест», {city}",
    "conference": "Конференция о креативной экономике, {city}",
    "round_table": "Круглый стол с сообществом, {city}",
    "strategic_session": "Стратегическая сессия, {city}",
    "internship": "Стажировка команды региона, {city}",
    "agreement_signing": "Подписание соглашения, {city}",
}


@dataclass(frozen=True)
class Params:
    activities: int
    press_releases: int = 0
    seed: int = 42
    version: int = GENERATOR_VERSION

    def key(self) -> str:
        """A short hash: the cache key of a generated data set."""
        return hashlib.sha1(json.dumps(asdict(self), sort_keys=True).encode()).hexdigest()[:12]


@dataclass(frozen=True)
class Place:
    name: str
    region: str
    kind: str  # city | region


class Geography:
    """Towns per federal subject and a Zipf-like weight per subject."""

    def __init__(self, rng: random.Random):
        regions = _read(REFERENCE / "regions.csv")
        self.region_names = {r["region_code"]: r["name_ru"] for r in regions}
        towns: dict[str, list[tuple[str, float]]] = {}
        for row in _read(REFERENCE / "gazetteer.csv"):
            towns.setdefault(row["region_code"], []).append(
                (row["name_ru"], max(float(row["population"] or 0), 1000.0) ** 0.5))
        self.towns = {code: sorted(v) for code, v in towns.items()}
        codes = sorted(c for c in self.region_names if c != HOME)
        rng.shuffle(codes)  # which subjects are "big" is part of the seed
        self.codes = codes
        self.cum = list(itertools.accumulate(1.0 / (rank + 1) ** 1.1 for rank in range(len(codes))))
        self._town_cum = {c: list(itertools.accumulate(w for _, w in v))
                          for c, v in self.towns.items()}

    def region(self, rng: random.Random) -> str:
        return self.codes[bisect.bisect(self.cum, rng.random() * self.cum[-1])]

    def place(self, rng: random.Random, region: str | None = None) -> Place:
        code = region or self.region(rng)
        towns = self.towns.get(code)
        if not towns or rng.random() < 0.08:  # some facts name only the subject
            return Place(self.region_names[code], code, "region")
        cum = self._town_cum[code]
        return Place(towns[bisect.bisect(cum, rng.random() * cum[-1])][0], code, "city")


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _fuzzy(rng: random.Random, year: int) -> tuple[str, str, dt.date]:
    """(start, end, start date) as an analyst writes them: mostly days, some months or years."""
    day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
    roll = rng.random()
    if roll < 0.80:
        end = day + dt.timedelta(days=rng.choice((0, 0, 1, 2, 3)))
        if end.year != year:
            end = day
        return day.isoformat(), end.isoformat(), day
    if roll < 0.95:
        return f"{year}-{day.month:02d}", "", day.replace(day=1)
    return str(year), "", dt.date(year, 1, 1)


class _Writer:
    """One CSV per curated table, header first, in the column order of data/curated/."""

    COLUMNS = {
        "documents": ("document_id", "title", "published", "publisher", "url", "note"),
        "programs": ("program", "document_id"),
        "organisations": ("organisation", "kind", "place", "region"),
        "people": ("person", "organisation", "role", "document_id"),
        "activities": ("activity_id", "kind", "status", "title", "start", "end", "program",
                       "document_id", "note"),
        "activity_places": ("activity_id", "place", "role", "region"),
        "activity_participants": ("activity_id", "organisation", "person", "role"),
        "agreements": ("agreement_id", "counterparty", "counterparty_kind", "place", "region",
                       "signed", "program", "activity_id", "document_id", "note"),
    }

    def __init__(self, directory: Path):
        directory.mkdir(parents=True, exist_ok=True)
        self.directory = directory
        self.files = {name: (directory / f"{name}.csv").open("w", encoding="utf-8", newline="")
                      for name in self.COLUMNS if name != "activities"}
        self.writers = {name: csv.writer(f) for name, f in self.files.items()}
        self.counts = dict.fromkeys(self.COLUMNS, 0)
        for name, writer in self.writers.items():
            writer.writerow(self.COLUMNS[name])

    def row(self, table: str, *values) -> None:
        self.writers[table].writerow(values)
        self.counts[table] += 1

    def sharded(self, table: str, shard: str, *values) -> None:
        """A row of `<table>_<shard>.csv`: one file per year keeps each under the ETL's size
        limit at a million rows, as analysts split activities_2025.csv."""
        name = f"{table}_{shard}"
        if name not in self.writers:
            self.files[name] = (self.directory / f"{name}.csv").open("w", encoding="utf-8",
                                                                    newline="")
            self.writers[name] = csv.writer(self.files[name])
            self.writers[name].writerow(self.COLUMNS[table])
        self.writers[name].writerow(values)
        self.counts[table] += 1

    def close(self) -> None:
        for f in self.files.values():
            f.close()


def generate(params: Params, out: Path) -> dict:
    """Write the data set into out/curated and out/documents; return what was written."""
    rng = random.Random(params.seed)
    geo = Geography(rng)
    w = _Writer(out / "curated")
    try:
        _curated(params.activities, rng, geo, w)
    finally:
        w.close()
    docs = write_press_releases(params.press_releases, out / "documents", params.seed, geo)
    summary = {"params": asdict(params), "rows": w.counts, "press_releases": docs}
    (out / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1))
    return summary


def _curated(n: int, rng: random.Random, geo: Geography, w: _Writer) -> None:
    n_docs = max(1, n // 20)
    n_orgs = max(20, n // 25)
    year_cum = list(itertools.accumulate(1 + 0.15 * i for i in range(len(YEARS))))
    kinds, kind_cum = list(KINDS), list(itertools.accumulate(KINDS.values()))

    for p in PROGRAMS:
        w.row("programs", p, "")
    for i in range(n_docs):
        year = YEARS[bisect.bisect(year_cum, rng.random() * year_cum[-1])]
        place = geo.place(rng)
        w.row("documents", f"D-{i:07d}", f"Агентство креативных индустрий: итоги работы, "
              f"{place.name}", _fuzzy(rng, year)[0], "Агентство креативных индустрий", "",
              f"Итоги работы с регионом {geo.region_names[place.region]} за {year} год: "
              f"встречи, визиты, соглашения и планы на следующий год ({place.name}).")
    orgs = []
    for i in range(n_orgs):
        place = geo.place(rng)
        name = f"{rng.choice(ORG_WORDS)} «{rng.choice(ORG_NAMES)}-{i}»"
        orgs.append(name)
        w.row("organisations", name, rng.choice(ORG_KINDS), place.name, place.region)
    org_cum = list(itertools.accumulate(1.0 / (r + 1) for r in range(n_orgs)))
    n_people = max(10, n // 100)
    people = []
    for i in range(n_people):
        person = f"{rng.choice(FIRST)} {rng.choice(LAST)}-{i}"
        employer = orgs[rng.randrange(n_orgs)]
        people.append((person, employer))
        w.row("people", person, employer, "руководитель", "")

    def org() -> str:
        return orgs[bisect.bisect(org_cum, rng.random() * org_cum[-1])]

    done_ids: list[str] = []
    i = 0
    while i < n:
        year = YEARS[bisect.bisect(year_cum, rng.random() * year_cum[-1])]
        kind = kinds[bisect.bisect(kind_cum, rng.random() * kind_cum[-1])]
        place = geo.place(rng)
        planned = kind in ("mission", "venue_visit", "internship") and rng.random() < 0.3
        _activity(w, rng, f"A-{i:07d}", kind, "planned" if planned else "done", year, place,
                  n_docs, org)
        if not planned:
            done_ids.append(f"A-{i:07d}")
        i += 1
        if planned and i < n and rng.random() < 0.6:  # the plan was fulfilled that year
            _activity(w, rng, f"A-{i:07d}", kind, "done", year, place, n_docs, org)
            done_ids.append(f"A-{i:07d}")
            i += 1
        if rng.random() < 0.07 and done_ids:
            _agreement(w, rng, f"AG-{w.counts['agreements']:07d}", year, geo, org(),
                       rng.choice(done_ids[-50:]), n_docs)
    for k, (person, org_name) in enumerate(people[: n_people // 2] if n else []):
        w.row("activity_participants", f"A-{k * 97 % n:07d}", org_name, person, "participant")


def _activity(w: _Writer, rng: random.Random, aid: str, kind: str, status: str, year: int,
              place: Place, n_docs: int, org) -> None:
    start, end, _ = _fuzzy(rng, year)
    program = rng.choice(PROGRAMS) if rng.random() < 0.4 else ""
    doc = f"D-{rng.randrange(n_docs):07d}" if rng.random() < 0.7 else ""
    w.sharded("activities", str(year), aid, kind, status, TITLES[kind].format(city=place.name),
              start, end, program, doc, "Синтетическая запись")
    if kind in ("delegation", "business_mission"):
        w.row("activity_places", aid, place.name, "origin", place.region)
        w.row("activity_places", aid, "Москва", "destination", HOME)
    else:
        w.row("activity_places", aid, place.name, "destination", place.region)
    for name in dict.fromkeys(org() for _ in range(rng.choice((0, 1, 1, 2)))):
        w.row("activity_participants", aid, name, "", rng.choice(("organiser", "participant")))


def _agreement(w: _Writer, rng: random.Random, gid: str, year: int, geo: Geography, org: str,
               activity_id: str, n_docs: int) -> None:
    place = geo.place(rng)
    w.row("agreements", gid, org, rng.choice(ORG_KINDS), place.name, place.region,
          _fuzzy(rng, year)[0], rng.choice(PROGRAMS) if rng.random() < 0.3 else "",
          activity_id if rng.random() < 0.5 else "",
          f"D-{rng.randrange(n_docs):07d}" if rng.random() < 0.5 else "",
          "Соглашение о сотрудничестве")


# -- press releases ---------------------------------------------------------------------------

MONTHS_GEN = months().genitive
FILLER = (
    "Креативные индустрии становятся одним из драйверов развития городской экономики: "
    "они создают рабочие места, привлекают туристов и меняют облик общественных пространств.",
    "Специалисты Агентства рассказали о мерах поддержки предпринимателей, о грантах для "
    "молодых команд и о том, как устроены образовательные программы для мастеров.",
    "Участники обсудили, как превратить заброшенные промышленные здания в центры творчества, "
    "где работают дизайнеры, архитекторы, музыканты и художники.",
    "Отдельная сессия была посвящена продвижению локальных брендов и участию региональных "
    "команд в крупных выставках и маркетплейсах.",
    "По словам организаторов, обмен опытом между городами помогает быстрее запускать новые "
    "проекты и избегать типичных ошибок на старте.",
    "В программе также прошли мастер-классы, экскурсии по креативным кластерам и встречи с "
    "представителями бизнеса и некоммерческих организаций.",
)


class _Inflector:
    """Genitive and prepositional forms of place names (pymorphy3), nominative on failure."""

    def __init__(self):
        from etl.morph import analyzer

        self.morph = analyzer()

    def form(self, name: str, case: str) -> str:
        words = name.split(" ")
        out = []
        for word in words:
            if "-" in word or not word.isalpha():
                return name
            parses = [p for p in self.morph.parse(word) if "Geox" in p.tag or "ADJF" in p.tag]
            inflected = parses[0].inflect({case}) if parses else None
            if inflected is None:
                return name
            text = inflected.word
            out.append(text[:1].upper() + text[1:] if word[:1].isupper() else text)
        return " ".join(out)


def write_press_releases(n: int, directory: Path, seed: int, geo: Geography | None = None) -> int:
    """n press releases of ~3 KB each (Russian text from templates, real town names)."""
    if n <= 0:
        return 0
    rng = random.Random(seed + 1)
    geo = geo or Geography(random.Random(seed))
    inflect = _Inflector()
    directory.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        year = rng.choice(YEARS)
        (directory / f"pr-{i:05d}.md").write_text(_press_release(rng, geo, inflect, year, i),
                                                  encoding="utf-8")
    return n


def _press_release(rng: random.Random, geo: Geography, inflect: _Inflector, year: int,
                   i: int) -> str:
    day, month = rng.randint(1, 27), rng.randrange(12)
    home = geo.place(rng)
    while home.kind != "city":
        home = geo.place(rng)
    others = [geo.place(rng) for _ in range(rng.randint(2, 5))]
    towns = ", ".join(inflect.form(p.name, "gent") for p in others if p.kind == "city") or \
        inflect.form(home.name, "gent")
    org = f"{rng.choice(ORG_WORDS).lower()}ом «{rng.choice(ORG_NAMES)}»"
    partner = geo.place(rng)
    paras = [
        f"С {day} по {day + 1} {MONTHS_GEN[month]} {year} года специалисты Агентства креативных "
        f"индустрий провели рабочую миссию в {inflect.form(home.name, 'loct')}. Команда "
        f"встретилась с представителями городской администрации, предпринимателями и "
        f"руководителями креативных пространств.",
        rng.choice(FILLER) + " " + rng.choice(FILLER),
        f"Москву посетила делегация регионов: специалисты государственных учреждений и "
        f"общественных организаций из {towns}. Участники делегации побывали на «Винзаводе», "
        f"в центре дизайна Artplay и в доме культуры «ГЭС-2».",
        rng.choice(FILLER) + " " + rng.choice(FILLER),
        f"По итогам встреч Агентство креативных индустрий заключило соглашение о сотрудничестве "
        f"с {org} из {inflect.form(partner.name, 'gent')}.",
        rng.choice(FILLER),
        f"В {year + 1} году Агентство планирует посетить "
        f"{', '.join(inflect.form(geo.place(rng).name, 'accs') for _ in range(3))}.",
        rng.choice(FILLER) + " " + rng.choice(FILLER),
    ]
    body = "\n\n".join(paras)
    while len(body.encode("utf-8")) < 2800:
        body += "\n\n" + rng.choice(FILLER)
    title = f"Агентство креативных индустрий провело миссию в {inflect.form(home.name, 'loct')}"
    return (f"---\ntitle: {title}\ndate: {year}-{month + 1:02d}-{day + 2:02d}\n"
            f"source: Синтетический пресс-релиз {i}\n---\n\n{body}\n")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--activities", type=int, required=True)
    ap.add_argument("--press-releases", type=int, default=0)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    summary = generate(Params(args.activities, args.press_releases, args.seed), args.out)
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
