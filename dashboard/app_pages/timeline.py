"""Timeline: activities per month, planned and done drawn differently, by region or kind."""

import streamlit as st

from dashboard import charts, i18n, queries, ui
from dashboard.i18n import t

TOP_GROUPS = 30

st.title(t("page_timeline"))
group = st.segmented_control(t("group_by"), ["region", "kind"], key=i18n.key("timeline_group"),
                             default="region", format_func=i18n.option_label("group_"))
group = group or "region"
df = queries.run("timeline", **ui.args(group=group, top=TOP_GROUPS))
if df.empty:
    st.info(t("no_data"))
else:
    label = (lambda g: i18n.label("kind", g)) if group == "kind" else str
    fig = charts.timeline(df, lambda s: i18n.label("status", s), label,
                          i18n.plotly_separators(),
                          "%m.%Y" if i18n.lang() == "ru" else "%Y-%m")
    st.plotly_chart(fig, key="timeline_chart")
    st.caption(t("timeline_note", top=TOP_GROUPS))
