"""The one vocabulary file: every kind is labelled and coloured wherever it is shown."""

from __future__ import annotations

import re

from dashboard.charts import KIND_COLOR
from dashboard.i18n import VALUES
from etl.models import ACTIVITY_KINDS
from etl.vocabulary import load

GROUPS = {"out", "in", "agr", "evt"}


def test_every_kind_has_a_group_both_labels_and_a_colour() -> None:
    vocab = load()
    for kind, entry in vocab.kinds.items():
        assert entry.get("group") in GROUPS, kind
        assert entry.get("label_ru") and entry.get("label_en"), kind
        assert re.fullmatch(r"#[0-9a-f]{6}", entry.get("colour", "")), kind


def test_dashboard_and_warehouse_show_every_kind_the_extractor_emits() -> None:
    """`forum` is emitted by the extractor: the dashboard must label and colour it."""
    vocab = load()
    emitted = {word.kind for word in vocab.events} | {"mission", "delegation", "venue_visit",
                                                      "agreement_signing", "other"}
    assert emitted <= set(vocab.kinds)
    assert set(ACTIVITY_KINDS) == set(vocab.kinds)
    assert set(VALUES["kind"]) == set(vocab.kinds) == set(KIND_COLOR)
    assert VALUES["kind"]["forum"] == ("форум", "forum")

