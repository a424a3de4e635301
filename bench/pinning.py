"""Pin numpy/BLAS thread pools to one thread: on a 2-core machine oversubscribed BLAS threads
stall natasha for seconds. Import this first in every benchmark worker."""

from __future__ import annotations

import os
import resource

THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
               "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS")


def pin_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """An environment (a copy of os.environ by default) with every BLAS pool set to 1 thread."""
    out = dict(os.environ if env is None else env)
    out.update(dict.fromkeys(THREAD_VARS, "1"))
    return out


def pin() -> None:
    """Pin this process: env for libraries not loaded yet, threadpoolctl for loaded ones."""
    for var in THREAD_VARS:
        os.environ.setdefault(var, "1")
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)


def peak_rss_mb() -> float:
    """This process's peak resident set size (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
