"""Overview: headline numbers, activities by year, top regions, plan fulfilment, gaps, a small
region map and the white spots."""

import streamlit as st

from dashboard import charts, filters, i18n, queries, region_map, ui
from dashboard.i18n import fmt_int, t

st.title(t("page_overview"))
args = ui.args()
kpi = queries.run("kpi", **args).iloc[0]
current = st.session_state.get("_filters", filters.Filters())
before = None  # the previous period of the same length, when a year range is chosen
if current.years:
    lo, hi = current.years
    span = hi - lo + 1
    before = queries.run("kpi", **{**args, "year_from": lo - span,
                                   "year_to": hi - span}).iloc[0]
    period = str(lo - span) if span == 1 else f"{lo - span}–{hi - span}"


def change(field: str) -> str | None:
    """"+2 к 2021–2022": the change against the previous period (None without a year range)."""
    if before is None:
        return None
    return t("kpi_change", diff=f"{int(kpi[field]) - int(before[field]):+d}", period=period)


cols = st.columns(5)  # labels and deltas wrap (dashboard/chrome.py): none ends in "…"
for col, (field, label) in zip(cols, (("done", "kpi_done"), ("planned", "kpi_planned"),
                                      ("regions_reached", "kpi_regions"),
                                      ("agreements", "kpi_agreements"),
                                      ("organisations", "kpi_organisations")), strict=True):
    delta = change(field)
    if field == "regions_reached":  # of how many, and the change in the help
        total = t("kpi_regions_of", total=fmt_int(kpi["regions_total"]))
        col.metric(t(label), fmt_int(kpi[field]), border=True, delta=total,
                   delta_color="off", delta_arrow="off",
                   help=t(f"{label}_help") + (f" {delta}." if delta else ""))
    else:
        col.metric(t(label), fmt_int(kpi[field]), border=True, delta=delta,
                   help=t(f"{label}_help"))

left, right = st.columns(2)
with left:
    st.subheader(t("by_year"))
    ui.chart(queries.run("activities_by_year", **args),
             lambda df: charts.by_year(df, lambda s: i18n.label("status", s),
                                       i18n.plotly_separators(), t("n_activities_unit")),
             key="chart_by_year")
with right:
    st.subheader(t("top_regions"))
    ui.chart(queries.run("top_regions", **args, limit=10),
             lambda df: charts.top_regions(df, i18n.plotly_separators(),
                                           lambda s: i18n.label("status", s),
                                           t("n_activities_unit")), key="chart_top")

left, right = st.columns(2)
with left:
    st.subheader(t("plan_fulfilment"))
    ui.chart(queries.run("plan_by_year", **args),
             lambda df: charts.plan_fulfilment(df, (t("planned_n"), t("fulfilled_n")),
                                               i18n.plotly_separators(), t("n_visits_unit")),
             key="chart_plan")
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
