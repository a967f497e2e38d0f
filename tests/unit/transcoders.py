"""The transcoder as the ledger has it, and a generated ledger's stored events, for codec tests."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from eventsourcing.persistence import DatetimeAsISO, DecimalAsStr, Notification, UUIDAsHex

from bench import generate
from portfolio_ledger.application.importer import run_import
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.cli.imports import read_lines
from portfolio_ledger.storage.transcodings import LedgerTranscoder


def ledger_transcoder() -> LedgerTranscoder:
    """The library's base transcodings and the domain's (the domain's register themselves)."""
    transcoder = LedgerTranscoder()
    for base in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        transcoder.register(base)
    return transcoder


@contextmanager
def generated_ledger(folder: Path, lines: int = 3000) -> Iterator[PortfolioLedger]:
    """A ledger on SQLite in ``folder`` holding a generated history of ``lines`` events."""
    file = folder / "history.jsonl"
    generate.write(file, lines)
    ledger = PortfolioLedger(f"sqlite:///{folder / 'ledger.db'}")
    try:
        assert not run_import(ledger, read_lines(file, {})).refusals
        yield ledger
    finally:
        ledger.close()


def stored(ledger: PortfolioLedger) -> tuple[Sequence[Notification], LedgerTranscoder]:
    """Every stored event of the ledger (up to 5,000), and its transcoder."""
    transcoder = ledger.mapper.transcoder
    assert isinstance(transcoder, LedgerTranscoder)
    return ledger.recorder.select_notifications(start=1, limit=5000), transcoder
