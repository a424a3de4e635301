"""One dashboard reader process for tests/test_reliability_refresh.py.

`python -m tests.reliability_reader JOB.json` reads the live warehouse in a loop through the
dashboard's own connection code (dashboard/db.py: one read-only connection per file identity,
reopened when the file changes) and its named queries, until the job's stop file appears. It
writes what each read saw (a signature of counts across views) and every error to JOB.out.json.
Streamlit is not imported here: the parent passes the SQL text of the named queries.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

# The dashboard's filters left at their defaults (no filter), as ui.args() builds them.
PARAMS = {"districts": None, "regions": None, "kinds": None, "statuses": None, "programs": None,
          "year_from": None, "year_to": None, "reviewed_only": False, "lang": "ru",
          "home": "RU-MOW", "limit": 50, "offset": 0, "sort": "start_date", "desc": True,
          "q": None, "activity": None, "level": "city",
          "group": "kind", "top": 10}
# constant SQL, no user input: the whole of mart_activity in three numbers
CHECKSUM = ("SELECT count(*) AS n_rows, count(DISTINCT activity_id) AS n_activities, "
            "sum(hash(activity_id, place_id)) AS checksum FROM mart_activity")


def read_once(sqls: dict[str, str], ident) -> tuple:
    """Every named query once, on one connection; the signature of the warehouse it saw."""
    from dashboard import db

    frames = {}
    for name, sql in sqls.items():
        wanted = {k: v for k, v in PARAMS.items() if f"${k}" in sql}
        frames[name] = db.fetch(sql, wanted, ident)
    check = db.fetch(CHECKSUM, {}, ident).iloc[0]
    kpi = frames["kpi"].iloc[0]
    records = frames["records_activity"]
    return (int(check.n_rows), int(check.n_activities), str(check.checksum),
            int(kpi.done), int(kpi.planned), int(kpi.agreements),
            int(records.total_rows.iloc[0]) if len(records) else 0)


def signature_of(path: Path, sqls: dict[str, str]) -> tuple:
    from dashboard import db

    return read_once(sqls, db.identity(path))


def main(job_file: str) -> None:
    from dashboard import db

    job = json.loads(Path(job_file).read_text(encoding="utf-8"))
    stop, ready = Path(job["stop"]), Path(job["ready"])
    seen: Counter = Counter()
    errors: list[str] = []
    reads = 0
    while not stop.exists():
        try:
            seen[json.dumps(read_once(job["sqls"], db.identity()))] += 1
        except Exception as exc:  # every failure is a finding: counted and reported
            errors.append(f"{type(exc).__name__}: {exc}"[:300])
        reads += 1
        if reads == 1:
            ready.touch()
        time.sleep(job.get("pause", 0.0))
    out = {"reads": reads, "errors": errors, "signatures": dict(seen)}
    Path(job_file).with_suffix(".out.json").write_text(json.dumps(out), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
