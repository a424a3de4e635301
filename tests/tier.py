"""The fast tier: `make test-fast` (CR_TEST_TIER=fast), unit and rule tests for the edit loop.

What makes a test slow is caught where it happens, not listed by hand, so no slow test can slip
into the tier: in the fast tier each of the expensive parts in GUARDED skips whichever test
reaches it, saying why (`make test` runs everything). Browser and long tests are deselected by
their markers in the Makefile. One exception is made explicitly, with `allowed()`: the ETL run
that builds the test warehouse (tests/fixtures/warehouse.py), which is cached on disk by its
inputs, reads no press release and so never loads natasha.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
from collections.abc import Callable, Iterator

import pytest

FAST = os.environ.get("CR_TEST_TIER") == "fast"
NOT_FAST = "needs {what}: runs in `make test`, not in `make test-fast`"

_allowed = contextvars.ContextVar("fast_tier_allowed", default=False)


@contextlib.contextmanager
def allowed() -> Iterator[None]:
    """Let the guarded parts run inside this block even in the fast tier."""
    token = _allowed.set(True)
    try:
        yield
    finally:
        _allowed.reset(token)


def _guarded() -> list[tuple[object, str, str]]:
    """(owner, attribute, what it costs): the parts a fast test must not reach."""
    import concurrent.futures
    import subprocess

    from streamlit.testing.v1 import AppTest

    from etl import pipeline
    from etl.extract import nlp
    from etl.geocode import nominatim

    return [
        (nlp.Nlp, "__init__", "natasha's models"),
        (pipeline, "_locked_run", "a whole ETL run"),
        (nominatim.NominatimClient, "__init__",
         "the Nominatim test server (one request a second)"),
        (AppTest, "from_file", "an AppTest run of the dashboard"),
        (AppTest, "from_function", "an AppTest run of the dashboard"),
        (subprocess.Popen, "__init__", "a child process"),
        (concurrent.futures.ProcessPoolExecutor, "__init__", "a process pool"),
    ]


def _refuse(original: Callable, what: str) -> Callable:
    def guard(*args, **kwargs):
        if _allowed.get():
            return original(*args, **kwargs)
        pytest.skip(NOT_FAST.format(what=what))
    return guard


@contextlib.contextmanager
def guards() -> Iterator[None]:
    """In the fast tier, the guarded parts skip the test that reaches them; else nothing."""
    if not FAST:
        yield
        return
    patcher = pytest.MonkeyPatch()
    for owner, name, what in _guarded():
        # a bound classmethod or a plain function: either takes the arguments the call gives
        patcher.setattr(owner, name, _refuse(getattr(owner, name), what))
    try:
        yield
    finally:
        patcher.undo()
