"""Write a NEW DuckDB file (schema, rows, SQL layers, data tests) and publish it with os.replace.

Readers of the live file never see a half-written warehouse: the new file is complete, checked
and fsynced before it takes the live name in one atomic rename.
"""

from __future__ import annotations

import os
import re
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from etl.geocode import bounds
from etl.load import datatests
from etl.load.layers import build_models
from etl.load.rows import Row, Tables

SQL = resources.files("etl") / "sql"
TMP_MARK = ".tmp-"

# tables in the order foreign keys need them
TABLE_ORDER = (
    "region", "place", "place_alias", "document", "program", "organisation", "person",
    "activity", "activity_place", "activity_participant", "activity_source", "agreement",
    "agreement_source", "planned_visit", "etl_run", "quarantine", "geocode_pending",
    "fact_review",
)

# the order each table's rows are stored in, so that the same inputs give the same warehouse row
# for row whatever order the rows were built in: its key (NULL as ''). Tables not listed keep the
# order of their rows (the run log, the quarantine, the pending geocodes).
STORED_ORDER = {
    "region": "region_code", "place": "place_id", "place_alias": "alias, place_id",
    "document": "document_id", "program": "program_id", "organisation": "organisation_id",
    "person": "person_id", "activity": "activity_id",
    "activity_place": "activity_id, place_id, role",
    "activity_participant": "activity_id, coalesce(organisation_id, ''), "
                            "coalesce(person_id, ''), role",
    "activity_source": "activity_id, document_id", "agreement": "agreement_id",
    "agreement_source": "agreement_id, document_id", "planned_visit": "planned_visit_id",
    "fact_review": "fact_id",
}


def temp_path(live: Path, run_id: str) -> Path:
    return live.with_name(f"{live.name}{TMP_MARK}{run_id}")


def schema_sql() -> str:
    """The raw tables of etl/sql/schema.sql. DDL takes no bound parameters, so its $parameters
    (Russia's bounding box in a CHECK) are written in as the numbers of etl/geocode/bounds.py."""
    text = (SQL / "schema.sql").read_text(encoding="utf-8")
    return re.sub(r"\$([a-z_]+)", lambda m: repr(bounds.SQL_PARAMS[m[1]]), text)


def build_warehouse(target: Path, tables: Tables) -> dict[str, int]:
    """Create `target` from scratch with every table, staging view and mart; return row counts
    per table.
    Each table's rows are taken out of `tables` as they are inserted (memory at 10^6 rows)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for leftover in (target, target.with_name(target.name + ".wal")):
        leftover.unlink(missing_ok=True)
    con = duckdb.connect(str(target))
    try:
        schema = schema_sql()
        # foreign keys are checked after the bulk insert, as data tests: DuckDB checks them row
        # by row on insert (half of the load time at a million rows)
        con.execute(datatests.without_foreign_keys(schema))
        for table in TABLE_ORDER:
            _insert(con, table, tables.rows.pop(table, []))  # freed once in the warehouse
        build_models(con)  # staging views, then the marts (etl/load/layers.py)
        counts = _counts(con)
        datatests.run(con, schema)  # raises DataTestsFailed: nothing is published
        con.execute("CHECKPOINT")
    finally:
        con.close()
    fsync(target)
    return counts


# Arrow types of the schema's column types: given to pa.array, which then converts Python
# values without inferring a type from a million of them first (half the conversion time)
_ARROW_TYPES = {"VARCHAR": pa.string(), "BOOLEAN": pa.bool_(), "DOUBLE": pa.float64(),
                "DATE": pa.date32(), "INTEGER": pa.int32(), "BIGINT": pa.int64()}


def count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    """The one number a `SELECT count(*) …` returns."""
    row = con.execute(sql).fetchone()
    return int(row[0]) if row else 0


def _arrow_column(values: tuple[Any, ...], kind: str) -> pa.Array:
    try:
        return pa.array(values, type=_ARROW_TYPES.get(kind))
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # e.g. a number in a text column: as before,
        return pa.array(values)                   # inferred here and cast by DuckDB


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[Row]) -> None:
    if not rows:
        return
    columns = con.execute(f"DESCRIBE {table}").fetchall()
    by_column = zip(*rows, strict=True)
    data = pa.table({name: _arrow_column(values, kind)
                     for (name, kind, *_), values in zip(columns, by_column, strict=True)})
    con.register("incoming", data)
    try:
        order = f" ORDER BY {STORED_ORDER[table]}" if table in STORED_ORDER else ""
        con.execute(f"INSERT INTO {table} SELECT * FROM incoming{order}")
    finally:
        con.unregister("incoming")


def _counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {t: count(con, f"SELECT count(*) FROM {t}") for t in TABLE_ORDER}


def publish(new_file: Path, live: Path) -> None:
    """Atomically make `new_file` the live warehouse."""
    os.replace(new_file, live)
    fsync(live.parent)


def fsync(path: Path) -> None:
    """Flush a file (or a directory entry) to disk before and after the rename."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def stale_temp_files(live: Path) -> list[Path]:
    """Temp files a killed run left behind (only safe to delete while holding the run lock)."""
    return sorted(live.parent.glob(f"{live.name}{TMP_MARK}*"))
