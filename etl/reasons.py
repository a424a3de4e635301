"""Reason codes of the quarantine: one vocabulary for why an input was refused or flagged.

Each quarantine row carries a code from `REASONS` (stored in `quarantine.code`) and a reason
text that opens with the code's English phrase and goes on with the specifics (file, row,
figure, limit, what to do). A page that wants the reason in another language translates the
code and shows the specifics as they are. Codes are added here and nowhere else.
"""

from __future__ import annotations

REASONS: dict[str, str] = {
    # the input was not read at all
    "outside_folder": "refused: outside its folder",
    "not_a_file": "refused: not a regular file",
    # a reading limit was hit (the text names the limit and its setting)
    "file_too_large": "file too large",
    "unpacked_too_large": "workbook unpacks too large",
    "too_many_rows": "too many rows",
    "too_many_cells": "too many cells",
    "too_many_columns": "too many columns",
    "cell_too_long": "cell too long",
    "text_too_long": "text too long",
    "too_many_sentences": "too many sentences",
    "front_matter_too_large": "front matter too large",
    # keys
    "duplicate_key": "duplicate key",
    # documents
    "front_matter_broken": "front matter unreadable",
    "title_too_long": "title too long",
}


def reason_text(code: str) -> str:
    """The English opening of a reason with this code (KeyError for an unknown code)."""
    return REASONS[code]
