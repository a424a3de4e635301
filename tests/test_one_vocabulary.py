"""One of each vocabulary: month names, quotation marks, Russia's bounding box and the morphology
analyzer are defined once (data/reference/vocabulary.toml, etl/geocode/bounds.py, etl/morph.py)
and read everywhere else."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from etl.extract.names import tidy
from etl.geocode import bounds
from etl.load.warehouse import schema_sql
from etl.sources.documents import month_number
from etl.vocabulary import months, quoted, quoted_group
from tests.conftest import ROOT

CODE = ("etl", "dashboard", "bench", "tools", "deploy")
MONTH_STEMS = ("январ", "феврал", "март", "апрел", "июн", "июл", "август", "сентябр", "октябр",
               "ноябр", "декабр")


def _code_lines():
    for folder in CODE:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                yield path.relative_to(ROOT), number, line


def test_no_second_list_of_month_names() -> None:
    """A line of code naming four months or more is a month list of its own: read
    `etl.vocabulary.months()` (or dashboard.vocabulary.months()) instead."""
    lists = [f"{path}:{n}" for path, n, line in _code_lines()
             if sum(stem in line.lower() for stem in MONTH_STEMS) >= 4]
    assert lists == []


def test_no_second_list_of_signing_or_travel_words() -> None:
    """Signing, agreement, cooperation and travel words live in [signing] and [visits] of
    vocabulary.toml: a line of code quoting two of them is a word list of its own."""
    from etl.vocabulary import vocabulary

    vocab = vocabulary()
    signing = vocab.signing
    visits = vocab.visits
    words = {*signing["verbs"], *signing["nouns"], *signing["agreements"], *signing["documents"],
             *signing["signature_verbs"], *signing["accord_verbs"], *signing["cooperation"],
             *visits["verbs"], *visits["set_off_verbs"], *visits["see_verbs"],
             *(set(visits["nouns"]) - set(visits["visitor_nouns"]))}
    lists = [f"{path}:{n}" for path, n, line in _code_lines()
             if sum(f'"{word}"' in line for word in words) >= 2]
    assert lists == []


def test_no_second_list_of_status_markers_titles_or_name_holders() -> None:
    """Status markers ([status]), officials' titles ([parties], [people]) and the nouns whose
    «name» is no place ([names]) live in vocabulary.toml: a line of code quoting two is a copy."""
    from etl.vocabulary import vocabulary

    vocab = vocabulary()
    keys = ("planned", "cancelled", "ongoing", "habitual", "started", "ended", "continued",
            "future_present", "wishes")
    words = {word for key in keys for word in vocab.status[key]}
    words |= {*vocab.parties["titles"], *vocab.people["titles"], *vocab.names["holders"]}
    lists = [f"{path}:{n}" for path, n, line in _code_lines()
             if sum(f'"{word}"' in line for word in words) >= 2]
    assert lists == []


BOX_LAT = {bounds.LAT_MIN, bounds.LAT_MAX}
BOX_LON = {bounds.LON_WEST, bounds.LON_EAST}
NUMBER = re.compile(r"(?<![\w.$])-?\d+(?:\.\d+)?(?![\w.])")
SQL_FILES = ("etl/sql", "dashboard/queries")


def _numbers(line: str) -> set[float]:
    return {float(n) for n in NUMBER.findall(line)}


def _sql_lines():
    for folder in SQL_FILES:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in (".sql", ".toml"):
                for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                    yield path.relative_to(ROOT), number, line


def test_the_bounding_box_is_written_once() -> None:
    """Russia's box is etl/geocode/bounds.py: SQL names its values as $lat_min, $lat_max,
    $lon_west, $lon_east (bound, or written into schema.sql's CHECK); a line of SQL comparing a
    latitude or longitude with one of them as a number, or a line of code holding both bounds of
    an axis, is a second copy."""
    sql = [f"{path}:{n}" for path, n, line in _sql_lines()
           if re.search(r"\b(lat|lon)\b", line) and _numbers(line) & (BOX_LAT | BOX_LON)]
    code = [f"{path}:{n}" for path, n, line in _code_lines()
            if path != Path("etl/geocode/bounds.py")
            and (BOX_LAT <= _numbers(line) or BOX_LON <= _numbers(line))]
    assert sql + code == []


def test_the_schema_checks_latitudes_against_the_bounding_box() -> None:
    """The CHECK of place.lat is written from bounds.py when the schema is read."""
    check = re.search(r"lat\s+DOUBLE NOT NULL CHECK \(lat BETWEEN (\S+) AND (\S+)\)",
                      schema_sql())
    assert check and (float(check[1]), float(check[2])) == (bounds.LAT_MIN, bounds.LAT_MAX)
    assert "$" not in schema_sql()


def test_only_etl_morph_constructs_a_pymorphy_analyzer() -> None:
    made = [f"{path}:{n}" for path, n, line in _code_lines()
            if "MorphAnalyzer(" in line and path != Path("etl/morph.py")]
    assert made == []


def test_month_names_in_every_case_form() -> None:
    assert [month_number(w) for w in ("Января", "марте", "маем", "октябрём", "октябрем")] == \
        [1, 3, 5, 10, 10]
    assert months().number("мартовский") is None
    assert len(months().genitive) == len(months().short) == len(months().english) == 12


def test_every_quotation_mark_pair_is_read_and_tidied_to_guillemets() -> None:
    text = "«Винзавод», \"ГЭС-2\", “Арт-кластер” и „Таврида“"
    found = [m.group(quoted_group(m)) for m in quoted(2, 80).finditer(text)]
    assert found == ["Винзавод", "ГЭС-2", "Арт-кластер", "Таврида"]
    assert tidy("фестиваль „Таврида“ и \"Арт\"") == "фестиваль «Таврида» и «Арт»"


RUN = """
import json, sys
from pathlib import Path
import pymorphy2, pymorphy3

made = {"pymorphy2": 0, "pymorphy3": 0}

def counted(cls, name):
    init = cls.__init__
    def __init__(self, *args, **kwargs):
        made[name] += 1
        init(self, *args, **kwargs)
    cls.__init__ = __init__

counted(pymorphy2.MorphAnalyzer, "pymorphy2")  # natasha's MorphVocab and yargy's grammars
counted(pymorphy3.MorphAnalyzer, "pymorphy3")  # the rules and the place resolver

from etl.config import Settings
from etl.pipeline import run

tmp = Path(sys.argv[1])
report = run(Settings(warehouse=tmp / "w.duckdb", state_dir=tmp / "state",
                      analyst_dir=tmp / "analyst", curated_dir=tmp / "curated",
                      documents_dir=tmp / "documents"))
print(json.dumps({"made": made, "status": report.status, "counts": report.counts}))
"""


def test_a_run_loads_one_morphology_analyzer_per_library(tmp_path) -> None:
    """A whole ETL run (curated rows resolved, a press release extracted, relative dates read)
    builds each library's dictionaries once: the rules, the resolver, natasha and the yargy
    grammars share them."""
    (tmp_path / "curated").mkdir()
    (tmp_path / "curated" / "activities.csv").write_text(
        "activity_id,kind,status,title,start\nA-1,mission,done,Миссия в Казань,2024-05-14\n",
        encoding="utf-8")
    (tmp_path / "curated" / "activity_places.csv").write_text(
        "activity_id,place,role\nA-1,Казани,destination\n", encoding="utf-8")
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "visit.md").write_text(
        "---\ntitle: Визит в Тулу\ndate: 2024-06-03\n---\n\n"
        "Вчера специалисты Агентства побывали в Туле и провели там круглый стол 2 июня.\n",
        encoding="utf-8")
    # one process for the whole run: a new release otherwise goes to a worker process
    # (etl.incremental.Extraction), which builds natasha's analyzer there, not here
    env = {**os.environ, "CR_EXTRACT_WORKERS": "1"}
    out = subprocess.run([sys.executable, "-c", RUN, str(tmp_path)], cwd=ROOT, check=True,
                         capture_output=True, text=True, timeout=600, env=env)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["status"] == "published"
    assert result["counts"]["activity"] >= 2  # the curated mission and the extracted event
    assert result["made"] == {"pymorphy2": 1, "pymorphy3": 1}
