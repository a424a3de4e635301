"""Refresh and log (analysts): the state of the last refresh, the recent decisions with an undo
button each, and the audit log of uploads, decisions, undos, hand-entered records and
refreshes — who and when — exportable as CSV."""

import json

import pandas as pd
import streamlit as st

from dashboard import analyst, i18n, plain, refresh, roles
from dashboard.i18n import t

RECENT = 20  # decisions listed with an undo button


def _undo(entry_no: int, user: str) -> None:
    st.session_state["_workspace_flash"] = analyst.undo(entry_no, user)


def recent_decisions(user: str) -> None:
    """The latest decisions of every analyst, newest first; one still in force can be undone."""
    st.subheader(t("recent_decisions"))
    if message := st.session_state.pop("_workspace_flash", None):
        st.info(message, icon=":material/undo:")
    with analyst.store() as store:
        recent = store.recent_decisions(RECENT)
    if not recent:
        st.caption(t("recent_empty"))
    for entry in recent:
        c1, c2 = st.columns([5, 1], vertical_alignment="center")
        c1.text(f"{entry.decided_at.replace('T', ' ')} · {entry.user} · "
                f"{analyst.action_label(entry.action)} — {entry.subject}")
        if entry.undone_at:
            c2.caption(t("undone_by", user=plain.md(entry.undone_by, 80),
                         at=entry.undone_at.replace("T", " ")))
        elif not entry.undoable:
            c2.caption(t("replaced"))
        else:
            c2.button(t("undo"), key=f"undo_{entry.entry_no}", icon=":material/undo:",
                      on_click=_undo, args=(entry.entry_no, user), width="stretch")


user = roles.require_analyst()
st.title(t("page_workspace"))
last = refresh.current()
if last:
    st.json({k: v for k, v in last.items() if k != "pid"}, expanded=False)
recent_decisions(user.name)
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
    shown = log.assign(action=log["action"].map(analyst.action_label))  # the CSV keeps the codes
    st.dataframe(shown.rename(columns=lambda c: t(c)), hide_index=True, width="stretch",
                 key="audit_table")
    st.caption(i18n.fmt_int(len(log)))
