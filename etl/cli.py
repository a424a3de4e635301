"""`etl`: argument parsing, progress, summaries and exit codes only."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from etl.config import Settings
from etl.status import warehouse_status

app = typer.Typer(help="Creative Regions ETL: build and publish the DuckDB warehouse.",
                  no_args_is_help=True, add_completion=False)
console = Console()
err = Console(stderr=True)

STAGES = {"read": "Чтение файлов / reading files", "reference": "Справочники / reference",
          "curated": "Таблицы / curated tables",
          "models": "Модели natasha / NLP models", "documents": "Пресс-релизы / documents",
          "resolve": "Места / places", "load": "Публикация / publish"}


def _settings(db: Path | None, curated: Path | None, documents: Path | None,
              geocoder: str | None) -> Settings:
    settings = Settings().with_(warehouse=db, curated_dir=curated, documents_dir=documents,
                                geocoder=geocoder)
    if settings.geocoder not in {"offline", "nominatim"}:
        raise typer.BadParameter("--geocoder must be offline or nominatim")
    return settings


@app.command()
def run(
    db: Path = typer.Option(None, "--db", help="Warehouse file (default: $CR_WAREHOUSE or "
                            "data/warehouse.duckdb)"),
    curated: Path = typer.Option(None, "--curated", help="Folder of curated CSV/XLSX"),
    documents: Path = typer.Option(None, "--documents", help="Folder of press releases"),
    geocoder: str = typer.Option(None, "--geocoder", help="offline (default) or nominatim"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar"),
) -> None:
    """Build a new warehouse from the inputs and publish it atomically."""
    from etl.pipeline import NothingPublished, RunLocked
    from etl.pipeline import run as run_pipeline

    settings = _settings(db, curated, documents, geocoder)
    try:
        if quiet:
            report = run_pipeline(settings)
        else:
            with _progress() as bar:
                tasks: dict[str, TaskID] = {}

                def on_progress(stage: str, done: int, total: int) -> None:
                    if stage not in tasks:
                        tasks[stage] = bar.add_task(STAGES.get(stage, stage), total=total)
                    bar.update(tasks[stage], completed=done, total=total)

                report = run_pipeline(settings, on_progress)
    except RunLocked as exc:
        typer.echo(f"Not run: {exc}", err=True)
        raise typer.Exit(75) from None
    except NothingPublished as exc:  # one plain line (no wrapping, no markup from a path)
        typer.echo(f"Nothing published: {exc}; the live warehouse is unchanged", err=True)
        raise typer.Exit(1) from None
    _print_report(report)


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(),
                    TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
                    console=console, transient=False)


def _print_report(report) -> None:
    table = Table(title=f"Run {report.run_id}: published to {report.warehouse}")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, count in report.counts.items():
        table.add_row(name, str(count))
    console.print(table)
    errors = [r for r in report.rejected if r.severity == "error"]
    if report.rejected:
        warnings = len(report.rejected) - len(errors)
        q = Table(title=f"Quarantined: {len(errors)}, warnings: {warnings}")
        for col in ("severity", "source", "where", "reason"):
            q.add_column(col)
        for r in report.rejected[:50]:
            q.add_row(r.severity, r.source, r.locator, r.reason)
        console.print(q)
    if report.pending:
        console.print(f"[yellow]{len(report.pending)} place(s) wait for a geocoder retry[/]")
    console.print(f"Done in {report.seconds:.1f} s.")


@app.command()
def status(
    db: Path = typer.Option(None, "--db", help="Warehouse file"),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output"),
) -> None:
    """What the live warehouse holds and how the last runs went."""
    settings = _settings(db, None, None, None)
    info = warehouse_status(settings)
    if as_json:
        typer.echo(json.dumps(info, ensure_ascii=False, indent=2, default=str))
    else:
        _print_status(info)
    if not info["exists"] or info["damaged"]:
        raise typer.Exit(1)


def _print_status(info: dict) -> None:
    if not info["exists"]:
        err.print(f"[red]No warehouse at {info['warehouse']}[/]: run `etl run` first.")
    elif info["damaged"]:  # one plain line: what, where, what to do
        typer.echo(f"The warehouse at {info['warehouse']} is damaged and cannot be read "
                   f"({info['damaged']}); `etl run` rebuilds it.", err=True)
    else:
        console.print(f"Warehouse [bold]{info['warehouse']}[/] — data as of "
                      f"{info['published_at']}, {info['size_bytes']:,} bytes")
        counts = Table(title="Rows")
        counts.add_column("table")
        counts.add_column("rows", justify="right")
        for name, count in info["counts"].items():
            counts.add_row(name, str(count))
        console.print(counts)
    if info["runs"] and not info["run_log_exists"]:
        err.print(f"[yellow]The run log {info['run_log']} is missing[/]: the runs below were "
                  "read back from the warehouse (failed runs since are not known).")
    runs = Table(title="Recent runs")
    for col in ("run", "started", "finished", "status", "message"):
        runs.add_column(col)
    for r in info["runs"]:
        runs.add_row(r["run_id"], r["started_at"], r["finished_at"] or "", r["status"],
                     (r["message"] or "")[:80])
    console.print(runs)


@app.command()
def schedule(
    cron: str = typer.Option("0 3 * * *", "--cron", help="Crontab expression"),
    timezone: str = typer.Option("Europe/Moscow", "--timezone"),
    db: Path = typer.Option(None, "--db"),
    curated: Path = typer.Option(None, "--curated"),
    documents: Path = typer.Option(None, "--documents"),
    geocoder: str = typer.Option(None, "--geocoder"),
) -> None:
    """Run the ETL unattended on a cron schedule (foreground; stop with Ctrl+C)."""
    from etl.schedule import run_forever

    settings = _settings(db, curated, documents, geocoder)
    run_forever(settings, cron, timezone, console)


def _register_extract() -> None:
    """`etl extract FILE [--json]`: what the ETL would load from one press release."""
    try:
        from etl.extract.cli import extract_command
    except ImportError:
        return
    app.command("extract")(extract_command)


_register_extract()

if __name__ == "__main__":
    app()
