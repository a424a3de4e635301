"""Streamlit pieces shared by the pages: the query context, tables with source links, notes."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import filters, geo, i18n
from dashboard.i18n import t


def args(**extra) -> dict:
    """Parameters every named query may take: the filters, the language, the home region."""
    current: filters.Filters = st.session_state.get("_filters", filters.Filters())
    return {**current.params(), "lang": i18n.lang(), "home": geo.HOME_REGION, **extra}


def source_url(document_id) -> str | None:
    """A relative link to the document page (kept relative so it works behind a proxy path)."""
    return f"sources?doc={document_id}" if isinstance(document_id, str) and document_id else None


def with_links(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with a `source` link column made from document_id (cached frames stay as they are)."""
    out = df.copy()
    if "document_id" in out.columns:
        out["source"] = out["document_id"].map(source_url)
    return out


def labelled(df: pd.DataFrame, fields: tuple[str, ...] = ("kind", "status"),
             language: str | None = None) -> pd.DataFrame:
    """A copy with coded values (kind, status, district) shown by their labels."""
    out = df.copy()
    for column in fields:
        field = "district" if column == "federal_district" else column
        if column in out.columns:
            out[column] = out[column].map(lambda v, f=field: i18n.label(f, v, language))
    return out


def column_config(df: pd.DataFrame) -> dict:
    """Dates in the language's format, the source as a link, counts as plain numbers."""
    cfg: dict = {}
    for col in df.columns:
        if col == "source":
            cfg[col] = st.column_config.LinkColumn(t("source"), display_text=t("open"))
        elif pd.api.types.is_datetime64_any_dtype(df[col]) or col.endswith("_date") \
                or col in ("published", "month"):
            cfg[col] = st.column_config.DateColumn(col, format=i18n.date_format())
        elif col in ("total_rows", "document_id"):
            cfg[col] = None
    return cfg


def table(df: pd.DataFrame, key: str, height: int | str = "auto") -> None:
    shown = with_links(df)
    st.dataframe(shown, hide_index=True, column_config=column_config(shown), key=key,
                 height=height)


def showing(shown: int, total: int) -> None:
    st.caption(t("showing", shown=i18n.fmt_int(shown), total=i18n.fmt_int(total)))


def total_of(df: pd.DataFrame) -> int:
    return int(df["total_rows"].iloc[0]) if len(df) else 0
