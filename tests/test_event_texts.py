"""Our own press-release texts (tests/data/event_texts.toml) read as a careful analyst would.

Each text names the events a reader finds (kind group, status, start to the precision the text
gives) or none at all (sidebars, digests, forecasts, quotes about the future). A text passes when
every expected event is extracted and nothing else is: the corpus scorer's matching, plus the
status. `python -m tests.event_probe` prints recall and precision over the whole set.
"""

from __future__ import annotations

import pytest

from tests.event_probe import load_texts, make_runner, matches

TEXTS = load_texts()


@pytest.fixture(scope="module")
def run():
    return make_runner()


# a text whose `known_miss` says what the rules do not read yet fails as expected (strict: the
# day it passes, the mark must go)
CASES = [pytest.param(t, id=t["id"], marks=pytest.mark.xfail(strict=True, reason=t["known_miss"]))
         if t.get("known_miss") else pytest.param(t, id=t["id"]) for t in TEXTS]


@pytest.mark.parametrize("item", CASES)
def test_own_text(run, item) -> None:
    acts = run(item["text"], item["published"])
    got = [(a["kind"], a["status"], a.get("start")) for a in acts]
    for expected in item["events"]:
        assert any(matches(expected, a) and a["status"] == expected["status"] for a in acts), \
            f"missed {expected} in {got}"
    extra = [a for a in acts if not any(matches(e, a) for e in item["events"])]
    assert not extra, f"extra activities {got}"
