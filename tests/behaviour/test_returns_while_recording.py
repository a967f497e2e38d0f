"""A return compared with the portfolio while another process records is compared again.

The portfolio a return is compared with (to find the items it leaves out, and
rows with no id by name) is read from the read models before the import takes
the append lock. An item another process onboarded in between was missed: with
``--missing leave`` it neither left nor was listed missing.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from portfolio_ledger.application.errors import InterruptedAfterRecording
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.application.reconcile import ATTEMPTS
from portfolio_ledger.application.selection import ItemFilter, Moment
from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.domain.errors import LedgerError
from portfolio_ledger.projections.read_side import ReadSide
from portfolio_ledger.projections.runner import Projections
from portfolio_ledger.returns.importing import ReturnAsked, import_return
from tests.behaviour.test_returns_refusals import write
from tests.builders import propose
from tests.conftest import Cli

HEADER = (
    "key,title,kind,organisation,category,owner,sponsor,stage,whole_life_cost,forecast_cost,rag"
)


def row(key: str) -> str:
    return f"{key},Item {key},project,HMRC,Digital,,,in delivery,100,,green"


def onboard(run: Cli, key: str, name: str) -> None:
    """Another process onboards ``key`` (a return of its own, as at the first quarter)."""
    done = run("returns", "import", str(write(name, HEADER, row(key))), "--as-at", "2026-03-31",
               "--authority", "PMO")  # fmt: skip
    assert done.exit_code == 0, done.output


class Interleaved:
    """The read side, with another process recording right after each of its first reads."""

    def __init__(self, reader: ReadSide, run: Cli, keys: list[str]) -> None:
        self.reader, self.run, self.keys = reader, run, keys

    def portfolio(
        self, moment: Moment, where: ItemFilter | None = None
    ) -> Sequence[Mapping[str, Any]]:
        found = self.reader.portfolio(moment, where)
        if self.keys:
            key = self.keys.pop(0)
            onboard(self.run, key, f"{key}.csv")
        return found


def asked(file: Path) -> ReturnAsked:
    return ReturnAsked(file=file, as_at=date(2026, 6, 30), actor="ann", role="PMO",
                       authority="PMO", missing="leave")  # fmt: skip


@pytest.fixture
def opened_with(opened: tuple[PortfolioLedger, Projections], run: Cli) -> tuple[Any, ...]:
    onboard(run, "P-1", "q1.csv")
    ledger, models = opened
    return ledger, ReadSide(ledger, models), run


def test_an_item_that_joins_while_the_return_is_read_is_compared_too(
    opened_with: tuple[Any, ...],
) -> None:
    ledger, reader, run = opened_with
    q2 = write("q2.csv", HEADER, row("P-1"))

    found = import_return(ledger, Interleaved(reader, run, ["P-9"]), asked(q2))

    assert found.reconciliation.refusals == []
    assert [m.key for m in found.reconciliation.missing] == ["P-9"]
    assert run("item", "show", "P-9", "--json").output.count('"stage": "left"') == 1


def test_a_ledger_that_keeps_changing_refuses_the_return_and_writes_nothing(
    opened_with: tuple[Any, ...],
) -> None:
    ledger, reader, run = opened_with
    q2 = write("q2.csv", HEADER, row("P-1"))
    keys = [f"P-{n}" for n in range(10, 10 + ATTEMPTS)]
    events = run.events()

    with pytest.raises(LedgerError, match="changed each of the 5 times"):
        import_return(ledger, Interleaved(reader, run, keys), asked(q2))

    assert run.events() == events + ATTEMPTS  # the other process's onboardings only


class ThenInterrupted(Interleaved):
    """As Interleaved; then Ctrl-C meets the next catch-up (the import's, to compare again)."""

    def __init__(self, opened: tuple[Any, ...], monkeypatch: pytest.MonkeyPatch) -> None:
        _, reader, run = opened
        super().__init__(reader, run, ["P-9"])
        self.monkeypatch = monkeypatch

    def portfolio(
        self, moment: Moment, where: ItemFilter | None = None
    ) -> Sequence[Mapping[str, Any]]:
        found = super().portfolio(moment, where)  # another process onboards P-9 meanwhile

        def catch_up(_self: Projections, *_args: Any, **_kwargs: Any) -> int:
            raise KeyboardInterrupt

        self.monkeypatch.setattr(Projections, "catch_up", catch_up)
        return found


def test_ctrl_c_while_catching_up_to_compare_again_says_nothing_was_recorded(
    opened_with: tuple[Any, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger, _, run = opened_with
    q2 = write("q2.csv", HEADER, row("P-1"))
    events = run.events()

    # Not InterruptedAfterRecording ("Interrupted after the command's decisions were
    # recorded"): nothing of the return was recorded.
    with pytest.raises(KeyboardInterrupt) as interrupted:
        import_return(ledger, ThenInterrupted(opened_with, monkeypatch), asked(q2))

    assert not isinstance(interrupted.value, InterruptedAfterRecording)
    monkeypatch.undo()
    assert run.events() == events + 1  # the other process's onboarding only


def test_the_positions_said_are_the_returns_own_when_another_process_records_meanwhile(
    db_url: str, run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    onboard(run, "P-1", "q1.csv")  # position 1
    q2 = write("q2.csv", HEADER, row("P-1"))
    read = ReadSide.portfolio
    others: list[int] = []

    def recorded_elsewhere_after_the_read(
        reader: ReadSide, moment: Moment, where: ItemFilter | None = None
    ) -> Sequence[Mapping[str, Any]]:
        found = read(reader, moment, where)
        if not others:  # another process records a proposal (position 2), once

            def record() -> None:
                other, _ = open_ledger(db_url)
                try:
                    others.append(other.handle(propose("PRJ-999")).position or 0)
                finally:
                    other.close()

            thread = threading.Thread(target=record)
            thread.start()
            thread.join()
        return found

    monkeypatch.setattr(ReadSide, "portfolio", recorded_elsewhere_after_the_read)
    result = run("returns", "import", str(q2), "--as-at", "2026-06-30", "--authority", "PMO")
    monkeypatch.undo()

    assert result.exit_code == 0, result.output
    assert others == [2]
    # The return's one status report is at 3; before, "positions 2 to 3" took in the other's.
    assert "Recorded 1 event (position 3)" in result.output, result.output
