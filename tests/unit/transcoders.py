"""The transcoder as the ledger's application has it, for tests of encoding and decoding."""

from __future__ import annotations

from eventsourcing.persistence import DatetimeAsISO, DecimalAsStr, UUIDAsHex

from portfolio_ledger.storage.transcodings import LedgerTranscoder


def ledger_transcoder() -> LedgerTranscoder:
    """The library's base transcodings and the domain's (the domain's register themselves)."""
    transcoder = LedgerTranscoder()
    for base in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        transcoder.register(base)
    return transcoder
