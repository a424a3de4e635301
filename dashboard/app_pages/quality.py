"""Data quality: freshness, recent ETL runs, quarantine, unresolved places, low confidence —
for a reader who is not an engineer: reasons in words with what to do, file names, durations."""

import streamlit as st

from dashboard import i18n, queries, reasons, ui
from dashboard.i18n import t

ROWS = 500

st.title(t("page_quality"))
fresh = queries.run("freshness").iloc[0]
c1, c2, c3 = st.columns(3)
c1.metric(t("data_as_of"), i18n.fmt_datetime(fresh["published_at"]), border=True)
c2.metric(t("newest_document"), i18n.fmt_date(fresh["newest_document"]), border=True)
c3.metric(t("failed_runs"), i18n.fmt_int(fresh["failed_runs"]), border=True)

st.subheader(t("etl_runs"))
runs = queries.run("etl_runs", limit=20)
runs = runs.assign(duration=[i18n.fmt_duration(s) for s in runs["duration_s"]],
                   message=runs["message"].map(reasons.no_paths))
ui.table(runs.drop(columns=["duration_s"]), key="quality_runs")

st.subheader(t("quarantine"))
st.caption(t("quality_intro"))
language = i18n.lang()
df = queries.run("quarantine", limit=ROWS)
ui.showing(len(df), ui.total_of(df))
ui.table(reasons.explain(df, lambda c: i18n.reason(c, language),
                         lambda c: i18n.reason_todo(c, language), t("row_word")),
         key="quality_quarantine", empty="no_rows")

st.subheader(t("unresolved"))
df = queries.run("geocode_pending", limit=ROWS)
ui.showing(len(df), ui.total_of(df))
ui.table(df.assign(reason=[i18n.reason(reasons.code(None, r, "geocode")) for r in df["reason"]]),
         key="quality_pending", empty="no_rows")

st.subheader(t("low_confidence"))
df = queries.run("low_confidence", limit=ROWS)
ui.showing(len(df), ui.total_of(df))
ui.table(df, key="quality_low", empty="no_rows")
