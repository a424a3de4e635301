"""Review (analysts): every fact taken from a press release and not yet reviewed, newest
documents first, 20 to a page («1–20 из 312»; the page number is in the URL), each with its
sentence highlighted in the document. Accept, reject (one click each) or correct it; add a fact
the extractor missed from a sentence of the document.

Decisions go to the analysts' store at once and take effect at the next refresh; until then the
fact leaves the queue and a notice counts the decisions waiting.
"""

import math
import re

import pandas as pd
import streamlit as st

from dashboard import analyst, highlight, i18n, plain, queries, roles
from dashboard.i18n import t

PAGE_SIZE = 20  # facts per page; the page number lives in the URL (?page=)
_SENTENCE = re.compile(r"(?<=[.!?…])\s+|\n+")


def iso(value, precision) -> str:
    """A date to the precision it is known: YYYY, YYYY-MM or YYYY-MM-DD."""
    if value is None or value != value:
        return ""
    text = pd.Timestamp(value).date().isoformat()
    return {"year": text[:4], "month": text[:7]}.get(precision, text)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text or "") if len(s.strip()) > 15]


def flash(message: str) -> None:
    st.session_state["_review_flash"] = message


def decide(fact: dict, action: str, user: str, corrections: dict | None = None) -> None:
    with analyst.store() as store:
        store.decide(fact["document_id"], fact["signature"], fact["fact_type"], action, user,
                     corrections, subject=summary(fact))
    flash(t(f"decided_{action}"))


def undo_last(entry_no: int, user: str) -> None:
    flash(analyst.undo(entry_no, user))


def last_decision(user: str) -> None:
    """The analyst's last decision still in force, with a button that undoes it."""
    with analyst.store() as store:
        last = store.last_undoable(user)
    if last is None:
        return
    c1, c2 = st.columns([3, 1], vertical_alignment="center")
    c1.caption(t("last_decision", at=last.decided_at.replace("T", " "),
                 action=analyst.action_label(last.action), subject=plain.md(last.subject, 200)))
    c2.button(t("undo_last"), key="undo_last", icon=":material/undo:", on_click=undo_last,
              args=(last.entry_no, user), width="stretch")


def summary(fact: dict) -> str:
    """One line of plain text: kind, status, dates, places, counterparty."""
    parts = [i18n.label("kind", fact["kind"]) if fact["fact_type"] == "activity"
             else i18n.label("fact", "agreement")]
    if fact["status"]:
        parts.append(i18n.label("status", fact["status"]))
    start, end = iso(fact["start_date"], fact["date_precision"]), iso(fact["end_date"],
                                                                      fact["date_precision"])
    if start:
        parts.append(start if not end or end == start else f"{start} – {end}")
    for field in ("places", "origins", "counterparty"):
        if isinstance(fact[field], str) and fact[field]:
            parts.append(("← " if field == "origins" else "") + fact[field])
    return " · ".join(parts)


def fact_card(fact: dict, text: str, user: str) -> None:
    fid = fact["fact_id"]
    with st.container(border=True, key=f"fact_{fid}"):
        st.text(summary(fact))
        with st.expander(t("in_document"), expanded=False):
            st.html(highlight.to_html((text or "").strip(), [(fact["evidence"], "evidence")]))
        c1, c2, c3 = st.columns(3)
        c1.button(t("accept"), key=f"accept_{fid}", icon=":material/check:",
                  on_click=decide, args=(fact, "accept", user), width="stretch")
        c2.button(t("reject"), key=f"reject_{fid}", icon=":material/close:",
                  on_click=decide, args=(fact, "reject", user), width="stretch")
        with c3.popover(t("correct"), icon=":material/edit:", width="stretch"):
            correction_form(fact, user)


def _fields_form(prefix: str, fact_type: str, values: dict) -> dict:
    """The fields of a fact, prefilled with `values`; returns what the analyst entered."""
    out: dict = {}
    if fact_type == "activity":
        kinds = list(analyst.KINDS)
        out["kind"] = st.selectbox(t("kind"), kinds, key=f"{prefix}_kind",
                                   index=kinds.index(values["kind"]) if values.get("kind")
                                   in kinds else 0, format_func=lambda k: i18n.label("kind", k))
        statuses = list(analyst.STATUS_VALUES)
        out["status"] = st.selectbox(t("status"), statuses, key=f"{prefix}_status",
                                     index=statuses.index(values["status"])
                                     if values.get("status") in statuses else 1,
                                     format_func=lambda s: i18n.label("status", s))
        out["start"] = st.text_input(t("start"), values.get("start", ""), key=f"{prefix}_start")
        out["end"] = st.text_input(t("end"), values.get("end", ""), key=f"{prefix}_end")
    else:
        out["signed"] = st.text_input(t("signed"), values.get("start", ""),
                                      key=f"{prefix}_signed")
    out["place"] = analyst.place_input(t("place_field"), f"{prefix}_place", values.get("place"))
    out["counterparty"] = st.text_input(t("counterparty"), values.get("counterparty") or "",
                                        key=f"{prefix}_cp")
    return out


def correction_form(fact: dict, user: str) -> None:
    fid = fact["fact_id"]
    first_place = (fact["places"] or "").split(", ")[0] if isinstance(fact["places"], str) else ""
    before = {"kind": fact["kind"], "status": fact["status"],
              "start": iso(fact["start_date"], fact["date_precision"]),
              "end": iso(fact["end_date"], fact["date_precision"]),
              "place": first_place or None, "counterparty": fact["counterparty"]
              if isinstance(fact["counterparty"], str) else ""}
    with st.form(f"correct_{fid}", border=False):
        after = _fields_form(f"c_{fid}", fact["fact_type"], before)
        if not st.form_submit_button(t("save_correction"), icon=":material/save:",
                                     key=f"save_{fid}"):
            return
    if fact["fact_type"] == "agreement":
        before["signed"] = before["start"]
    changes = {k: (v or "") for k, v in after.items() if (v or "") != (before.get(k) or "")}
    if "end" in changes and not changes["end"]:
        changes.pop("end")
    full = {**{k: v for k, v in before.items() if v}, **changes}
    if fact["fact_type"] == "activity" and "start" in changes and "end" not in changes:
        full.pop("end", None)
    reason = analyst.validate(fact["fact_type"], full)
    if reason:
        st.error(t("invalid_fact", reason=reason), icon=":material/error:")
        return
    decide(fact, "correct", user, changes)
    st.rerun()


def add_missed(doc_id: str, text: str, user: str) -> None:
    with st.expander(t("add_missed"), icon=":material/add:"):
        options = sentences(text)
        with st.form(f"add_{doc_id}", border=False):
            sentence = st.selectbox(t("sentence"), options, index=None, key=f"a_{doc_id}_s",
                                    format_func=lambda s: s[:160])
            kinds = [*analyst.KINDS, "agreement"]
            kind = st.selectbox(t("fact_type"), kinds, key=f"a_{doc_id}_kind",
                                format_func=lambda k: i18n.label("fact", k) if k == "agreement"
                                else i18n.label("kind", k))
            statuses = list(analyst.STATUS_VALUES)
            status = st.selectbox(t("status"), statuses, index=1, key=f"a_{doc_id}_status",
                                  format_func=lambda s: i18n.label("status", s))
            start = st.text_input(t("start"), key=f"a_{doc_id}_start")
            end = st.text_input(t("end"), key=f"a_{doc_id}_end")
            place = analyst.place_input(t("place_field"), f"a_{doc_id}_place")
            counterparty = st.text_input(t("counterparty"), key=f"a_{doc_id}_cp")
            if not st.form_submit_button(t("add_fact"), icon=":material/add:",
                                         key=f"addfact_{doc_id}"):
                return
        if kind == "agreement":
            fact_type = "agreement"
            fields = {"counterparty": counterparty, "signed": start, "place": place}
        else:
            fact_type = "activity"
            fields = {"kind": kind, "status": status, "start": start, "end": end,
                      "place": place, "counterparty": counterparty}
        fields["evidence"] = sentence or ""
        reason = analyst.validate(fact_type, fields)
        if reason:
            st.error(t("invalid_fact", reason=reason), icon=":material/error:")
            return
        with analyst.store() as store:
            store.add_fact(fact_type, fields, user, document_id=doc_id)
        flash(t("fact_added"))
        st.rerun()


def page_number(pages: int) -> int:
    """The page in the URL (`?page=`), within 1..pages; anything else is the first page."""
    text = st.query_params.get("page", "1")
    number = int(text) if text.isdigit() else 1
    return min(max(number, 1), pages)


def go_to(number: int) -> None:
    if number > 1:
        st.query_params["page"] = str(number)
    elif "page" in st.query_params:
        del st.query_params["page"]


def pager(page: int, pages: int, first: int, last: int, total: int, where: str) -> None:
    """«1–20 из 312» and the buttons to the previous and next page."""
    c1, c2, c3 = st.columns([1, 2, 1], vertical_alignment="center")
    c1.button(t("previous_page"), key=f"prev_{where}", icon=":material/chevron_left:",
              disabled=page <= 1, on_click=go_to, args=(page - 1,), width="stretch")
    c2.markdown(t("queue_range", first=i18n.fmt_int(first), last=i18n.fmt_int(last),
                  total=i18n.fmt_int(total)))
    c3.button(t("next_page"), key=f"next_{where}", icon=":material/chevron_right:",
              disabled=page >= pages, on_click=go_to, args=(page + 1,), width="stretch")


user = roles.require_analyst()
st.title(t("page_review"))
if message := st.session_state.pop("_review_flash", None):
    st.success(message, icon=":material/check_circle:")
last_decision(user.name)
with analyst.store() as decisions_store:  # decided since the last publish: not shown again
    decided = sorted(f"{d}/{s}" for d, s in decisions_store.decisions())
counts = queries.run("review_queue_count", decided=decided).iloc[0]
total, n_waiting = int(counts["queue"]), int(counts["waiting"])
pages = max(1, math.ceil(total / PAGE_SIZE))
page = page_number(pages)
queue = queries.run("review_queue", decided=decided, limit=PAGE_SIZE,
                    offset=(page - 1) * PAGE_SIZE)
st.caption(t("queue_count", n=i18n.fmt_int(total)))
if n_waiting:
    st.info(t("queue_pending", n=n_waiting), icon=":material/sync:")
if queue.empty:
    st.success(t("queue_empty"), icon=":material/done_all:")
else:
    first = (page - 1) * PAGE_SIZE + 1
    pager(page, pages, first, first + len(queue) - 1, total, "top")
for doc_id in dict.fromkeys(queue["document_id"]):
    doc = queries.run("document_text", doc=doc_id).iloc[0]
    st.subheader(plain.md(doc["title"], 300), anchor=False, divider="gray")
    for fact in queue[queue["document_id"] == doc_id].to_dict("records"):
        fact_card(fact, doc["text"], user.name)
    add_missed(doc_id, doc["text"], user.name)
if pages > 1 and not queue.empty:
    pager(page, pages, first, first + len(queue) - 1, total, "bottom")
