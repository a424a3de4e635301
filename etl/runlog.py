"""The run history: one JSON line per run in data/state/runs.jsonl, failed runs included.

It lives outside the warehouse so that a run which published nothing is still on record; every
publish copies the recent history into the `etl_run` table.
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
        torn = fh.tell() > 0 and (fh.seek(-1, os.SEEK_END) or fh.read(1) != b"\n")
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
