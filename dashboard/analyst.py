"""What the analysts' pages share: the analysts' store, the ETL's validation, place names.

The one door between the dashboard and `etl/`: no other dashboard module imports from `etl/`
(tests/dashboard/test_boundary.py checks both the source and what an official's session
loads). The officials' pages read the warehouse views only; the analysts' pages are the
writing side: through this module they store decisions (`etl.decisions`), check uploads and
hand-entered records with the ETL's own readers and rules, and start a refresh
(`etl.refresh_job`).
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path

import streamlit as st

from etl.config import PROJECT_ROOT, Settings
from etl.decisions import CannotUndo, DecisionStore
from etl.models import ACTIVITY_KINDS, STATUSES, Batch, Document
from etl.refresh_job import read_status, write_status
from etl.runlog import now

__all__ = ["PROJECT_ROOT", "now", "read_status", "write_status"]  # for dashboard/refresh.py

KINDS = ACTIVITY_KINDS
STATUS_VALUES = STATUSES
ROLES = ("destination", "origin", "venue")


def settings() -> Settings:
    """The ETL's settings (paths from the same environment variables as `etl run`)."""
    return Settings()


def store() -> DecisionStore:
    """A fresh connection per use (Streamlit reruns on other threads); close it after."""
    return DecisionStore.for_settings(settings())


def action_label(action: str) -> str:
    """«принят», «отклонён», … for an action of the store's log; unknown ones as they are."""
    from dashboard import i18n

    return i18n.t(f"act_{action}") if f"act_{action}" in i18n.TEXT else action


def undo(entry_no: int, user: str) -> str:
    """Undo a decision; the notice to show (Markdown-safe: the subject is escaped)."""
    from dashboard import plain
    from dashboard.i18n import t

    try:
        with store() as s:
            entry = s.undo(entry_no, user)
    except CannotUndo:
        return t("cannot_undo")
    return t("undone", action=action_label(entry.action), subject=plain.md(entry.subject, 200))


def added_by(user: str) -> list:
    """`user`'s hand-added facts still in force, newest first."""
    with store() as s:
        return s.added(user=user)[::-1]


def remove_added(fact_no: int, user: str) -> str:
    """Withdraw a hand-added fact; the notice to show (Markdown-safe)."""
    from dashboard import plain
    from dashboard.i18n import t

    try:
        with store() as s:
            fact = s.remove_fact(fact_no, user)
    except CannotUndo:
        return t("cannot_remove")
    return t("fact_removed", subject=plain.md(added_summary(fact.fact_type, fact.fields), 200))


def added_summary(fact_type: str, fields: dict) -> str:
    """One line of plain text for a hand-added fact: kind, status, dates, place, counterparty."""
    from dashboard import i18n

    parts = [i18n.label("kind", fields["kind"]) if fact_type == "activity" and "kind" in fields
             else i18n.label("fact", "agreement")]
    if fields.get("status"):
        parts.append(i18n.label("status", fields["status"]))
    start, end = fields.get("start") or fields.get("signed"), fields.get("end")
    if start:
        parts.append(f"{start} – {end}" if end and end != start else start)
    parts += [fields[k] for k in ("title", "place", "counterparty") if fields.get(k)]
    return " · ".join(str(p) for p in parts)


@st.cache_resource(show_spinner=False)
def resolver():
    """The ETL's place resolver, loaded once per server: it validates places as curated rows."""
    from etl.geocode.resolve import Resolver

    return Resolver.from_settings(settings(), "offline")


@functools.cache
def place_names(reference_dir: Path | None = None) -> list[str]:
    """Every subject and town of the gazetteer, for autocomplete: subjects first."""
    ref = Path(reference_dir or settings().reference_dir)
    names: list[str] = []
    with (ref / "regions.csv").open(encoding="utf-8") as fh:
        names += sorted(row["name_ru"] for row in csv.DictReader(fh))
    with (ref / "gazetteer.csv").open(encoding="utf-8") as fh:
        towns = [(int(row["population"] or 0), row["name_ru"]) for row in csv.DictReader(fh)]
    names += [name for _, name in sorted(towns, key=lambda t: (-t[0], t[1]))]
    return list(dict.fromkeys(names))


def validate(fact_type: str, fields: dict, fact_id: str = "check") -> str | None:
    """None when `fields` make a valid fact by the curated tables' rules, else the reason."""
    from etl.review import build_fact
    from etl.sources.curated import RowError

    try:
        build_fact(fact_type, fields, resolver(), fact_id)
    except RowError as exc:
        return str(exc)
    return None


def document_suffixes() -> frozenset[str]:
    """The file suffixes the ETL reads as press releases (.md, .txt, .html, .docx, .pdf)."""
    from etl.sources.documents import SUFFIXES

    return frozenset(SUFFIXES)


def read_press_release(path: Path) -> tuple[Document | None, str | None]:
    """A file read exactly as `etl run` reads it: (the document, None) or (None, the reason)."""
    from etl.sources.documents import DocumentError, read_document

    try:
        return read_document(path, settings()), None
    except (DocumentError, OSError) as exc:
        return None, str(exc)


def names_a_table(stem: str) -> bool:
    """Whether a CSV file name (without suffix) feeds one of the curated tables."""
    from etl.sources.curated import table_for

    return table_for(stem) is not None


def read_tables(folder: Path) -> Batch:
    """The curated tables of `folder` read, validated and their places resolved as `etl run`
    does it."""
    from etl.resolve import resolve_places
    from etl.sources.curated import read_curated

    batch = read_curated(folder, settings())
    resolve_places(batch, resolver())
    return batch


def errors_of(batch: Batch, file_name: str) -> list:
    """The rows of one file that the ETL refuses: locators read "curated/<file>:row 5" or
    "curated/<book>.xlsx[sheet]:row 5" (a sheet name cannot hold a slash)."""
    return [r for r in batch.rejected if r.severity == "error"
            and Path(r.locator.split(":row ")[0]).name.startswith(file_name)]


def place_input(label: str, key: str, default: str | None = None) -> str | None:
    """A searchable list of the gazetteer's subjects and towns; a name not in it may be typed
    (then it is checked like a curated cell, case forms included)."""
    options = place_names()
    if default and default not in options:
        options = [default, *options]
    return st.selectbox(label, options, index=options.index(default) if default else None,
                        key=key, accept_new_options=True, placeholder="…")
