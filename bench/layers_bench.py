"""The SQL layers and the data tests alone, on the raw tables of a built warehouse: how long
building the staging views and marts takes, and how long the data tests that guard the publish
take. Prints one JSON object.

    python -m bench.layers_bench --db <a warehouse built by the ETL, e.g. one of make bench's>
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import duckdb

from etl.load import datatests, layers
from etl.load.warehouse import TABLE_ORDER, schema_sql


def _timed(fn) -> tuple[object, dict[str, float]]:
    cpu, wall = time.process_time(), time.perf_counter()
    out = fn()
    return out, {"wall_s": round(time.perf_counter() - wall, 3),
                 "cpu_s": round(time.process_time() - cpu, 3)}


def measure(source: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        con = duckdb.connect(str(Path(tmp) / "layers.duckdb"))
        try:
            schema = schema_sql()
            con.execute(datatests.without_foreign_keys(schema))
            con.execute("ATTACH ? AS src (READ_ONLY)", [str(source)])
            present = {r[0] for r in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = 'src'").fetchall()}
            for table in TABLE_ORDER:  # constant names; a table an older file lacks stays empty
                if table in present:
                    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM src.{table}")
            con.execute("DETACH src")
            _, build = _timed(lambda: layers.build_models(con))
            passed, tests = _timed(lambda: datatests.run(con, schema))
            activities = con.execute("SELECT count(*) FROM activity").fetchall()[0][0]
        finally:
            con.close()
    return {"activities": activities, "models": len(layers.models()), "build": build,
            "data_tests": passed, "tests": tests}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True)
    print(json.dumps(measure(parser.parse_args().db)))


if __name__ == "__main__":
    main()
