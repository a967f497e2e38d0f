"""Returns made hostile: a named pipe nobody writes to, a workbook that unzips to far more
than it holds (a zip bomb). Each is refused naming the file, what is wrong and what to do,
without waiting on the pipe or holding gigabytes, and nothing is written.
"""

from __future__ import annotations

import errno
import os
import threading
from pathlib import Path

import pytest

from tests.conftest import Cli


@pytest.fixture
def run(sqlite_url: str) -> Cli:
    return Cli(sqlite_url)


def _release_readers(fifo: Path, stop: threading.Event, opened: list[bool]) -> None:
    """Open ``fifo`` for writing whenever a reader waits on it, noting that one did.

    A reader's open waits for a writer: without this the command would wait for ever.
    """
    while not stop.wait(0.05):
        try:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        except OSError as error:
            if error.errno != errno.ENXIO:  # ENXIO: no reader has it open
                raise
        else:
            opened.append(True)


def test_a_return_named_as_a_pipe_nobody_writes_to_is_refused_unopened(
    run: Cli, tmp_path: Path
) -> None:
    """Opened to be told a pipe, the open waited for a writer: the command hung."""
    fifo = tmp_path / "return.xlsx"
    os.mkfifo(fifo)
    stop, opened = threading.Event(), list[bool]()
    releaser = threading.Thread(target=_release_readers, args=(fifo, stop, opened), daemon=True)
    releaser.start()

    result = run(
        "returns", "import", str(fifo), "--as-at", "2026-01-05", "--authority", "PMO",
    )  # fmt: skip
    stop.set()
    releaser.join()

    assert result.exit_code == 2, result.output
    assert f"{fifo} is not a file on disk (a pipe or a device)" in result.output
    assert opened == []  # never waited on
    assert not Path(run.url.removeprefix("sqlite:///")).exists()  # no ledger made
