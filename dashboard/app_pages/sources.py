"""Sources: the list of documents, and one document's text with its extracted facts marked."""

import streamlit as st

from dashboard import highlight, i18n, plain, queries, ui
from dashboard.i18n import t

LIST_ROWS = 500


def open_document(doc_id: str | None) -> None:
    if doc_id:
        st.query_params["doc"] = doc_id
    elif "doc" in st.query_params:
        del st.query_params["doc"]


def document_page(doc_id: str) -> None:
    found = queries.run("document", doc=doc_id)
    if found.empty:
        st.warning(t("doc_missing", doc=plain.md(plain.visible(doc_id))),
                   icon=":material/search_off:")
        return
    doc = found.iloc[0]
    st.button(t("back_to_list"), icon=":material/arrow_back:", on_click=open_document,
              args=(None,), key="doc_back")
    st.header(plain.md(doc["title"]), anchor=False)
    st.caption(f"{t('published')}: {i18n.fmt_date(doc['published'])} · "
               f"{t('publisher')}: {plain.md(doc['publisher'] or '—', 200)}")
    if isinstance(doc["url"], str) and doc["url"].startswith(("http://", "https://")):
        st.link_button(plain.md(doc["url"], 80), doc["url"], icon=":material/open_in_new:")
    facts = queries.run("document_facts", doc=doc_id)
    needles = [(e, "evidence") for e in facts["evidence"].dropna().unique()]
    needles += [(s, "place") for s in facts["surface"].dropna().unique()]
    text = (doc["text"] if isinstance(doc["text"], str) else "").strip()
    if text:
        st.caption(t("highlight_note"))
        with st.container(border=True):
            st.html(highlight.to_html(text, needles))
    else:  # a curated table: its rows are the facts, there is no text to mark
        st.info(t("doc_no_text"), icon=":material/table_view:")
    st.subheader(t("facts"))
    facts = facts.drop(columns=["surface"]).drop_duplicates().drop(columns=["fact_id"])
    ui.table(ui.labelled(facts, ("what", "status")), key="doc_facts")


def document_list() -> None:
    q = st.text_input(t("search"), key="sources_q", icon=":material/search:").strip() or None
    docs = queries.run("documents", q=q, limit=LIST_ROWS)
    ui.showing(len(docs), ui.total_of(docs))
    st.caption(t("doc_row_hint"))
    picked = ui.table(docs, key="documents_table", select=True)
    if picked is not None:  # a row clicked: that document opens
        open_document(docs["document_id"].iloc[picked])
        st.rerun()
    titles = dict(zip(docs["document_id"], docs["title"], strict=True))
    st.selectbox(t("document"), list(titles), index=None, key="doc_pick",
                 format_func=lambda d: titles.get(d, d), on_change=_picked,
                 placeholder=t("document_pick"))


def _picked() -> None:
    open_document(st.session_state.get("doc_pick"))
    st.session_state["doc_pick"] = None  # back on the list, nothing is preselected


st.title(t("page_sources"))
doc_id = st.query_params.get("doc")
if doc_id:
    document_page(doc_id)
else:
    document_list()
