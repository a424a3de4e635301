"""Bad inputs never crash the ETL: each bad item is quarantined with a reason, the rest publishes.

Three layers, from fast to whole:
- properties (hypothesis) of the readers: any bytes as a curated table or a press release, any
  text as a date, any grid of cells as a table — no exception, and every row is accounted for;
- a seeded file fuzzer over the bundled curated tables and press releases (random bytes,
  truncation, byte flips, huge files, deep nesting, other encodings);
- one real `etl run` over the bundled tables plus generated valid rows and known-bad rows and
  files: every bad item is in v_quarantine with its reason, no valid row is lost, and text that a
  spreadsheet would run as a formula is stored as plain text.

Long variants (more examples, more fuzzed files) are marked `slow` (CR_RUN_SLOW=1).
"""

from __future__ import annotations

import csv
import io
import os
import random
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from openpyxl import Workbook

from etl.config import DATA_DIR, Settings
from etl.dates import DateError, parse_fuzzy_date
from etl.models import ACTIVITY_KINDS, STATUSES
from etl.pipeline import run
from etl.sources.curated import load_tables
from etl.sources.documents import read_document, read_documents
from etl.sources.tables import build_table
from tests import tier
from tests.conftest import make_settings, query
from tests.reliability_support import RUN_SLOW, long_variant, record

# generated examples per property: fewer in `make test-fast` (the edit loop), more in the long
# variants (CR_RUN_SLOW=1, as CI runs them)
EXAMPLES = 2000 if RUN_SLOW else 50 if tier.FAST else 200
FUZZ_FILES = 3000 if RUN_SLOW else 100 if tier.FAST else 400
DOC_SUFFIXES = (".md", ".txt", ".html")
CURATED_SUFFIXES = (".csv", ".xlsx")
BODY = "Агентство провело встречу с мастерами из Твери.\nВстреча прошла в марте 2024 года.\n"
FORMULAS = ('=HYPERLINK("http://evil.example/","жми")', "+7 (495) 000-00-00",
            "-2+3+cmd|' /C calc'!A0", "@SUM(A1:A9)")
fast = hsettings(max_examples=EXAMPLES, deadline=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture,
                                        HealthCheck.too_slow])


def _doc_settings(tmp: Path) -> Settings:
    return Settings(state_dir=tmp / "state", max_document_bytes=200_000)


# -- regressions: each crashed read_documents (and so the whole run) before the fix ----------

@pytest.mark.parametrize("name, text, mtime", [
    ("feb31.md", f"---\ndate: 2024-02-31\n---\n{BODY}", None),  # YAML's own date type raises
    ("old.md", f"---\ndate: 1900-01-01\n---\n{BODY}", None),  # outside the agency's record
    ("unpacked.txt", BODY, 0),  # an archive that kept a 1970 mtime
    ("deep-yaml.md", "---\na: " + "[" * 5000 + "\n---\n" + BODY, None),  # too deeply nested
])
def test_a_document_with_impossible_metadata_still_loads(tmp_path, name, text, mtime):
    """Impossible or absurd dates and unreadable front matter lose only that metadata."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    batch = read_documents(tmp_path, _doc_settings(tmp_path))
    assert len(batch.documents) == 1
    assert not [r for r in batch.rejected if r.severity == "error"]
    # front matter that cannot be read is loaded with a warning, never silently dropped
    assert bool(batch.rejected) == (name in {"feb31.md", "deep-yaml.md"})
    assert batch.documents[0].published is None or batch.documents[0].published.start.year >= 1990


def test_deeply_nested_html_is_quarantined_quickly(tmp_path):
    """150 000 nested elements (the parser is quadratic in depth) are refused in about a second."""
    (tmp_path / "deep.html").write_text("<div>" * 150_000 + "Текст" + "</div>" * 150_000)
    (tmp_path / "inline.html").write_text("<b><i>" * 100_000 + "Текст")
    started = time.monotonic()
    batch = read_documents(tmp_path, Settings(state_dir=tmp_path / "state"))
    assert time.monotonic() - started < 20
    assert not batch.documents
    assert all("nested" in r.reason for r in batch.rejected) and len(batch.rejected) == 2


def test_an_ordinary_web_page_is_not_taken_for_a_nested_one(tmp_path):
    """Unclosed <p> and <li> (valid HTML) do not count as nesting."""
    page = "<html><body><article><h1>Заголовок</h1>" + "<p>Абзац текста о встрече" * 3000 \
        + "<ul>" + "<li>пункт" * 3000 + "</ul></article></body></html>"
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    doc = read_document(tmp_path / "page.html", Settings(  # long: the text limits apart
        state_dir=tmp_path / "state", max_document_chars=10**6, max_document_sentences=10**5))
    assert doc.title == "Заголовок"


# -- properties ----------------------------------------------------------------------------

def _fresh(tmp_path: Path) -> Path:
    return Path(tempfile.mkdtemp(dir=tmp_path))  # hypothesis re-seeds `random`: no names from it


@fast
@given(data=st.one_of(st.binary(max_size=4000),
                      st.text(max_size=2000).map(lambda t: t.encode("utf-8")),
                      st.text(max_size=2000).map(lambda t: t.encode("cp1251", "ignore"))),
       suffix=st.sampled_from(DOC_SUFFIXES))
def test_any_bytes_as_a_press_release_become_a_document_or_a_reject(tmp_path, data, suffix):
    """read_documents never raises: a file is a Document or a Rejected with a reason."""
    folder = _fresh(tmp_path)
    (folder / f"release{suffix}").write_bytes(data)
    batch = read_documents(folder, _doc_settings(tmp_path))
    assert len(batch.documents) + len(batch.rejected) == 1
    assert all(r.reason for r in batch.rejected)


@fast
@given(front=st.dictionaries(st.sampled_from(["date", "title", "source", "x"]),
                             st.one_of(st.text(max_size=30), st.integers(), st.dates(),
                                       st.lists(st.integers(), max_size=3)), max_size=4),
       raw_date=st.from_regex(r"\A[0-9]{1,4}-[0-9]{1,2}-[0-9]{1,2}\Z"))
def test_any_front_matter_never_stops_a_document(tmp_path, front, raw_date):
    """Front matter of any shape (dates like 2024-02-31 included) never loses the document."""
    import yaml

    folder = _fresh(tmp_path)
    meta = yaml.safe_dump(front, allow_unicode=True) + f"published: {raw_date}\n"
    (folder / "a.md").write_text(f"---\n{meta}---\n{BODY}", encoding="utf-8")
    (folder / "b.md").write_text(f"---\ndate: {raw_date}\n---\nДругой текст. {BODY}",
                                 encoding="utf-8")
    batch = read_documents(folder, _doc_settings(tmp_path))
    assert len(batch.documents) == 2
    assert not [r for r in batch.rejected if r.severity == "error"]


@fast
@given(data=st.binary(max_size=4000), suffix=st.sampled_from(CURATED_SUFFIXES),
       table=st.sampled_from(["activities", "activity_places", "programs", "agreements"]))
def test_any_bytes_as_a_curated_table_are_read_or_rejected(tmp_path, data, suffix, table):
    """load_tables never raises on a broken file; what it cannot read it rejects by name."""
    folder = _fresh(tmp_path)
    (folder / f"{table}_x{suffix}").write_bytes(data)
    tables, rejected = load_tables(folder, Settings(state_dir=tmp_path / "state"))
    rows = sum(len(t.rows) for ts in tables.values() for t in ts)
    row_rejects = sum(len(t.rejected) for ts in tables.values() for t in ts)
    assert rows + row_rejects + len(rejected) >= (1 if data.strip() else 0)


CELL = st.one_of(st.text(max_size=12), st.sampled_from(FORMULAS + ("31.02.2024", "", " ")))


@fast
@given(header=st.lists(st.sampled_from(["activity_id", "kind", "status", "title", "start",
                                        "end", "note", "", "x"]), min_size=1, max_size=8),
       body=st.lists(st.lists(CELL, max_size=10), max_size=25))
def test_every_row_of_a_table_is_loaded_or_rejected(header, body):
    """build_table drops only blank rows: every other row is a Row or a Rejected (none lost)."""
    numbered = list(enumerate([header, *body], start=1))
    table = build_table("activities", "t.csv", numbered,
                        ("activity_id", "kind", "status", "title", "start"), ("activity_id",))
    nonblank = [cells for cells in body if any(c.strip() for c in cells)]
    header_rejected = any("missing required" in r.reason or "empty file" in r.reason
                          for r in table.rejected)
    if not header_rejected and any(h.strip() for h in header):
        assert len(table.rows) + len(table.rejected) == len(nonblank)
    for row in table.rows:  # text is kept as written: nothing is evaluated
        assert set(row.values.values()) <= {c.strip() for cells in body for c in cells} | {""}


@fast
@given(text=st.one_of(st.text(max_size=20),
                      st.from_regex(r"\A[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4}\Z"),
                      st.from_regex(r"\A[0-9]{4}(-[0-9]{1,2}(-[0-9]{1,2})?)?\Z")))
def test_any_date_cell_is_a_date_or_a_reason(text):
    """parse_fuzzy_date returns a FuzzyDate or raises DateError (with a reason), nothing else."""
    try:
        date = parse_fuzzy_date(text)
    except DateError as exc:
        assert str(exc)
    else:
        assert date.start <= date.end and 1990 <= date.start.year <= 2100


@pytest.mark.parametrize("text", ["31.02.2024", "30.02.2023", "29.02.2023", "2024-04-31",
                                  "00.01.2024", "2024-13", "2024-00-10"])
def test_days_that_do_not_exist_are_refused(text):
    with pytest.raises(DateError):
        parse_fuzzy_date(text)


# -- the file fuzzer -------------------------------------------------------------------------

def _mutations(rng: random.Random, data: bytes, limit: int) -> list[tuple[str, bytes]]:
    """Named ways in which a file arrives broken."""
    cut = rng.randrange(1, max(2, len(data)))
    flipped = bytearray(data)
    for _ in range(max(1, len(data) // 50)):
        flipped[rng.randrange(len(flipped))] = rng.randrange(256)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return [
        ("random", rng.randbytes(rng.randrange(1, 3000))),
        ("truncated", data[:cut]),
        ("flipped", bytes(flipped)),
        ("huge", data * (limit // max(1, len(data)) + 2)),
        ("utf16", text.encode("utf-16")),
        ("koi8r", text.encode("koi8-r", "replace")),
        ("nul", data[:cut] + b"\x00" * 64 + data[cut:]),
        ("empty", b""),
        ("nested", b"<div>" * 5000 + data + b"</div>" * 5000),
    ]


def _seed_files() -> list[Path]:
    seeds = sorted((DATA_DIR / "curated").glob("*.csv")) + sorted(
        p for p in (DATA_DIR / "documents").iterdir() if p.suffix in DOC_SUFFIXES)
    return seeds


def _xlsx_bytes(path: Path) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = path.stem
    with path.open(encoding="utf-8") as fh:
        for row in csv.reader(fh):
            ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _fuzz(tmp_path: Path, n_files: int, seed: int) -> dict:
    """Write n_files mutated copies of the bundled inputs and read them with the real readers."""
    rng = random.Random(seed)
    curated, documents = tmp_path / "curated", tmp_path / "documents"
    curated.mkdir()
    documents.mkdir()
    settings = Settings(state_dir=tmp_path / "state", max_curated_bytes=100_000,
                        max_document_bytes=100_000)
    seeds = _seed_files()
    for i in range(n_files):
        seed_file = rng.choice(seeds)
        is_doc = seed_file.parent.name == "documents"
        data, suffix = seed_file.read_bytes(), seed_file.suffix
        if not is_doc and rng.random() < 0.3:
            data, suffix = _xlsx_bytes(seed_file), ".xlsx"
        kind, mutated = rng.choice(_mutations(rng, data, 100_000))
        folder = documents if is_doc else curated
        (folder / f"{seed_file.stem}_f{i:04d}_{kind}{suffix}").write_bytes(mutated)
    started = time.monotonic()
    tables, file_rejects = load_tables(curated, settings)
    docs = read_documents(documents, settings)
    seconds = time.monotonic() - started
    row_rejects = [r for ts in tables.values() for t in ts for r in t.rejected]
    rows = [row for ts in tables.values() for t in ts for row in t.rows]
    seen = {_file_of(x.locator) for x in rows + file_rejects + row_rejects}
    unaccounted = [p.name for p in sorted(curated.iterdir())
                   if f"curated/{p.name}" not in seen and _has_data_rows(p)]
    return {"inputs_tried": n_files,
            "curated_files": len(list(curated.iterdir())),
            "document_files": len(list(documents.iterdir())),
            "curated_rows_read": len(rows),
            "curated_items_quarantined": sum(r.severity == "error"
                                             for r in file_rejects + row_rejects),
            "documents_read": len(docs.documents),
            "documents_quarantined": len(docs.rejected),
            "unaccounted_files": unaccounted, "seconds": round(seconds, 1)}


def _file_of(locator: str) -> str:
    return locator.split(":row")[0].split("[")[0]


def _has_data_rows(path: Path) -> bool:
    """True when a readable file holds more than a header (so it should have produced rows)."""
    from etl.sources.tables import decode, read_xlsx_sheets

    try:
        if path.suffix == ".xlsx":
            grids = [[c for _, c in rows] for rows, _ in read_xlsx_sheets(path).values()]
        else:
            grids = [list(csv.reader(io.StringIO(decode(path.read_bytes())[0])))]
    except Exception:
        return False  # unreadable files must have been rejected: counted in `seen` or not here
    return any(sum(any(c.strip() for c in cells) for cells in grid) > 1 for grid in grids)


def _check_fuzz(result: dict) -> None:
    assert not result["unaccounted_files"], "files whose rows neither loaded nor were rejected"
    assert result["documents_read"] + result["documents_quarantined"] <= result["document_files"]
    assert result["curated_items_quarantined"] > 0 and result["documents_quarantined"] > 0


def test_file_fuzzer_never_crashes_the_readers(tmp_path):
    """Mutated copies of the bundled files: the readers return rows or rejects, never raise."""
    result = _fuzz(tmp_path, FUZZ_FILES, seed=20261121)
    _check_fuzz(result)
    record("inputs: file fuzzer", **result)


@long_variant
def test_file_fuzzer_long(tmp_path):
    """The long fuzzer: several seeds, many more files."""
    for seed in range(3):
        folder = tmp_path / f"seed{seed}"
        folder.mkdir()
        result = _fuzz(folder, FUZZ_FILES, seed=seed)
        _check_fuzz(result)
        record(f"inputs: file fuzzer (long, seed {seed})", **result)


# -- one real run over known-good and known-bad inputs ---------------------------------------

PLACES = ("Омск", "Тула", "Великий Новгород", "Казань", "Москва", "Череповца")
DATES = ("2023", "2023-05", "2023-05-07", "07.05.2023", "05.2023")
HEADER = ["activity_id", "kind", "status", "title", "start", "end", "program", "document_id",
          "note"]
# (defect, row cells after the id, the reason the quarantine must give)
BAD_ACTIVITIES = [
    ("feb31", ["mission", "done", "Визит", "31.02.2024"], "does not exist"),
    ("month13", ["mission", "done", "Визит", "2024-13-01"], "month 13"),
    ("nostart", ["mission", "done", "Визит", ""], "start is empty"),
    ("kind", ["spaceflight", "done", "Полёт", "2024"], "unknown kind"),
    ("status", ["mission", "maybe", "Визит", "2024"], "unknown status"),
    ("notitle", ["mission", "done", "", "2024"], "title is empty"),
    ("backwards", ["mission", "done", "Визит", "2024-05-02", "2024-05-01"], "before start"),
    ("year1800", ["mission", "done", "Визит", "1800"], "outside 1990..2100"),
    ("extra", ["mission", "done", "Визит", "2024", "", "", "", "", "лишнее"], "cells but the"),
]


def _valid_rows(n: int) -> list[list[str]]:
    rows = []
    for i in range(n):
        title = FORMULAS[i % len(FORMULAS)] if i % 5 == 0 else f"Визит мастеров № {i}"
        rows.append([f"A-fz-{i:04d}", ACTIVITY_KINDS[i % len(ACTIVITY_KINDS)],
                     STATUSES[i % len(STATUSES)], title, DATES[i % len(DATES)], "", "", "",
                     "=1+1" if i % 7 == 0 else ""])
    return rows


def _write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))


def _known_inputs(tmp: Path, n_valid: int) -> dict:
    cur = tmp / "curated"
    shutil.copytree(DATA_DIR / "curated", cur)
    docs = tmp / "documents"
    docs.mkdir()
    valid = _valid_rows(n_valid)
    bad = [[f"A-bad-{name}", *cells] for name, cells, _ in BAD_ACTIVITIES]
    dup = [valid[1][0], "forum", "done", "Другой заголовок", "2022"]  # same id, other values
    _write_csv(cur / "activities_fz.csv", [HEADER, *valid, *bad, dup])
    expected = {f"curated/activities_fz.csv:row {len(valid) + 2 + i}": reason
                for i, (_, _, reason) in enumerate(BAD_ACTIVITIES)}
    expected[f"curated/activities_fz.csv:row {len(valid) + len(bad) + 2}"] = "duplicate key"
    places = [["activity_id", "place", "role", "region"]]
    places += [[row[0], PLACES[i % len(PLACES)], "destination", ""]
               for i, row in enumerate(valid)]
    places += [[valid[0][0], "Гдетотамск", "destination", ""],  # unknown place
               ["A-bad-feb31", "Омск", "destination", ""]]  # place of a rejected activity
    _write_csv(cur / "activity_places_fz.csv", places)
    n = len(places)
    expected[f"curated/activity_places_fz.csv:row {n - 1}"] = "unknown place"
    expected[f"curated/activity_places_fz.csv:row {n}"] = "was rejected"
    # formula-looking text in an XLSX workbook, stored as text cells
    wb = Workbook()
    ws = wb.active
    ws.title = "activities"
    ws.append(HEADER)
    for i, formula in enumerate(FORMULAS):
        ws.append([f"A-fzx-{i}", "festival", "done", formula, "2022-09-10", "", "", "", ""])
        ws.cell(row=i + 2, column=4).data_type = "s"
    wb.save(cur / "activities_fzx.xlsx")
    valid_ids = [r[0] for r in valid] + [f"A-fzx-{i}" for i in range(len(FORMULAS))]
    titles = {r[0]: r[3] for r in valid} | {f"A-fzx-{i}": f for i, f in enumerate(FORMULAS)}
    # whole files that cannot be read
    rng = random.Random(6)
    files = {
        "programs_fz_random.csv": (rng.randbytes(2048), "cannot decode"),
        "activities_fz_trunc.xlsx": ((cur / "activities_fzx.xlsx").read_bytes()[:700],
                                     "cannot read file"),
        "activities_fz_huge.csv": (b"activity_id,kind\n" + b"A-h,mission\n" * 120_000,
                                   "over the limit"),
        "organisations_fz_utf16.csv": ("organisation,kind\nМастерская,workshop\n"
                                       .encode("utf-16"), "cannot decode"),
        "people_fz_empty.csv": (b"", "empty file"),
        "agreements_fz_header.csv:row 1": ("agreement_id,place\nAG-1,Омск\n".encode(),
                                     "missing required column"),
    }
    for name, (data, reason) in files.items():  # "name:row N" when the reject names a row
        (cur / name.split(":")[0]).write_bytes(data)
        expected[f"curated/{name}"] = reason
    doc_files = {
        "random.md": (rng.randbytes(3000), ""),
        "binary.txt": (b"\x00\x01" * 500, "binary file"),
        "huge.html": (b"<p>" + "Текст ".encode() * 200_000, "over the limit"),
        "nested.html": (b"<div>" * 3000 + "Текст".encode() + b"</div>" * 3000, "nested"),
        "empty.txt": (b"   \n", "empty"),
        "markup-only.html": (b"<html><body><script>alert(1)</script></body></html>",
                             "no text left"),
    }
    for name, (data, reason) in doc_files.items():
        (docs / name).write_bytes(data)
        expected[str(docs / name)] = reason
    return {"curated": cur, "documents": docs, "expected": expected, "valid_ids": valid_ids,
            "titles": titles, "inputs": len(valid) + len(bad) + 1 + len(FORMULAS) + 2
            + len(places) - 1 + len(files) + len(doc_files)}


def _known_run(tmp: Path, n_valid: int) -> dict:
    inputs = _known_inputs(tmp, n_valid)
    settings = make_settings(tmp, curated_dir=inputs["curated"],
                             documents_dir=inputs["documents"], max_curated_bytes=1_000_000,
                             max_document_bytes=1_000_000)
    report = run(settings)
    return {**inputs, "report": report, "db": settings.warehouse}


@pytest.fixture(scope="module")
def known(tmp_path_factory):
    return _known_run(tmp_path_factory.mktemp("known-inputs"), n_valid=60)


def test_the_run_publishes_despite_bad_inputs(known):
    assert known["report"].status == "published"


def test_each_bad_item_is_quarantined_with_its_reason(known):
    """Every known-bad row, file and document is in v_quarantine with a reason that says why."""
    rows = query(known["db"], "SELECT locator, reason FROM v_quarantine WHERE severity='error'")
    by_locator: dict[str, list[str]] = {}
    for locator, reason in rows:
        by_locator.setdefault(locator, []).append(reason)
    missing = {loc: want for loc, want in known["expected"].items()
               if not any(want in reason for reason in by_locator.get(loc, []))}
    assert not missing, f"not quarantined as expected: {missing}\ngot: {by_locator}"


def test_no_valid_row_is_lost_and_formulas_stay_text(known):
    """All generated valid activities load; =, +, -, @ titles are stored verbatim as text."""
    got = dict(query(known["db"], "SELECT activity_id, title FROM activity "
                                  "WHERE activity_id LIKE 'A-fz%'"))
    lost = sorted(set(known["valid_ids"]) - set(got))
    assert not lost
    assert {k: got[k] for k in known["titles"]} == known["titles"]
    bundled = query(known["db"], "SELECT count(*) FROM activity WHERE activity_id LIKE 'A-20%'")
    assert bundled[0][0] == 7  # the analysts' own rows are all still there
    quarantined = known["report"].counts["quarantined"]
    record("inputs: known-bad items in one etl run", inputs_tried=known["inputs"],
           valid_rows=len(known["valid_ids"]), items_quarantined=quarantined,
           expected_quarantined=len(known["expected"]), items_lost=len(lost))


@long_variant
def test_known_inputs_long(tmp_path):
    """The same run with 5 000 generated valid rows: still nothing lost."""
    result = _known_run(tmp_path, n_valid=5000)
    got = {r[0] for r in query(result["db"], "SELECT activity_id FROM activity")}
    lost = set(result["valid_ids"]) - got
    assert not lost
    record("inputs: known-bad items in one etl run (long)", inputs_tried=result["inputs"],
           valid_rows=len(result["valid_ids"]),
           items_quarantined=result["report"].counts["quarantined"], items_lost=len(lost))
