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

Ctrl-C or SIGTERM while the command line is still being imported (a tenth of
a second on a quiet machine, seconds on a busy one) ends the process with
exit code 130 and says that nothing was done, as one later in the command
does (``cli.LedgerGroup.invoke``): not with Python's traceback of the import
it landed in, nor (SIGTERM) killed without a word.
"""

from __future__ import annotations

# Only modules the interpreter has loaded as it started: importing ``signal`` (enum builds
# its classes: 8 ms, far longer on a busy machine) or ``typing`` here, before main() can
# catch an interruption, printed Python's traceback of a Ctrl-C landing within them.
import _signal  # type: ignore[import-not-found]  # signal's own core, no stub of its own
import gc
import os
import sys

TYPE_CHECKING = False  # typing's, without importing typing (mypy takes it as typing's)
if TYPE_CHECKING:
    from types import FrameType

STARTING_INTERRUPTED = (
    "\nInterrupted as the command started, before it opened the ledger: nothing was "
    "read or written.\n"
)
INTERRUPTED = 130  # as cli.errors.INTERRUPTED, which is not imported yet


def _terminated(_number: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main() -> None:
    """Console-script entry point: set the collector, then run the command line."""
    _signal.signal(_signal.SIGTERM, _terminated)  # as Ctrl-C, from the start (cli.streams too)
    try:
        from portfolio_ledger.application.collector import COMMAND_COLLECT_AFTER

        gc.set_threshold(COMMAND_COLLECT_AFTER, *gc.get_threshold()[1:])
        from portfolio_ledger.cli import main as command_line
    except KeyboardInterrupt:
        sys.stderr.write(STARTING_INTERRUPTED)
        sys.stderr.flush()
        os._exit(INTERRUPTED)  # mid-import: no teardown of half-made modules
    command_line()


if __name__ == "__main__":  # python -m portfolio_ledger; the console script calls main()
    main()
