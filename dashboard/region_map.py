"""The region map on a page (map page, overview, region page): queries, the figure, a click on a
region that filters every page, the attribution and the subjects drawn without a shape."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import choropleth, filters, geo, i18n, plain, queries, ui
from dashboard.i18n import t

VIEWS = ("data", "european", "all")
SPOT_MONTHS = (6, 12, 18, 24, 36, 48, 60)


def on_phone() -> bool:
    """Whether the browser says it is a phone ("Mobi" in its User-Agent, as phone browsers
    send): the server never learns the screen's width."""
    try:
        agent = st.context.headers.get("User-Agent") or ""
    except Exception:  # no browser behind the session (a test run): not a phone
        return False
    return "Mobi" in agent


def default_view() -> str:
    """The first view of a region map: the worked area, or European Russia on a phone (the
    whole worked area is too small to touch there)."""
    return "european" if on_phone() else "data"


def as_of() -> dt.date:
    """The day white spots and "months since the last contact" count back from."""
    return dt.date.today()


def labels() -> dict[str, str]:
    out = {f"state_{s}": t(f"state_{s}") for s in choropleth.STATES}
    out |= {k: t(f"hover_{k}") for k in ("done", "out", "in", "planned", "agreements")}
    return out | {"spots": t("spots_layer"), "bubbles": t("bubbles"),
                  "planned_past": i18n.label("status", "planned_past")}


def white_spots(months: int) -> pd.DataFrame:
    return queries.run("white_spots", **ui.args(months=months, as_of=as_of()))


def months_widget(key: str, container=st) -> int:
    return container.select_slider(t("spots_months"), SPOT_MONTHS, value=12, key=key)


def draw(key: str, *, view: str | None = None, width: int = 900, spots: pd.DataFrame | None = None,
         arcs: pd.DataFrame | None = None, places: pd.DataFrame | None = None,
         legend: bool = True) -> pd.DataFrame:
    """Draw the map of the subjects under the filters (about `width` pixels wide: the height
    follows); a click on one filters by it. Returns the per-region numbers it drew."""
    df = queries.run("region_map", **ui.args())
    shapes = geo.region_shapes()
    view = view or default_view()
    fig = ui.figure(f"{key}:{view}:{width}:{legend}", (df, spots, arcs, places),
                    lambda: _figure(df, shapes, view, width, spots, arcs, places, legend))
    event = st.plotly_chart(fig, key=key, on_select="rerun", selection_mode="points",
                            config={"displayModeBar": False})
    _follow_click(key, choropleth.clicked(event), set(df["region_code"]))
    st.caption(t("region_map_hint") + " " + t("shapes_credit"))
    missing = choropleth.missing_shapes(df, shapes)
    if missing:
        st.caption(t("shapes_missing", names=", ".join(plain.md(m) for m in missing)))
    return df


def _figure(df, shapes, view, width, spots, arcs, places, legend):
    """The choropleth of `df` (built once per rows, view and language: ui.figure)."""
    box = choropleth.view_box(df, shapes, view)
    return choropleth.figure(
        df, shapes, labels=labels(), box=box, separators=i18n.plotly_separators(),
        height=choropleth.fit_height(box, width) + (60 if legend else 0), spots=spots, arcs=arcs,
        places=places, home=geo.MOSCOW, legend=legend,
        arc_names={"out": t("arc_out"), "in": t("arc_in"), "out_planned": t("arc_out_planned"),
                   "in_planned": t("arc_in_planned")})


def _follow_click(key: str, code: str | None, known: set[str]) -> None:
    """A new click on a region sets the region filter to it (the selection stays in the chart's
    state across reruns: only a change is a click)."""
    memo = f"_clicked_{key}"
    if code and code != st.session_state.get(memo) and code in known:
        st.session_state[memo] = code
        filters.request("region", [code])
    st.session_state[memo] = code
