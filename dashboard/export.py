"""CSV and XLSX bytes of a table, with spreadsheet formula injection neutralised and control
characters (which XML, and so XLSX, cannot hold) cleaned."""

from __future__ import annotations

import io
import re

import pandas as pd
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# C0 controls other than tab, line feed and carriage return: openpyxl refuses them
# (IllegalCharacterError) and Excel would not open the file. A vertical tab is Word's soft
# line break: it becomes a line break; the others a space.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _clean(char: re.Match) -> str:
    return "\n" if char[0] == "\x0b" else " "


def neutralise(value: object) -> object:
    """A text cell without control characters; one that a spreadsheet would run as a formula
    gets a leading apostrophe."""
    if not isinstance(value, str):
        return value
    value = _CONTROL.sub(_clean, value)
    return "'" + value if value.startswith(FORMULA_START) else value


def safe(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for i in range(out.shape[1]):  # by position: headers need not be unique
        column = out.iloc[:, i]
        if column.dtype == object or pd.api.types.is_string_dtype(column):
            out.iloc[:, i] = column.map(neutralise)
    return out


PRECISION = "date_precision"  # a column of a dated table (ui.dated): how each date is known
# a date cell shown in its precision (Excel's own formats; [$-419] names months in Russian)
DATE_FORMATS = {"ru": {"day": "DD.MM.YYYY", "month": "[$-419]MMMM YYYY", "year": "YYYY"},
                "en": {"day": "YYYY-MM-DD", "month": "[$-409]MMMM YYYY", "year": "YYYY"}}


def to_csv(df: pd.DataFrame) -> bytes:
    # UTF-8 with BOM: Excel opens Cyrillic CSV correctly only with it; dates as ISO text
    return safe(df.drop(columns=[PRECISION], errors="ignore")).to_csv(index=False) \
        .encode("utf-8-sig")


def to_xlsx(df: pd.DataFrame, sheet: str = "data", date_column: str | None = None,
            language: str = "ru") -> bytes:
    """A workbook an official can use: bold frozen header, autofilter, columns wide enough;
    the cells of `date_column` are real dates, each shown in its precision (the PRECISION
    column, which is not written): "июль 2023" is a date of July 2023 formatted as a month."""
    precision = df[PRECISION] if PRECISION in df.columns else None
    df = df.drop(columns=[PRECISION], errors="ignore")
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        safe(df).to_excel(writer, index=False, sheet_name=sheet[:31])
        ws = writer.sheets[sheet[:31]]
        _dress(ws, df)
        if precision is not None and date_column in df.columns:
            _date_formats(ws, list(df.columns).index(date_column) + 1, precision, language)
    return buf.getvalue()


def _date_formats(ws, column: int, precision: pd.Series, language: str) -> None:
    formats = DATE_FORMATS.get(language, DATE_FORMATS["ru"])
    for row, known in enumerate(precision, start=2):
        cell = ws.cell(row, column)
        cell.number_format = formats.get(known, formats["day"])
    ws.column_dimensions[get_column_letter(column)].width = 16


WIDTH_ROWS = 500  # rows looked at to size a column
MAX_WIDTH = 60


def _dress(ws, df: pd.DataFrame) -> None:
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, name in enumerate(df.columns, start=1):
        values = df.iloc[:WIDTH_ROWS, i - 1].astype(str)
        longest = max([len(str(name)), *(min(len(str(v)), MAX_WIDTH) for v in values)])
        ws.column_dimensions[get_column_letter(i)].width = max(8, min(MAX_WIDTH, longest + 2))
