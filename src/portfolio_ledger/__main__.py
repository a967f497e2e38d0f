"""The ``portfolio-ledger`` process: the collector set for a command, then the command line.

The console script and ``python -m portfolio_ledger`` start here. A command
makes most of its objects as it starts (click's, SQLAlchemy's, the ledger's
modules and the tables they define), and they live until it ends: at
Python's default the cyclic collector ran every 700 new objects and walked
them again and again, 4-5% of a read command's instructions
(docs/performance.md). It runs every ``COMMAND_COLLECT_AFTER`` (100,000) new
objects instead: reference counting frees short-lived objects as before,
and cycles are still collected, later. Set before the command line is
imported, so that its imports are counted too.
"""

from __future__ import annotations

import gc

from portfolio_ledger.application.collector import COMMAND_COLLECT_AFTER


def main() -> None:
    """Console-script entry point: set the collector, then run the command line."""
    gc.set_threshold(COMMAND_COLLECT_AFTER, *gc.get_threshold()[1:])
    from portfolio_ledger.cli import main as command_line

    command_line()


if __name__ == "__main__":  # python -m portfolio_ledger; the console script calls main()
    main()
