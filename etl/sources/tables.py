"""Read analysts' CSV/XLSX files into rows of strings, rejecting what cannot be read.

Only file-level concerns live here (encoding, header, duplicates, size); what a row means is
`curated.py`'s business.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from etl.models import Rejected
from etl.reasons import reason_text
from etl.sources.guard import clean_text


@dataclass(frozen=True)
class Limits:
    """How much of one curated file is read at most (Settings carries the configured values)."""

    max_cell_chars: int = 131_072  # the csv module's own field limit
    max_columns: int = 200  # the widest table has 10 columns
    max_cells: int = 12_000_000  # 10^6 rows of a 12-column table
    max_unpacked_bytes: int = 600_000_000  # an XLSX unpacked


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


def read_csv_rows(path: Path, label: str, limits: Limits
                  ) -> tuple[list[tuple[int, list[str]]], str, list[Rejected]]:
    """(row number, cells) of a CSV file, row 1 being the header; the encoding found; and the
    rows refused for a cell over `limits.max_cell_chars` (only those rows, with their number)."""
    text, encoding = decode(path.read_bytes())
    text = clean_text(text)
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","  # Excel in ru locale: ";"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    if len(text) <= limits.max_cell_chars:  # no cell can be over the limit: no check per row
        return list(enumerate(reader, start=1)), encoding, []
    numbered: list[tuple[int, list[str]]] = []
    rejected: list[Rejected] = []
    with _csv_field_limit(len(text) + 1):  # the csv module's own limit would refuse the file
        for number, cells in enumerate(reader, start=1):
            if refusal := _long_cell(label, number, cells, limits):
                rejected.append(refusal)
            else:
                numbered.append((number, cells))
    return numbered, encoding, rejected


@contextlib.contextmanager
def _csv_field_limit(limit: int) -> Iterator[None]:
    old = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _long_cell(label: str, number: int, cells: list, limits: Limits) -> Rejected | None:
    longest = max(range(len(cells)), key=lambda i: len(cells[i]), default=None)
    if longest is None or len(cells[longest]) <= limits.max_cell_chars:
        return None
    return Rejected("curated", f"{label}:row {number}",
                    f"{reason_text('cell_too_long')}: column {longest + 1} holds "
                    f"{len(cells[longest]):,} characters, over the limit of "
                    f"{limits.max_cell_chars:,} (max_cell_chars); shorten the cell — the other "
                    "rows were loaded", raw=cells[longest][:200], code="cell_too_long")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_text(str(value))


EXCEL_MAX_ROWS = 1_048_576  # a row number beyond Excel's last row is not a spreadsheet's


class LimitExceeded(ValueError):
    """A whole file over a reading limit: the message names the limit."""

    def __init__(self, code: str, detail: str):
        super().__init__(f"{reason_text(code)}: {detail}")
        self.code = code


def check_unpacked_size(path: Path, limits: Limits) -> None:
    """An XLSX is a zip: refuse one whose parts unpack to more than `max_unpacked_bytes` (a zip
    bomb) before a byte of it is parsed. The sizes are the zip's own: a member is never read
    past its stated size."""
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > limits.max_unpacked_bytes:
        raise LimitExceeded("unpacked_too_large", f"the workbook unpacks to "
                            f"{unpacked:,} bytes, over the limit of "
                            f"{limits.max_unpacked_bytes:,} (max_unpacked_bytes); save it as "
                            "CSV or split it")


def read_xlsx_sheets(path: Path, label: str = "", limits: Limits | None = None
                     ) -> dict[str, tuple[list[tuple[int, list[str]]], list[Rejected]]]:
    """Every sheet of a workbook as (row number, cells) of its non-blank rows, and the rows
    refused by a limit; formulas are read as stored values.

    The declared size of a sheet (`A1:XFD1048576`) is ignored: rows are read as they are stored,
    at most `max_columns` wide, at most `max_cells` cells in all (`LimitExceeded` past it)."""
    from openpyxl import load_workbook

    limits = limits or Limits()
    check_unpacked_size(path, limits)
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        return {sheet.title: _read_sheet(sheet, f"{label}[{sheet.title}]", limits)
                for sheet in workbook.worksheets}
    finally:
        workbook.close()


def _read_sheet(sheet, label: str, limits: Limits
                ) -> tuple[list[tuple[int, list[str]]], list[Rejected]]:
    sheet.reset_dimensions()  # rows as stored, each as wide as its last cell
    numbered: list[tuple[int, list[str]]] = []
    rejected: list[Rejected] = []
    cells = 0
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number > EXCEL_MAX_ROWS:
            raise LimitExceeded("too_many_rows", f"sheet {sheet.title!r} has a "
                                f"row numbered over {EXCEL_MAX_ROWS:,}, Excel's last row; "
                                "the workbook is damaged or forged")
        cells += len(values)
        if cells > limits.max_cells:
            raise LimitExceeded("too_many_cells", f"sheet {sheet.title!r} holds "
                                f"over {limits.max_cells:,} cells by row {number:,} (max_cells);"
                                " split the workbook or save it as CSV")
        if not any(v is not None and v != "" for v in values):
            continue  # blank rows are not kept (1 048 575 of them before one far cell)
        if len(values) > limits.max_columns and any(
                v is not None and v != "" for v in values[limits.max_columns:]):
            far = max(i for i, v in enumerate(values) if v is not None and v != "") + 1
            rejected.append(Rejected(
                "curated", f"{label}:row {number}",
                f"{reason_text('too_many_columns')}: a value in column {_column_letter(far)} "
                f"({far:,}), beyond the limit of {limits.max_columns} columns (max_columns); "
                "move it into the table's own columns — the other rows were loaded",
                code="too_many_columns"))
            continue
        row = [_cell_text(v) for v in values[:limits.max_columns]]
        if refusal := _long_cell(label, number, row, limits):
            rejected.append(refusal)
            continue
        numbered.append((number, row))
    return numbered, rejected


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


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
            row_key: tuple[str, ...] = (casefold(stripped[single_key]),)
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
                f"{reason_text('duplicate_key')}: {', '.join(key)} = {', '.join(row_key)} is "
                f"already used by {label} row {first} (other values), which stands; this row "
                "was not loaded — give it its own key or delete it",
                raw=",".join(cells), code="duplicate_key"))
            continue
        seen_rows[full] = number
        seen_keys[row_key] = number
        append(Row(label, number, values))
    return table
