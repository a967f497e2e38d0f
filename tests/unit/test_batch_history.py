"""A batch on an empty ledger reads from the store only the histories of what it saved."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest

from portfolio_ledger.application.commands.governance import RegisterPerson
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.domain.keys import person_id


def _person(key: str) -> RegisterPerson:
    return RegisterPerson(
        key=key, name=key.title(), roles=("Clerk",), actor="ann", role="Clerk", rationale="R"
    )


def _counting_reads(ledger: PortfolioLedger, monkeypatch: pytest.MonkeyPatch) -> list[UUID]:
    reads: list[UUID] = []
    read = ledger.events.get

    def get(aggregate_id: UUID, *args: Any, **kwargs: Any) -> Any:
        reads.append(aggregate_id)
        return read(aggregate_id, *args, **kwargs)

    monkeypatch.setattr(ledger.events, "get", get)
    return reads


def test_an_empty_ledgers_batch_reads_only_what_it_saved(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger = PortfolioLedger(sqlite_url)
    reads = _counting_reads(ledger, monkeypatch)
    with ledger.batch(write=False) as batch:
        assert batch.started_empty
        assert list(batch.history(person_id("bob"))) == []
        assert reads == []  # nothing of bob's could be stored
        batch.handle(_person("bob"))
        batch.flush()
        batch.handle(_person("cat"))
        assert [e.originator_version for e in batch.history(person_id("bob"))] == [1]
        assert [e.originator_version for e in batch.history(person_id("cat"))] == [1]
        # bob's (asked for before) was kept and grew as he was saved; cat's is read as before
        assert reads == [person_id("cat")]
    ledger.close()


def test_a_batch_on_a_ledger_with_events_reads_the_store_as_before(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger = PortfolioLedger(sqlite_url)
    with ledger.batch() as batch:
        batch.handle(_person("bob"))
    reads = _counting_reads(ledger, monkeypatch)
    with ledger.batch(write=False) as batch:
        assert not batch.started_empty
        assert list(batch.history(person_id("dan"))) == []
        assert [e.originator_version for e in batch.history(person_id("bob"))] == [1]
        assert reads == [person_id("dan"), person_id("bob")]
    ledger.close()
