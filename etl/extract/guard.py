"""Rule isolation: a defect in one rule costs that rule's facts for one sentence, not the document.

Each rule runs over the whole document as usual. Only when it raises does the guard look for the
sentence it cannot read: it runs the rule on each sentence alone, then once more on the document
without the sentences that failed (so the other sentences keep their cross-sentence context:
the year written earlier, the visit an agreement follows). Every failing sentence becomes a
warning (`Rejected`, severity "warning", source "extract") with its line and its text: `etl
extract` prints it, the warehouse keeps it in `quarantine`, the document and its other facts load.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TypeVar

from etl.extract.context import DocContext, SentenceFacts
from etl.models import Rejected

T = TypeVar("T")


class RuleGuard:
    """Runs rules for one document and collects the warnings of those that failed."""

    def __init__(self, ctx: DocContext, locator: Callable[[int], str]) -> None:
        self.ctx = ctx
        self.locator = locator  # line number -> "file:line N"
        self.warnings: list[Rejected] = []

    def run(self, rule: str, apply: Callable[[DocContext], list[T]]) -> list[T]:
        """`apply(ctx)` on the document; on a defect, again without the sentences it breaks on."""
        try:
            return apply(self.ctx)
        except Exception as whole:  # noqa: BLE001 - a rule defect must not cost the document
            return self._isolate(rule, apply, whole)

    def sentence(self, rule: str, facts: SentenceFacts, apply: Callable[[], T],
                 default: T) -> T:
        """One rule on one sentence (for a rule that reads sentence by sentence itself)."""
        try:
            return apply()
        except Exception as exc:  # noqa: BLE001 - a rule defect must not cost the document
            self._warn(rule, facts, exc)
            return default

    def _isolate(self, rule: str, apply, whole: Exception) -> list:
        bad: list[SentenceFacts] = []
        alone: list = []
        for facts in self.ctx.facts:
            try:
                alone += apply(dataclasses.replace(self.ctx, facts=[facts]))
            except Exception as exc:  # noqa: BLE001
                self._warn(rule, facts, exc)
                bad.append(facts)
        if not bad:  # fails only in context: keep what each sentence gives on its own
            self.warnings.append(Rejected(
                source="extract", locator=self.locator(1), severity="warning",
                reason=f"rule '{rule}' failed on this document ({_what(whole)}); its facts were "
                       "read sentence by sentence", raw=""))
            return alone
        rest = [f for f in self.ctx.facts if all(f is not b for b in bad)]
        try:
            return apply(dataclasses.replace(self.ctx, facts=rest))
        except Exception:  # noqa: BLE001 - still failing in context: per-sentence results
            return alone

    def _warn(self, rule: str, facts: SentenceFacts, exc: Exception) -> None:
        self.warnings.append(Rejected(
            source="extract", locator=self.locator(facts.sentence.line), severity="warning",
            reason=f"rule '{rule}' failed on this sentence ({_what(exc)}); its facts from this "
                   "sentence are left out, the rest of the document is loaded",
            raw=facts.text))


def _what(exc: Exception) -> str:
    message = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__
