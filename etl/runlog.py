"""The run history: one JSON line per run in data/state/runs.jsonl, failed runs included.

It lives outside the warehouse so that a run which published nothing is still on record; every
publish copies the recent history into the `etl_run` table. That copy is read back too
(`combined`): deleting data/state/ does not lose the history of what was published.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
from dataclasses import asdict, dataclass, field
from pathlib import Path

KEEP = 500  # runs copied into each warehouse


@dataclass
class RunRecord:
    run_id: str
    started_at: str
    finished_at: str | None = None
    status: str = "running"  # published | failed | running
    counts: dict = field(default_factory=dict)
    message: str = ""

    def as_row(self) -> tuple:
        return (self.run_id, _ts(self.started_at), _ts(self.finished_at), self.status,
                json.dumps(self.counts, ensure_ascii=False, sort_keys=True), self.message or None)


def _ts(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def now() -> str:
    return dt.datetime.now().replace(microsecond=0).isoformat()


def new_run() -> RunRecord:
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    return RunRecord(run_id=f"{stamp}-{secrets.token_hex(3)}", started_at=now())


def append(log: Path, record: RunRecord) -> None:
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a+b") as fh:
        torn = False
        if fh.seek(0, os.SEEK_END) > 0:
            fh.seek(-1, os.SEEK_END)
            torn = fh.read(1) != b"\n"
        # a writer killed mid-line left a torn line: end it so this record stays whole
        fh.write((b"\n" if torn else b"") + json.dumps(asdict(record), ensure_ascii=False).encode()
                 + b"\n")
        fh.flush()
        os.fsync(fh.fileno())


def history(log: Path, keep: int = KEEP) -> list[RunRecord]:
    """Recent runs, oldest first; a torn last line (a killed writer) is skipped."""
    if not log.exists():
        return []
    records = []
    for line in log.read_text(encoding="utf-8").splitlines()[-keep:]:
        try:
            records.append(RunRecord(**json.loads(line)))
        except (ValueError, TypeError):
            continue
    return records


def published_history(warehouse: Path, keep: int = KEEP) -> list[RunRecord]:
    """The runs recorded in the live warehouse's `etl_run` table, oldest first; none when the
    warehouse is missing or cannot be read (a damaged file is rebuilt by the next run)."""
    if not warehouse.exists():
        return []
    import duckdb

    try:
        con = duckdb.connect(str(warehouse), read_only=True)
        try:
            rows = con.execute("SELECT run_id, started_at, finished_at, status, counts, message "
                               "FROM etl_run ORDER BY started_at DESC LIMIT ?", [keep]).fetchall()
        finally:
            con.close()
    except duckdb.Error:
        return []
    return [RunRecord(run_id=r[0], started_at=_iso(r[1]) or "", finished_at=_iso(r[2]), status=r[3],
                      counts=json.loads(r[4]) if r[4] else {}, message=r[5] or "")
            for r in reversed(rows)]


def combined(log: Path, warehouse: Path, keep: int = KEEP) -> list[RunRecord]:
    """The run log and the live warehouse's copy of it, merged by run id, oldest first."""
    by_id = {r.run_id: r for r in published_history(warehouse, keep)}
    by_id.update((r.run_id, r) for r in history(log, keep))
    return sorted(by_id.values(), key=lambda r: (r.started_at, r.run_id))[-keep:]


def _iso(value) -> str | None:
    return value.replace(microsecond=0).isoformat() if value is not None else None
