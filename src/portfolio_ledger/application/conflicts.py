"""A command that lost a race for its subject, run again: as if it had come a moment later.

Two decisions on one item (or board, person, delegation) at the same moment: each
reads the item, checks its rules, and saves the item's next event; the database
stores the first and refuses the second's, whose number is taken (``ItemChanged``).
The second was checked against the item as it stood before the first, so it is not
stored as it was: it is run again, from its read, on the item as the first left it,
just as it would have run had it come a moment later. So it is checked again, and
recorded after the first, or refused for a rule the first made it break (an item
approved twice at once: the second is refused as already approved). The outcome
is the one the two give run one after the other.

Each run of a command saves one aggregate, last, in a transaction of its own (every
handler ends in ``uow.save``): a run that lost wrote nothing, so running it again
doubles nothing. A command loses at most :data:`ATTEMPTS` times running before it is
refused; between runs it waits a random while under a cap that doubles each time
(exponential backoff with full jitter), so that writers who collided do not collide
again in step.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from time import sleep
from typing import TypeVar

from portfolio_ledger.application.errors import ItemChanged

T = TypeVar("T")

ATTEMPTS = 12
"""Runs of one command before its conflict is reported (``ItemChanged.after``)."""
FIRST_WAIT = 0.005
"""Seconds: the longest wait after the first lost run; it doubles with each run lost."""
LONGEST_WAIT = 1.0
"""Seconds: no wait between two runs is longer."""


def run_again_on_conflict(run: Callable[[], T]) -> T:
    """``run()``; run again while it loses a race for its subject, at most ``ATTEMPTS`` times."""
    lost = 0
    while True:
        try:
            return run()
        except ItemChanged as conflict:
            lost += 1
            if lost >= ATTEMPTS:
                raise conflict.after(lost) from None
            longest = min(LONGEST_WAIT, FIRST_WAIT * 2 ** (lost - 1))
            sleep(random.uniform(0, longest))  # noqa: S311 - a wait, not a secret
