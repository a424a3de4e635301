"""Write a NEW DuckDB file (schema, rows, views, checks) and publish it with os.replace.

Readers of the live file never see a half-written warehouse: the new file is complete, checked
and fsynced before it takes the live name in one atomic rename.
"""

from __future__ import annotations

import os
import re
from importlib import resources
from pathlib import Path

import duckdb
import pyarrow as pa

from etl.load.rows import Tables

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


class CheckFailed(RuntimeError):
    """The new warehouse broke an invariant; it is not published."""


def temp_path(live: Path, run_id: str) -> Path:
    return live.with_name(f"{live.name}{TMP_MARK}{run_id}")


def schema_sql() -> str:
    return (SQL / "schema.sql").read_text(encoding="utf-8")


_REFERENCES = re.compile(r"\s+REFERENCES\s+(\w+)\s*\((\w+)\)")
_CREATE = re.compile(r"CREATE TABLE (\w+)")
_COLUMN = re.compile(r"^\s*(\w+)\s")


def foreign_keys(sql: str) -> list[tuple[str, str, str, str]]:
    """(table, column, referenced table, referenced column) of every REFERENCES in the schema."""
    out, table = [], None
    for line in sql.splitlines():
        if created := _CREATE.search(line):
            table = created.group(1)
        elif (ref := _REFERENCES.search(line)) and table and (col := _COLUMN.match(line)):
            out.append((table, col.group(1), ref.group(1), ref.group(2)))
    return out


def without_foreign_keys(sql: str) -> str:
    """The schema with its REFERENCES clauses removed: DuckDB checks a foreign key row by row
    on insert (half of the load time at a million rows); `check_foreign_keys` checks the same
    keys with one anti-join per key after the bulk insert, before anything is published."""
    return _REFERENCES.sub("", sql)


def check_foreign_keys(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    for table, column, ref_table, ref_column in foreign_keys(sql):
        bad = con.execute(
            f"SELECT count(*) FROM {table} t WHERE t.{column} IS NOT NULL AND NOT EXISTS "
            f"(SELECT 1 FROM {ref_table} r WHERE r.{ref_column} = t.{column})").fetchone()[0]
        if bad:
            raise CheckFailed(f"{bad} row(s) of {table}.{column} not found in "
                              f"{ref_table}.{ref_column} (foreign key)")


def view_sql() -> list[str]:
    views = sorted((p for p in (SQL / "views").iterdir() if p.name.endswith(".sql")),
                   key=lambda p: p.name)
    return [p.read_text(encoding="utf-8") for p in views]


def build_warehouse(target: Path, tables: Tables) -> dict[str, int]:
    """Create `target` from scratch with every table and view; return row counts per table.
    Each table's rows are taken out of `tables` as they are inserted (memory at 10^6 rows)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for leftover in (target, target.with_name(target.name + ".wal")):
        leftover.unlink(missing_ok=True)
    con = duckdb.connect(str(target))
    try:
        schema = schema_sql()
        con.execute(without_foreign_keys(schema))
        for table in TABLE_ORDER:
            _insert(con, table, tables.rows.pop(table, []))  # freed once in the warehouse
        check_foreign_keys(con, schema)
        for sql in view_sql():
            con.execute(sql)
        counts = _counts(con)
        run_checks(con)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    fsync(target)
    return counts


# Arrow types of the schema's column types: given to pa.array, which then converts Python
# values without inferring a type from a million of them first (half the conversion time)
_ARROW_TYPES = {"VARCHAR": pa.string(), "BOOLEAN": pa.bool_(), "DOUBLE": pa.float64(),
                "DATE": pa.date32(), "INTEGER": pa.int32(), "BIGINT": pa.int64()}


def _arrow_column(values: tuple, kind: str) -> pa.Array:
    try:
        return pa.array(values, type=_ARROW_TYPES.get(kind))
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # e.g. a number in a text column: as before,
        return pa.array(values)                   # inferred here and cast by DuckDB


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
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
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLE_ORDER}


CHECKS = {
    "a place at (0, 0) or outside Russia":
        "SELECT count(*) FROM place WHERE NOT (lat BETWEEN 41 AND 82) "
        "OR NOT (lon BETWEEN 19 AND 180 OR lon BETWEEN -180 AND -168)",
    "an activity whose end precedes its start":
        "SELECT count(*) FROM activity WHERE end_date < start_date",
    "a view row without an activity id":
        "SELECT count(*) FROM v_activity WHERE activity_id IS NULL",
}


def run_checks(con: duckdb.DuckDBPyConnection) -> None:
    """Invariants the dashboard relies on; a failure stops the publish."""
    for what, sql in CHECKS.items():
        bad = con.execute(sql).fetchone()[0]
        if bad:
            raise CheckFailed(f"{bad} row(s) with {what}")


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
