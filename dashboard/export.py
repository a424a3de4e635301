"""CSV and XLSX bytes of a table, with spreadsheet formula injection neutralised."""

from __future__ import annotations

import io

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


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
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        safe(df).to_excel(writer, index=False, sheet_name=sheet[:31])
    return buf.getvalue()
