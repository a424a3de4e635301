"""What the live warehouse holds, read through a read-only connection."""

from __future__ import annotations

import datetime as dt

import duckdb

from etl import runlog
from etl.config import Settings
from etl.load.warehouse import count

TABLES = ("document", "activity", "agreement", "planned_visit", "place", "organisation",
          "person", "quarantine")


def warehouse_status(settings: Settings) -> dict:
    path = settings.warehouse
    runs = runlog.combined(settings.run_log, path, keep=10)
    info: dict = {"warehouse": str(path), "exists": path.exists(), "counts": {},
                  "runs": [r.__dict__ for r in runs][::-1], "damaged": None,
                  "run_log": str(settings.run_log), "run_log_exists": settings.run_log.exists()}
    if not path.exists():
        return info
    stat = path.stat()
    info["size_bytes"] = stat.st_size
    info["published_at"] = dt.datetime.fromtimestamp(stat.st_mtime).replace(
        microsecond=0).isoformat()
    try:
        con = duckdb.connect(str(path), read_only=True)
        try:
            info["counts"] = {t: count(con, f"SELECT count(*) FROM {t}") for t in TABLES}
            last = con.execute("SELECT run_id, status, counts FROM v_etl_run "
                               "ORDER BY started_at DESC LIMIT 1").fetchone()
            info["last_published_run"] = last[0] if last else None
        finally:
            con.close()
    except duckdb.Error as exc:  # a truncated or overwritten file: say so, `etl run` rebuilds it
        info["damaged"] = " ".join(str(exc).split())[:200]
    return info
