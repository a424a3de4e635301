"""DataFrame -> plotly figure. No Streamlit and no SQL here; labels come in as arguments.

plotly reads some HTML in labels and hover text (<b>, <a href>, <br>): every text from the data
(names, titles) and every label passes through plain.html on its way into a figure."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

import pandas as pd
import plotly.graph_objects as go

from dashboard import plain
from dashboard.vocabulary import kind_colours

# planned_past: a plan whose time is over with no report (queries/_macros.sql, shown_status)
STATUS_COLOR = {"done": "#2e7d32", "planned": "#1e6fd9", "planned_past": "#e8590c",
                "cancelled": "#9e9e9e"}
STATUS_SYMBOL = {"done": "circle", "planned": "circle-open", "planned_past": "circle-open",
                 "cancelled": "x"}
KIND_COLOR = kind_colours()  # from data/reference/vocabulary.toml
ARC_COLOR = {"out": "rgba(30,111,217,0.55)", "in": "rgba(232,89,12,0.55)"}
Label = Callable[[str], str]


def _texts(values: Iterable[object]) -> list[str]:
    return [plain.html(v) for v in values]


def past_notes(places: pd.DataFrame, label: str) -> list[str]:
    """Per bubble, what of it is a past plan with no report (" · план, нет отчёта: 1"), or ""."""
    counts = places["n_planned_past"] if "n_planned_past" in places \
        else pd.Series(0, index=places.index)
    return [f" · {plain.html(label)}: {int(n)}" if n == n and n else "" for n in counts]


def _base(fig: go.Figure, separators: str, height: int = 360) -> go.Figure:
    fig.update_layout(height=height, margin={"l": 10, "r": 10, "t": 30, "b": 10},
                      separators=separators, legend={"orientation": "h", "y": -0.15})
    return fig


def by_year(df: pd.DataFrame, status_label: Label, separators: str,
            count_name: str = "") -> go.Figure:
    """Stacked bars: distinct activities per year, one colour per status; the tooltip names the
    status and what is counted ("Проведено — 2024: 5 мероприятий")."""
    fig = go.Figure()
    for status, part in df.groupby("status", sort=False):
        name = plain.html(status_label(status))
        fig.add_bar(x=part["year"], y=part["n"], name=name,
                    marker_color=STATUS_COLOR.get(status, "#868e96"),
                    hovertemplate=f"{name} — %{{x}}: %{{y}} {plain.html(count_name)}"
                                  "<extra></extra>")
    fig.update_layout(barmode="stack",
                      xaxis={"type": "category", "categoryorder": "category ascending"})
    if len(df) and df.groupby("year")["n"].sum().max() <= 10:  # counts: no 0,5 ticks
        fig.update_yaxes(tick0=0, dtick=1)
    return _base(fig, separators)


def top_regions(df: pd.DataFrame, separators: str, status_label: Label = str,
                count_name: str = "") -> go.Figure:
    """Horizontal bars, largest on top; done and planned stacked apart when the frame has a
    status, the tooltip naming the region, the status and what is counted."""
    fig = go.Figure()
    parts: Iterable[tuple[str | None, pd.DataFrame]] = (
        df.groupby("status", sort=False) if "status" in df.columns else [(None, df)])
    order = _texts(df["region"].drop_duplicates()[::-1])
    for status, part in parts:
        name = plain.html(status_label(status)) if status else ""
        colour = STATUS_COLOR.get(status or "planned", STATUS_COLOR["planned"])
        fig.add_bar(x=part["n"][::-1], y=_texts(part["region"][::-1]), orientation="h",
                    name=name, marker_color=colour,
                    hovertemplate=f"%{{y}}<br>{name}: %{{x}} {plain.html(count_name)}"
                                  "<extra></extra>")
    fig.update_layout(barmode="stack",
                      yaxis={"categoryorder": "array", "categoryarray": order})
    return _base(fig, separators, height=max(220, 28 * len(order) + 80))


def plan_fulfilment(df: pd.DataFrame, names: tuple[str, str], separators: str,
                    count_name: str = "") -> go.Figure:
    """Planned and fulfilled visits side by side per plan year, the share written on top; the
    tooltip says these are planned visits."""
    fig = go.Figure()
    for column, name, colour in (("planned", names[0], "#adb5bd"),
                                 ("fulfilled", names[1], STATUS_COLOR["done"])):
        fig.add_bar(x=df["year"], y=df[column], name=name, marker_color=colour,
                    hovertemplate=f"{plain.html(name)} — %{{x}}: %{{y}} "
                                  f"{plain.html(count_name)}<extra></extra>",
                    **({"text": [f"{p:.0f} %" for p in df["pct"]], "textposition": "outside"}
                       if column == "fulfilled" else {}))
    fig.update_layout(barmode="group",
                      xaxis={"type": "category", "categoryorder": "category ascending"})
    return _base(fig, separators)


def _size(n: pd.Series, biggest: float) -> list[float]:
    return [8 + 32 * math.sqrt(v / biggest) for v in n] if biggest else []


def _arc(lat0: float, lon0: float, lat1: float, lon1: float, steps: int = 16) -> list:
    """Points of a gentle quadratic curve between two places (bulging to the north)."""
    mid_lat = (lat0 + lat1) / 2 + abs(lon1 - lon0) * 0.15
    mid_lon = (lon0 + lon1) / 2
    pts = []
    for i in range(steps + 1):
        s = i / steps
        lat = (1 - s) ** 2 * lat0 + 2 * (1 - s) * s * mid_lat + s * s * lat1
        lon = (1 - s) ** 2 * lon0 + 2 * (1 - s) * s * mid_lon + s * s * lon1
        pts.append((lat, lon))
    return pts


def _arc_trace(arcs: pd.DataFrame, direction: str, home: tuple[float, float], name: str,
               planned: bool = False):
    """One line trace of every arc of a direction. Scattermap lines cannot be dashed, so a
    planned arc is drawn as short dashes: every other piece of the curve, pieces split by None."""
    lats: list = []
    lons: list = []
    rows = arcs[(arcs["direction"] == direction)
                & (arcs.get("planned", pd.Series(False, index=arcs.index)).fillna(False)
                   == planned)]
    for row in rows.itertuples():
        pts = _arc(home[0], home[1], row.lat, row.lon, steps=32 if planned else 16)
        if planned:
            for i in range(0, len(pts) - 1, 2):
                for lat, lon in (pts[i], pts[i + 1], (None, None)):
                    lats.append(lat)
                    lons.append(lon)
            continue
        for lat, lon in pts:
            lats.append(lat)
            lons.append(lon)
        lats.append(None)
        lons.append(None)
    return go.Scattermap(lat=lats, lon=lons, mode="lines", name=name, hoverinfo="skip",
                         line={"width": 2 if planned else 1.5, "color": ARC_COLOR[direction]})


FRAME_STYLE = {"graticule": {"width": 1, "color": "#e9ecef"},
               "outline": {"width": 1.2, "color": "#868e96"}}


def map_figure(places: pd.DataFrame, arcs: pd.DataFrame | None, frame: pd.DataFrame, *,
               kind_label: Label, arc_names: dict[str, str], frame_name: str,
               frame_lines: dict[str, tuple], home: tuple[float, float],
               center: dict, tile_url: str | None, separators: str,
               planned_name: str = "planned", past_name: str = "planned, no report",
               zoom: float = 2.1,
               height: int = 720) -> go.Figure:
    """Bubbles per place (size = activities, colour = most frequent kind) and arcs to/from
    Moscow over an offline frame: graticule, Russia's outline and the region centres.
    Each bubble carries its key in customdata, for click selection."""
    fig = go.Figure()
    for name, (lats, lons) in frame_lines.items():
        fig.add_trace(go.Scattermap(lat=lats, lon=lons, mode="lines", hoverinfo="skip",
                                    showlegend=False, line=FRAME_STYLE[name]))
    fig.add_trace(go.Scattermap(lat=frame["lat"], lon=frame["lon"], mode="markers",
                                name=frame_name, text=_texts(frame["name"]), hoverinfo="text",
                                marker={"size": 5, "color": "#ced4da"}))
    for planned in (False, True):
        for direction in ("out", "in"):
            trace = _arc_trace(arcs, direction, home,
                               arc_names[direction + ("_planned" if planned else "")], planned) \
                if arcs is not None else None
            if trace is not None and len(trace.lat):
                fig.add_trace(trace)
    biggest = float(places["n"].max()) if len(places) else 0.0
    planned_only = places["n_planned"].fillna(0) >= places["n"] if "n_planned" in places \
        else pd.Series(False, index=places.index)
    places = places.assign(note=past_notes(places, past_name))
    for kind, part in places[~planned_only].groupby("kind", sort=True):
        fig.add_trace(go.Scattermap(
            lat=part["lat"], lon=part["lon"], mode="markers", name=plain.html(kind_label(kind)),
            customdata=part[["key", "n", "note"]].to_numpy(), text=_texts(part["name"]),
            hovertemplate="%{text} — %{customdata[1]}%{customdata[2]}<extra></extra>",
            marker={"size": _size(part["n"], biggest), "color": KIND_COLOR.get(kind, "#495057"),
                    "opacity": 0.8}))
    # only planned there: an open ring (Scattermap markers have no outline, so a white dot
    # is drawn over a coloured one)
    for kind, part in places[planned_only].groupby("kind", sort=True):
        sizes = _size(part["n"], biggest)
        common = {"lat": part["lat"], "lon": part["lon"], "mode": "markers",
                  "customdata": part[["key", "n", "note"]].to_numpy(),
                  "text": _texts(part["name"]),
                  "hovertemplate": "%{text} — %{customdata[1]} (" + plain.html(planned_name)
                                   + ")%{customdata[2]}<extra></extra>"}
        group = f"planned-{kind}"
        name = plain.html(f"{kind_label(kind)} ({planned_name})")
        fig.add_trace(go.Scattermap(**common, name=name, legendgroup=group,
                                    marker={"size": [s + 4 for s in sizes],
                                            "color": KIND_COLOR.get(kind, "#495057")}))
        fig.add_trace(go.Scattermap(**common, showlegend=False, legendgroup=group,
                                    marker={"size": [s - 2 for s in sizes], "color": "white"}))
    layers = [{"sourcetype": "raster", "source": [tile_url], "below": "traces"}] \
        if tile_url else []
    fig.update_layout(map={"style": "white-bg", "center": center, "zoom": zoom,
                           "layers": layers},
                      height=height, margin={"l": 0, "r": 0, "t": 0, "b": 0},
                      separators=separators, clickmode="event+select",
                      legend={"orientation": "h", "y": 0, "yanchor": "top", "x": 0,
                              "bgcolor": "rgba(255,255,255,0.8)"})
    return fig


def timeline(df: pd.DataFrame, status_label: Label, group_label: Label, separators: str,
             period_label: Callable[[object, str], str], hover: dict[str, str],
             month_format: str = "%m.%Y") -> go.Figure:
    """One dot per group, period and status; size = activities. Done is filled green,
    planned is an open blue circle, cancelled a grey cross. A period is a month, or a year
    (period_precision): a year's dot sits mid-year on a line across the whole year. The
    tooltip names the period in its precision and labels its numbers (`hover`: count, example)."""
    fig = go.Figure()
    biggest = float(df["n"].max()) if len(df) else 0.0
    for status, part in df.groupby("status", sort=False):
        colour = STATUS_COLOR.get(status, "#868e96")
        yearly = (part["period_precision"] == "year").to_numpy()
        start = pd.to_datetime(part["period"])
        x = start.where(~yearly, start + pd.DateOffset(months=6))
        groups = [plain.html(group_label(g)) for g in part["grp"]]
        periods = [plain.html(period_label(p, k))
                   for p, k in zip(part["period"], part["period_precision"], strict=True)]
        if yearly.any():
            fig.add_trace(_year_lines(start[yearly], [g for g, y in zip(groups, yearly,
                                                                         strict=True) if y],
                                      colour))
        fig.add_trace(go.Scatter(
            x=x, y=groups, mode="markers", name=plain.html(status_label(status)),
            customdata=list(zip(part["n"], _texts(part["example"]), periods, strict=True)),
            hovertemplate="%{y}<br>%{customdata[2]}<br>" + plain.html(hover["count"])
                          + ": %{customdata[0]}<br>" + plain.html(hover["example"])
                          + ": %{customdata[1]}<extra>" + plain.html(status_label(status))
                          + "</extra>",
            marker={"size": [6 + 18 * math.sqrt(v / biggest) for v in part["n"]],
                    "symbol": STATUS_SYMBOL.get(status, "circle"), "color": colour,
                    "line": {"width": 2, "color": colour}}))
    n_groups = df["grp"].nunique()
    fig.update_layout(xaxis=_month_axis(df, month_format), showlegend=True,
                      yaxis={"type": "category", "categoryorder": "category descending"})
    return _base(fig, separators, height=max(320, 26 * n_groups + 120))


def _year_lines(starts: pd.Series, groups: list[str], colour: str) -> go.Scatter:
    """A line across each year of a year-precision period (pieces split by None)."""
    xs: list = []
    ys: list = []
    for start, group in zip(starts, groups, strict=True):
        xs += [start, start + pd.DateOffset(years=1) - pd.Timedelta(days=1), None]
        ys += [group, group, None]
    return go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
                      line={"width": 2, "color": colour})


TICK_MONTHS = (1, 2, 3, 6, 12, 24, 60, 120)  # a tick every n months: at most ~12 labels


def _month_axis(df: pd.DataFrame, month_format: str) -> dict:
    """A date axis whose ticks fall on distinct months (or years), so that no label repeats
    ("12.2023 12.2023 01.2024" is what plotly's automatic ticks give over a few months)."""
    if df.empty:
        return {"type": "date"}
    start = pd.to_datetime(df["period"])
    yearly = df["period_precision"] == "year"
    first, last = start.min(), start.where(~yearly, start + pd.DateOffset(months=11)).max()
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    step = next((n for n in TICK_MONTHS if months / n <= 12), TICK_MONTHS[-1])
    return {"type": "date", "tick0": pd.Timestamp(year=first.year, month=1, day=1),
            "dtick": f"M{step}", "tickformat": "%Y" if step >= 12 else month_format}


def region_story(df: pd.DataFrame, names: dict[str, str], separators: str) -> go.Figure:
    """A region's years: our visits up, their visits down (the balance of the relationship),
    planned ones as open markers."""
    fig = go.Figure()
    fig.add_bar(x=df["year"], y=df["done_out"], name=names["done_out"],
                marker_color=KIND_COLOR["mission"])
    fig.add_bar(x=df["year"], y=-df["done_in"], name=names["done_in"],
                marker_color=KIND_COLOR["delegation"], customdata=df["done_in"],
                hovertemplate="%{x}: %{customdata}<extra></extra>")
    fig.add_scatter(x=df["year"], y=df["planned"], name=names["planned"], mode="markers",
                    marker={"symbol": STATUS_SYMBOL["planned"], "size": 11,
                            "color": STATUS_COLOR["planned"], "line": {"width": 2}})
    fig.update_layout(barmode="relative",
                      xaxis={"type": "category", "categoryorder": "category ascending"},
                      yaxis={"tick0": 0, "dtick": 1} if df[["done_out", "done_in", "planned"]]
                      .abs().to_numpy().max() <= 10 else {})
    return _base(fig, separators, height=300)
