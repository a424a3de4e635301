"""The SQL layers read one way: raw tables -> staging views -> marts -> dashboard queries, and a
model's name says what it is (`mart_*` a table, `stg_*` and `v_*` views)."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from etl.load import layers
from etl.load.datatests import without_foreign_keys
from etl.load.warehouse import schema_sql

ROOT = Path(__file__).resolve().parents[1]
RAW = set(re.findall(r"CREATE TABLE (\w+)", schema_sql()))
# `x IS [NOT] DISTINCT FROM y` compares, it reads nothing
_READS = re.compile(r"(?<!DISTINCT )\b(?:FROM|JOIN)\s+([a-z_]\w*)(?!\s*\()", re.IGNORECASE)
_CTE = re.compile(r"\b(\w+)\s+AS\s*\(", re.IGNORECASE)


def reads(sql: str) -> set[str]:
    """The relations a query reads, its own CTEs left out."""
    sql = re.sub(r"--[^\n]*", "", sql)
    return {n.lower() for n in _READS.findall(sql)} - {c.lower() for c in _CTE.findall(sql)}


def built() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(without_foreign_keys(schema_sql()))
    layers.build_models(con)
    return con


def test_each_layer_reads_only_the_layer_below_it():
    models = layers.models()
    names = {m.name for m in models}
    for m in models:
        if m.layer == "staging":
            assert reads(m.sql) <= RAW, f"{m.name} reads {reads(m.sql) - RAW}"
        else:
            assert reads(m.sql) <= names - RAW and not reads(m.sql) & RAW, \
                f"{m.name} reads raw tables {reads(m.sql) & RAW}"
    marts = {m.name for m in models if m.layer == "marts"}
    filtered = {"filtered_activity", "filtered_agreement", "filtered_plan", "filtered_region",
                "filtered_activity_organisation", "filtered_region_activity"}
    for path in sorted((ROOT / "dashboard" / "queries").glob("*.sql")):
        wrong = reads(path.read_text(encoding="utf-8")) - marts - filtered
        assert not wrong, f"{path.name} reads {sorted(wrong)}, not a mart"


def test_models_come_after_what_they_read():
    seen: set[str] = set()
    for m in layers.models():
        assert m.depends <= seen, m.name
        seen.add(m.name)


def test_names_say_what_a_model_is():
    con = built()
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    views = {r[0] for r in con.execute(
        "SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert {t for t in tables if not t.startswith("mart_")} == RAW
    assert {"mart_activity", "mart_plan_vs_fact", "mart_activity_organisation",
            "mart_region_activity"} <= tables
    assert views and all(v.startswith(("stg_", "v_")) for v in views), sorted(views)
    assert {f"stg_{t}" for t in RAW} <= views  # one staging view per raw table
