"""Overview: headline numbers, activities by year, top regions, plan fulfilment, gaps, a small
region map and the white spots."""

import streamlit as st

from dashboard import charts, i18n, queries, region_map, ui
from dashboard.i18n import fmt_int, t

st.title(t("page_overview"))
args = ui.args()
kpi = queries.run("kpi", **args).iloc[0]

cols = st.columns([1.35, 1.1, 1.1, 1, 1])  # the first label is the longest: no ellipsis
cols[0].metric(t("kpi_done"), fmt_int(kpi["done"]), border=True)
cols[1].metric(t("kpi_planned"), fmt_int(kpi["planned"]), border=True)
cols[2].metric(t("kpi_regions"), fmt_int(kpi["regions_reached"]), border=True,
               delta=t("kpi_regions_of", total=fmt_int(kpi["regions_total"])),
               delta_color="off", delta_arrow="off")
cols[3].metric(t("kpi_agreements"), fmt_int(kpi["agreements"]), border=True)
cols[4].metric(t("kpi_organisations"), fmt_int(kpi["organisations"]), border=True)

left, right = st.columns(2)
with left:
    st.subheader(t("by_year"))
    ui.chart(queries.run("activities_by_year", **args),
             lambda df: charts.by_year(df, lambda s: i18n.label("status", s),
                                       i18n.plotly_separators()), key="chart_by_year")
with right:
    st.subheader(t("top_regions"))
    ui.chart(queries.run("top_regions", **args, limit=10),
             lambda df: charts.top_regions(df, i18n.plotly_separators()), key="chart_top")

left, right = st.columns(2)
with left:
    st.subheader(t("plan_fulfilment"))
    ui.chart(queries.run("plan_by_year", **args),
             lambda df: charts.plan_fulfilment(df, (t("planned_n"), t("fulfilled_n")),
                                               i18n.plotly_separators()), key="chart_plan")
with right:
    st.subheader(t("no_contact"))
    gaps = queries.run("regions_no_contact", **args)
    ui.showing(len(gaps), len(gaps))
    ui.table(ui.labelled(gaps.drop(columns=["capital_ru"]), ("federal_district",)),
             key="table_no_contact", height=300)

left, right = st.columns([3, 2])
with left:
    st.subheader(t("page_map"))
    region_map.draw("overview_regions", width=480)
with right:
    st.subheader(t("white_spots"))
    months = region_map.months_widget(i18n.key("overview_spot_months"))
    spots = region_map.white_spots(months)
    st.caption(t("spots_note", n=months, date=i18n.fmt_date(region_map.as_of())))
    ui.showing(len(spots), len(spots))
    ui.table(ui.labelled(spots.drop(columns=["lat", "lon"]), ("federal_district",)),
             key="table_white_spots", height=300)
