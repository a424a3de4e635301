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


def neutralise(value):
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


def to_csv(df: pd.DataFrame) -> bytes:
    # UTF-8 with BOM: Excel opens Cyrillic CSV correctly only with it
    return safe(df).to_csv(index=False).encode("utf-8-sig")


def to_xlsx(df: pd.DataFrame, sheet: str = "data") -> bytes:
    """A workbook an official can use: bold frozen header, autofilter, columns wide enough."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        safe(df).to_excel(writer, index=False, sheet_name=sheet[:31])
        _dress(writer.sheets[sheet[:31]], df)
    return buf.getvalue()


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
