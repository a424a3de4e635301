"""A refresh started from the dashboard: one `etl.pipeline.run` in a process of its own, its
progress and result written to a small JSON status file that the dashboard polls.

    python -m etl.refresh_job --status data/analyst/refresh.json

The run takes the same lock as `etl run` and the scheduled refresh: if one of them is running,
this one ends at once with the state "locked" and publishes nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from etl import runlog
from etl.config import Settings


def write_status(path: Path, status: dict) -> None:
    """Atomically (new file + rename): the dashboard never reads half a status."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(status, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def read_status(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def main(argv: list[str] | None = None) -> int:
    from etl.pipeline import NothingPublished, RunLocked, run

    ap = argparse.ArgumentParser()
    ap.add_argument("--status", type=Path, required=True)
    ap.add_argument("--user", default="")
    args = ap.parse_args(argv)
    status = {"state": "running", "pid": os.getpid(), "started": runlog.now(),
              "user": args.user, "stage": "", "done": 0, "total": 0}
    write_status(args.status, status)
    last = [0.0]

    def progress(stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if stage != status["stage"] or now - last[0] > 0.5 or done == total:
            status.update(stage=stage, done=done, total=total)
            write_status(args.status, status)
            last[0] = now

    try:
        report = run(Settings(), progress)
    except RunLocked as exc:
        status.update(state="locked", message=str(exc), finished=runlog.now())
        write_status(args.status, status)
        return 75
    except NothingPublished as exc:
        status.update(state="failed", message=str(exc), finished=runlog.now())
        write_status(args.status, status)
        return 1
    status.update(state="published", run_id=report.run_id, counts=report.counts,
                  seconds=round(report.seconds, 1), finished=runlog.now())
    write_status(args.status, status)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
