"""Python's cyclic garbage collector, run less often through long walks over many objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

COLLECT_AFTER = 50_000
"""New container objects between runs of the youngest collection (Python's default: 700)."""
IMPORT_COLLECT_AFTER = 500_000
"""The same, in an import: see :func:`fewer_collections`."""
COMMAND_COLLECT_AFTER = 100_000
"""The same, in a ``portfolio-ledger`` process from its start (``__main__.py``): a
command makes about 70,000 long-lived container objects as it starts (its modules, click's
and SQLAlchemy's), so the first young collection comes after them, not every 700 of them."""


@contextmanager
def fewer_collections(after: int = COLLECT_AFTER) -> Iterator[None]:
    """Run the cyclic garbage collector less often inside; restore its thresholds after.

    An import's batch keeps every aggregate it touches until it ends, and a
    verification holds pages of thousands of rows: at the default thresholds
    the collector walks these long-lived objects again and again, and passes
    them on to the older generations, which it then walks whole (a sixth to
    a fifth of either's CPU). Reference counting frees the short-lived
    objects as before; the few cycles (a refused line's traceback, say) are
    collected every :data:`COLLECT_AFTER` allocations instead of every 700.

    An import passes ``after`` :data:`IMPORT_COLLECT_AFTER`: each young
    collection walks every object the batch kept since the one before, and at
    50,000 a 100,000-line import ran four of them and an older one (0.28 s of
    its 17 s of CPU, gc.callbacks), at 500,000 one (0.04 s). They find nothing
    to collect: an import's lines make no cycles, refused ones neither
    (``gc.collect()`` after a 10,000-line import with 4,800 refusals and the
    collector off found no unreachable object), so running fewer frees nothing
    later than before.
    """
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], after), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
