"""The evaluation harness: scoring rules on small dicts, and the real run on seeds and test data."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.evaluate import Score, evaluate, match, place_matches, render, sidebar_marker
from tests.conftest import SEEDS, needs_seeds

ROOT = Path(__file__).resolve().parent


def test_score_f1() -> None:
    score = Score()
    score.add(tp=3, predicted=4, gold=6)
    assert (score.precision, score.recall) == (0.75, 0.5)
    assert round(score.f1, 3) == 0.6


def test_place_match_by_core_name_and_region() -> None:
    """ "API Moscow (Красный Октябрь)" matches "API Moscow"; an informal region its region."""
    assert place_matches({"name": "API Moscow"}, {"name": "API Moscow (Красный Октябрь)"})
    assert place_matches({"name": "Кемеровская область — Кузбасс", "kind": "region"},
                         {"name": "Кузбасс", "kind": "region",
                          "region": "Кемеровская область — Кузбасс"})
    assert place_matches({"name": "Artplay"}, {"name": "Аrtplay"})  # Cyrillic А
    assert not place_matches({"name": "Тула"}, {"name": "Тверь"})


def test_match_is_one_to_one() -> None:
    tp, extra, missed = match([1, 1, 2], [1, 3], lambda p, g: p == g)
    assert (tp, extra, missed) == (1, [1, 2], [3])


def test_sidebar_marker_from_seed_trap() -> None:
    gold = {"traps": ["Everything after 'Понравился материал?' is the site's sidebar"]}
    assert sidebar_marker(gold) == "Понравился материал?"
    assert sidebar_marker({"sidebar_after": "Читайте также"}) == "Читайте также"


@pytest.mark.parametrize("gold_dir, docs_dir", [
    pytest.param(SEEDS / "gold", SEEDS, marks=needs_seeds),
    (ROOT / "data" / "gold", ROOT / "data" / "docs"),
])
def test_acceptance(gold_dir: Path, docs_dir: Path) -> None:
    """The issue's bar: place F1 >= 0.95, every check passes, nothing from a sidebar."""
    report = evaluate(gold_dir, docs_dir)
    text = render(report)
    assert report.scores["places"].f1 >= 0.95, text
    assert "FAIL" not in text, text
    assert report.sidebar_facts == 0
