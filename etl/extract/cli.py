"""`etl extract FILE [--json]`: what the ETL would load from one press release."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console

from etl.config import Settings


def extract_command(
    file: Path = typer.Argument(..., help="A press release: .md, .txt or .html"),
    json_output: bool = typer.Option(False, "--json", help="Print JSON instead of tables"),
) -> None:
    """Print the places, activities, agreements, planned visits and people read from FILE."""
    from etl.extract import Extractor
    from etl.extract.report import print_tables, to_json
    from etl.geocode.resolve import Resolver
    from etl.sources.documents import DocumentError, read_document

    settings = Settings()
    try:
        doc = read_document(file, settings)
    except (DocumentError, OSError) as exc:
        Console(stderr=True).print(f"[red]{file}: {exc}[/red]")
        raise typer.Exit(code=1) from exc
    resolver = Resolver.from_settings(settings)
    report = to_json(Extractor(resolver).analyse(doc), resolver)
    if json_output:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print_tables(report, Console())
