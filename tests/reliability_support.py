"""Shared bits of the reliability tests (tests/test_reliability_*.py).

- `long_variant`: a test marked `slow` that only runs when CR_RUN_SLOW=1, so the default
  `pytest` (CI) stays within its time budget. Run them with
  `CR_RUN_SLOW=1 .venv/bin/pytest -m slow tests/test_reliability_*.py`.
- `record`: prints a scenario's figures and, when CR_RELIABILITY_OUT names a file, appends them
  as one JSON line there (docs/reliability.md quotes them).
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest

RUN_SLOW = os.environ.get("CR_RUN_SLOW") == "1"
RUN_SOAK = os.environ.get("CR_RUN_SOAK") == "1"


def long_variant(test):
    """Mark a test as a long variant: `slow`, and skipped unless CR_RUN_SLOW=1."""
    skip = pytest.mark.skipif(not RUN_SLOW, reason="long variant: set CR_RUN_SLOW=1 to run it")
    return pytest.mark.slow(skip(test))


def soak_variant(test):
    """A soak test (minutes to an hour on 2 cores): `slow`, and skipped unless CR_RUN_SOAK=1.

    CI runs the long variants (CR_RUN_SLOW=1) but not the soaks.
    """
    skip = pytest.mark.skipif(not RUN_SOAK, reason="soak: set CR_RUN_SOAK=1 to run it")
    return pytest.mark.slow(skip(test))


def record(scenario: str, **figures) -> dict:
    line = {"scenario": scenario, **figures}
    print(f"\nRELIABILITY {json.dumps(line, ensure_ascii=False)}", file=sys.stderr)
    out = os.environ.get("CR_RELIABILITY_OUT")
    if out:
        with open(out, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    return line


def write_csv(path: Path, header: list[str], rows: Iterable[list]) -> Path:
    """A curated table as an analyst's UTF-8 CSV."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path
