"""The process around a command: a reader that leaves early, a terminate signal, driver chatter.

- ``portfolio-ledger audit verify-export x.csv | head -1``: once ``head`` has
  read its line and gone, further output is dropped, and the command runs
  to its end and exits with its own status (0 verified, 1 failed), not with
  a broken pipe. The same for stderr (``2>&1 | head -1``, a closed log pipe).
- SIGTERM stops a command as Ctrl-C does: the open transaction is rolled
  back and the command says so.
- A finished command leaves at once: its output flushed, exit handlers
  run, its connections already closed, but without the interpreter's
  teardown (freeing every module's objects one by one: 40-55 ms of CPU
  once SQLAlchemy is loaded, a quarter of a read command's whole time).
- Output is UTF-8 whatever encoding the environment gives the streams
  (``PYTHONIOENCODING=latin-1``, a single-byte locale): one that cannot
  hold every character (an em dash, a euro sign) made every read of such a
  title an internal error. UTF-8, as every file the ledger writes is, and
  as click already wrote where the stream said ASCII.
- Database drivers' own log lines (psycopg's "error ignored terminating
  <psycopg.Pipeline [BAD]>" while a terminated import unwinds) are not
  shown; the command's own message says what happened.
"""

from __future__ import annotations

import atexit
import codecs
import contextlib
import errno
import io
import logging
import os
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType
from typing import NoReturn

_PARTS_PER_CALL = min(os.sysconf("SC_IOV_MAX"), 1024) if hasattr(os, "writev") else 0
"""Buffers given to one ``writev`` (at most the system's limit: 1,024 on Linux)."""


_STRAIGHT_AT = io.DEFAULT_BUFFER_SIZE
"""A text this long or longer goes straight to the descriptor (``_GuardedStream.write``)."""


class OutputError(OSError):
    """stdout or stderr refused what the command wrote: a full disk, ``> /dev/full``."""

    def __init__(self, stream: str, error: OSError) -> None:
        super().__init__(error.errno, error.strerror)
        self.stream = stream


class _GuardedStream(io.TextIOWrapper):
    """stdout or stderr that, once its reader has gone, writes to nowhere instead of failing.

    Any other failure to write (the disk it goes to is full) is an :class:`OutputError`.
    """

    def write(self, text: str) -> int:
        if len(text) >= _STRAIGHT_AT and _PARTS_PER_CALL:
            # Python's buffered writer hands a large text to one write() and, if the disk
            # takes only part of it (full, or a file size limit), drops the rest without a
            # word: a CSV cut short, exit 0. Written here, the rest is written or refused.
            self.write_parts([text.encode(self.encoding, self.errors or "strict")])
            return len(text)
        try:
            return super().write(text)
        except BrokenPipeError:
            self._reader_gone()
            return len(text)
        except OSError as error:
            raise self._refused(error) from error

    def flush(self) -> None:
        try:
            super().flush()
        except BrokenPipeError:
            self._reader_gone()
        except OSError as error:
            raise self._refused(error) from error

    def _refused(self, error: OSError) -> OutputError:
        said = {1: "standard output", 2: "standard error"}.get(self.buffer.fileno())
        return OutputError(said or f"file descriptor {self.buffer.fileno()}", error)

    def write_parts(self, parts: Sequence[bytes]) -> None:
        """Write these bytes, one after another, straight to the descriptor: no joined copy.

        For megabytes made of many parts (``portfolio --json``'s 10,000
        texts): joining them first costs a fresh buffer of that size, whose
        pages the kernel hands out one fault at a time (6 ms for 9 MB).
        """
        self.flush()
        descriptor = self.buffer.fileno()
        try:
            for start in range(0, len(parts), _PARTS_PER_CALL):
                batch = parts[start : start + _PARTS_PER_CALL]
                written = os.writev(descriptor, batch)
                if written < sum(map(len, batch)):  # cut short (by a signal, say): the rest
                    rest = memoryview(b"".join(batch))[written:]
                    while rest:
                        rest = rest[os.write(descriptor, rest) :]
        except BrokenPipeError:
            self._reader_gone()
        except OSError as error:
            raise self._refused(error) from error

    def _reader_gone(self) -> None:
        # Point the descriptor at /dev/null: what is buffered, and all that
        # follows, goes there, and the interpreter's last flush succeeds.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, self.buffer.fileno())
        os.close(devnull)
        with contextlib.suppress(BrokenPipeError, ValueError):
            super().flush()


class _ClosedStream(_GuardedStream):
    """stdout for a process started with it closed (``>&-``): writing anything is refused.

    Python gives such a process no ``sys.stdout`` at all, and click's echo then
    drops what it is given: a read printed nothing and exited 0, as if there were
    nothing to print. Descriptor 1 is held on ``/dev/null`` meanwhile, so no file
    or connection the command opens is given it (and written into by a print).

    Once the command has recorded decisions, what it says of them is dropped: the
    decision stands and nobody is reading, and a failure then would have a script
    record it again (as ``2>&-`` and ``>&- 2>&-`` have always exited 0 so).
    """

    CLOSED = "it was closed when the command started (>&-)"

    def write(self, text: str) -> int:
        if text and not _RECORDED:
            raise OutputError("standard output", OSError(errno.EBADF, self.CLOSED))
        return len(text)

    def write_parts(self, parts: Sequence[bytes]) -> None:
        if any(parts) and not _RECORDED:
            raise OutputError("standard output", OSError(errno.EBADF, self.CLOSED))


def _closed_stdout() -> _ClosedStream:
    """A :class:`_ClosedStream` on descriptor 1, which is made to point at ``/dev/null``."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    if devnull != 1:
        os.dup2(devnull, 1)
        os.close(devnull)
    return _ClosedStream(open(1, "wb", closefd=False), encoding="utf-8")


def _utf8(encoding: str) -> str:
    """``encoding`` if it is UTF-8 (as spelt), else UTF-8: what every output is written in.

    Not UTF-16 either: JSON's plain ASCII goes out as its bytes
    (``Output.emit_json``), so the rest in UTF-16 made one output of two encodings.
    """
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return "utf-8"
    return encoding if name == "utf-8" else "utf-8"


def _written_in(stream: io.TextIOWrapper) -> tuple[str, str]:
    """The encoding and error handler ``stream``'s text is written in.

    UTF-8 (:func:`_utf8`), but on a terminal whose encoding is a single-byte one (a
    Latin-1 or Windows-1252 terminal's locale), that encoding, each character it lacks
    shown as ``?``: UTF-8 there showed every accented letter as two others (*JÃ¼rgen*).
    """
    try:
        name = codecs.lookup(stream.encoding).name
    except LookupError:
        name = "utf-8"
    if stream.isatty() and not name.startswith("utf"):
        return stream.encoding, "replace"
    return _utf8(stream.encoding), stream.errors or "strict"


def guard_streams() -> None:
    """Replace stdout and stderr with ones that survive their reader leaving early, in UTF-8."""
    if sys.stdout is None:  # its descriptor was closed when the process started
        sys.stdout = _closed_stdout()
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if not isinstance(stream, io.TextIOWrapper) or isinstance(stream, _GuardedStream):
            continue
        stream.flush()
        encoding, errors = _written_in(stream)
        setattr(
            sys,
            name,
            _GuardedStream(
                stream.detach(),
                encoding=encoding,
                errors=errors,
                line_buffering=stream.line_buffering,
                write_through=stream.write_through,
            ),
        )


def quiet_drivers() -> None:
    """Keep the database drivers' log lines off the user's screen."""
    for name in ("psycopg", "sqlalchemy"):
        logger = logging.getLogger(name)
        logger.addHandler(logging.NullHandler())
        logger.propagate = False


def _terminated(_signal: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


_THE_PROCESS: list[bool] = []
"""Not empty once :func:`stop_on_terminate` set up a real process (not a test's runner)."""


def stop_on_terminate() -> None:
    """Let SIGTERM unwind the command (rolling back what it holds) as Ctrl-C does."""
    signal.signal(signal.SIGTERM, _terminated)
    _THE_PROCESS.append(True)


_RECORDED: list[bool] = []
"""Not empty once the command recorded its decisions (``hold_interruptions(recorded=True)``)."""


DONE: list[str] = []
"""What the command did that stands whatever becomes of its output, as its output error says it."""

RECORDED_DONE = (
    "a decision it recorded is recorded all the same (see 'portfolio-ledger audit trail' "
    "before recording it again)"
)


def begin_command() -> None:
    """Nothing done yet: what a command run before it in this process did is not its own."""
    DONE.clear()
    _RECORDED.clear()


def done(what: str) -> None:
    """Note that the command did ``what`` (*the key files it wrote are kept*), whatever follows.

    An error writing its output then says so (``errors.output_error``), where it said of a
    checkpoint signed or a key written that *a decision it recorded is recorded all the same*.
    """
    DONE.append(what)


def hold_interruptions(*, recorded: bool = False) -> None:
    """Once the command's outcome is decided, Ctrl-C and SIGTERM no longer interrupt its end.

    One that landed as it closed its connections and files (a cron job's
    timeout, a Ctrl-C just too late) raised within that tidying: Python's
    *Exception ignored ... KeyboardInterrupt* traceback after *Recorded 213
    events*, or the close left half done. The process is leaving within
    milliseconds, with the command's own status; in a test's runner, nothing changes.
    A write command holds them too once its decisions are recorded and caught up
    (``recording.record``, the imports): what follows says what was recorded, where one
    landing there said *Interrupted ... rolled back*, exit 130, of a decision recorded.
    """
    if recorded:
        _RECORDED.append(True)
        done(RECORDED_DONE)
    if _THE_PROCESS:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)


def end_at_once_when_interrupted() -> None:
    """After the command's tidying, Ctrl-C or SIGTERM ends the process at once (the default).

    Only its output is left to flush, which a reader that stopped reading can block
    for ever: ignored there, a signal left SIGKILL the only way to stop it (``timeout``'s
    SIGTERM did nothing). The command's outcome is recorded by then; in a test's runner,
    nothing changes.
    """
    if _THE_PROCESS:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def leave(code: object) -> NoReturn:
    """End the process with ``sys.exit(code)``'s status, skipping the interpreter's teardown.

    What a normal exit does that matters is done here: exit handlers run
    (``atexit``: logging's flush, temporary files, coverage), and stdout and
    stderr are flushed (a failed flush exits 120, as Python does). What is
    skipped is freeing every object of every module, which a process about
    to end does not need. The command has closed its own connections and
    files before this (``LedgerGroup.invoke``). If another thread is still
    running, the process exits normally, so that the thread is waited for;
    so it does under a profiler or a debugger (``python -m cProfile`` writes
    its figures after the program's end, not from an exit handler).
    """
    if threading.active_count() > 1 or sys.getprofile() or sys.gettrace():
        raise SystemExit(code)
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message"): Python prints it and exits 1
        if sys.stderr is not None:
            print(code, file=sys.stderr)
        status = 1
    atexit._run_exitfuncs()  # the interpreter's own exit step, run as it would run it
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # its descriptor was closed when the process started (``>&-``)
            continue
        try:
            stream.flush()
        except (OSError, ValueError):
            status = status or 120
    os._exit(status)


def write_parts(parts: Sequence[bytes]) -> None:
    """Write bytes to stdout, one part after another: straight to it when it is guarded."""
    if isinstance(sys.stdout, _GuardedStream) and _PARTS_PER_CALL:
        sys.stdout.write_parts(parts)
    else:  # a stream of a caller's (a test's runner, say)
        import click

        click.echo(b"".join(parts), nl=False)
