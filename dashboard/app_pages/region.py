"""Region page (/region?code=RU-KEM): the whole story of the agency's work with one federal
subject, both directions, agreements, plans and what fulfilled them, organisations and people,
sources, months since the last contact, its federal district; and its brief as DOCX and PDF."""

import pandas as pd
import streamlit as st

from dashboard import brief, charts, i18n, plain, queries, region_map, region_report, ui
from dashboard.i18n import t

st.title(t("page_region"))
regions = queries.run("region_frame", **ui.args())
names = dict(zip(regions["region_code"], regions["name"], strict=True))
wanted = st.query_params.get("code")
if wanted and wanted not in names:
    st.warning(t("region_unknown", code=plain.md(plain.visible(wanted))),
               icon=":material/link_off:")
    wanted = None
pick_key = i18n.key("region_pick")
if wanted and st.session_state.get(pick_key) != wanted \
        and st.session_state.get("_region_from_url") != wanted:
    st.session_state[pick_key] = wanted  # a link (or a click elsewhere) names the region
st.session_state["_region_from_url"] = wanted
code = st.selectbox(t("region_pick"), sorted(names, key=names.__getitem__), key=pick_key,
                    index=None, format_func=lambda c: names.get(c, c),
                    placeholder=t("region_pick_help"))
if not code:
    st.stop()
st.query_params["code"] = code

lang = i18n.lang()
loaded = region_report.load(code, lang, region_map.as_of())
if loaded is None:  # the warehouse changed under the page
    st.warning(t("region_unknown", code=plain.md(code)), icon=":material/link_off:")
    st.stop()
report = loaded  # a RegionReport: the deferred downloads below close over it
profile = report.profile
st.header(plain.md(profile["name"]), anchor=False)
st.caption(" · ".join(plain.md(x) for x in (i18n.label("district", profile["federal_district"]),
                                            profile["capital"]) if isinstance(x, str) and x)
           + ". " + t("region_all_time"))

left, right = st.columns(2)
# deferred: a brief is built only when its button is pressed (1-3 s each), not on every rerun
left.download_button(t("brief_docx"), lambda: brief.docx_bytes(report, lang),
                     file_name=f"{code}-brief.docx", icon=":material/description:",
                     mime="application/vnd.openxmlformats-officedocument."
                          "wordprocessingml.document", on_click="ignore", key="brief_docx")
right.download_button(t("brief_pdf"), lambda: brief.pdf_bytes(report, lang),
                      file_name=f"{code}-brief.pdf", mime="application/pdf",
                      icon=":material/picture_as_pdf:", on_click="ignore", key="brief_pdf")

numbers = region_report.key_numbers(report, lang)
for cols, part in ((st.columns(4), numbers[:4]), (st.columns(3), numbers[4:])):
    for col, (label, value) in zip(cols, part, strict=True):
        col.metric(label, value, border=True)
if profile["last_contact"] is not None and not pd.isna(profile["last_contact"]):
    st.caption(t("r_last", date=i18n.fmt_date(profile["last_contact"])))

story, place = st.columns([3, 2])
with story:
    st.subheader(t("r_story"))
    ui.chart(report.by_year, lambda df: charts.region_story(
        df, {"done_out": t("r_out"), "done_in": t("r_in"), "planned": t("r_planned")},
        i18n.plotly_separators()), key="region_story")
    st.caption(t("r_balance", out=i18n.fmt_int(profile["done_out"]),
                 inn=i18n.fmt_int(profile["done_in"])))
with place:
    st.subheader(t("brief_map"))
    picture = brief.map_png(report)
    if picture:
        st.image(picture)
    st.caption(t("shapes_credit"))

REGION_TABS = ("activities", "agreements", "plans", "people", "documents", "district")
labels = dict(zip(REGION_TABS, (t("r_activities"), t("r_agreement_list"), t("r_plan_list"),
                                t("r_people"), t("r_documents"),
                                t("r_district", district=i18n.label(
                                    "district", profile["federal_district"]))), strict=True))
wanted_tab = st.query_params.get("tab")
tabs = st.tabs(list(labels.values()), key=i18n.key("region_tab"), on_change="rerun",
               default=labels[wanted_tab if wanted_tab in labels else REGION_TABS[0]])
ui.keep_in_url("tab", next((c for c, tab in zip(REGION_TABS, tabs, strict=True) if tab.open),
                           REGION_TABS[0]), default=REGION_TABS[0])
with tabs[0]:
    ui.table(report.activities, key="region_activities")
with tabs[1]:
    for row in ui.labelled(report.agreements).itertuples():  # a line each, as plain text
        st.markdown(plain.md(" · ".join(x for x in (
            i18n.fmt_date(row.signed_date), f"«{row.counterparty}»", row.agreement_status,
            row.place_name) if x and x != "—"), limit=400))
    ui.table(report.agreements, key="region_agreements")
with tabs[2]:
    ui.table(report.plans, key="region_plans")
with tabs[3]:
    ui.table(report.people, key="region_people")
with tabs[4]:
    ui.table(report.documents, key="region_documents")
with tabs[5]:
    rank, total = report.rank
    st.caption(t("r_rank", rank=rank, total=total))
    ui.table(report.district, key="region_district")
