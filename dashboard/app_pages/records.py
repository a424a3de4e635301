"""Records: activities, agreements, organisations, people, planned visits; search, sort, page,
export exactly the filtered (and searched, sorted) table to CSV or XLSX."""

import math

import streamlit as st

from dashboard import export, i18n, plain, queries, ui
from dashboard.i18n import t

PAGE_SIZE = 100
EXPORT_MAX = 200_000  # ~0.5 GB to build; 10^6 rows took 2.5 GB, over the 1 GiB budget
TABLES = {  # table -> sortable columns (the first is the default)
    "activity": ("date", "title", "kind", "status", "places", "regions"),
    "agreement": ("date", "counterparty", "region"),
    "organisation": ("name", "activities", "region"),
    "person": ("name", "organisation"),
    "planned_visit": ("year", "place", "fulfilled"),
}

st.title(t("page_records"))
ui.url_choice("table", i18n.key("records_table"), TABLES)
table: str = st.segmented_control(t("table"), list(TABLES), key=i18n.key("records_table"),
                                  default="activity",
                                  format_func=i18n.option_label("t_")) or "activity"
ui.keep_in_url("table", table, default="activity")
activity = st.query_params.get("activity") if table == "activity" else None


def show_all() -> None:
    del st.query_params["activity"]


if activity:  # opened from an agreement: that one activity, with its agreements
    st.button(t("all_activities"), icon=":material/arrow_back:", on_click=show_all,
              key="records_all")
elif "activity" in st.query_params:
    del st.query_params["activity"]
c1, c2, c3 = st.columns([3, 2, 1], vertical_alignment="bottom")
q = c1.text_input(t("search"), key="records_q", icon=":material/search:").strip() or None
sort = c2.selectbox(t("sort_by"), TABLES[table], key=i18n.key(f"records_sort_{table}"),
                    format_func=i18n.formatter(i18n.column))
desc = c3.toggle(t("descending"), key="records_desc", value=True)

name = f"records_{table}"
args = ui.args(sort=sort, desc=desc, q=q, activity=activity)
first = queries.run(name, **args, limit=PAGE_SIZE, offset=0)
total = ui.total_of(first)
pages = max(1, math.ceil(total / PAGE_SIZE))
page = st.number_input(t("page"), 1, pages, key=f"records_page_{table}") if pages > 1 else 1
rows = first if page == 1 else queries.run(name, **args, limit=PAGE_SIZE,
                                            offset=(page - 1) * PAGE_SIZE)
ui.showing(len(rows), total)
ui.table(ui.labelled(ui.dated(rows)), key=f"records_{table}_table")
if total > EXPORT_MAX:
    st.caption(t("export_capped", n=i18n.fmt_int(EXPORT_MAX)))


def documents_of(activity_id: str) -> None:
    """Every document behind one activity, each a link to its page: the press releases it was
    also found in, not only the curated table that names it."""
    st.subheader(t("activity_documents"), anchor=False)
    docs = queries.run("activity_documents", activity=activity_id)
    if docs.empty:
        st.caption(t("activity_no_documents"))
    for row in docs.itertuples():
        parts = [f"[{plain.md(row.title, 200)}]({ui.source_url(row.document_id)})",
                 i18n.fmt_span(row.published, None, row.published_precision)]
        if not row.has_text:
            parts.append(t("doc_without_text"))
        st.markdown(" · ".join(p for p in parts if p))


if activity and total:
    documents_of(activity)

language = i18n.lang()  # the export runs outside this script run: capture what it needs


def full_table():
    """Every row of the filtered table in its current order, headers as on screen, and a real
    date beside «Когда» (with each row's precision, for the XLSX)."""
    df = queries.run_uncached(name, **args, limit=EXPORT_MAX, offset=0)
    dated = ui.dated(df.drop(columns=["total_rows"]), language, typed=True)
    precision = dated.pop(export.PRECISION) if export.PRECISION in dated.columns else None
    out = ui.headers(ui.labelled(dated, language=language), language)
    if precision is not None:
        out[export.PRECISION] = precision.to_numpy()
    return out


def xlsx() -> bytes:
    return export.to_xlsx(full_table(), table, i18n.column("date", language), language)


d1, d2, _ = st.columns([1, 1, 4])
# deferred: the full export is built only when a button is pressed, not on every rerun
d1.download_button(t("download_csv"), lambda: export.to_csv(full_table()),
                   file_name=f"{table}.csv", mime="text/csv", icon=":material/download:",
                   on_click="ignore", key="download_csv")
d2.download_button(t("download_xlsx"), xlsx,
                   file_name=f"{table}.xlsx", icon=":material/download:", on_click="ignore",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                   key="download_xlsx")
