"""Keys, receipts and checkpoints read from pipes: read whole, and never without end.

An auditor may hand a key over by process substitution (``--key <(curl ...)``
names ``/dev/fd/63``, a pipe, not a regular file), and a file that is not what
it claims may be a device or a pipe that never ends.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from portfolio_ledger.application import files
from portfolio_ledger.audit import manifest
from portfolio_ledger.cli import keyfiles
from tests.behaviour.test_proofs import Signed, signed_ledger
from tests.behaviour.test_tamper import first_part
from tests.conftest import Cli


@pytest.fixture
def signed(run: Cli, tmp_path: Path) -> Signed:
    return signed_ledger(run, tmp_path, first_part)


def _feed(fifo: Path, data: bytes) -> None:
    try:
        with fifo.open("wb") as pipe:  # waits for a reader: no timing involved
            pipe.write(data)
    except BrokenPipeError:  # the reader stopped reading: what a bounded read does
        pass


@contextmanager
def piped(fifo: Path, data: bytes) -> Iterator[Path]:
    """A named pipe a thread writes ``data`` into, once the command opens it."""
    os.mkfifo(fifo)
    writer = threading.Thread(target=_feed, args=(fifo, data), daemon=True)
    writer.start()
    try:
        yield fifo
    finally:
        if writer.is_alive():  # never opened by the command: open it, so the writer ends
            os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))
        writer.join()


def test_a_verifier_key_given_as_a_pipe_is_read_from_it(signed: Signed, tmp_path: Path) -> None:
    receipt = tmp_path / "receipt.json"
    assert signed("audit", "prove", "3", "--out", str(receipt)).exit_code == 0
    with piped(tmp_path / "key.pipe", signed.public.read_bytes()) as key:
        result = signed("audit", "verify-receipt", str(receipt), "--key", str(key))
    # It was taken for the key's text and refused: "(and no file of that name exists)".
    assert result.exit_code == 0, result.output
    assert "OK: the event at position 3" in result.output


def test_a_pipe_with_more_than_any_receipt_holds_is_refused_unread_past_the_limit(
    signed: Signed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A pipe has no size to check first: /dev/zero was read until memory ran out.
    monkeypatch.setattr(keyfiles, "MAX_DOCUMENT", 1000)
    with piped(tmp_path / "endless.pipe", b"{" * 100_000) as endless:
        result = signed("audit", "verify-receipt", str(endless), "--key", str(signed.public))
    said = " ".join(result.output.split())
    assert result.exit_code == 1, result.output
    # It named the file and what it is not, but neither the limit nor what to give.
    assert f"too large to be a receipt (more than {1000 / (1 << 20):g} MiB;" in said
    assert "give the receipt file itself" in said


def test_a_manifest_from_a_pipe_with_no_end_is_refused_unread_past_the_limit(
    signed: Signed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export = tmp_path / "trail.csv"
    assert signed("audit", "export", "--format", "csv", "--out", str(export)).exit_code == 0
    monkeypatch.setattr(manifest, "MAX_DOCUMENT", 1000)
    with piped(tmp_path / "endless.pipe", b" " * 100_000) as endless:
        result = signed("audit", "verify-export", str(export), "--manifest", str(endless))
    assert result.exit_code == 1, result.output
    assert "too large to be an export's manifest" in result.output


def test_a_checkpoint_saved_with_windows_line_ends_is_still_the_note_signed(
    signed: Signed, tmp_path: Path
) -> None:
    copy = tmp_path / "checkpoint-crlf.txt"
    copy.write_bytes(signed.checkpoints[0].read_bytes().replace(b"\n", b"\r\n"))
    result = signed.verify("--checkpoint", str(copy))
    assert result.exit_code == 0, result.output


def _late(fifo: Path, data: bytes, after: float) -> threading.Thread:
    """A writer that opens the pipe ``after`` seconds from now, as a slow program does."""
    os.mkfifo(fifo)

    def feed() -> None:
        threading.Event().wait(after)
        _feed(fifo, data)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    return writer


def test_a_pipe_no_program_writes_to_is_refused_not_waited_on_for_ever(
    signed: Signed, run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A named pipe with no writer, given as a key, a receipt, a manifest, rules or a mapping,
    hung the command for ever (h2's fuzzing); it is awaited a few seconds, then refused."""
    monkeypatch.setattr(files, "PIPE_WAIT_SECONDS", 0.3)
    receipt = tmp_path / "receipt.json"
    assert signed("audit", "prove", "3", "--out", str(receipt)).exit_code == 0
    silent = tmp_path / "silent.pipe"
    os.mkfifo(silent)
    before = run.events()

    for argv in (
        ["audit", "verify-receipt", str(receipt), "--key", str(silent)],
        ["audit", "verify-receipt", str(silent), "--key", str(signed.public)],
        [
            "report",
            "board-pack",
            "--as-at",
            "2026-01-01",
            "--rules",
            str(silent),
            "--out",
            str(tmp_path / "p.html"),
        ],
        [
            "returns",
            "import",
            str(receipt),
            "--as-at",
            "2026-01-01",
            "--mapping",
            str(silent),
            "--authority",
            "PMO",
            "--dry-run",
        ],
    ):
        result = signed(*argv)
        said = " ".join(result.output.split())
        assert result.exit_code in (1, 2), (argv, result.output)
        assert "Traceback" not in result.output
        assert f"{silent}" in said, argv
        assert "a pipe no program wrote to in 0.3 s" in said, (argv, said)
    assert run.events() == before


def test_a_pipe_whose_writer_comes_a_moment_later_is_read(
    signed: Signed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "PIPE_WAIT_SECONDS", 5.0)
    receipt = tmp_path / "receipt.json"
    assert signed("audit", "prove", "3", "--out", str(receipt)).exit_code == 0
    key = tmp_path / "late.pipe"
    writer = _late(key, signed.public.read_bytes(), after=0.5)

    result = signed("audit", "verify-receipt", str(receipt), "--key", str(key))

    writer.join()
    assert result.exit_code == 0, result.output
    assert "OK: the event at position 3" in result.output


def test_an_unnamed_pipe_is_waited_on_however_slow_its_writer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``--key <(curl ...)`` names /dev/fd/N, a pipe whose writer is there from the start:
    a slow first byte (a network) is not a pipe no program writes to."""
    monkeypatch.setattr(files, "PIPE_WAIT_SECONDS", 0.1)
    read_end, write_end = os.pipe()

    def slow() -> None:
        threading.Event().wait(0.5)
        os.write(write_end, b"key text")
        os.close(write_end)

    writer = threading.Thread(target=slow, daemon=True)
    writer.start()
    try:
        assert files.read_small(Path(f"/dev/fd/{read_end}"), 100) == b"key text"
    finally:
        writer.join()
        os.close(read_end)
