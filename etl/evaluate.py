"""Score extraction against gold files: `python -m etl.evaluate GOLD_DIR DOCS_DIR`.

Gold files follow the seed documents' gold format (seeds/gold/*.json): "source" names the
document in DOCS_DIR; "places", "events", "agreements" and "planned_visits" are compared with what
`etl extract --json` gives.
Prints precision/recall/F1 per kind of fact and the issue's acceptance checks.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from etl.geocode.text import normalise

PLACE_F1_TARGET = 0.95
_SIDEBAR_TRAP = re.compile(r"[Ee]verything after '([^']+)'")


@dataclass
class Score:
    tp: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, tp: int, predicted: int, gold: int) -> None:
        self.tp, self.predicted, self.gold = self.tp + tp, self.predicted + predicted, \
            self.gold + gold

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    scores: dict[str, Score] = field(default_factory=lambda: {
        k: Score() for k in ("places", "activities", "agreements", "planned_visits")})
    planned_by_year: dict[int, list[int]] = field(default_factory=dict)  # year → [found, gold]
    agreements_placed: list[int] = field(default_factory=lambda: [0, 0])
    origins: list[tuple[str, int, int]] = field(default_factory=list)
    sidebar_facts: int = 0
    sidebar_docs: int = 0
    misses: list[str] = field(default_factory=list)


def place_keys(name: str | None) -> set[str]:
    """A place name and its core ("API Moscow (Красный Октябрь)" → also "api moscow")."""
    if not name:
        return set()
    keys = {normalise(name)}
    for sep in ("(", ","):
        keys.add(normalise(name.split(sep)[0]))
    return {k for k in keys if k}


class SamePlace:
    """Two written names of one place: equal names, or the resolver gives both one place id.

    Gold names are written as people say them ("Кузбасс", "Якутия"); the extractor reports the
    official name ("Кемеровская область — Кузбасс"). Without a resolver, names must be equal.
    """

    def __init__(self, resolver=None) -> None:
        self.resolver = resolver

    def __call__(self, a: str | None, b: str | None) -> bool:
        if place_keys(a) & place_keys(b):
            return True
        if self.resolver is None or not a or not b:
            return False
        pa, pb = self.resolver.resolve(a), self.resolver.resolve(b)
        return pa is not None and pb is not None and pa.place_id == pb.place_id


SAME_NAME = SamePlace()


def place_matches(pred: dict, gold: dict, same: SamePlace = SAME_NAME) -> bool:
    """Same place; for a region named informally ("Кузбасс"), the same region."""
    if same(pred.get("name"), gold.get("name")):
        return True
    return gold.get("kind") == "region" and pred.get("kind") == "region" and \
        same(pred.get("name"), gold.get("region"))


def match(preds: list, golds: list, same) -> tuple[int, list, list]:
    """Greedy one-to-one matching: (matches, unmatched predictions, unmatched gold)."""
    left = list(preds)
    missed = []
    tp = 0
    for gold in golds:
        hit = next((p for p in left if same(p, gold)), None)
        if hit is None:
            missed.append(gold)
        else:
            left.remove(hit)
            tp += 1
    return tp, left, missed


def score_document(gold: dict, predicted: dict, report: Report, sidebar: int,
                   same: SamePlace = SAME_NAME) -> None:
    name = gold.get("source", "?")
    _score(report, "places", name, predicted["places"], gold.get("places", []),
           lambda p, g: place_matches(p, g, same), lambda p: p.get("name"))
    _score(report, "activities", name, predicted["activities"], gold.get("events", []),
           lambda p, g: p["kind"] == g["kind"] and p["start"] == g["start"],
           lambda p: f"{p['kind']} {p['start']}")
    _score(report, "agreements", name, predicted["agreements"], gold.get("agreements", []),
           lambda p, g: normalise(p["counterparty"]) == normalise(g["counterparty"]),
           lambda p: p["counterparty"])
    _score(report, "planned_visits", name, predicted["planned_visits"],
           gold.get("planned_visits", []), lambda p, g: _visit_matches(p, g, same),
           lambda p: f"{p['place']} {p['year']}")
    _planned_by_year(report, predicted, gold, same)
    _agreements_placed(report, predicted, gold, same)
    _origins(report, name, predicted, gold, same)
    report.sidebar_facts += sidebar


def _score(report: Report, kind: str, doc: str, preds: list, golds: list, same, label) -> None:
    tp, extra, missed = match(preds, golds, same)
    report.scores[kind].add(tp, len(preds), len(golds))
    report.misses += [f"{doc}: {kind} extra: {label(p)}" for p in extra]
    report.misses += [f"{doc}: {kind} missed: {label(g)}" for g in missed]


def _visit_matches(pred: dict, gold: dict, same: SamePlace) -> bool:
    return pred["year"] == gold["year"] and same(pred["place"], gold["place"])


def _planned_by_year(report: Report, predicted: dict, gold: dict, same: SamePlace) -> None:
    for visit in gold.get("planned_visits", []):
        found = any(_visit_matches(p, visit, same) for p in predicted["planned_visits"])
        counts = report.planned_by_year.setdefault(visit["year"], [0, 0])
        counts[0] += found
        counts[1] += 1


def _agreements_placed(report: Report, predicted: dict, gold: dict, same: SamePlace) -> None:
    """An agreement counts when its counterparty, city (if any) and region all match."""
    for agreement in gold.get("agreements", []):
        report.agreements_placed[1] += 1
        report.agreements_placed[0] += any(
            normalise(p["counterparty"]) == normalise(agreement["counterparty"])
            and _same_or_absent(p.get("city"), agreement.get("city"), same)
            and _same_or_absent(p.get("region"), agreement.get("region"), same)
            for p in predicted["agreements"])


def _same_or_absent(pred: str | None, gold: str | None, same: SamePlace) -> bool:
    return pred is None if gold is None else same(pred, gold)


def _origins(report: Report, doc: str, predicted: dict, gold: dict, same: SamePlace) -> None:
    """Origins of each gold event with an origin list, in the matching predicted activity."""
    for event in gold.get("events", []):
        if not event.get("origin"):
            continue
        activity = next((a for a in predicted["activities"] if a["kind"] == event["kind"]
                         and a["start"] == event["start"]), None)
        got = [o for o in event["origin"] if activity and any(
            same(p, o) for p in activity["origin"])]
        report.origins.append((f"{doc}: {event['kind']} {event['start']}", len(got),
                               len(event["origin"])))


def sidebar_marker(gold: dict) -> str | None:
    """Where the page's sidebar starts: "sidebar_after", or the seeds' trap sentence."""
    if gold.get("sidebar_after"):
        return gold["sidebar_after"]
    for trap in gold.get("traps", []):
        if m := _SIDEBAR_TRAP.search(trap):
            return m.group(1)
    return None


def facts_after(extraction, marker: str | None) -> int:
    """Facts whose evidence or place mention lies after the sidebar marker in the text."""
    if not marker:
        return 0
    text = extraction.document.text
    cut = text.find(marker)
    if cut < 0:
        return 0
    batch = extraction.batch
    evidences = [a.evidence for a in batch.activities] + [g.evidence for g in batch.agreements]
    late = sum(1 for e in evidences if e and text.find(e) >= cut)
    late += sum(1 for p in extraction.places if p.resolved and p.start >= cut)
    return late


def evaluate(gold_dir: Path, docs_dir: Path) -> Report:
    """Run the real extractor (natasha + resolver) over every gold file's document."""
    from etl.config import Settings
    from etl.extract import Extractor
    from etl.extract.report import to_json
    from etl.geocode.resolve import Resolver
    from etl.sources.documents import read_document

    settings = Settings()
    resolver = Resolver.from_settings(settings, geocoder="offline")
    extractor = Extractor(resolver)
    report = Report()
    for gold_path in sorted(Path(gold_dir).glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        doc = read_document(Path(docs_dir) / gold["source"], settings)
        extraction = extractor.analyse(doc)
        marker = sidebar_marker(gold)
        report.sidebar_docs += marker is not None
        score_document(gold, to_json(extraction, resolver), report,
                       facts_after(extraction, marker), SamePlace(resolver))
    return report


def render(report: Report, verbose: bool = True) -> str:
    lines = [f"{'':16}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'pred':>6}{'gold':>6}"]
    for kind, s in report.scores.items():
        lines.append(f"{kind:16}{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}"
                     f"{s.tp:6d}{s.predicted:6d}{s.gold:6d}")
    place_f1 = report.scores["places"].f1
    lines.append("")
    lines.append(f"check place F1 >= {PLACE_F1_TARGET}: {place_f1:.3f} "
                 f"{'PASS' if place_f1 >= PLACE_F1_TARGET else 'FAIL'}")
    for year, (found, total) in sorted(report.planned_by_year.items()):
        lines.append(f"check planned visits of {year}: {found}/{total} "
                     f"{'PASS' if found == total else 'FAIL'}")
    found, total = report.agreements_placed
    lines.append(f"check agreements with city/region: {found}/{total} "
                 f"{'PASS' if found == total else 'FAIL'}")
    for label, got, total in report.origins:
        lines.append(f"check origins of {label}: {got}/{total} "
                     f"{'PASS' if got == total else 'FAIL'}")
    lines.append(f"check facts from sidebars ({report.sidebar_docs} documents with one): "
                 f"{report.sidebar_facts} {'PASS' if report.sidebar_facts == 0 else 'FAIL'}")
    if verbose and report.misses:
        lines += ["", "differences:"] + [f"  {m}" for m in report.misses]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    quiet = "--quiet" in args
    args = [a for a in args if a != "--quiet"]
    if len(args) != 2:
        print("usage: python -m etl.evaluate GOLD_DIR DOCS_DIR [--quiet]", file=sys.stderr)
        return 2
    print(render(evaluate(Path(args[0]), Path(args[1])), verbose=not quiet))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
