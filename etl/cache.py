"""Extraction results cached by document and extractor version, in SQLite in the state dir.

A refresh re-extracts only the documents it has not seen with the current extractor: the key is
the document's content hash plus a hash of the document fields extraction reads (title, date,
path), and every entry is tagged with `extractor_version()` — a hash of the extraction and
geocoding code, the models, the reference data (gazetteers, aliases, overrides), the natasha
version and the geocoder mode. Any change to them makes every entry stale, so a change by the
extraction engineers invalidates the cache without anyone remembering to.

The payload is the pickled `Batch` that `Extractor.extract` returned, plus any Nominatim failures
it recorded. An entry that cannot be unpickled (models changed shape) is a miss, never an error.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import sqlite3
import zlib
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from etl.config import PROJECT_ROOT, Settings
from etl.models import Batch, Document

SCHEMA = """
CREATE TABLE IF NOT EXISTS extraction (
    doc_key TEXT NOT NULL,
    version TEXT NOT NULL,
    document_id TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (datetime('now')),
    payload BLOB NOT NULL,
    PRIMARY KEY (doc_key, version)
)
"""
CREATE_PLACES = """
CREATE TABLE IF NOT EXISTS place_index (
    version TEXT PRIMARY KEY,
    payload BLOB NOT NULL
)
"""
CREATE_READS = """
CREATE TABLE IF NOT EXISTS document_read (
    path     TEXT NOT NULL,
    size     INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    version  TEXT NOT NULL,
    payload  BLOB NOT NULL,
    PRIMARY KEY (path, version)
)
"""
# code whose change changes what reading a file produces
_READER = ("etl/sources/documents.py", "etl/sources/office.py", "etl/sources/guard.py",
           "etl/models.py", "etl/dates.py")
# code and data whose change changes what extraction produces
_CODE = ("etl/extract", "etl/geocode", "etl/models.py", "etl/vocabulary.py")
_PACKAGES = ("natasha", "pymorphy3", "pymorphy3-dicts-ru", "yargy")


@dataclass
class Cached:
    batch: Batch
    pending: list[tuple] = field(default_factory=list)  # Resolver.pending entries it added


def _hash_files(h, root: Path, paths: Iterable[Path]) -> None:
    for path in sorted(paths):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(str(path.relative_to(root)).encode())
            h.update(b"\0")
            h.update(path.read_bytes())
            h.update(b"\0")


def extractor_version(settings: Settings, geocoder: str | None = None) -> str:
    """A hash of everything the result of `Extractor.extract` depends on besides the document."""
    h = hashlib.sha256()
    for rel in _CODE:
        target = PROJECT_ROOT / rel
        files = target.rglob("*") if target.is_dir() else [target]
        _hash_files(h, PROJECT_ROOT, files)
    reference = Path(settings.reference_dir)
    if reference.is_dir():
        _hash_files(h, reference, reference.rglob("*"))
    for package in _PACKAGES:
        try:
            h.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{package}=none".encode())
    h.update(f"geocoder={geocoder or settings.geocoder}".encode())
    return h.hexdigest()[:16]


def doc_key(doc: Document) -> str:
    """The content hash plus the fields besides the text that extraction reads."""
    published = doc.published.iso() if doc.published else ""
    meta = "\0".join((doc.title, published, doc.published_from, doc.publisher, doc.url,
                      doc.source_path))
    return f"{doc.document_id}-{hashlib.sha256(meta.encode()).hexdigest()[:12]}"


class ExtractionCache:
    """One SQLite file; open it, `get_many`, `put`, `prune`, close."""

    def __init__(self, path: Path, version: str) -> None:
        self.path = Path(path)
        self.version = version
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.con = sqlite3.connect(self.path, timeout=30)
        self.con.execute("PRAGMA journal_mode=WAL")
        self.con.execute(SCHEMA)
        self.con.commit()

    @classmethod
    def for_settings(cls, settings: Settings, geocoder: str | None = None) -> ExtractionCache:
        return cls(settings.state_dir / "extraction_cache.sqlite",
                   extractor_version(settings, geocoder))

    def get_many(self, keys: list[str]) -> dict[str, Cached]:
        """The cached results among `keys` (entries that no longer unpickle are left out)."""
        found: dict[str, Cached] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            rows = self.con.execute(  # the keys bound as one JSON array: no SQL is formatted
                "SELECT doc_key, payload FROM extraction WHERE version = ?"
                " AND doc_key IN (SELECT value FROM json_each(?))",
                [self.version, json.dumps(chunk)])
            for key, payload in rows:
                try:
                    value = pickle.loads(zlib.decompress(payload))
                except Exception:  # an old shape of the models: extract again
                    continue
                if isinstance(value, Cached):
                    found[key] = value
        return found

    def places(self, reference_dir: Path):
        """The place index of `reference_dir` (`etl.geocode.resolve.reference_places`), kept in
        this file under the extractor version, which covers the reference files, the geocoding
        code and pymorphy3: building it inflects every gazetteer name (~2 s of CPU), reading it
        back takes ~0.05 s. Its pymorphy3 wrapper is not stored: a new one is attached."""
        import copy

        from etl.geocode.aliases import Morph
        from etl.geocode.resolve import reference_places

        self.con.execute(CREATE_PLACES)
        row = self.con.execute("SELECT payload FROM place_index WHERE version = ?",
                               (self.version,)).fetchone()
        if row is not None:
            try:
                places = pickle.loads(zlib.decompress(row[0]))
                places.index.morph = Morph()
                return places
            except Exception:  # an old shape of the index: build it again
                pass
        places = reference_places(reference_dir)
        stored = copy.copy(places)  # the shared index itself keeps its pymorphy3 wrapper
        stored.index = copy.copy(places.index)
        vars(stored.index)["morph"] = None  # not stored: a new one is attached on read
        self.con.execute("DELETE FROM place_index")
        self.con.execute("INSERT INTO place_index VALUES (?, ?)", (self.version, zlib.compress(
            pickle.dumps(stored, protocol=pickle.HIGHEST_PROTOCOL), 1)))
        self.con.commit()
        return places

    def known(self, keys: list[str]) -> set[str]:
        """The keys among `keys` that have an entry (nothing is unpickled)."""
        found: set[str] = set()
        for start in range(0, len(keys), 5000):
            found.update(row[0] for row in self.con.execute(
                "SELECT doc_key FROM extraction WHERE version = ?"
                " AND doc_key IN (SELECT value FROM json_each(?))",
                [self.version, json.dumps(keys[start:start + 5000])]))
        return found

    def put(self, key: str, document_id: str, value: Cached) -> None:
        payload = zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)
        self.con.execute("INSERT OR REPLACE INTO extraction"
                         " (doc_key, version, document_id, payload) VALUES (?, ?, ?, ?)",
                         (key, self.version, document_id, payload))

    def commit(self) -> None:
        self.con.commit()

    def prune(self) -> int:
        """Drop the entries of other extractor versions: they can never be read again."""
        deleted = self.con.execute("DELETE FROM extraction WHERE version <> ?",
                                   (self.version,)).rowcount
        self.con.commit()
        return deleted

    def count(self) -> int:
        return self.con.execute("SELECT count(*) FROM extraction WHERE version = ?",
                                (self.version,)).fetchone()[0]

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> ExtractionCache:
        return self

    def __exit__(self, *exc) -> None:
        with closing(self.con):
            self.con.commit()


def reader_version(settings: Settings) -> str:
    """A hash of the document reader's code and the Settings limits it applies."""
    h = hashlib.sha256()
    _hash_files(h, PROJECT_ROOT, [PROJECT_ROOT / rel for rel in _READER])
    limits = sorted((k, v) for k, v in vars(settings).items() if k.startswith("max_"))
    h.update(repr(limits).encode())
    return h.hexdigest()[:16]


class ReadMemo:
    """`read_document` for files unchanged since the last run (same path, size, mtime): their
    Document and warnings come from the table `document_read`, not from parsing again (reading
    10^4 press releases took most of a refresh). A file that fails is read again every time."""

    def __init__(self, settings: Settings) -> None:
        self.version = reader_version(settings)
        path = settings.state_dir / "extraction_cache.sqlite"
        path.parent.mkdir(parents=True, exist_ok=True)
        self.con = sqlite3.connect(path, timeout=30)
        self.con.execute("PRAGMA journal_mode=WAL")
        self.con.execute(CREATE_READS)
        self.known = {row[0]: (row[1], row[2], row[3]) for row in self.con.execute(
            "SELECT path, size, mtime_ns, payload FROM document_read WHERE version = ?",
            (self.version,))}
        self.seen: set[str] = set()

    def read(self, path: Path, settings: Settings, warnings: list | None = None,
             shown_path: Path | None = None):
        from etl.sources.documents import read_document

        stat = Path(path).stat()
        key = f"{path}\0{shown_path or ''}"
        self.seen.add(key)
        hit = self.known.get(key)
        if hit and hit[0] == stat.st_size and hit[1] == stat.st_mtime_ns:
            try:
                doc, found = pickle.loads(zlib.decompress(hit[2]))
            except Exception:
                doc = None
            if doc is not None:
                if warnings is not None:
                    warnings.extend(found)
                return doc
        found = []
        doc = read_document(path, settings, found, shown_path=shown_path)
        if warnings is not None:
            warnings.extend(found)
        payload = zlib.compress(pickle.dumps((doc, found), protocol=pickle.HIGHEST_PROTOCOL), 1)
        self.con.execute("INSERT OR REPLACE INTO document_read VALUES (?, ?, ?, ?, ?)",
                         (key, stat.st_size, stat.st_mtime_ns, self.version, payload))
        return doc

    def close(self) -> None:
        """Commit; forget files that are gone and entries of other reader versions."""
        gone = [k for k in self.known if k not in self.seen]
        self.con.executemany("DELETE FROM document_read WHERE path = ?", [(k,) for k in gone])
        self.con.execute("DELETE FROM document_read WHERE version <> ?", (self.version,))
        self.con.commit()
        self.con.close()
