"""Named queries: each lives in queries/<name>.sql, runs with bound parameters, and is cached.

A query that reads one of the filtered relations of FILTERED (`filtered_activity`,
`filtered_agreement`, …) gets it defined as a CTE: the rows of one mart that pass the sidebar's
filters. The CTE is built from named pieces, never by editing SQL text: `SELECT * FROM <mart>`
and `WHERE` + the conditions of `queries/_filter_<conditions>.sql`, whose every value is a bound
parameter. `filtered_activity_organisation` and `filtered_region_activity` are the activity
conditions on the pre-aggregated marts with the same filter columns, so they can never filter
differently from `filtered_activity`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd
import streamlit as st

from dashboard import db

QUERY_DIR = Path(__file__).parent / "queries"


class Filtered(NamedTuple):
    mart: str        # the relation filtered (a mart of etl/sql/marts/)
    conditions: str  # queries/_filter_<conditions>.sql: the WHERE conditions, $parameters only


FILTERED = {
    "filtered_activity": Filtered("mart_activity", "activity"),
    "filtered_activity_organisation": Filtered("mart_activity_organisation", "activity"),
    "filtered_region_activity": Filtered("mart_region_activity", "activity"),
    "filtered_agreement": Filtered("v_agreement", "agreement"),
    "filtered_plan": Filtered("mart_plan_vs_fact", "plan"),
    "filtered_region": Filtered("v_region", "region"),
}
_PARAM = re.compile(r"\$([a-z_]+)")


@functools.cache
def conditions(name: str) -> str:
    """The WHERE conditions of queries/_filter_<name>.sql, comments left out."""
    return _strip_comments((QUERY_DIR / f"_filter_{name}.sql").read_text(encoding="utf-8"))


def filtered_cte(name: str) -> str:
    """`<name> AS (SELECT * FROM <mart> WHERE <conditions>)` for a name of FILTERED."""
    part = FILTERED[name]
    return "\n".join((f"{name} AS (", f"SELECT * FROM {part.mart}",
                      "WHERE " + conditions(part.conditions).strip(), ")"))


@functools.cache
def sql_text(name: str) -> str:
    """The full SQL of a named query, the filtered relations it reads defined first."""
    body = (QUERY_DIR / f"{name}.sql").read_text(encoding="utf-8")
    ctes = [filtered_cte(f) for f in FILTERED if re.search(rf"\b{f}\b", body)]
    if not ctes:
        return body
    stripped = _strip_comments(body)
    if stripped.upper().startswith("WITH "):
        return "WITH " + ",\n".join(ctes) + ",\n" + stripped[5:]
    return "WITH " + ",\n".join(ctes) + "\n" + stripped


def _strip_comments(sql: str) -> str:
    return "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))


@functools.cache
def param_names(name: str) -> frozenset[str]:
    return frozenset(_PARAM.findall(sql_text(name)))


def _bind(name: str, params: Mapping[str, Any]) -> dict[str, Any]:
    wanted = param_names(name)
    missing = wanted - params.keys()
    if missing:
        raise TypeError(f"query {name} needs parameters {sorted(missing)}")
    return {k: v for k, v in params.items() if k in wanted}


def run(name: str, **params: Any) -> pd.DataFrame:
    """Run a named query on the current warehouse; results are cached per file identity."""
    return _cached(name, db.identity(), _bind(name, params))


def run_uncached(name: str, **params: Any) -> pd.DataFrame:
    """Run a named query without the cache: for one-off large results such as exports."""
    return db.fetch(sql_text(name), _bind(name, params), db.identity())


# bounded: tables are paged (100 rows) and map layers capped, so an entry is small, but each
# filter state adds one per query; an hour's TTL also drops the entries of a replaced warehouse
@st.cache_data(max_entries=256, ttl=3600, show_spinner=False)
def _cached(name: str, identity: db.Identity, params: dict[str, Any]) -> pd.DataFrame:
    # identity (path, mtime, inode, size) is part of the key: a new publish misses the cache
    return db.fetch(sql_text(name), params, identity)
