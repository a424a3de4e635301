"""The seams between the stages, as Protocols: what a stage needs of another, and nothing more.

`etl.geocode.resolve.Resolver` is the PlaceResolver, `etl.extract.nlp.CachedMorph` (pymorphy3)
the Morphology, `etl.extract.Extractor` the FactExtractor. A test or a bench may hand a stage
anything that has these methods.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from etl.models import Batch, Document, ResolvedPlace


class PlaceResolver(Protocol):
    """A place name as written → one place (the resolve stage, the extractor, the analysts'
    forms)."""

    pending: list[tuple[str, str, str | None]]  # (surface, error, fallback id): ask Nominatim again

    def resolve(self, surface: str, *, region_hint: str | None = None,
                kind_hint: str | None = None) -> ResolvedPlace | None: ...

    def explain(self, surface: str) -> str: ...

    def region_by_name(self, name: str) -> dict[str, Any] | None: ...

    def is_excluded(self, surface: str) -> bool: ...


class Morphology(Protocol):
    """A pymorphy3-like analyzer: the parses of one word, and whether the dictionary knows it."""

    def parse(self, word: str) -> Sequence[Any]: ...

    def word_is_known(self, word: str) -> bool: ...


class FactExtractor(Protocol):
    """One press release → the facts read in it (a Batch of activities, agreements, …)."""

    def extract(self, doc: Document) -> Batch: ...
