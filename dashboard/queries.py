"""Named queries: each lives in queries/<name>.sql, runs with bound parameters, and is cached.

Files whose name starts with "_" are filter fragments. A query that reads `filtered_activity`
(or `filtered_agreement`, `filtered_plan`, `filtered_region`) gets the fragment prepended as a
CTE of that name; `filtered_activity_organisation` and `filtered_region_activity` are the activity
fragment on the pre-aggregated mart_activity_organisation and mart_region_activity. Only constant
SQL text is composed; every value is bound.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import db

QUERY_DIR = Path(__file__).parent / "queries"
FRAGMENTS = ("filtered_region", "filtered_plan", "filtered_agreement", "filtered_activity",
             "filtered_activity_organisation", "filtered_region_activity")
# fragments that are filtered_activity's conditions on another table with the same filter columns
ACTIVITY_LIKE = {"filtered_activity_organisation": "mart_activity_organisation",
                 "filtered_region_activity": "mart_region_activity"}
_PARAM = re.compile(r"\$([a-z_]+)")


@functools.cache
def sql_text(name: str) -> str:
    """The full SQL of a named query, its filter fragments prepended."""
    body = (QUERY_DIR / f"{name}.sql").read_text(encoding="utf-8")
    ctes = [
        f"{frag} AS (\n{_fragment(frag)}\n)"
        for frag in FRAGMENTS
        if re.search(rf"\b{frag}\b", body)
    ]
    if not ctes:
        return body
    stripped = _strip_comments(body)
    if stripped.upper().startswith("WITH "):
        return "WITH " + ",\n".join(ctes) + ",\n" + stripped[5:]
    return "WITH " + ",\n".join(ctes) + "\n" + stripped


def _fragment(frag: str) -> str:
    """The SQL of a filter fragment. `filtered_activity_organisation` (and the others of
    ACTIVITY_LIKE) are `filtered_activity`'s very conditions on a pre-aggregated table with the
    same filter columns, so they can never filter differently."""
    if frag in ACTIVITY_LIKE:
        sql = _fragment("filtered_activity")
        assert "FROM mart_activity\n" in sql
        return sql.replace("FROM mart_activity\n", f"FROM {ACTIVITY_LIKE[frag]}\n", 1)
    return (QUERY_DIR / f"_{frag}.sql").read_text(encoding="utf-8")


def _strip_comments(sql: str) -> str:
    return "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))


@functools.cache
def param_names(name: str) -> frozenset[str]:
    return frozenset(_PARAM.findall(sql_text(name)))


def _bind(name: str, params: dict) -> dict:
    wanted = param_names(name)
    missing = wanted - params.keys()
    if missing:
        raise TypeError(f"query {name} needs parameters {sorted(missing)}")
    return {k: v for k, v in params.items() if k in wanted}


def run(name: str, **params) -> pd.DataFrame:
    """Run a named query on the current warehouse; results are cached per file identity."""
    return _cached(name, db.identity(), _bind(name, params))


def run_uncached(name: str, **params) -> pd.DataFrame:
    """Run a named query without the cache: for one-off large results such as exports."""
    return db.fetch(sql_text(name), _bind(name, params), db.identity())


# bounded: tables are paged (100 rows) and map layers capped, so an entry is small, but each
# filter state adds one per query; an hour's TTL also drops the entries of a replaced warehouse
@st.cache_data(max_entries=256, ttl=3600, show_spinner=False)
def _cached(name: str, identity: db.Identity, params: dict) -> pd.DataFrame:
    # identity (path, mtime, inode, size) is part of the key: a new publish misses the cache
    return db.fetch(sql_text(name), params, identity)
