"""``python -m bench.authority_timed ARGS...``: ``portfolio-ledger ARGS...``, timing the check.

An import's check of its governance lines (``import_report.say_authority_lost``, after the
*Imported ...* line) timed with ``time.perf_counter``, said on stderr after it
(docs/import.md, "Decisions a governance line leaves without authority").
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from portfolio_ledger.cli import imports
from portfolio_ledger.cli.import_report import say_authority_lost

if TYPE_CHECKING:
    from portfolio_ledger.projections.read_side import ReadSide


def _timed(reader: ReadSide, noted: Sequence[tuple[int, int]]) -> None:
    """The check, then its seconds and the number of governing lines it judged."""
    start = time.perf_counter()
    try:
        say_authority_lost(reader, noted)
    finally:
        seconds = time.perf_counter() - start
        said = f"say_authority_lost: {seconds:.2f} s ({len(noted):,} governing lines)"
        print(said, file=sys.stderr)


if __name__ == "__main__":
    from portfolio_ledger.__main__ import main

    imports.say_authority_lost = _timed  # type: ignore[attr-defined]
    sys.argv = ["portfolio-ledger", *sys.argv[1:]]
    main()
