"""New record (analysts): a mission, a delegation, an agreement or a planned visit entered by
hand. Checked by the curated tables' own rules (kind, status, dates, place by the gazetteer),
stored in the analysts' store with who and when, published at the next refresh. Below the form,
the records this analyst added (here or from a sentence in the review queue), each with a button
that removes it: audit-logged, gone from the pages at the next refresh."""

import streamlit as st

from dashboard import analyst, plain, roles
from dashboard.i18n import t

# what the form adds -> (fact type, kind, status, place role)
ENTRIES = {
    "mission": ("activity", "mission", "done", "destination"),
    "delegation": ("activity", "delegation", "done", "origin"),
    "agreement": ("agreement", None, None, None),
    "planned": ("activity", "mission", "planned", "destination"),
}



def _remove(fact_no: int, user: str) -> None:
    st.session_state["_entry_removed"] = analyst.remove_added(fact_no, user)


def my_records(user: str) -> None:
    """The analyst's hand-added records in force, newest first, each with «Удалить»."""
    st.subheader(t("my_added"))
    if message := st.session_state.pop("_entry_removed", None):
        st.info(message, icon=":material/delete:")
    facts = analyst.added_by(user)
    if not facts:
        st.caption(t("my_added_empty"))
    for fact in facts:
        c1, c2 = st.columns([5, 1], vertical_alignment="center")
        c1.text(f"{fact.added_at.replace('T', ' ')} · "  # text: never read as Markdown
                f"{analyst.added_summary(fact.fact_type, fact.fields)}")
        c2.button(t("remove_fact"), key=f"remove_{fact.fact_no}", icon=":material/delete:",
                  on_click=_remove, args=(fact.fact_no, user), width="stretch")


user = roles.require_analyst()
st.title(t("page_entry"))
if message := st.session_state.pop("_entry_flash", None):
    st.success(message, icon=":material/check_circle:")
what = st.radio(t("entry_kind"), list(ENTRIES), horizontal=True, key="entry_what",
                format_func=lambda k: t(f"entry_{k}"))
fact_type, kind, status, role = ENTRIES[what]
with st.form(f"entry_{what}"):
    if fact_type == "activity":
        title = st.text_input(t("title_field"), key=f"e_{what}_title")
        start = st.text_input(t("start"), key=f"e_{what}_start")
        end = st.text_input(t("end"), key=f"e_{what}_end")
    else:
        signed = st.text_input(t("signed"), key=f"e_{what}_signed")
    place = analyst.place_input(t("place_field"), f"e_{what}_place")
    counterparty = st.text_input(t("counterparty"), key=f"e_{what}_cp")
    program = st.text_input(t("program"), key=f"e_{what}_program")
    submitted = st.form_submit_button(t("add_fact"), icon=":material/add:", type="primary",
                                      key="entry_submit")
if submitted:
    if fact_type == "activity":
        fields = {"kind": kind, "status": status, "title": title or "", "start": start,
                  "end": end, "place": place, "role": role, "counterparty": counterparty,
                  "program": program}
    else:
        fields = {"counterparty": counterparty, "signed": signed, "place": place,
                  "program": program}
    reason = analyst.validate(fact_type, fields)
    if reason:
        st.error(t("invalid_fact", reason=plain.md(reason, 300)), icon=":material/error:")
    else:
        with analyst.store() as store:
            store.add_fact(fact_type, fields, user.name)
        st.session_state["_entry_flash"] = t("fact_added")
        st.rerun()
my_records(user.name)
