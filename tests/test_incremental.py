"""Incremental, parallel extraction: a refresh extracts only what it has not seen, a backlog goes
to a process pool, and the warehouse is the same either way."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from etl import cache, incremental
from etl.pipeline import run
from tests.conftest import make_settings, query

DOCS = Path(__file__).parent / "data" / "docs"
ROWS = ("SELECT activity_id, kind, status, start_date, evidence FROM activity "
        "WHERE origin = 'extracted' ORDER BY activity_id")


@pytest.fixture
def counted(monkeypatch):
    """How many documents this process extracted (the pool's workers are not counted)."""
    from etl.extract import Extractor

    seen: list[str] = []
    real = Extractor.extract

    def extract(self, doc):
        seen.append(doc.document_id)
        return real(self, doc)

    monkeypatch.setattr(Extractor, "extract", extract)
    return seen


def test_pool_and_cache_give_the_rows_of_a_sequential_run(tmp_path, monkeypatch, counted):
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs)
    # sequential, in this process
    monkeypatch.setenv("CR_EXTRACT_WORKERS", "1")
    sequential = make_settings(tmp_path / "seq", documents_dir=docs)
    run(sequential)
    expected = query(sequential.warehouse, ROWS)
    assert len(expected) > 10 and len(counted) == len(list(docs.iterdir()))

    # a fresh state dir: the whole backlog goes to two worker processes
    counted.clear()
    monkeypatch.setenv("CR_EXTRACT_WORKERS", "2")
    monkeypatch.setattr(incremental, "POOL_MIN", 4)
    pooled = make_settings(tmp_path / "pool", documents_dir=docs)
    run(pooled)
    assert counted == []  # nothing was extracted in this process
    assert query(pooled.warehouse, ROWS) == expected

    # a refresh with nothing new extracts nothing
    run(pooled)
    assert counted == []
    assert query(pooled.warehouse, ROWS) == expected

    # one new release: only it is extracted, in a worker process started before the cached
    # results are read
    (docs / "new.md").write_text(
        "---\ntitle: Новая\ndate: 2025-03-04\n---\n"
        "Делегация Томской области посетила Москву 3 марта 2025 года.\n", encoding="utf-8")
    run(pooled)
    assert counted == []
    rows = query(pooled.warehouse, ROWS)
    assert len(rows) > len(expected) and set(expected) <= set(rows)
    with cache.ExtractionCache.for_settings(pooled) as store:
        assert store.count() == len(list(docs.iterdir()))

    # the same release in a one-core run: extracted in this process, the same rows
    monkeypatch.setenv("CR_EXTRACT_WORKERS", "1")
    one_core = make_settings(tmp_path / "one", documents_dir=docs)
    run(one_core)
    assert len(counted) == len(list(docs.iterdir()))
    assert query(one_core.warehouse, ROWS) == rows


def test_a_new_extractor_version_extracts_again(tmp_path, monkeypatch, counted):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("06_planned_vs_done.md", "07_agreements_several.md"):
        shutil.copy(DOCS / name, docs / name)
    monkeypatch.setenv("CR_EXTRACT_WORKERS", "1")
    settings = make_settings(tmp_path, documents_dir=docs)
    run(settings)
    assert len(counted) == 2
    first = query(settings.warehouse, ROWS)
    run(settings)
    assert len(counted) == 2
    real = cache.extractor_version
    monkeypatch.setattr(cache, "extractor_version", lambda *a: real(*a) + "-next")
    run(settings)
    assert len(counted) == 4
    assert query(settings.warehouse, ROWS) == first
    with cache.ExtractionCache(settings.state_dir / "extraction_cache.sqlite",
                               real(settings) + "-next") as store:
        assert store.count() == 2
        assert store.con.execute("SELECT count(*) FROM extraction").fetchone()[0] == 2  # pruned


def test_version_follows_the_extraction_code_and_vocabulary(tmp_path):
    settings = make_settings(tmp_path)
    before = cache.extractor_version(settings)
    assert before == cache.extractor_version(settings)
    reference = tmp_path / "reference"
    shutil.copytree(settings.reference_dir, reference)
    changed = settings.with_(reference_dir=reference)
    assert cache.extractor_version(changed) == before
    with (reference / "overrides.csv").open("a", encoding="utf-8") as fh:
        fh.write("Нигдеград,not_a_place,,,,,,test\n")
    assert cache.extractor_version(changed) != before
    assert cache.extractor_version(settings, "nominatim") != before


def test_unchanged_files_are_not_parsed_again(tmp_path, monkeypatch):
    from etl.sources import documents

    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("06_planned_vs_done.md", "10_cp1251.txt"):
        shutil.copy(DOCS / name, docs / name)
    parsed: list[str] = []
    real = documents.read_document

    def read_document(path, *args, **kw):
        parsed.append(Path(path).name)
        return real(path, *args, **kw)

    monkeypatch.setattr(documents, "read_document", read_document)
    settings = make_settings(tmp_path, documents_dir=docs)
    memo = cache.ReadMemo(settings)
    first = documents.read_documents(docs, settings, reader=memo.read)
    memo.close()
    assert sorted(parsed) == ["06_planned_vs_done.md", "10_cp1251.txt"]
    (docs / "10_cp1251.txt").write_bytes((docs / "10_cp1251.txt").read_bytes() + b"\r\n")
    memo = cache.ReadMemo(settings)
    again = documents.read_documents(docs, settings, reader=memo.read)
    memo.close()
    assert sorted(parsed) == ["06_planned_vs_done.md", "10_cp1251.txt", "10_cp1251.txt"]
    # the same documents (a blank line does not change the content hash)
    assert [(d.document_id, d.title) for d in again.documents] == \
        [(d.document_id, d.title) for d in first.documents]


def test_the_place_index_kept_in_the_state_dir_resolves_as_a_fresh_one(tmp_path):
    from etl.geocode.resolve import Resolver, reference_places

    settings = make_settings(tmp_path)
    fresh = Resolver(reference_places(settings.reference_dir))
    with cache.ExtractionCache.for_settings(settings, "offline") as store:
        store.places(settings.reference_dir)  # built and stored
        assert store.con.execute("SELECT count(*) FROM place_index").fetchone()[0] == 1
        stored = store.places(settings.reference_dir)  # read back
    assert stored is not reference_places(settings.reference_dir)
    assert stored.index.primary == fresh.places.index.primary
    kept = Resolver(stored)
    for name in ("Томске", "Калужской области", "в Якутске", "Нижнем Новгороде", "Нигдеград"):
        assert kept.resolve(name) == fresh.resolve(name), name
