"""stdout written in parts (`portfolio --json`): whole, in order, quiet when its reader goes."""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from portfolio_ledger.cli import streams

PARTS = [f"part {n:05} {'x' * (n % 300)}\n".encode() for n in range(3000)]  # three writev calls


@contextmanager
def guarded_pipe() -> Iterator[tuple[streams._GuardedStream, list[bytes]]]:
    """A guarded stream on a pipe, and what a reader thread read from it once it is closed."""
    reading, writing = os.pipe()
    stream = streams._GuardedStream(io.BufferedWriter(io.FileIO(writing, "w")), encoding="utf-8")
    read: list[bytes] = []

    def reader() -> None:
        with io.FileIO(reading, "r") as source:
            while chunk := source.read(1 << 16):
                read.append(chunk)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        yield stream, read
    finally:
        stream.close()
        thread.join()


def test_the_parts_arrive_whole_and_after_what_was_written_before() -> None:
    with guarded_pipe() as (stream, read):
        stream.write("before\n")
        stream.write_parts(PARTS)
        stream.write("after\n")
    assert b"".join(read) == b"before\n" + b"".join(PARTS) + b"after\n"


def test_writes_cut_short_are_finished(monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.writev
    calls: list[int] = []

    def short(descriptor: int, buffers: Any) -> int:
        joined = b"".join(buffers)
        calls.append(len(joined))
        return real(descriptor, [joined[: len(joined) // 3 + 1]])  # a third, as a signal might

    monkeypatch.setattr(os, "writev", short)
    with guarded_pipe() as (stream, read):
        stream.write_parts(PARTS)
    assert len(calls) == 3
    assert b"".join(read) == b"".join(PARTS)


def test_a_reader_that_leaves_ends_the_output_quietly() -> None:
    reading, writing = os.pipe()
    stream = streams._GuardedStream(io.BufferedWriter(io.FileIO(writing, "w")), encoding="utf-8")
    os.close(reading)  # the reader has gone before the first part

    stream.write_parts(PARTS)  # no BrokenPipeError
    stream.write("more\n")
    stream.flush()

    assert os.path.samestat(os.fstat(writing), Path(os.devnull).stat())
    stream.close()


def test_a_stream_that_is_not_guarded_gets_the_parts_joined(
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    streams.write_parts(PARTS[:5])
    assert capsysbinary.readouterr().out == b"".join(PARTS[:5])
