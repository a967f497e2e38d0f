"""Verification's bulk walk (``_Walk.sound``) finds every fault the event-by-event walk finds.

Verification takes the events that are plainly sound in bulk and leaves the
first one that is not to the checks one event at a time. These tests alter
one value of one event as read (each value :class:`ChainedEvent` carries, at
the first position, in the middle, at a page's edges and at the end) and
require the same verdict, at the same position, as the event-by-event walk
alone gives; and, through the database, that an event, chain or tree row
altered in the middle of a page is still named.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from portfolio_ledger.application.chain import GENESIS, ChainedEvent, next_link
from portfolio_ledger.application.collector import COLLECT_AFTER
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.application.tree import Frontier
from portfolio_ledger.audit import verify as verifying
from portfolio_ledger.audit.problems import Problem
from portfolio_ledger.audit.tree_check import TreeWalk
from portfolio_ledger.storage.urls import normalise_url
from tests.builders import bulk_history

PAGE = 7
"""A page this short puts page edges inside the test ledger's events."""


@dataclass
class Altered:
    """The ledger's store, but its events (as read) replaced by these."""

    store: Any
    events: list[ChainedEvent]
    pages: list[int] = field(default_factory=list)

    def select_chained(self, after: int | None, limit: int) -> list[ChainedEvent]:
        later = [e for e in self.events if after is None or e.position > after]
        self.pages.append(len(later[:limit]))
        return later[:limit]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


def stepwise(store: Any, events: list[ChainedEvent]) -> tuple[Problem | None, int, bytes]:
    """The event-by-event walk alone (as verification was before the bulk one)."""
    walk = verifying._Walk(store, None, (), None, TreeWalk.asking(()))
    for event in events:
        problem = walk.step(event)
        if problem is not None:
            return problem, walk.position, walk.link
    return walk.finish(None), walk.position, walk.link


def _set(name: str, value: Callable[[Any], Any]) -> Callable[[ChainedEvent], ChainedEvent]:
    return lambda event: event._replace(**{name: value(getattr(event, name))})


def _flip(data: bytes, at: int = -1) -> bytes:
    flipped = bytearray(data)
    flipped[at] ^= 1
    return bytes(flipped)


ALTERATIONS: dict[str, Callable[[ChainedEvent], ChainedEvent]] = {
    "state byte": _set("state", _flip),
    "state as text": _set("state", lambda state: state.decode("utf-8")),
    "state as memoryview": _set("state", memoryview),
    "topic": _set("topic", lambda topic: topic + "x"),
    "aggregate": _set("originator_id", lambda aggregate: _flip(aggregate, 0)),
    "version": _set("version", lambda version: version + 1),
    "link": _set("link", lambda link: ("0" if link[0] != "0" else "1") + link[1:]),
    "no link": _set("link", lambda _: None),
    "linked id": _set("linked_id", lambda linked: ("0" if linked[0] != "0" else "1") + linked[1:]),
    "no chain record": lambda event: event._replace(link=None, linked_id=None, linked_version=None),
    "linked version": _set("linked_version", lambda version: version + 1),
    "linked version as text": _set("linked_version", str),
    "no recorded time": _set("recorded_at", lambda _: None),
    "recorded back-dated": _set("recorded_at", lambda at: at - timedelta(days=1)),
    "recorded later": _set("recorded_at", lambda at: at + timedelta(microseconds=1)),
    "tree leaf": _set("tree_row", lambda row: _flip(row, 0)),
    "tree node": _set("tree_row", _flip),
    "tree row longer": _set("tree_row", lambda row: row + bytes(32)),
    "tree row shorter": _set("tree_row", lambda row: row[:-1]),
    "no tree row": _set("tree_row", lambda _: None),
    "position": _set("position", lambda position: position + 1),
}


def relinked(events: list[ChainedEvent], start: int) -> list[ChainedEvent]:
    """The events with every link and tree row from ``start`` on recomputed, as a forger would."""
    frontier, link, again = Frontier(), GENESIS, []
    for index, event in enumerate(events):
        record = event.record()
        link = next_link(link, record)
        row = b"".join(frontier.append(record))
        again.append(event._replace(link=link.hex(), tree_row=row) if index >= start else event)
    return again


@pytest.fixture(scope="module")
def recorded(module_db_url: str) -> tuple[str, list[ChainedEvent]]:
    ledger = PortfolioLedger(module_db_url)
    try:
        bulk_history(ledger, 3, 8)
        events = ledger.chain.select_chained(None, 1000)
    finally:
        ledger.close()
    assert len(events) == 24
    return module_db_url, events


@pytest.mark.parametrize("alteration", sorted(ALTERATIONS))
def test_each_altered_value_is_named_as_the_event_by_event_walk_names_it(
    recorded: tuple[str, list[ChainedEvent]], alteration: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, events = recorded
    monkeypatch.setattr(verifying, "PAGE_SIZE", PAGE)
    ledger = PortfolioLedger(url)
    try:
        for index in (0, 1, PAGE - 1, PAGE, 11, 2 * PAGE, len(events) - 1):
            altered = list(events)
            altered[index] = ALTERATIONS[alteration](events[index])
            store = Altered(ledger.chain, altered)
            result = verifying.verify(store)
            problem, position, link = stepwise(ledger.chain, altered)
            assert (result.problem, result.checked, result.head.link) == (
                problem,
                position,
                link,
            ), (alteration, index)
            assert len(store.pages) > index // PAGE  # the pages before it were read
    finally:
        ledger.close()


@pytest.mark.parametrize("alteration", ["position", "state byte", "recorded back-dated"])
def test_an_altered_event_with_everything_after_it_relinked_is_named_as_step_names_it(
    recorded: tuple[str, list[ChainedEvent]], alteration: str
) -> None:
    url, events = recorded
    ledger = PortfolioLedger(url)
    try:
        for index in (0, 11, len(events) - 1):
            altered = list(events)
            altered[index] = ALTERATIONS[alteration](events[index])
            altered = relinked(altered, index)
            result = verifying.verify(Altered(ledger.chain, altered))
            problem, position, link = stepwise(ledger.chain, altered)
            assert (result.problem, result.checked, result.head.link) == (problem, position, link)
            # A relinked change passes the chain alone, and a back-dated first event is no fault.
            passes = alteration == "state byte" or (
                alteration == "recorded back-dated" and index == 0
            )
            assert (problem is None) == passes
    finally:
        ledger.close()


def test_an_unaltered_ledger_walks_in_bulk_to_the_same_head(
    recorded: tuple[str, list[ChainedEvent]],
) -> None:
    url, events = recorded
    ledger = PortfolioLedger(url)
    try:
        walk = verifying._Walk(ledger.chain, None, (), None, TreeWalk.asking(()))
        assert walk.sound(events, 0) == len(events)  # every event taken in bulk
        assert (None, walk.position, walk.link) == stepwise(ledger.chain, events)
    finally:
        ledger.close()


@pytest.mark.parametrize(
    ("table", "column", "kind"),
    [
        ("portfolio_ledger_events", "state", "changed"),
        ("portfolio_ledger_chain", "hash", "changed"),
        ("portfolio_ledger_tree", "hashes", "tree altered"),
    ],
)
def test_a_row_altered_in_the_database_mid_page_is_named_at_its_position(
    db_url: str, table: str, column: str, kind: str
) -> None:
    ledger = PortfolioLedger(db_url)
    bulk_history(ledger, 3, 8)
    ledger.close()
    position = 12  # its tree row holds three hashes: byte 40 is in the second
    key = "id" if table == "portfolio_ledger_events" else "position"
    engine = create_engine(normalise_url(db_url))
    with engine.begin() as connection:
        value = connection.execute(
            text(f"SELECT {column} FROM {table} WHERE {key} = :p"), {"p": position}
        ).scalar_one()
        if isinstance(value, str):  # the chain's hex link
            changed: Any = ("0" if value[0] != "0" else "1") + value[1:]
        else:
            changed = _flip(bytes(value), 40 if table == "portfolio_ledger_tree" else -1)
        connection.execute(
            text(f"UPDATE {table} SET {column} = :v WHERE {key} = :p"),
            {"v": changed, "p": position},
        )
    engine.dispose()
    ledger = PortfolioLedger(db_url)
    try:
        result = verifying.verify(ledger.chain)
    finally:
        ledger.close()
    assert result.problem is not None
    assert (result.problem.position, result.problem.kind, result.checked) == (
        position,
        kind,
        position - (kind == "changed"),
    )


@dataclass
class Watched(Altered):
    """A store that notes the collector's thresholds as each page is read, or fails."""

    seen: list[tuple[int, int, int]] = field(default_factory=list)
    fails: bool = False

    def select_chained(self, after: int | None, limit: int) -> list[ChainedEvent]:
        self.seen.append(gc.get_threshold())
        if self.fails:
            raise OSError("the database went away")
        return super().select_chained(after, limit)


def test_a_verification_collects_less_often_and_restores_the_thresholds(
    recorded: tuple[str, list[ChainedEvent]],
) -> None:
    url, events = recorded
    ledger = PortfolioLedger(url)
    before = gc.get_threshold()
    try:
        store = Watched(ledger.chain, events)
        assert verifying.verify(store).ok
        with pytest.raises(OSError, match="went away"):
            verifying.verify(Watched(ledger.chain, events, fails=True))
    finally:
        ledger.close()
    assert store.seen == [(COLLECT_AFTER, *before[1:])] * 2
    assert gc.get_threshold() == before
