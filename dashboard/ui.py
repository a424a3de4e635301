"""Streamlit pieces shared by the pages: the query context, tables with source links, notes."""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable
from typing import Any, Literal

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import export, filters, geo, i18n
from dashboard.i18n import t


def args(**extra) -> dict:
    """Parameters every named query may take: the filters, the language, the home region."""
    current: filters.Filters = st.session_state.get("_filters", filters.Filters())
    return {**current.params(), "lang": i18n.lang(), "home": geo.HOME_REGION, **extra}


LINK = "document_link"
REGION_LINK = "region_link"
ACTIVITY_LINK = "activity_link"
LINKS = (LINK, REGION_LINK, ACTIVITY_LINK)


def url_choice(name: str, key: str, options, decode: Callable[[str], str] = str) -> None:
    """Before the widget `key` is drawn: a page's choice named `name` in the URL (a link that was
    opened; `decode` turns its code into a value) becomes the widget's value, when it is one of
    `options` and the widget has none yet."""
    given = st.query_params.get(name)
    given = decode(given) if given is not None else None
    if key not in st.session_state and given in options:
        st.session_state[key] = given


def keep_in_url(name: str, value, default=None) -> None:
    """After the widget is drawn: its value in the URL as a readable code (the default left out),
    so that a link to the page opens the same choice."""
    if value is None or value == default:
        if name in st.query_params:
            del st.query_params[name]
    elif st.query_params.get(name) != str(value):
        st.query_params[name] = str(value)


def source_url(document_id) -> str | None:
    """A relative link to the document page (kept relative so it works behind a proxy path)."""
    if not isinstance(document_id, str) or not document_id:
        return None
    return "sources?" + urllib.parse.urlencode({"doc": document_id})


def region_url(code) -> str | None:
    """A relative link to the region page."""
    return f"region?code={code}" if isinstance(code, str) and code else None


def activity_url(activity_id) -> str | None:
    """A relative link to one activity in the records (with its agreements)."""
    if not isinstance(activity_id, str) or not activity_id:
        return None
    return "records?" + urllib.parse.urlencode({"table": "activity", "activity": activity_id})


def with_links(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with a link to the source document and to the region page (cached frames stay as
    they are)."""
    out = df.copy()
    if "document_id" in out.columns:
        out[LINK] = out["document_id"].map(source_url)
    if "region_code" in out.columns:
        out[REGION_LINK] = out["region_code"].map(region_url)
    if "activity" in out.columns and "activity_id" in out.columns:  # next to its title
        out.insert(list(out.columns).index("activity") + 1, ACTIVITY_LINK,
                   out["activity_id"].map(activity_url))
    return out


# columns holding coded values -> the i18n.VALUES field that names them
CODED = {"kind": "kind", "what": "kind", "counterparty_kind": "kind", "status": "status",
         "federal_district": "district", "fact": "fact", "origin": "origin",
         "place_role": "place_role", "severity": "severity", "date_precision": "precision",
         "geo_precision": "precision", "source": "source", "direction": "direction",
         "agreement_status": "agreement_status", "participant_role": "participant_role"}


def _label(value, field: str, language: str | None) -> str:
    if value is None or value != value:  # None, NaN, NA: a blank cell, never "nan"/"None"
        return ""
    if isinstance(value, str) and ", " in value:  # a list of codes (string_agg)
        return ", ".join(i18n.label(field, v, language) for v in value.split(", "))
    return i18n.label(field, value, language)


def dated(df: pd.DataFrame, language: str | None = None,
          typed: bool = False) -> pd.DataFrame:
    """A table whose dates carry a precision shows one "when" column in it ("июль 2023",
    "2024", "12–14 марта 2025") in place of start, end and precision. `typed` (exports) keeps
    the start as a real date in a "date" column after it, and the precision as "date_precision"
    (export.to_xlsx formats each date cell in it and drops the column)."""
    start = next((c for c in ("start_date", "signed_date") if c in df.columns), None)
    if start is None or "date_precision" not in df.columns:
        return df
    end = df["end_date"] if "end_date" in df.columns else [None] * len(df)
    when = [i18n.fmt_span(_day(a), _day(b), p, language)
            for a, b, p in zip(df[start], end, df["date_precision"], strict=True)]
    out = df.drop(columns=[c for c in (start, "end_date", "date_precision") if c in df.columns])
    at = list(df.columns).index(start)
    out.insert(at, "when", when)
    if typed:
        out.insert(at + 1, "date", [_day(v) for v in df[start]])
        out[export.PRECISION] = df["date_precision"].to_numpy()
    return out


def _day(value):
    return None if value is None or value != value else pd.Timestamp(value).date()


def labelled(df: pd.DataFrame, fields: tuple[str, ...] | None = None,
             language: str | None = None) -> pd.DataFrame:
    """A copy with coded values (kind, status, district, fact, role...) shown by their labels,
    missing ones blank, and missing text blank (not "None"/"nan")."""
    out = df.copy()
    for column in out.columns:
        field = CODED.get(column)
        if pd.api.types.is_bool_dtype(out[column]):  # "да"/"нет", never True/False
            out[column] = out[column].map(
                lambda v: "" if pd.isna(v) else t("yes" if v else "no", language)
            ).astype(object)
        elif field and (fields is None or column in fields):
            out[column] = out[column].map(lambda v, f=field: _label(v, f, language)).astype(object)
        elif column not in (*LINKS, "document_id", "region_code") and (
                out[column].dtype == object or pd.api.types.is_string_dtype(out[column])):
            out[column] = out[column].astype(object).where(out[column].notna(), "")
    return out


def column_config(df: pd.DataFrame) -> dict:
    """Headers in the UI language, dates in its format, the source as a link."""
    cfg: dict = {}
    for col in df.columns:
        header = i18n.column(col)
        if col in LINKS:
            cfg[col] = st.column_config.LinkColumn(header, display_text=t("open"))
        elif col in ("total_rows", "document_id", "region_code", "is_region") \
                or col.endswith("_id"):
            cfg[col] = None  # ids are for machines: hidden on screen, kept in exports
        elif col.endswith("_at"):
            cfg[col] = st.column_config.DatetimeColumn(header,
                                                       format=i18n.date_format() + " HH:mm")
        elif pd.api.types.is_datetime64_any_dtype(df[col]) or col.endswith("_date") \
                or col in ("published", "last_contact"):
            cfg[col] = st.column_config.DateColumn(header, format=i18n.date_format())
        else:
            cfg[col] = st.column_config.Column(header)
    return cfg


# what a narrow screen shows first: the name of a row, then its date, then its place
NAME_COLUMNS = ("title", "name", "counterparty", "label")
DATE_COLUMNS = ("when", "signed_date", "start_date", "year", "published", "last_contact")
PLACE_COLUMNS = ("places", "origins", "venues", "place_name", "region", "regions")


def key_first(columns, config: dict) -> list[str]:
    """The shown columns (config not None), name, date and place before the rest; a table with
    no name column is named by its region (the lists of regions)."""
    shown = [c for c in columns if config.get(c) is not None]
    names = [c for c in NAME_COLUMNS if c in shown] or [c for c in ("region",) if c in shown]
    first = names + [c for c in (*DATE_COLUMNS, *PLACE_COLUMNS) if c in shown and c not in names]
    return first + [c for c in shown if c not in first]


def headers(df: pd.DataFrame, language: str | None = None) -> pd.DataFrame:
    """A copy with the UI-language headers, each once (a second "ID" takes its long name, "ID
    мероприятия"): for exports."""
    names = [i18n.column(c, language) for c in df.columns]
    for i, column in enumerate(df.columns):
        if names.count(names[i]) > 1 and names.index(names[i]) < i:
            names[i] = i18n.column_long(column, language)
            if names.count(names[i]) > 1:
                names[i] = f"{names[i]} ({i + 1})"
    out = df.copy()
    out.columns = names
    return out


Height = int | Literal["auto", "stretch", "content"]  # st.dataframe's height: pixels or a mode


def table(df: pd.DataFrame, key: str, height: Height = "auto",
          empty: str | None = None, select: bool = False) -> int | None:
    """A table with labelled codes, blank missing text, UI headers and source links; a plain
    notice instead of an empty grid. With `select`, a click on a row selects it: returns its
    position (None when no row is selected)."""
    if df.empty:
        st.info(t(empty or no_data()), icon=":material/info:")
        return None
    shown = with_links(labelled(df))
    config = column_config(shown)
    order = key_first(shown.columns, config)
    if not select:
        st.dataframe(shown, hide_index=True, column_config=config, key=key, height=height,
                     column_order=order)
        return None
    event = st.dataframe(shown, hide_index=True, column_config=config, key=key, height=height,
                         column_order=order, on_select="rerun", selection_mode="single-row")
    rows = event.get("selection", {}).get("rows", []) if isinstance(event, dict) \
        else event.selection.rows
    return rows[0] if rows and rows[0] < len(df) else None


def no_data() -> str:
    """The text key of an empty result: "no data for the filters" only when a filter is set."""
    current = st.session_state.get("_filters", filters.Filters())
    return "no_data" if current != filters.Filters() else "nothing_yet"


def chart(df: pd.DataFrame, build, key: str) -> bool:
    """A plotly figure built from `df`, or a plain notice when the filters match nothing.
    Returns whether a chart was drawn."""
    if df.empty:
        st.info(t(no_data()), icon=":material/info:")
        return False
    st.plotly_chart(figure(key, (df,), lambda: build(df)), key=key)
    return True


def figure(name: str, frames: tuple, build: Callable[[], Any]) -> Any:
    """`build()`: the plotly figure `name` of these query results, built once and shared by
    every session that draws the same chart of the same rows in the same language (building and
    validating plotly figures was half of the server's Python time with 20 sessions at once;
    docs/performance.md). The figure must depend only on `frames` and the language."""
    return _shared_figure(name, i18n.lang(), frames, build)


class SharedFigure(go.Figure):
    """A figure served to many sessions. st.plotly_chart turns a figure into a dict with
    `to_dict()`, a deep copy of every trace (for the region map, every subject's outline) on
    every run of every session; here that dict is made once, when the figure is built, and only
    read afterwards (plotly.io.to_json serialises it without changing it)."""

    def to_dict(self) -> dict:
        frozen = self.__dict__.get("_frozen_dict")
        return frozen if frozen is not None else super().to_dict()


# st.plotly_chart only reads a figure, so one object can serve every session; it must not be
# changed after it is built (nothing in the pages does)
@st.cache_resource(max_entries=128, ttl=3600, show_spinner=False)
def _shared_figure(name: str, language: str, frames: tuple, _build: Callable[[], Any]) -> Any:
    fig = _build()
    if type(fig) is go.Figure:
        fig.__class__ = SharedFigure
        fig._frozen_dict = go.Figure.to_dict(fig)
    return fig


def showing(shown: int, total: int) -> None:
    st.caption(t("showing", shown=i18n.fmt_int(shown), total=i18n.fmt_int(total)))


def total_of(df: pd.DataFrame) -> int:
    return int(df["total_rows"].iloc[0]) if len(df) else 0
