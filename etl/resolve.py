"""The resolve stage: every place mention of a batch → a `ResolvedPlace`, or its row quarantined.

Curated rows, analysts' facts and extracted facts alike pass through here. Sources hand over
places as written (`PlaceMention.resolved` is None, the region column as written in
`region_hint`); the extractor recognises a place by asking the same resolver (a name is a place
only when the resolver knows it), so its mentions arrive resolved and are left as they are.

A mention that cannot be resolved quarantines the row it was written in, saying where and why:
an activity keeps its other places; an organisation or agreement row is not loaded (an
organisation that other rows name is still listed, by its name only).
"""

from __future__ import annotations

from etl.models import Activity, Agreement, Batch, PlaceMention, Rejected
from etl.seams import PlaceResolver
from etl.sources.curated import RowError


class PlaceError(RowError):
    """An unknown place or region, in words an analyst can act on."""


class PlaceStage:
    """Resolves mentions with one resolver, remembering region names (a million curated rows
    name the same 89 regions)."""

    def __init__(self, resolver: PlaceResolver) -> None:
        self.resolver = resolver
        self.region_codes: dict[str, str | None] = {}

    def mention(self, mention: PlaceMention) -> None:
        """Resolve `mention` in place; `PlaceError` when its region or place is unknown."""
        if mention.resolved is not None:
            return
        hint = self.region_code(mention.region_hint)
        resolved = self.resolver.resolve(mention.surface, region_hint=hint)
        if resolved is None:
            raise PlaceError(f"unknown place {mention.surface!r}: "
                             f"{self.resolver.explain(mention.surface)}; "
                             "fix the spelling or add it to data/reference/overrides.csv")
        mention.region_hint, mention.resolved = hint, resolved

    def region_code(self, value: str | None) -> str | None:
        """The region code of a region column as written (code or name); None when empty."""
        if not value:
            return None
        if value not in self.region_codes:
            region = self.resolver.region_by_name(value)
            self.region_codes[value] = region["region_code"] if region else None
        code = self.region_codes[value]
        if code is None:
            raise PlaceError(f"unknown region {value!r}: use an ISO code (RU-KEM) or a "
                             "subject name")
        return code

    def fact(self, fact: Activity | Agreement) -> None:
        """Every place of one fact, or `PlaceError` for the first that cannot be resolved."""
        for mention in _mentions(fact):
            self.mention(mention)

    def batch(self, batch: Batch) -> None:
        """Resolve every mention of `batch` in place; quarantine the rows that cannot be."""
        for activity in batch.activities:
            activity.places[:] = [m for m in activity.places
                                  if self._kept(m, batch, f"activity_id={activity.activity_id}")]
        batch.agreements[:] = [
            g for g in batch.agreements
            if g.place is None or self._kept(g.place, batch, f"agreement_id={g.agreement_id}")]
        batch.organisations[:] = [
            o for o in batch.organisations
            if o.place is None or self._kept(o.place, batch, f"organisation={o.name}")]

    def _kept(self, mention: PlaceMention, batch: Batch, owner: str) -> bool:
        try:
            self.mention(mention)
        except PlaceError as exc:
            cells = [owner, f"place={mention.surface}", f"role={mention.role or ''}",
                     f"region={mention.region_hint or ''}"]
            batch.rejected.append(Rejected(
                "curated", mention.locator or owner, str(exc),
                raw=",".join(c for c in cells if not c.endswith("="))))
            return False
        return True


def _mentions(fact: Activity | Agreement) -> list[PlaceMention]:
    if isinstance(fact, Activity):
        return fact.places
    return [fact.place] if fact.place is not None else []


def resolve_places(batch: Batch, resolver: PlaceResolver) -> None:
    """The stage as the pipeline runs it: one batch, resolved in place."""
    PlaceStage(resolver).batch(batch)


def resolve_fact(fact: Activity | Agreement, resolver: PlaceResolver) -> None:
    """One analyst's fact, resolved at once: `PlaceError` says what to fix."""
    PlaceStage(resolver).fact(fact)
