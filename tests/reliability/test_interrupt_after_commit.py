"""A command interrupted just after its commit says it was recorded; just before, rolled back.

Ctrl-C or SIGTERM can land after the transaction committed and before the
read models' catch-up began (while the transaction or the journal mode is
put back): the ledger then holds every decision, and the command must say
so, not "rolled back" (which invites a duplicate run). These tests put the
interruption exactly there, and just before the commit, for an import (a
batch) and for a single decision.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from bench import generate
from portfolio_ledger.application.errors import InterruptedAfterRecording
from portfolio_ledger.application.importer import run_import
from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.cli.imports import read_lines
from tests.builders import propose
from tests.conftest import stored_events

LINES = 300


def _file(tmp_path: Path) -> Path:
    file = tmp_path / "decisions.jsonl"
    file.write_text("\n".join(generate.lines(LINES)) + "\n", encoding="utf-8")
    return file


def _interrupt(ledger: Any, monkeypatch: pytest.MonkeyPatch, *, committed: bool) -> None:
    """Raise KeyboardInterrupt as the batch's transaction ends: after its commit, or before.

    Only the batch's own (outermost) transaction: each page it stores joins it.
    """
    appending = ledger.event_log.appending
    depth = [0]

    @contextmanager
    def interrupted(**options: Any) -> Iterator[Any]:
        depth[0] += 1
        try:
            with appending(**options) as head:
                yield head
                if depth[0] == 1 and not committed:
                    raise KeyboardInterrupt  # inside the transaction: it rolls back
        finally:
            depth[0] -= 1
        if depth[0] == 0 and committed:
            raise KeyboardInterrupt  # committed; the catch-up has not begun

    monkeypatch.setattr(ledger.event_log, "appending", interrupted)


def _raised(ledger: Any, file: Path | None) -> BaseException | None:
    """What the import (or, with no file, one decision) raised.

    Caught here: a KeyboardInterrupt let out would stop pytest.
    """
    try:
        if file is None:
            ledger.handle(propose("SINGLE-1"))
        else:
            run_import(ledger, read_lines(file, {}))
    except KeyboardInterrupt as interrupted:
        return interrupted
    return None


WHEN = {
    "after the commit: recorded, all kept": (True, InterruptedAfterRecording, True),
    "before it: rolled back, nothing kept": (False, KeyboardInterrupt, False),
}


@pytest.mark.parametrize("what", ["an import", "one decision"])
@pytest.mark.parametrize("when", list(WHEN))
def test_an_interruption_says_what_the_ledger_holds(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, when: str, what: str
) -> None:
    committed, said, kept = WHEN[when]
    file = _file(tmp_path) if what == "an import" else None
    ledger, _models = open_ledger(db_url)
    _interrupt(ledger, monkeypatch, committed=committed)
    raised = _raised(ledger, file)
    ledger.close()
    assert type(raised) is said
    assert stored_events(db_url) == ((LINES if file else 1) if kept else 0)
