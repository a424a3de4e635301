"""Data quality: freshness, recent ETL runs, quarantine, unresolved places, low confidence."""

import streamlit as st

from dashboard import i18n, queries, ui
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
ui.table(runs, key="quality_runs")

for title, name, key in (("quarantine", "quarantine", "quality_quarantine"),
                         ("unresolved", "geocode_pending", "quality_pending"),
                         ("low_confidence", "low_confidence", "quality_low")):
    st.subheader(t(title))
    df = queries.run(name, limit=ROWS)
    ui.showing(len(df), ui.total_of(df))
    ui.table(df, key=key, empty="no_rows")
