"""Our own event texts (tests/data/event_texts.toml) through the real extractor.

`python -m tests.event_probe [id-prefix]` prints, per text, what was expected and what was
extracted, then recall and precision the way the corpus scorer counts them (kind group + start to
the expected precision; every extracted activity counts for precision); `b2-` picks the second
batch, written after the rules passed the first. `tests/test_event_texts.py` asserts the same
texts one by one.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

TEXTS = Path(__file__).resolve().parent / "data" / "event_texts.toml"
GROUPS = {"mission": "out", "delegation": "in", "business_mission": "in", "venue_visit": "in",
          "internship": "in", "agreement_signing": "agr"}  # everything else: evt


def load_texts() -> list[dict]:
    return tomllib.loads(TEXTS.read_text(encoding="utf-8"))["text"]


def group(kind: str) -> str:
    return GROUPS.get(kind, "evt")


def start_matches(expected: str, got: str | None) -> bool:
    """To the expected precision; a coarser extracted start matches a finer expected one."""
    if not expected:
        return True
    if not got:
        return False
    return got.startswith(expected) or expected.startswith(got[:len(expected)])


def same_name(a: str, b: str) -> bool:
    """The scorer's organisation match: either name contains the other (case-insensitive)."""
    x, y = (" ".join(s.casefold().replace("ё", "е").replace("«", " ").replace("»", " ").split())
            for s in (a or "", b or ""))
    return bool(x and y) and (x in y or y in x)


def agreement_matches(counterparty: str, agreement: dict) -> bool:
    return same_name(counterparty, agreement.get("counterparty", ""))


def visit_matches(expected: dict, visit: dict) -> bool:
    return same_name(expected["place"], visit.get("place", "")) and \
        int(expected["year"]) == int(visit.get("year") or 0)


def matches(expected: dict, activity: dict) -> bool:
    return group(activity["kind"]) == expected["group"] and \
        start_matches(expected["start"], activity.get("start"))


def make_runner(full: bool = False):
    """A function text, published -> the extracted activities (etl extract's JSON rows); with
    `full`, the whole JSON report (activities, agreements, planned visits …)."""
    from etl.config import Settings
    from etl.dates import parse_fuzzy_date
    from etl.extract import Extractor
    from etl.extract.report import to_json
    from etl.geocode.resolve import Resolver
    from etl.models import Document
    from etl.sources.documents import content_id

    resolver = Resolver.from_settings(Settings(), geocoder="offline")
    extractor = Extractor(resolver)

    def run(text: str, published: str) -> list[dict]:
        doc = Document(content_id(text), "t", text, parse_fuzzy_date(published), "front_matter",
                       source_path="t.md")
        report = to_json(extractor.analyse(doc), resolver)
        return report if full else report["activities"]

    return run


def main(prefix: str = "") -> int:
    """`prefix`: only the texts whose id starts with it ("b2-": the second batch)."""
    run = make_runner(full=True)
    found = gold = right = extracted = status_right = 0
    agr = {"gold": 0, "found": 0}
    pv = {"gold": 0, "found": 0, "extracted": 0, "right": 0}
    texts = [t for t in load_texts() if t["id"].startswith(prefix)]
    for item in texts:
        report = run(item["text"], item["published"])
        acts = report["activities"]
        if "agreements" in item:  # texts that list them (the 5th batch on)
            agr["gold"] += len(item["agreements"])
            agr["found"] += sum(any(agreement_matches(c, a) for a in report["agreements"])
                                for c in item["agreements"])
        if "planned_visits" in item:
            got_pv = report["planned_visits"]
            pv["gold"] += len(item["planned_visits"])
            pv["extracted"] += len(got_pv)
            pv["found"] += sum(any(visit_matches(e, v) for v in got_pv)
                               for e in item["planned_visits"])
            pv["right"] += sum(any(visit_matches(e, v) for e in item["planned_visits"])
                               for v in got_pv)
        expected = item["events"]
        hit = [e for e in expected if any(matches(e, a) for a in acts)]
        good = [a for a in acts if any(matches(e, a) for e in expected)]
        status_right += sum(any(matches(e, a) and a["status"] == e["status"] for a in acts)
                            for e in expected)
        gold += len(expected)
        found += len(hit)
        extracted += len(acts)
        right += len(good)
        mark = "ok " if len(hit) == len(expected) and len(good) == len(acts) else "BAD"
        print(f"{mark} {item['id']}: expected "
              f"{[(e['group'], e['status'], e['start'] or None) for e in expected]} got "
              f"{[(a['kind'], a['status'], a.get('start')) for a in acts]}")
        if "agreements" in item or "planned_visits" in item:
            print(f"    agreements expected {item.get('agreements', [])} got "
                  f"{[a.get('counterparty') for a in report['agreements']]}; planned visits "
                  f"expected {[(v['place'], v['year']) for v in item.get('planned_visits', [])]}"
                  f" got {[(v.get('place'), v.get('year')) for v in report['planned_visits']]}")
    recall = found / gold if gold else 1.0
    precision = right / extracted if extracted else 1.0
    print(f"own texts: {len(texts)}; events R={recall:.2f} ({found}/{gold}) "
          f"P={precision:.2f} ({right}/{extracted}); status right {status_right}/{gold}")
    if agr["gold"] or pv["gold"] or pv["extracted"]:
        print(f"agreements R={agr['found']}/{agr['gold']}; planned visits "
              f"R={pv['found']}/{pv['gold']} P={pv['right']}/{pv['extracted']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
