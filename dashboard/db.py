"""Read-only access to the published warehouse.

The ETL publishes a new file with os.replace. A DuckDB connection kept open across that swap keeps
reading the old snapshot, and in the same process a new connect to the same path returns the old
data while any other connection is still open. So one read-only connection per file identity is
kept, and it is closed and reopened when the identity (inode, mtime, size) changes.
"""

from __future__ import annotations

import functools
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import duckdb
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]


class Identity(NamedTuple):
    path: str
    mtime_ns: int
    inode: int
    size: int


class WarehouseMissing(RuntimeError):
    """The warehouse file does not exist (the ETL has not published yet)."""


class WarehouseDamaged(RuntimeError):
    """The warehouse file cannot be read as a warehouse: truncated, overwritten, not a DuckDB
    file, or without the views the dashboard reads. `etl run` publishes a new one."""


# what DuckDB raises on a file that is not a whole warehouse: a truncated file ("Could not read
# enough bytes"), another file ("not a valid DuckDB database file"), a damaged block
# (serialization, internal), a file without the dashboard's views (catalog)
DAMAGED = (duckdb.IOException, duckdb.SerializationException, duckdb.InternalException,
           duckdb.FatalException, duckdb.CatalogException)


def warehouse_path() -> Path:
    """CR_WAREHOUSE, else data/warehouse.duckdb under the project root."""
    env = os.environ.get("CR_WAREHOUSE")
    return Path(env) if env else ROOT / "data" / "warehouse.duckdb"


def identity(path: Path | None = None) -> Identity:
    path = path or warehouse_path()
    try:
        st = os.stat(path)
    except FileNotFoundError as err:
        raise WarehouseMissing(str(path)) from err
    return Identity(str(path), st.st_mtime_ns, st.st_ino, st.st_size)


# DuckDB's buffer pool and operator memory default to 80 % of the machine's RAM; the dashboard
# shares its server, so it is bounded (a query beyond it fails with an out-of-memory error instead
# of growing the process). 512 MB runs every page query at 10^6 activities, including sorting all
# of them by places (docs/performance.md).
MEMORY_LIMIT = os.environ.get("CR_DUCKDB_MEMORY_LIMIT", "512MB")


@dataclass
class _Open:
    """The one read-only connection, and the identity of the file it was opened on."""
    con: duckdb.DuckDBPyConnection | None = None
    identity: Identity | None = None


_lock = threading.Lock()
_current = _Open()


def cursor(ident: Identity) -> duckdb.DuckDBPyConnection:
    with _lock:
        con = _current.con
        if con is None or _current.identity != ident:
            if con is not None:
                con.close()
            # read-only, and no file or network access beyond the warehouse (no COPY ... TO)
            con = duckdb.connect(ident.path, read_only=True,
                                 config={"enable_external_access": False,
                                         "memory_limit": MEMORY_LIMIT})
            _current.con, _current.identity = con, ident
        return con.cursor()


def close() -> None:
    """Close the cached connection; the next query opens a fresh one.

    DuckDB refuses a second connection to the same file with another configuration in one
    process, so code that opens its own connection (tests, tools) closes this one first.
    """
    with _lock:
        if _current.con is not None:
            _current.con.close()
        _current.con = _current.identity = None


MACROS = Path(__file__).parent / "queries" / "_macros.sql"


@functools.cache
def macros() -> dict[str, str]:
    """name -> the statement that defines it, from queries/_macros.sql."""
    text = "\n".join(line for line in MACROS.read_text(encoding="utf-8").splitlines()
                     if not line.lstrip().startswith("--"))
    found = (re.search(r"MACRO\s+([a-z_]+)\s*\(", part) for part in text.split(";"))
    return {m[1]: m.string.strip() for m in found if m}


@functools.lru_cache(maxsize=512)
def setup(sql: str) -> tuple[str, ...]:
    """The definitions of the macros `sql` calls, run on its cursor before it (temporary
    objects belong to one cursor; the warehouse itself stays read-only)."""
    return tuple(body for name, body in macros().items() if re.search(rf"\b{name}\(", sql))


def fetch(sql: str, params: dict, ident: Identity) -> pd.DataFrame:
    """Run one parameterised query on the warehouse file `ident` names (with the macros of
    queries/_macros.sql it calls)."""
    try:
        return _fetch(sql, params, ident)
    except DAMAGED as err:
        close()  # an internal error leaves the connection unusable; the next file gets a new one
        raise WarehouseDamaged(Path(ident.path).name) from err


def _fetch(sql: str, params: dict, ident: Identity) -> pd.DataFrame:
    for attempt in (1, 2):
        cur = cursor(ident)
        try:
            for statement in setup(sql):
                cur.execute(statement)
            return cur.execute(sql, params).df()
        except duckdb.ConnectionException:
            if attempt == 2:  # the connection was swapped under us once already
                raise
        finally:
            cur.close()
    raise AssertionError("unreachable")
