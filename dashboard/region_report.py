"""Everything the region page shows about one federal subject, read by the same named queries
for the page and for its brief (so the brief's numbers are the page's numbers)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from dashboard import i18n, queries

TABLES = ("by_year", "activities", "agreements", "plans", "people", "documents", "district")


@dataclass(frozen=True)
class RegionReport:
    code: str
    lang: str
    as_of: dt.date
    profile: pd.Series          # region_profile: names, key numbers, last contact
    by_year: pd.DataFrame
    activities: pd.DataFrame
    agreements: pd.DataFrame
    plans: pd.DataFrame
    people: pd.DataFrame
    documents: pd.DataFrame
    district: pd.DataFrame

    @property
    def rank(self) -> tuple[int, int]:
        """The region's place in its district by done activities (ties share the better
        place), and the number of subjects in the district."""
        done = self.district["done"]
        mine = int(self.profile["done"])
        return int((done > mine).sum()) + 1, len(self.district)


def load(code: str, lang: str, as_of: dt.date) -> RegionReport | None:
    """The report of region `code`, or None when the warehouse has no such region."""
    params = {"code": code, "lang": lang, "as_of": as_of}
    profile = queries.run("region_profile", **params)
    if profile.empty:
        return None
    frames = {name: queries.run(f"region_{name}", **params) for name in TABLES}
    return RegionReport(code=code, lang=lang, as_of=as_of, profile=profile.iloc[0], **frames)


def months_text(report: RegionReport, language: str) -> str:
    months = report.profile["months_since"]
    if months is None or pd.isna(months):  # None, NaN or NA: no done contact at all
        return i18n.t("r_never", language)
    return i18n.fmt_int(months, language)


def key_numbers(report: RegionReport, language: str) -> list[tuple[str, str]]:
    """(label, value) of the key numbers, in the page's order: the page's metrics and the
    brief's table are both made from this list."""
    p = report.profile

    def n(column: str) -> str:
        return i18n.fmt_int(p[column], language)

    return [
        (i18n.t("r_done", language), n("done")),
        (i18n.t("r_out", language), n("done_out")),
        (i18n.t("r_in", language), n("done_in")),
        (i18n.t("r_planned", language), n("planned")),
        (i18n.t("r_agreements", language), n("agreements")),
        (i18n.t("r_plans", language),
         i18n.t("r_plans_of", language, done=n("plans_fulfilled"), total=n("plans"))),
        (i18n.t("r_months", language), months_text(report, language)),
    ]
