"""Unattended refreshes: APScheduler runs the pipeline on a cron expression."""

from __future__ import annotations

from datetime import datetime

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from rich.console import Console

from etl.config import Settings
from etl.pipeline import NothingPublished, RunLocked, run


def refresh(settings: Settings, console: Console) -> None:
    """One scheduled run; a failure is logged and the next tick tries again."""
    try:
        report = run(settings)
        console.print(f"published run {report.run_id}: {report.counts.get('activity', 0)} "
                      f"activities, {report.counts.get('quarantined', 0)} quarantined, "
                      f"{report.seconds:.1f} s")
    except (RunLocked, NothingPublished) as exc:
        console.print(f"[red]run skipped or failed:[/] {exc}")


def make_scheduler(settings: Settings, cron: str, timezone: str,
                   console: Console) -> BlockingScheduler:
    scheduler = BlockingScheduler(timezone=timezone)
    # a CronTrigger without its own timezone uses the machine's zone, not the scheduler's
    trigger = CronTrigger.from_crontab(cron, timezone=timezone)
    scheduler.add_job(refresh, trigger, args=(settings, console), id="etl-refresh",
                      max_instances=1, coalesce=True, misfire_grace_time=3600)
    return scheduler


def run_forever(settings: Settings, cron: str, timezone: str, console: Console) -> None:
    scheduler = make_scheduler(settings, cron, timezone, console)
    trigger = CronTrigger.from_crontab(cron, timezone=timezone)
    first = trigger.get_next_fire_time(None, datetime.now(trigger.timezone))
    console.print(f"ETL scheduled with '{cron}' ({timezone}); next run {first}; Ctrl+C to stop.")
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        scheduler.shutdown(wait=False)
