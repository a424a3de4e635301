"""The SQL layers over the raw tables (etl/sql/schema.sql): staging, then marts.

A model is one SELECT in `etl/sql/<layer>/<name>.sql`. Its name says what it is and decides how
it is built: `stg_*` (staging: one raw table cleaned and renamed) and `v_*` are views, `mart_*`
are tables, materialised once when the warehouse is built (the warehouse never changes after
publish). The dashboard reads the marts layer only (`mart_*` tables and `v_*` views).

Models are built in dependency order: a model depends on every other model it names, so a mart
may read another mart (`mart_region_activity` reads `mart_activity`) without numbered files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

import duckdb

SQL = resources.files("etl") / "sql"
LAYERS = ("staging", "marts")
# a model's name prefix -> what it is; a name without one of these is refused
MATERIALISED = {"stg_": "VIEW", "v_": "VIEW", "mart_": "TABLE"}
_NAME = re.compile(r"\b(?:stg|mart|v)_\w+\b")
_LINE_COMMENT = re.compile(r"--[^\n]*")


@dataclass(frozen=True)
class Model:
    name: str
    layer: str
    sql: str                   # the SELECT, as written in its file
    depends: frozenset[str]    # other models it reads

    @property
    def kind(self) -> str:
        return next(k for prefix, k in MATERIALISED.items() if self.name.startswith(prefix))

    def create(self) -> str:
        """The statement that builds it: constant text from the package's own .sql files."""
        return f"CREATE {self.kind} {self.name} AS\n{self.sql}"


def _read(layer: str) -> dict[str, str]:
    folder = SQL / layer
    return {p.name.removesuffix(".sql"): p.read_text(encoding="utf-8")
            for p in folder.iterdir() if p.name.endswith(".sql")}


def models() -> list[Model]:
    """Every model of every layer, in an order in which each comes after what it reads."""
    texts = {(layer, name): sql for layer in LAYERS for name, sql in _read(layer).items()}
    names = {name for _, name in texts}
    found: list[Model] = []
    for (layer, name), sql in sorted(texts.items(), key=lambda kv: (LAYERS.index(kv[0][0]),
                                                                     kv[0][1])):
        if not any(name.startswith(p) for p in MATERIALISED):
            raise ValueError(f"etl/sql/{layer}/{name}.sql: a model's name starts with one of "
                             f"{', '.join(MATERIALISED)}")
        body = _LINE_COMMENT.sub("", sql)
        depends = frozenset(_NAME.findall(body)) & names - {name}
        found.append(Model(name, layer, sql.strip().rstrip(";"), depends))
    return _in_order(found)


def _in_order(found: list[Model]) -> list[Model]:
    done: set[str] = set()
    ordered: list[Model] = []
    waiting = list(found)
    while waiting:
        ready = [m for m in waiting if m.depends <= done]
        if not ready:
            raise ValueError("models that read each other: "
                             + ", ".join(sorted(m.name for m in waiting)))
        for m in ready:
            ordered.append(m)
            done.add(m.name)
        waiting = [m for m in waiting if m.name not in done]
    return ordered


def build_models(con: duckdb.DuckDBPyConnection) -> list[Model]:
    """Create every staging view and mart over the raw tables loaded in `con`."""
    built = models()
    for model in built:
        con.execute(model.create())
    return built
