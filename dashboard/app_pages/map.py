"""Map: federal subjects filled by what the agency did there (a click filters by a region), with
places as bubbles, missions and delegations as arcs and white spots as layers; or the places on
a basemap. Selecting a place lists its activities, agreements, documents."""

import streamlit as st

from dashboard import charts, filters, geo, i18n, plain, queries, region_map, ui
from dashboard.i18n import t

MAX_POINTS = 20_000   # the browser never gets more bubbles than this
MAX_ARCS = 2_000
DETAIL_ROWS = 200
PLACE_TABS = ("activities", "agreements", "documents")  # a place's tabs, as codes in the URL

st.title(t("page_map"))
top = st.columns([2, 2, 2])
layer = top[0].segmented_control(t("map_layer"), ["regions", "points"],
                                 key=i18n.key("map_layer"), default="regions",
                                 format_func=i18n.option_label("layer_")) or "regions"
level = top[1].segmented_control(t("aggregate"), ["city", "region"], key=i18n.key("map_level"),
                                 default="city", format_func=i18n.option_label("by_")) or "city"
show_arcs = top[2].toggle(t("arcs"), value=True, key="map_arcs")

args = ui.args(level=level)
places = queries.run("map_places", **args, limit=MAX_POINTS)
arcs = queries.run("map_arcs", **args, limit=MAX_ARCS) if show_arcs else None
ui.showing(len(places), int(places["total_places"].iloc[0]) if len(places) else 0)
if places.empty:  # say so plainly; the region map still shows every subject
    st.info(t(ui.no_data()), icon=":material/info:")
    if layer == "points":
        st.stop()

event = None
if layer == "regions":
    view = st.segmented_control(t("map_view"), region_map.VIEWS, key=i18n.key("map_view"),
                                default=region_map.default_view(),
                                format_func=i18n.option_label("view_")) or "data"
    row = st.columns([2, 2, 3])
    bubbles = row[0].toggle(t("bubbles"), value=False, key="map_bubbles")
    show_spots = row[1].toggle(t("spots_layer"), value=False, key="map_spots")
    months = region_map.months_widget(i18n.key("map_spot_months"), row[2]) if show_spots else 12
    region_map.draw("map_regions", view=view, arcs=arcs,
                    places=places if bubbles else None,
                    spots=region_map.white_spots(months) if show_spots else None)
else:
    frame = queries.run("region_frame", **args)
    fig = ui.figure(f"map_{level}", (places, arcs, frame), lambda: charts.map_figure(
        places, arcs, frame,
        kind_label=lambda k: i18n.label("kind", k),
        arc_names={"out": t("arc_out"), "in": t("arc_in"), "out_planned": t("arc_out_planned"),
                   "in_planned": t("arc_in_planned")}, frame_name=t("regions_layer"),
        frame_lines=geo.frame_lines(), home=geo.MOSCOW, planned_name=t("planned_only"),
        past_name=i18n.label("status", "planned_past"),
        center=geo.RUSSIA_CENTER, zoom=geo.RUSSIA_ZOOM, tile_url=geo.tile_url(),
        separators=i18n.plotly_separators()))
    event = st.plotly_chart(fig, key=f"map_chart_{level}", on_select="rerun",
                            selection_mode="points", config={"scrollZoom": True})
    st.caption(t("map_hint"))


def clicked_key(event) -> str | None:
    """The key of the first selected bubble (its customdata), if any."""
    if event is None:
        return None
    selection = event.get("selection", {}) if isinstance(event, dict) else event.selection
    points = selection.get("points", []) if isinstance(selection, dict) else []
    for point in points:
        data = point.get("customdata")
        if data:
            return data[0]
    return None


names = dict(zip(places["key"], places["name"], strict=True))
picked = clicked_key(event)
if picked in names and picked != st.session_state.get("_map_last_click"):
    st.session_state[i18n.key(f"map_place_{level}")] = picked  # a new click wins over the selectbox
st.session_state["_map_last_click"] = picked
ui.url_choice("place", i18n.key(f"map_place_{level}"), names,  # a link names the place
              decode=filters.place_from_code)
key = st.selectbox(t("select_place"), list(names), key=i18n.key(f"map_place_{level}"), index=None,
                   format_func=lambda k: names.get(k, k), help=t("select_place_help"),
                   placeholder=t("select_place_help"))
ui.keep_in_url("place", filters.place_code(key) if key else None)

if key:
    st.subheader(plain.md(names[key]), anchor=False)
    detail = ui.args(level=level, key=key, limit=DETAIL_ROWS)
    labels = {code: t(f"place_{code}") for code in PLACE_TABS}
    wanted = st.query_params.get("tab")
    tabs = st.tabs(list(labels.values()), key=i18n.key("map_place_tab"), on_change="rerun",
                   default=labels.get(wanted if wanted in labels else PLACE_TABS[0]))
    ui.keep_in_url("tab", next((c for c, tab in zip(PLACE_TABS, tabs, strict=True) if tab.open),
                               PLACE_TABS[0]), default=PLACE_TABS[0])
    with tabs[0]:
        ui.table(ui.labelled(queries.run("place_activities", **detail)), key="map_activities")
    with tabs[1]:
        ui.table(queries.run("place_agreements", **detail), key="map_agreements")
    with tabs[2]:
        ui.table(queries.run("place_documents", **detail), key="map_documents")
