"""The region map: federal subjects filled by what the agency did there, drawn offline.

A plotly `geo` figure (conic equal-area projection centred on Russia) of the shipped shapes
(`data/reference/region_shapes.geojson`, see `region_shapes.md` there): `geo` needs neither
tiles nor fonts from the network (its base layers stay off, so no topojson is fetched), and its
view is a longitude/latitude box that plotly fits into whatever width the page has, so the
same figure frames the data at 1280×800 and on a 390×844 phone. Subjects without a shape are
drawn as a dot at their centre. No Streamlit and no SQL here; labels come in as arguments.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

import pandas as pd
import plotly.graph_objects as go

from dashboard import plain
from dashboard.charts import past_notes

STATES = ("reached", "planned", "never", "home", "outside")
STATE_COLOR = {"reached": "#2f9e44", "planned": "#74c0fc", "never": "#f1f3f5",
               "home": "#ffc078", "outside": "#ffffff"}
REACHED_SCALE = [[0, "#b2f2bb"], [1, "#2b8a3e"]]   # light to dark green by done activities
BORDER = "#adb5bd"
SPOT_COLOR = "#e03131"
ARC_COLOR = {"out": "rgba(30,111,217,0.7)", "in": "rgba(232,89,12,0.7)"}
EUROPEAN = (19.0, 62.0, 41.0, 70.0)   # lon_min, lon_max, lat_min, lat_max
PAD = 1.0                              # degrees around the framed shapes
Bbox = tuple[float, float, float, float]


def bbox(shapes: dict, codes: Iterable[str], centres: pd.DataFrame | None = None) -> Bbox | None:
    """The lon/lat box around the shapes of `codes` (centres of shapeless ones), padded."""
    wanted = set(codes)
    lons: list[float] = []
    lats: list[float] = []
    for feature in shapes["features"]:
        if feature["id"] in wanted:
            for polygon in feature["geometry"]["coordinates"]:
                lons += [p[0] for p in polygon[0]]
                lats += [p[1] for p in polygon[0]]
    if centres is not None:
        shaped = {f["id"] for f in shapes["features"]}
        rest = centres[centres["region_code"].isin(wanted - shaped)]
        lons += [x % 360 for x in rest["lon"]]
        lats += list(rest["lat"])
    if not lons:
        return None
    return (min(lons) - PAD, max(lons) + PAD, min(lats) - PAD, max(lats) + PAD)


def view_box(df: pd.DataFrame, shapes: dict, view: str) -> Bbox:
    """'data': the subjects reached or planned (all when none are); 'european': European
    Russia; 'all': every subject."""
    if view == "european":
        return EUROPEAN
    if view == "data":
        box = bbox(shapes, df.loc[df["state"].isin(("reached", "planned")), "region_code"], df)
        if box:
            # a single small subject would fill the page: frame at least 12° x 6°
            lo, hi, s, n = box
            cx, cy = (lo + hi) / 2, (s + n) / 2
            w, h = max(hi - lo, 12.0), max(n - s, 6.0)
            return (cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2)
    # every subject: the map's own shapes frame Russia (no second copy of its bounding box)
    return (bbox(shapes, df["region_code"], df)
            or bbox(shapes, [f["id"] for f in shapes["features"]]) or EUROPEAN)


def fit_height(box: Bbox, width: int, lo: int = 300, hi: int = 640) -> int:
    """The figure height that frames `box` without empty bands above and below at about
    `width` pixels wide (plotly keeps the projection's aspect: a too tall figure centres a thin
    strip of Russia in white space)."""
    lon0, lon1, lat0, lat1 = box
    wide = (lon1 - lon0) * math.cos(math.radians((lat0 + lat1) / 2))
    return int(max(lo, min(hi, width * (lat1 - lat0) / max(wide, 1e-6) * 1.15)))


def hover(row, labels: dict[str, str]) -> str:
    """Plain text of one subject's hover: the name is escaped (plotly renders tags in it)."""
    name = plain.html(row.name)
    state = labels["state_" + row.state]
    if row.state in ("home", "outside"):
        return f"{name}<br>{state}"
    past = getattr(row, "planned_past", 0)  # of the planned, past their time with no report
    return (f"{name}<br>{state}"
            f"<br>{labels['done']}: {row.done}"
            f" ({labels['out']}: {row.done_out}, {labels['in']}: {row.done_in})"
            f"<br>{labels['planned']}: {row.planned}"
            + (f" ({labels['planned_past']}: {past})" if past else "")
            + f"<br>{labels['agreements']}: {row.agreements}")


def _z(part: pd.DataFrame, state: str) -> list[float]:
    if state == "reached":
        return [math.log1p(v) for v in part["done"]]
    return [0.0] * len(part)


def _scale(state: str) -> list:
    return REACHED_SCALE if state == "reached" else [[0, STATE_COLOR[state]],
                                                     [1, STATE_COLOR[state]]]


def add_regions(fig: go.Figure, df: pd.DataFrame, shapes: dict, labels: dict[str, str]) -> None:
    """One choropleth trace per state (a legend entry each), customdata = region code; shapeless
    subjects as dots of the same colour."""
    shaped = {f["id"] for f in shapes["features"]}
    text = [hover(r, labels) for r in df.itertuples()]
    df = df.assign(hover=text)
    for state in STATES:
        part = df[(df["state"] == state) & df["region_code"].isin(shaped)]
        if part.empty:
            continue
        reached = state == "reached"
        fig.add_trace(go.Choropleth(
            geojson=shapes, locations=part["region_code"], featureidkey="id",
            z=_z(part, state), colorscale=_scale(state), zmin=0,
            zmax=max(_z(part, state)) or 1 if reached else 1, showscale=False,
            name=labels[f"state_{state}"], showlegend=state != "outside", legendgroup=state,
            customdata=part[["region_code"]].to_numpy(), hovertext=part["hover"],
            hoverinfo="text", marker={"line": {"color": BORDER, "width": 0.5}}))
    dots = df[~df["region_code"].isin(shaped)]
    if len(dots):
        colors = [STATE_COLOR[s] if s != "reached" else REACHED_SCALE[1][1] for s in dots["state"]]
        fig.add_trace(go.Scattergeo(
            lon=dots["lon"] % 360, lat=dots["lat"], mode="markers", showlegend=False,
            customdata=dots[["region_code"]].to_numpy(), hovertext=dots["hover"],
            hoverinfo="text",
            marker={"size": 11, "color": colors, "line": {"color": BORDER, "width": 1}}))


def add_spots(fig: go.Figure, spots: pd.DataFrame, shapes: dict, name: str) -> None:
    """White spots as a layer: their outline in red (a dot's ring for shapeless ones)."""
    shaped = {f["id"] for f in shapes["features"]}
    part = spots[spots["region_code"].isin(shaped)]
    fig.add_trace(go.Choropleth(
        geojson=shapes, locations=part["region_code"], featureidkey="id",
        z=[0] * len(part), colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
        showscale=False, name=name, showlegend=True, hoverinfo="skip",
        marker={"line": {"color": SPOT_COLOR, "width": 1.6}}))
    rest = spots[~spots["region_code"].isin(shaped)]
    if len(rest):
        fig.add_trace(go.Scattergeo(lon=rest["lon"] % 360, lat=rest["lat"], mode="markers",
                                    showlegend=False, hoverinfo="skip", legendgroup=name,
                                    marker={"size": 15, "color": "rgba(0,0,0,0)",
                                            "line": {"color": SPOT_COLOR, "width": 2}}))


def add_arcs(fig: go.Figure, arcs: pd.DataFrame, home: tuple[float, float],
             names: dict[str, str]) -> None:
    """Missions out and delegations in as great-circle lines to and from Moscow; only planned
    ones dashed."""
    for direction in ("out", "in"):
        for planned in (False, True):
            rows = arcs[(arcs["direction"] == direction)
                        & (arcs["planned"].fillna(False).astype(bool) == planned)]
            if rows.empty:
                continue
            lats: list = []
            lons: list = []
            for row in rows.itertuples():
                lats += [home[0], row.lat, None]
                lons += [home[1], row.lon % 360, None]
            fig.add_trace(go.Scattergeo(
                lat=lats, lon=lons, mode="lines", hoverinfo="skip",
                name=names[direction + ("_planned" if planned else "")],
                line={"width": 1.5, "color": ARC_COLOR[direction],
                      "dash": "dash" if planned else "solid"}))


def add_bubbles(fig: go.Figure, places: pd.DataFrame, name: str, past_name: str) -> None:
    """Places with activities as bubbles (size = activities), key in customdata."""
    biggest = float(places["n"].max()) if len(places) else 0.0
    if not biggest:
        return
    text = [f"{plain.html(n)} — {v}{note}" for n, v, note in zip(
        places["name"], places["n"], past_notes(places, past_name), strict=True)]
    fig.add_trace(go.Scattergeo(
        lat=places["lat"], lon=places["lon"] % 360, mode="markers", name=name,
        hovertext=text, hoverinfo="text",
        marker={"size": [5 + 22 * math.sqrt(v / biggest) for v in places["n"]],
                "color": "rgba(112,72,232,0.55)", "line": {"color": "white", "width": 0.5}}))


def _anchor(box: Bbox) -> go.Scattergeo:
    """An invisible point, first of the figure's traces. plotly.js (2.x-3.x, and the copy inside
    Streamlit) decides whether to fetch its world topojson from its CDN by looking at the first
    trace only: a choropleth there (it has a locationmode) makes it fetch, which fails offline
    and leaves the map blank; a plain lon/lat point does not. tests/e2e check the map draws."""
    return go.Scattergeo(lon=[(box[0] + box[1]) / 2], lat=[(box[2] + box[3]) / 2],
                         mode="markers", marker={"opacity": 0, "size": 1},
                         hoverinfo="skip", showlegend=False)


def figure(df: pd.DataFrame, shapes: dict, *, labels: dict[str, str], box: Bbox,
           separators: str, height: int = 620, spots: pd.DataFrame | None = None,
           arcs: pd.DataFrame | None = None, places: pd.DataFrame | None = None,
           home: tuple[float, float] = (55.7558, 37.6173),
           arc_names: dict[str, str] | None = None, legend: bool = True) -> go.Figure:
    """The region map: subjects filled by state, optional layers (white spots, arcs, bubbles),
    framed to `box`. A click selects a subject (customdata[0] = its code)."""
    fig = go.Figure([_anchor(box)])
    add_regions(fig, df, shapes, labels)
    if spots is not None and len(spots):
        add_spots(fig, spots, shapes, labels["spots"])
    if arcs is not None and len(arcs):
        add_arcs(fig, arcs, home, arc_names or {})
    if places is not None and len(places):
        add_bubbles(fig, places, labels["bubbles"], labels["planned_past"])
    lo, hi, s, n = box
    fig.update_geos(visible=False, bgcolor="rgba(0,0,0,0)",
                    projection={"type": "conic equal area", "parallels": [52, 64],
                                "rotation": {"lon": (lo + hi) / 2}},
                    lonaxis={"range": [lo, hi]}, lataxis={"range": [s, n]})
    fig.update_layout(height=height, margin={"l": 0, "r": 0, "t": 0, "b": 0},
                      separators=separators, clickmode="event+select", dragmode=False,
                      showlegend=legend,
                      legend={"orientation": "h", "y": 0, "yanchor": "top", "x": 0})
    return fig


def clicked(event: object) -> str | None:
    """The region code of the first clicked subject in a plotly selection event, if any."""
    selection = event.get("selection", {}) if isinstance(event, dict) \
        else getattr(event, "selection", {})
    points = selection.get("points", []) if isinstance(selection, dict) else []
    for point in points:
        data = point.get("customdata")
        if data:
            return data[0] if isinstance(data, list | tuple) else data
        if point.get("location"):
            return point["location"]
    return None


def missing_shapes(df: pd.DataFrame, shapes: dict) -> list[str]:
    """Names of the subjects drawn as a dot because the source has no shape for them."""
    shaped = {f["id"] for f in shapes["features"]}
    return list(df.loc[~df["region_code"].isin(shaped), "name"])


Label = Callable[[str], str]
