"""A decision interrupted before its commit, while another process records on the same item.

Ctrl-C or SIGTERM on a command waiting for the append lock (behind another
writer) rolls it back. The command then asks the store whether its decision
landed after all. It asked only whether the item's next version was stored:
if the writer it waited behind had recorded a decision on the same item,
that version was the other's, and the command said *Interrupted after the
command's decisions were recorded* of a decision that was never stored (so
nobody re-ran it). Here the other decision is recorded, from another ledger
on its own thread (another process's), just as the first is interrupted
before its commit.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from portfolio_ledger.application import commands as c
from portfolio_ledger.application.errors import InterruptedAfterRecording
from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.domain.keys import item_id
from tests.builders import approved_item, decision


def _record_elsewhere(url: str) -> None:
    """Another process's decision on PRJ-001, committed before this one's interruption."""

    def run() -> None:
        other, _ = open_ledger(url)
        try:
            other.handle(decision(c.ReportStatus, overall="red", rationale="The other writer."))
        finally:
            other.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()


def test_an_interrupted_decision_is_not_said_recorded_for_another_s_at_its_version(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger, _ = open_ledger(db_url)
    approved_item(ledger)
    versions = len(list(ledger.events.get(item_id("PRJ-001"))))

    appending = ledger.event_log.appending

    @contextmanager
    def interrupted(**options: Any) -> Iterator[Any]:
        _record_elsewhere(db_url)  # the writer this one waits behind, on the same item
        if versions:  # always: Ctrl-C as it lets go of the lock; nothing of this one stored
            raise KeyboardInterrupt
        with appending(**options) as head:
            yield head

    monkeypatch.setattr(ledger.event_log, "appending", interrupted)
    said: BaseException | None = None
    try:
        ledger.handle(decision(c.ReportStatus, overall="green", rationale="This writer."))
    except KeyboardInterrupt as interrupted_as:  # caught here: let out, it would stop pytest
        said = interrupted_as
    finally:
        monkeypatch.undo()
    try:
        stored = list(ledger.events.get(item_id("PRJ-001")))
    finally:
        ledger.close()

    assert type(said) is KeyboardInterrupt, said  # rolled back: not InterruptedAfterRecording
    assert not isinstance(said, InterruptedAfterRecording)
    assert len(stored) == versions + 1
    assert stored[-1].decision.rationale == "The other writer."  # type: ignore[attr-defined]
