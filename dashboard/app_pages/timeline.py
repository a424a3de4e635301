"""Timeline: activities per month, planned and done drawn differently, by region or kind."""

import streamlit as st

from dashboard import charts, i18n, queries, ui
from dashboard.i18n import t

TOP_GROUPS = 30

st.title(t("page_timeline"))
group = st.segmented_control(t("group_by"), ["region", "kind"], key=i18n.key("timeline_group"),
                             default="region", format_func=i18n.option_label("group_"))
group = group or "region"
label: charts.Label = (lambda g: i18n.label("kind", g)) if group == "kind" else str
language = i18n.lang()


def period_label(start: object, precision: str) -> str:
    return i18n.fmt_period(start, precision, language)


timeline = queries.run("timeline", **ui.args(group=group, top=TOP_GROUPS))
drawn = ui.chart(timeline,
                 lambda df: charts.timeline(
                     df, lambda s: i18n.label("status", s), label, i18n.plotly_separators(),
                     period_label=period_label,
                     hover={"count": t("n_activities_hover"), "example": t("example")},
                     month_format="%m.%Y" if i18n.lang() == "ru" else "%Y-%m"),
                 key="timeline_chart")
if drawn:
    total = int(timeline["total_groups"].iloc[0])
    if total > TOP_GROUPS:  # only when groups were left out
        st.caption(t("timeline_cut", top=TOP_GROUPS, total=i18n.fmt_int(total)))
    st.caption(t("timeline_note"))
