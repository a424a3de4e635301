"""The one pymorphy3 analyzer of a process: the extractor's rules and the place resolver's
case-form index share it (each analyzer holds its own copy of the dictionaries)."""

from __future__ import annotations

from functools import lru_cache

import pymorphy3


@lru_cache(maxsize=1)
def analyzer() -> pymorphy3.MorphAnalyzer:
    """The process's analyzer, created on first use."""
    return pymorphy3.MorphAnalyzer()
