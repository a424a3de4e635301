"""Activity kinds' labels and colours, read from data/reference/vocabulary.toml.

The ETL reads the same file for its trigger words and accepted kinds; the dashboard imports
nothing from etl/, so it reads the file itself. A kind added there shows with its label and
colour here without a code change.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

VOCABULARY_PATH = Path(__file__).resolve().parents[1] / "data" / "reference" / "vocabulary.toml"


@lru_cache(maxsize=1)
def kinds() -> dict[str, dict]:
    return tomllib.loads(VOCABULARY_PATH.read_text(encoding="utf-8"))["kinds"]


def kind_labels() -> dict[str, tuple[str, str]]:
    """kind → (Russian, English) label."""
    return {kind: (v["label_ru"], v["label_en"]) for kind, v in kinds().items()}


def kind_colours() -> dict[str, str]:
    return {kind: v["colour"] for kind, v in kinds().items()}


@lru_cache(maxsize=1)
def months() -> dict[str, tuple[str, ...]]:
    """Month names by form, January first: nominative, genitive, short, english, …"""
    data = tomllib.loads(VOCABULARY_PATH.read_text(encoding="utf-8"))["months"]
    return {form: tuple(names) for form, names in data.items()}
