"""A read of several statements reads one snapshot, and can be opened wherever a read can.

``Projections.reading`` holds one snapshot for its statements
(``storage/snapshot.py``). On PostgreSQL that is ``REPEATABLE READ``, which a
transaction can only be set to before its first query: a read opened inside
a transaction of the ledger's that has already read must still read (in that
transaction, as it stands), not fail with "SET TRANSACTION ISOLATION LEVEL
must be called before any query".
"""

from __future__ import annotations

import threading

from sqlalchemy import text

from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.projections.runner import Projections
from tests.builders import approved_item, propose

COUNT = "SELECT count(*) FROM portfolio_items"


def record(url: str) -> None:
    """Another writer: propose an item and bring the read models up to it."""
    other, other_models = open_ledger(url)
    try:
        other.handle(propose("PRJ-002"))
        other_models.catch_up()
    finally:
        other.close()


def test_a_read_opened_inside_a_transaction_that_has_read_reads(
    opened: tuple[PortfolioLedger, Projections],
) -> None:
    ledger, models = opened
    approved_item(ledger, "PRJ-001")
    models.catch_up()

    with models.tracking.transaction(commit=False) as session:  # any of the ledger's
        assert session.execute(text("SELECT 1")).scalar() == 1  # the transaction has begun
        with models.reading() as reading:
            assert reading.execute(text(COUNT)).scalar() == 1


def test_a_read_nested_in_a_read_reads_the_same_snapshot(
    opened: tuple[PortfolioLedger, Projections],
) -> None:
    ledger, models = opened
    approved_item(ledger, "PRJ-001")

    with models.reading() as outer:
        assert outer.execute(text(COUNT)).scalar() == 1
        with models.reading() as inner:
            assert inner.execute(text(COUNT)).scalar() == 1


def test_a_read_does_not_see_what_another_process_records_while_it_reads(
    opened: tuple[PortfolioLedger, Projections], db_url: str
) -> None:
    ledger, models = opened
    approved_item(ledger, "PRJ-001")

    with models.reading() as reading:
        assert reading.execute(text(COUNT)).scalar() == 1
        recording = threading.Thread(target=record, args=(db_url,))  # a context of its own
        recording.start()
        recording.join()
        assert reading.execute(text(COUNT)).scalar() == 1  # the snapshot it began with
    with models.reading() as reading:
        assert reading.execute(text(COUNT)).scalar() == 2
