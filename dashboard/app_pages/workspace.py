"""Refresh and log (analysts): the state of the last refresh and the audit log of uploads,
decisions, hand-entered records and refreshes — who and when — exportable as CSV."""

import json

import pandas as pd
import streamlit as st

from dashboard import analyst, i18n, refresh, roles
from dashboard.i18n import t

user = roles.require_analyst()
st.title(t("page_workspace"))
last = refresh.current()
if last:
    st.json({k: v for k, v in last.items() if k != "pid"}, expanded=False)
st.subheader(t("audit_title"))
with analyst.store() as store:
    rows = store.audit_log()
log = pd.DataFrame(rows, columns=["at", "user", "action", "subject", "detail"])
if log.empty:
    st.info(t("audit_empty"))
else:
    log["detail"] = log["detail"].map(lambda d: ", ".join(f"{k}={v}" for k, v in
                                                          json.loads(d).items()))
    st.download_button(t("audit_export"), log.to_csv(index=False).encode("utf-8"),
                       file_name="audit_log.csv", mime="text/csv", icon=":material/download:",
                       key="audit_export")
    st.dataframe(log.rename(columns=lambda c: t(c)), hide_index=True, use_container_width=True,
                 key="audit_table")
    st.caption(i18n.fmt_int(len(log)))
