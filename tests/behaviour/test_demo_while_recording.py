"""The demo writes only into an empty ledger, even when another process records as it starts.

``demo`` looked at the ledger (empty? anything the demo makes there already?)
and then recorded its year in one transaction: another process recording in
between (a proposal, or a second ``demo``) was not seen. The demo then went
into a ledger that was no longer empty, or, beside another demo, failed
saying *person praman already exists ... Choose another key*, no fix for a
demo. The look is taken again inside the demo's transaction, under the
append lock. Here the other decision is recorded, from another ledger on
its own thread (another process's), just after the demo's first look.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest

from portfolio_ledger import demo as demo_package
from portfolio_ledger.bootstrap import open_ledger
from tests.builders import propose
from tests.conftest import Cli


def test_a_decision_recorded_as_the_demo_begins_stops_it_writing_nothing(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = Cli(db_url)
    assert run("init").exit_code == 0
    looked = demo_package.clashing_keys
    recorded: list[bool] = []

    def recorded_elsewhere_after_the_look(ledger: Any) -> list[str]:
        clashes = looked(ledger)
        if recorded:
            return clashes
        recorded.append(True)

        def record() -> None:
            other, _ = open_ledger(db_url)
            try:
                other.handle(propose("PRJ-999"))
            finally:
                other.close()

        thread = threading.Thread(target=record)
        thread.start()
        thread.join()
        return clashes

    monkeypatch.setattr(demo_package, "clashing_keys", recorded_elsewhere_after_the_look)
    result = run("demo")
    monkeypatch.undo()

    assert result.exit_code == 1, result.output
    assert "already holds 1 event;" in result.output
    assert "the demo writes only into an empty ledger" in result.output
    assert "Traceback" not in result.output
    assert run.events() == 1  # the other process's proposal, and nothing of the demo
