"""Read analysts' CSV/XLSX files into rows of strings, rejecting what cannot be read.

Only file-level concerns live here (encoding, header, duplicates, size); what a row means is
`curated.py`'s business.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from etl.models import Rejected


@dataclass(slots=True)
class Row:
    label: str  # "activities.csv" or "book.xlsx[activities]"
    number: int  # the row number as a spreadsheet shows it
    values: dict[str, str]

    @property
    def locator(self) -> str:
        """"activities.csv:row 5": built when asked for (most rows never are), not per row."""
        return f"{self.label}:row {self.number}"


@dataclass
class Table:
    name: str
    rows: list[Row] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)


def decode(data: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM) or, failing that, Windows-1251 as Excel saves it in Russia."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1251", errors="strict")
    cyrillic = sum("а" <= ch.lower() <= "я" or ch in "ёЁ" for ch in text)
    letters = sum(ch.isalpha() for ch in text)
    if letters == 0 or cyrillic / letters < 0.3:
        raise UnicodeDecodeError("cp1251", data, 0, len(data), "neither UTF-8 nor Cyrillic cp1251")
    return text, "cp1251"


def read_csv_rows(path: Path) -> tuple[list[tuple[int, list[str]]], str]:
    """(row number, cells) of a CSV file, row 1 being the header; and the encoding found."""
    text, encoding = decode(path.read_bytes())
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","  # Excel in ru locale: ";"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return list(enumerate(reader, start=1)), encoding


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx_sheets(path: Path) -> dict[str, list[tuple[int, list[str]]]]:
    """Every sheet of a workbook as (row number, cells); formulas are read as stored values."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        return {
            sheet.title: [
                (number, [_cell_text(v) for v in values])
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
            ]
            for sheet in workbook.worksheets
        }
    finally:
        workbook.close()


def build_table(
    name: str, label: str, numbered: list[tuple[int, list[str]]], required: tuple[str, ...],
    key: tuple[str, ...],
) -> Table:
    """Header check, blank-row skipping and duplicate detection for one table's rows."""
    table = Table(name)
    numbered = [(n, cells) for n, cells in numbered if "".join(cells).strip()]  # blank rows
    if not numbered:
        table.rejected.append(Rejected("curated", label, "empty file: no header and no rows"))
        return table
    header_row, header = numbered[0]
    columns = [c.strip().lower() for c in header]
    table.columns = columns
    missing = [c for c in required if c not in columns]
    if missing:
        table.rejected.append(Rejected(
            "curated", f"{label}:row {header_row}",
            f"missing required column(s): {', '.join(missing)}; the file was not loaded "
            f"(columns found: {', '.join(c for c in columns if c) or 'none'})",
            raw=",".join(header)))
        return table
    seen_rows: dict[tuple[str, ...], int] = {}
    seen_keys: dict[tuple[str, ...], int] = {}
    # hot loop (a million rows is normal): column positions are worked out once, not per row
    width = len(columns)
    named = [(i, col) for i, col in enumerate(columns) if col]
    names = [col for _, col in named]
    unique_names = len(set(names)) == len(names)
    position = {col: p for p, col in enumerate(names)}  # the last one wins, as in `values`
    key_pos = [position.get(c) for c in key]
    all_named = len(named) == width  # the usual case: every column has a name
    picked = [i for i, _ in named]
    single_key = key_pos[0] if len(key_pos) == 1 else None
    strip, casefold, append = str.strip, str.casefold, table.rows.append
    for number, cells in numbered[1:]:
        n_cells = len(cells)
        if n_cells > width and any(c.strip() for c in cells[width:]):
            table.rejected.append(Rejected(
                "curated", f"{label}:row {number}", f"row has {len(cells)} cells but the "
                f"header has {width} columns", raw=",".join(cells)))
            continue
        if n_cells < width:
            cells = cells + [""] * (width - n_cells)
        if all_named:
            stripped = list(map(strip, cells if n_cells == width else cells[:width]))
        else:
            stripped = [cells[i].strip() for i in picked]
        values = dict(zip(names, stripped, strict=True))
        full = tuple(stripped) if unique_names else tuple([values[c] for c in names])
        if single_key is not None:
            row_key = (casefold(stripped[single_key]),)
        else:
            row_key = tuple(["" if p is None else casefold(stripped[p]) for p in key_pos])
        first = seen_rows.get(full)
        if first is not None:
            table.rejected.append(Rejected(
                "curated", f"{label}:row {number}", f"duplicate row: same as row {first}",
                raw=",".join(cells)))
            continue
        first = seen_keys.get(row_key)
        if first is not None:
            table.rejected.append(Rejected(
                "curated", f"{label}:row {number}",
                f"duplicate key ({', '.join(key)} = {', '.join(row_key)}) already used by row "
                f"{first} with other values; the first row wins",
                raw=",".join(cells)))
            continue
        seen_rows[full] = number
        seen_keys[row_key] = number
        append(Row(label, number, values))
    return table
