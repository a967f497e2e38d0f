"""The process around a command: a reader that leaves early, a terminate signal, driver chatter.

- ``portfolio-ledger audit verify-export x.csv | head -1``: once ``head`` has
  read its line and gone, further output is dropped, and the command runs
  to its end and exits with its own status (0 verified, 1 failed), not with
  a broken pipe.
- SIGTERM stops a command as Ctrl-C does: the open transaction is rolled
  back and the command says so.
- Database drivers' own log lines (psycopg's "error ignored terminating
  <psycopg.Pipeline [BAD]>" while a terminated import unwinds) are not
  shown; the command's own message says what happened.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import signal
import sys
from types import FrameType


class _GuardedStdout(io.TextIOWrapper):
    """stdout that, once the reader has gone, writes to nowhere instead of failing."""

    def write(self, text: str) -> int:
        try:
            return super().write(text)
        except BrokenPipeError:
            self._reader_gone()
            return len(text)

    def flush(self) -> None:
        try:
            super().flush()
        except BrokenPipeError:
            self._reader_gone()

    def _reader_gone(self) -> None:
        # Point the descriptor at /dev/null: what is buffered, and all that
        # follows, goes there, and the interpreter's last flush succeeds.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, self.buffer.fileno())
        os.close(devnull)
        with contextlib.suppress(BrokenPipeError, ValueError):
            super().flush()


def guard_stdout() -> None:
    """Replace stdout with one that survives its reader leaving early."""
    stdout = sys.stdout
    if not isinstance(stdout, io.TextIOWrapper) or isinstance(stdout, _GuardedStdout):
        return
    stdout.flush()
    sys.stdout = _GuardedStdout(
        stdout.detach(),
        encoding=stdout.encoding,
        errors=stdout.errors,
        line_buffering=stdout.line_buffering,
    )


def quiet_drivers() -> None:
    """Keep the database drivers' log lines off the user's screen."""
    for name in ("psycopg", "sqlalchemy"):
        logger = logging.getLogger(name)
        logger.addHandler(logging.NullHandler())
        logger.propagate = False


def _terminated(_signal: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def stop_on_terminate() -> None:
    """Let SIGTERM unwind the command (rolling back what it holds) as Ctrl-C does."""
    signal.signal(signal.SIGTERM, _terminated)
