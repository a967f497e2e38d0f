"""verify-export reads the events of rows in earlier words many at a time, not one by one.

An export of 100,000 rows made before a change of words may differ from
today's words in most of them; one read of the ledger per row made its check
take 40 s more on SQLite (and a round trip each on PostgreSQL).
"""

from __future__ import annotations

from typing import Any

from portfolio_ledger.audit.export_check import EarlierWords
from portfolio_ledger.domain.change_words import words_in_use


class Event:
    """Says itself ``old`` in version 2's words, ``new`` in today's."""

    def describe(self) -> str:
        """Its summary in the words in use."""
        return "old" if words_in_use() == 2 else "new"


class Ledger:
    """A ledger of ``size`` such events that counts its reads."""

    def __init__(self, size: int) -> None:
        self.size, self.reads = size, 0

    def event_at(self, position: int) -> Any:
        """One event (one read)."""
        return self.events_from(position, 1).get(position)

    def events_from(self, start: int, limit: int) -> dict[int, Any]:
        """Up to ``limit`` events from ``start`` (one read)."""
        self.reads += 1
        return {n: Event() for n in range(start, min(start + limit, self.size + 1))}


def test_rows_in_earlier_words_are_checked_with_few_reads() -> None:
    ledger = Ledger(1_000)
    earlier = EarlierWords(ledger)  # type: ignore[arg-type]

    accepted = [earlier.accepts("summary", position, "old", "new") for position in range(1, 1_001)]

    assert all(accepted)
    assert ledger.reads <= 10
    assert earlier.said()[0].startswith(
        "Words: 1,000 rows' summaries are in the words of version 2"
    )


def test_a_row_past_the_ledger_or_in_no_words_is_not_accepted() -> None:
    earlier = EarlierWords(Ledger(5))  # type: ignore[arg-type]

    assert not earlier.accepts("summary", 3, "other", "new")
    assert not earlier.accepts("summary", 6, "old", "new")
    assert earlier.said() == []
