"""Python's cyclic garbage collector, run less often through long walks over many objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

COLLECT_AFTER = 50_000
"""New container objects between runs of the youngest collection (Python's default: 700)."""


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often inside; restore its thresholds after.

    An import's batch keeps every aggregate it touches until it ends, and a
    verification holds pages of thousands of rows: at the default thresholds
    the collector walks these long-lived objects again and again, and passes
    them on to the older generations, which it then walks whole (a sixth to
    a fifth of either's CPU). Reference counting frees the short-lived
    objects as before; the few cycles (a refused line's traceback, say) are
    collected every :data:`COLLECT_AFTER` allocations instead of every 700.
    """
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], COLLECT_AFTER), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
