"""The recorder's Core ``select_events`` and the ledger's repository give what the library's give.

Aggregates loaded together (``loaded_together``, many in a query) are those
the repository gives one at a time.

``storage/event_reading.py`` reads an aggregate's events without the ORM,
and ``application/repository.py`` folds them without the library's
per-event Protocol check: the same stored events, and the same aggregates,
for every combination of the arguments, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from itertools import product
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.application import Repository, project_aggregate
from eventsourcing_sqlalchemy.recorders import SQLAlchemyAggregateRecorder

from portfolio_ledger.application import commands as c
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.application.repository import loaded_together
from tests.builders import approved_item, decision


def _ledger(url: str) -> tuple[PortfolioLedger, list[Any]]:
    """A ledger with governance, two items and some decisions; every subject's id."""
    ledger = PortfolioLedger(url)
    approved_item(ledger, "PRJ-001")
    approved_item(ledger, "PRJ-002")
    for rank in (3, 1, 2):
        ledger.handle(decision(c.ReprioritiseItem, "PRJ-001", rank=rank))
    subjects = {n.originator_id for n in ledger.recorder.select_notifications(start=1, limit=999)}
    return ledger, sorted(subjects, key=str)


GT, LTE, LIMIT = (None, 0, 2), (None, 1, 4), (None, 1, 3)


def test_select_events_gives_the_library_s_stored_events(db_url: str) -> None:
    ledger, subjects = _ledger(db_url)
    library = SQLAlchemyAggregateRecorder.select_events
    try:
        compared = 0
        for subject, as_text in product(subjects, (False, True)):
            given = str(subject) if as_text else subject
            for gt, lte, desc, limit in product(GT, LTE, (False, True), LIMIT):
                options: dict[str, Any] = {"gt": gt, "lte": lte, "desc": desc, "limit": limit}
                ours = ledger.recorder.select_events(given, **options)
                theirs = library(ledger.recorder, given, **options)  # type: ignore[arg-type]
                assert ours == theirs, (subject, options)
                compared += bool(ours)
        assert compared > 100
    finally:
        ledger.close()


def test_the_repository_folds_what_the_library_s_folds(db_url: str) -> None:
    ledger, subjects = _ledger(db_url)
    library: Any = Repository(event_store=ledger.events)
    repository: Any = ledger.repository
    try:
        for subject in subjects:
            last = repository.get(subject).version
            for version in (None, 1, last):
                ours = repository.get(subject, version=version)
                theirs = library.get(subject, version=version, projector_func=project_aggregate)
                assert type(ours) is type(theirs)
                assert vars(ours) == vars(theirs)
            assert subject in ledger.repository
    finally:
        ledger.close()


def test_aggregates_loaded_together_are_those_the_repository_gives(db_url: str) -> None:
    ledger, subjects = _ledger(db_url)
    repository: Any = ledger.repository
    missing = uuid4()
    try:
        lasts = {subject: repository.get(subject).version for subject in subjects}
        for back in (None, 0, 1, "first"):  # the last version, one before, the first
            versions: dict[UUID, int | None] = {
                s: None if back is None else 1 if back == "first" else last - int(back)
                for s, last in lasts.items()
            }
            asked = {s: v for s, v in versions.items() if v != 0}
            asked[missing] = None
            found = loaded_together(ledger.event_log, asked, ledger.mapper.to_domain_event)
            assert set(found) == {s.int for s in asked if s != missing}
            for subject, version in asked.items():
                if subject != missing:
                    expected = repository.get(subject, version=version)
                    assert vars(found[subject.int]) == vars(expected), (subject, version)
        # A version the store does not hold (beyond the last) is left out, as absent ones are.
        beyond = {s: last + 1 for s, last in lasts.items()}
        assert loaded_together(ledger.event_log, beyond, ledger.mapper.to_domain_event) == {}
    finally:
        ledger.close()
