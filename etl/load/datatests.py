"""Data tests: the warehouse's invariants, declared per model and run before it is published.

Each layer's folder has a `tests.toml` (etl/sql/staging/tests.toml, etl/sql/marts/tests.toml)
with one table per model, as a dbt project's schema files have:

    [mart_activity]
    unique = ["activity_id, place_id, place_role"]       # a column or a combination
    not_null = ["activity_id", "kind"]
    accepted_values = { kind = "kinds", origin = ["curated", "extracted"] }
    relationships = { region_code = "v_region.region_code" }
    expect = { "no activity ends before it starts" = "end_date >= start_date" }

A string in `accepted_values` names a value set of the one vocabulary (VALUE_SETS: the kinds and
statuses of data/reference/vocabulary.toml, the place roles and precisions of etl/models.py). An
`expect` condition must hold (or be NULL) on every row; it may name the values of EXPECT_PARAMS
(Russia's bounding box, etl/geocode/bounds.py) as $parameters. The foreign keys of the raw schema
(REFERENCES in etl/sql/schema.sql) are relationships tests too: DuckDB would check them row by
row on insert (half of the load time at a million rows), one anti-join each after the bulk insert
is cheaper.

A failing test names itself, its model and column, the number of rows and one offending value;
`run` raises DataTestsFailed with every failure, so the run fails, its message in the run history
(`etl status`, the dashboard's run list) names them, and the live warehouse is not replaced.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import duckdb

from etl import models, vocabulary
from etl.geocode import bounds

SQL = resources.files("etl") / "sql"
LAYERS = ("staging", "marts")

# named value sets for accepted_values: each defined once, elsewhere
VALUE_SETS: dict[str, Callable[[], tuple[str, ...]]] = {
    "kinds": vocabulary.activity_kinds,
    "statuses": vocabulary.statuses,
    "date_precisions": lambda: models.PRECISIONS,
    "place_roles": lambda: models.PLACE_ROLES,
    "place_kinds": lambda: models.PLACE_KINDS,
    "geo_precisions": lambda: models.GEO_PRECISIONS,
}
# values an `expect` condition may name as $parameters, bound when it runs
EXPECT_PARAMS: dict[str, float] = dict(bounds.SQL_PARAMS)
_PARAM = re.compile(r"\$([a-z_]+)")
_IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")
_REFERENCES = re.compile(r"\s+REFERENCES\s+(\w+)\s*\((\w+)\)")
_CREATE = re.compile(r"CREATE TABLE (\w+)")
_COLUMN = re.compile(r"^\s*(\w+)\s")


class DataTestsFailed(RuntimeError):
    """The new warehouse failed data tests; it is not published."""

    def __init__(self, failures: list[Failure]):
        self.failures = failures
        super().__init__(f"{len(failures)} data test(s) failed: "
                         + "; ".join(str(f) for f in failures))


@dataclass(frozen=True)
class DataTest:
    kind: str      # unique | not_null | accepted_values | relationships | expect
    model: str
    target: str    # the column(s) or the expectation's description
    sql: str       # SELECT count(*), any example FROM … : the failing rows
    params: dict[str, Any] = field(default_factory=dict)  # bound $parameters

    @property
    def name(self) -> str:
        return f"{self.kind}({self.model}.{self.target})" if self.kind != "expect" \
            else f"expect({self.model}: {self.target})"


@dataclass(frozen=True)
class Failure:
    test: DataTest
    rows: int
    example: object

    def __str__(self) -> str:
        return f"{self.test.name}: {self.rows} row(s), e.g. {self.example!r}"


def _ident(text: str, where: str) -> str:
    if not _IDENT.match(text):
        raise ValueError(f"{where}: {text!r} is not a column or model name")
    return text


def _columns(spec: str, where: str) -> list[str]:
    return [_ident(c.strip(), where) for c in spec.split(",")]


def _values(spec: str | list[str], where: str) -> tuple[str, ...]:
    if isinstance(spec, str):
        if spec not in VALUE_SETS:
            raise ValueError(f"{where}: no value set {spec!r} (one of {', '.join(VALUE_SETS)})")
        return VALUE_SETS[spec]()
    return tuple(spec)


def model_tests(model: str, spec: Mapping[str, Any], where: str = "tests.toml"
                ) -> list[DataTest]:
    """The tests one model's table in a tests.toml declares."""
    m = _ident(model, where)
    out: list[DataTest] = []
    for key in spec.get("unique", []):
        cols = ", ".join(_columns(key, where))
        out.append(DataTest("unique", m, cols,
                            f"SELECT count(*), any_value(k) FROM (SELECT ({cols}) AS k FROM {m} "
                            f"GROUP BY ALL HAVING count(*) > 1)"))
    for col in spec.get("not_null", []):
        c = _ident(col, where)
        out.append(DataTest("not_null", m, c,
                            f"SELECT count(*), NULL FROM {m} WHERE {c} IS NULL"))
    for col, allowed in spec.get("accepted_values", {}).items():
        c = _ident(col, where)
        out.append(DataTest("accepted_values", m, c,
                            f"SELECT count(*), any_value({c}) FROM {m} "
                            f"WHERE {c} IS NOT NULL AND NOT list_contains($accepted, {c})",
                            {"accepted": list(_values(allowed, where))}))
    for col, ref in spec.get("relationships", {}).items():
        ref_model, _, ref_col = ref.partition(".")
        out.append(_relationship(m, _ident(col, where), _ident(ref_model, where),
                                 _ident(ref_col, where)))
    for what, condition in spec.get("expect", {}).items():
        names = set(_PARAM.findall(condition))
        if names - EXPECT_PARAMS.keys():
            raise ValueError(f"{where} [{model}]: unknown parameters "
                             f"{sorted(names - EXPECT_PARAMS.keys())} in {what!r}")
        out.append(DataTest("expect", m, what,
                            f"SELECT count(*), any_value(left(CAST(t AS VARCHAR), 160)) "
                            f"FROM {m} t "
                            f"WHERE NOT ({condition})",
                            {n: EXPECT_PARAMS[n] for n in names}))
    unknown = set(spec) - {"unique", "not_null", "accepted_values", "relationships", "expect"}
    if unknown:
        raise ValueError(f"{where} [{model}]: unknown test kinds {sorted(unknown)}")
    return out


def _relationship(model: str, col: str, ref_model: str, ref_col: str) -> DataTest:
    return DataTest("relationships", model, f"{col} -> {ref_model}.{ref_col}",
                    f"SELECT count(*), any_value(t.{col}) FROM {model} t "
                    f"WHERE t.{col} IS NOT NULL AND NOT EXISTS "
                    f"(SELECT 1 FROM {ref_model} r WHERE r.{ref_col} = t.{col})")


def foreign_keys(schema: str) -> list[tuple[str, str, str, str]]:
    """(table, column, referenced table, referenced column) of every REFERENCES in the schema."""
    out: list[tuple[str, str, str, str]] = []
    table = None
    for line in schema.splitlines():
        if created := _CREATE.search(line):
            table = created.group(1)
        elif (ref := _REFERENCES.search(line)) and table and (col := _COLUMN.match(line)):
            out.append((table, col.group(1), ref.group(1), ref.group(2)))
    return out


def without_foreign_keys(schema: str) -> str:
    """The schema with its REFERENCES clauses removed: they are checked as data tests."""
    return _REFERENCES.sub("", schema)


def raw_tests(schema: str) -> list[DataTest]:
    """A relationships test for every foreign key of the raw schema."""
    return [_relationship(*key) for key in foreign_keys(schema)]


def declared_tests() -> list[DataTest]:
    """Every test of every layer's tests.toml."""
    out: list[DataTest] = []
    for layer in LAYERS:
        path = SQL / layer / "tests.toml"
        if not path.is_file():
            continue
        where = f"etl/sql/{layer}/tests.toml"
        for model, spec in tomllib.loads(path.read_text(encoding="utf-8")).items():
            out += model_tests(model, spec, where)
    return out


def failures(con: duckdb.DuckDBPyConnection, tests: list[DataTest]) -> list[Failure]:
    found: list[Failure] = []
    for test in tests:
        rows, example = con.execute(test.sql, test.params).fetchone() or (0, None)
        if rows:
            found.append(Failure(test, rows, example))
    return found


def run(con: duckdb.DuckDBPyConnection, schema: str) -> int:
    """Run the raw schema's relationships and every declared test; raise DataTestsFailed with
    all the failures, or return how many tests passed."""
    tests = raw_tests(schema) + declared_tests()
    failed = failures(con, tests)
    if failed:
        raise DataTestsFailed(failed)
    return len(tests)
