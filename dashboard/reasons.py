"""Why a row or a file was set aside, for a reader who is not an engineer: the reason's code (the
ETL's `quarantine.code`, else the ETL's reason text matched against its known openings: the one
place in the dashboard that knows them), and where it was without server paths. The words for
each code, and what to do next, are in dashboard/i18n.py (REASONS)."""

from __future__ import annotations

import re

import pandas as pd

# reasons the ETL writes without a code -> a code of i18n.REASONS (first match wins)
PATTERNS: tuple[tuple[str, str], ...] = (
    ("encoding", r"^warning: file is in "),
    ("rule_failed", r"^rule '"),
    ("extraction_failed", r"^extraction failed"),
    ("unreadable", r"^(cannot read|cannot decode|empty file|not a curated table|unknown table)"),
    ("file_too_large", r"^file is \d+ bytes, over the limit"),
    ("missing_columns", r"^missing required column"),
    ("row_width", r"^row has \d+ cells"),
    ("duplicate_key", r"^duplicate key"),
    ("duplicate_row", r"^duplicate row"),
    ("unknown_document", r"^unknown document_id"),
    ("parent_rejected", r"^activity .* was rejected"),
    ("unknown_activity", r"^unknown activity_id"),
    ("unknown_region", r"^unknown region"),
    ("bad_value", r"^unknown (kind|status|role)"),
    ("unknown_place", r"^unknown place|gazetteer|nominatim|geocod|not a place"),
    ("bad_date", r"before start|date|month|year"),
    ("empty_value", r"is empty$|^neither organisation nor person"),
    ("no_text", r"no text"),
)
_COMPILED = tuple((code, re.compile(p, re.I)) for code, p in PATTERNS)
# a path (absolute or relative, POSIX or Windows) -> its last part
_PATH = re.compile(r"[^\s'\"«»,;()]*[\\/]([^\s\\/'\"«»,;():]+)")
_ROW = re.compile(r"(?::row |:)(\d+)$")


def code(known, reason, source=None) -> str:
    """The reason code of one quarantine row: its own, else matched from its text."""
    if isinstance(known, str) and known:
        return known
    for name, pattern in _COMPILED:
        if pattern.search(reason or ""):
            return name
    return "unknown_place" if source == "geocode" else "other"


def no_paths(text):
    """`text` with every path written as its file name (no server folder is ever shown)."""
    return _PATH.sub(r"\1", text) if isinstance(text, str) else text


def where(locator, row_word: str) -> str:
    """'data/curated/activities.csv:row 14' -> 'activities.csv, строка 14'."""
    if not isinstance(locator, str):
        return ""
    text = no_paths(locator)
    found = _ROW.search(text)
    if found:
        text = f"{text[:found.start()]}, {row_word} {found[1]}"
    return text


def explain(df: pd.DataFrame, label, todo, row_word: str) -> pd.DataFrame:
    """The quarantine frame as a reader needs it: where, what is wrong and what to do (from
    the code), the details without paths, the raw row."""
    codes = [code(c, r, s) for c, r, s in zip(df.get("code", pd.Series(None, index=df.index)),
                                              df["reason"], df["source"], strict=True)]
    out = pd.DataFrame({
        "severity": df["severity"] if "severity" in df else "error",
        "where": [where(loc, row_word) for loc in df["locator"]],
        "problem": [label(c) for c in codes],
        "todo": [todo(c) for c in codes],
        "details": [no_paths(r) for r in df["reason"]],
        "raw": df["raw"],
    }, index=df.index)
    if "total_rows" in df:
        out["total_rows"] = df["total_rows"]
    return out
