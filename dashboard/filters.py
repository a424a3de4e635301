"""Sidebar filters and their mirror in the URL query string.

The URL is read once, when a session starts (opening a link): every value is bounded in length
and count and checked against the values the warehouse holds; unknown ones are dropped, named in
one notice, and the URL is rewritten at once without them (also when Streamlit itself ignored an
over-long query string, which it does past 1,000 parameters). From then on the widgets are the
truth and the URL is rewritten from them on every run, so switching pages keeps them.
URL format: ?district=siberian&region=RU-KEM&region=RU-VLG&years=2023-2024&kind=mission
&status=done&program=dizain-tsekh&lang=en (lists as repeated keys). Every value is a code that
needs no percent-encoding: districts and programs by a slug of their name (older links with the
Russian names still open), places with «-» for «:» (city-500004).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypedDict, cast

import streamlit as st

from dashboard import i18n, plain, queries
from dashboard.i18n import t

MULTI = ("district", "region", "kind", "status", "program")  # URL key = option field


def district_code(name: str) -> str:
    """A federal district in the URL: a code from its English name ("siberian"), readable where
    the Russian name would be percent-encoded."""
    pair = i18n.VALUES["district"].get(name)
    return pair[1].lower().replace(" ", "-") if pair else name


DISTRICT_BY_CODE = {district_code(name): name for name in i18n.VALUES["district"]}

_LATIN = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                  ("a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n",
                   "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "",
                   "e", "iu", "ia"), strict=True))


def slug(name: str) -> str:
    """A name as a code of Latin letters, digits and hyphens («Дизайн-цех» -> "dizain-tsekh")."""
    latin = "".join(_LATIN.get(ch, ch) for ch in name.casefold())
    return re.sub(r"[^a-z0-9]+", "-", latin, flags=re.ASCII).strip("-") or "x"


def slugs(names: list[str]) -> dict[str, str]:
    """name -> its slug, unique among `names` (a second name with the same slug gets "-2")."""
    out: dict[str, str] = {}
    for name in sorted(names):
        code, n = slug(name), 1
        while code in out.values():
            n += 1
            code = f"{slug(name)}-{n}"
        out[name] = code
    return out


PLACE_PREFIXES = ("city", "region", "venue", "macro", "osm")


def place_code(place_id: str) -> str:
    """A place id in the URL: "city:500004" -> "city-500004" (a «:» would be percent-encoded)."""
    prefix, sep, rest = place_id.partition(":")
    return f"{prefix}-{rest}" if sep and prefix in PLACE_PREFIXES else place_id


def place_from_code(code: str) -> str:
    """The place id of a URL code: "city-500004" or the older "city:500004"."""
    prefix, sep, rest = code.partition("-")
    return f"{prefix}:{rest}" if sep and prefix in PLACE_PREFIXES and rest else code


def widget(field: str) -> str:
    return i18n.key(f"f_{field}")

URL_KEYS = (*MULTI, "years", "reviewed", "lang")
MAX_VALUE = 200       # characters of one URL value; longer ones are dropped unread
MAX_VALUES = 300      # values of one key (a region list holds 89 at most)
NOTICE_VALUES = 5     # unknown values named in the notice; the rest are counted
_YEARS = re.compile(r"\s*([0-9]{4})\s*(?:-\s*([0-9]{4})\s*)?", re.ASCII)


@dataclass(frozen=True)
class Options:
    values: dict[str, list[str]]               # field -> allowed values, in display order
    labels: dict[str, dict[str, tuple[str, str]]]  # field -> value -> (ru, en)
    years: tuple[int, int]

    def codes(self, field: str) -> dict[str, str]:
        """value -> its code in the URL, for the fields whose values are names (programs)."""
        return slugs(self.values.get(field, [])) if field in SLUGGED else {}


SLUGGED = ("program",)  # fields whose values are names: the URL carries their slugs


class FilterParams(TypedDict):
    """The $parameters of queries/_filter_*.sql; None (NULL) is no filter on that field."""
    districts: list[str] | None
    regions: list[str] | None
    kinds: list[str] | None
    statuses: list[str] | None
    programs: list[str] | None
    year_from: int | None
    year_to: int | None
    reviewed_only: bool


def _listed(values: tuple[str, ...]) -> list[str] | None:
    return list(values) if values else None


@dataclass(frozen=True)
class Filters:
    district: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    program: tuple[str, ...] = ()
    years: tuple[int, int] | None = None   # None: the whole range, undated rows included
    reviewed: bool = False  # only facts a person entered or reviewed (?reviewed=1)

    def params(self) -> FilterParams:
        """Bound parameters of the filter fragments (NULL = no filter)."""
        year_from, year_to = self.years or (None, None)
        return FilterParams(districts=_listed(self.district), regions=_listed(self.region),
                            kinds=_listed(self.kind), statuses=_listed(self.status),
                            programs=_listed(self.program), year_from=year_from,
                            year_to=year_to, reviewed_only=self.reviewed)


def load_options() -> Options:
    df = queries.run("filter_options")
    values: dict[str, list[str]] = {}
    labels: dict[str, dict[str, tuple[str, str]]] = {}
    for row in df.itertuples(index=False):
        values.setdefault(row.field, []).append(row.value)
        labels.setdefault(row.field, {})[row.value] = (row.label_ru, row.label_en)
    years = sorted(int(y) for y in values.pop("year", []))
    return Options(values, labels, (years[0], years[-1]) if years else (2000, 2000))


def parse_years(text: str, bounds: tuple[int, int]) -> tuple[int, int] | None:
    """'2015-2023', '2023-2015' or '2023' -> (from, to) inside bounds; None when not valid
    (only four ASCII digits a year: no 5,000-digit number is ever converted)."""
    found = _YEARS.fullmatch(text[:MAX_VALUE])
    if not found:
        return None
    lo, hi = sorted((int(found[1]), int(found[2] or found[1])))
    if not (bounds[0] <= lo <= hi <= bounds[1]):
        return None
    return lo, hi


def parse(qp: Mapping[str, list[str]], opts: Options) -> tuple[dict, list[tuple[str, str]]]:
    """Validated widget state from URL values, and the (field, value) pairs that were dropped."""
    state: dict = {}
    dropped: list[tuple[str, str]] = []
    for field in MULTI:
        allowed = set(opts.values.get(field, []))
        given = list(dict.fromkeys(qp.get(field, [])))
        if field == "district":  # a code, or the Russian name of older links
            given = [DISTRICT_BY_CODE.get(v, v) for v in given]
        elif field in SLUGGED:  # a slug, or the name itself (older links)
            by_code = {code: name for name, code in opts.codes(field).items()}
            given = list(dict.fromkeys(by_code.get(v, v) for v in given))
        kept = [v for v in given[:MAX_VALUES] if v in allowed]
        dropped += [(field, v) for v in given if v not in kept]
        state[field] = kept
    for text in qp.get("years", [])[:1]:
        years = parse_years(text, opts.years)
        if years is None:
            dropped.append(("years", text))
        state["years"] = years
    for text in qp.get("reviewed", [])[:1]:
        if text in ("1", "0"):
            state["reviewed"] = text == "1"
        else:
            dropped.append(("reviewed", text))
    for text in qp.get("lang", [])[:1]:
        if text in i18n.LANGS:
            state["lang"] = text
        else:
            dropped.append(("lang", text))
    return state, dropped


def init_from_url(opts: Options, keep: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """On a session's first run, put the URL's valid values into the widgets' state and clear
    the URL of everything but the page keys in `keep` (each page checks its own); write_url then
    writes the kept filters back."""
    if st.session_state.get("_filters_ready"):
        return []
    qp = {k: st.query_params.get_all(k) for k in URL_KEYS}
    state, dropped = parse(qp, opts)
    kept = {k: v[:MAX_VALUE] for k in keep if (v := st.query_params.get(k))}
    st.query_params.clear()  # always sent: the browser's URL is rewritten even when Streamlit
    st.query_params.update(kept)  # ignored an over-long query string and saw no parameters
    st.session_state["lang_en"] = state.get("lang") == "en"
    st.session_state["lang"] = state.get("lang", "ru")
    for field in MULTI:
        st.session_state[widget(field)] = state[field]
    st.session_state[widget("years")] = state.get("years") or opts.years
    st.session_state[widget("reviewed")] = state.get("reviewed", False)
    st.session_state["_filters_ready"] = True
    return dropped


def _label_fn(field: str, opts: Options):
    names = opts.labels.get(field, {})

    def fmt(value: str, language: str) -> str:
        if field in ("kind", "status", "district"):
            return i18n.label(field, value, language)
        pair = names.get(value)
        if not pair:
            return value
        return (pair[1] if language == "en" and pair[1] else pair[0]) or value
    return i18n.formatter(fmt)


def request(field: str, values: list[str]) -> None:
    """Set a filter from a page (a click on a region of the map) and rerun: a widget's value
    cannot change once it is drawn, so the request is applied before the widgets, next run."""
    st.session_state["_filter_request"] = (field, list(values))
    st.rerun()


def _apply_request(opts: Options) -> None:
    request_ = st.session_state.pop("_filter_request", None)
    if request_:
        field, values = request_
        st.session_state[widget(field)] = [v for v in values if v in opts.values.get(field, [])]


def sidebar(opts: Options) -> Filters:
    """Draw the filter widgets and return what they select."""
    _apply_request(opts)
    with st.sidebar:
        st.subheader(t("filters"), divider="gray")
        picked = {f: tuple(st.multiselect(t(f), opts.values.get(f, []), key=widget(f),
                                          format_func=_label_fn(f, opts),
                                          placeholder=t("all")))
                  for f in MULTI[:2]}
        years = _years_widget(opts)
        picked |= {f: tuple(st.multiselect(t(f), opts.values.get(f, []), key=widget(f),
                                           format_func=_label_fn(f, opts),
                                           placeholder=t("all")))
                   for f in MULTI[2:]}
        reviewed = st.toggle(t("reviewed_only"), key=widget("reviewed"),
                             help=t("reviewed_only_help"))
        st.button(t("reset"), icon=":material/filter_alt_off:", on_click=_reset, args=(opts,),
                  key="f_reset")
    return Filters(**picked, years=years, reviewed=bool(reviewed))


def _years_widget(opts: Options) -> tuple[int, int] | None:
    lo, hi = opts.years
    if lo == hi:  # a slider needs a range; one year of data means nothing to choose
        st.session_state.pop(widget("years"), None)
        return None
    # a range slider, as its state is a pair (init_from_url, _reset; or here, when a warehouse
    # of one year was replaced by one of several and the state was dropped above)
    st.session_state.setdefault(widget("years"), (lo, hi))
    chosen = cast("tuple[int, int]", st.slider(t("years"), lo, hi, key=widget("years")))
    return None if tuple(chosen) == (lo, hi) else (int(chosen[0]), int(chosen[1]))


def _reset(opts: Options) -> None:
    for field in MULTI:
        st.session_state[widget(field)] = []
    st.session_state[widget("years")] = opts.years
    st.session_state[widget("reviewed")] = False


def to_url(filters: Filters, opts: Options | None = None) -> dict[str, list[str]]:
    """The query-string values of a filter state (empty fields omitted), as codes."""
    out = {f: list(getattr(filters, f)) for f in MULTI if getattr(filters, f)}
    if "district" in out:
        out["district"] = [district_code(d) for d in out["district"]]
    for field in SLUGGED:
        if field in out and opts is not None:
            codes = opts.codes(field)
            out[field] = [codes.get(v, v) for v in out[field]]
    if filters.years:
        lo, hi = filters.years
        out["years"] = [f"{lo}-{hi}"]
    if filters.reviewed:
        out["reviewed"] = ["1"]
    if i18n.lang() == "en":
        out["lang"] = ["en"]
    return out


def write_url(filters: Filters, opts: Options) -> None:
    """Mirror the filters into st.query_params, leaving page-specific keys alone."""
    wanted = to_url(filters, opts)
    for key in URL_KEYS:
        current = st.query_params.get_all(key)
        if key in wanted and current != wanted[key]:
            st.query_params[key] = wanted[key]
        elif key not in wanted and current:
            del st.query_params[key]


def summary(filters: Filters, opts: Options) -> str:
    """The active filters in one line ("Сибирский ФО · 2023 · делегация"), as Markdown-safe
    text; empty when no filter is set."""
    parts = []
    for field in ("district", "region", "years", "kind", "status", "program"):
        if field == "years":
            if filters.years:
                lo, hi = filters.years
                parts.append(str(lo) if lo == hi else f"{lo}–{hi}")
            continue
        values = getattr(filters, field)
        if not values:
            continue
        name = _label_fn(field, opts)
        shown = [name(v) for v in values]
        if field == "district":
            shown = [t("district_short", name=v) for v in shown]
        parts.append(", ".join(shown))
    return " · ".join(plain.md(p, 200) for p in parts) if parts else ""


def show_summary(filters: Filters, opts: Options) -> None:
    """The line above every page that says which filters are on."""
    line = summary(filters, opts)
    st.caption(t("active_filters", what=line) if line else t("no_filters"))


def notice(dropped: list[tuple[str, str]]) -> None:
    """One notice for every URL value that was dropped, naming the first few."""
    if not dropped:
        return
    named = ", ".join(f"«{plain.md(plain.visible(value))}» ({t(field)})"
                      for field, value in dropped[:NOTICE_VALUES])
    more = len(dropped) - NOTICE_VALUES
    st.warning(t("invalid_params", values=named, n=len(dropped))
               + (t("invalid_params_more", n=i18n.fmt_int(more)) if more > 0 else ""),
               icon=":material/link_off:")
