"""Interrupted once its decisions are committed, a command says they were recorded.

Ctrl-C or SIGTERM can land after the import's transaction committed, while
the read models catch up (a fast import of a few thousand lines is there
within seconds). Saying "rolled back" then would be false and would invite
a duplicate run; the catch-up is made to meet the interruption here.
"""

from __future__ import annotations

import json

import pytest

from portfolio_ledger.projections.runner import Projections
from tests.conftest import Cli


def interrupt_the_first_catch_up(monkeypatch: pytest.MonkeyPatch) -> None:
    real = Projections.catch_up
    calls: list[int] = []

    def catch_up(self: Projections, *args: object, **kwargs: object) -> int:
        calls.append(1)
        if len(calls) == 1:
            raise KeyboardInterrupt
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Projections, "catch_up", catch_up)


def test_an_import_interrupted_while_the_read_models_catch_up_says_it_was_recorded(
    run: Cli, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = tmp_path_factory.mktemp("lines") / "people.jsonl"
    lines.write_text(
        "\n".join(
            json.dumps({"command": "person add", "key": f"p{n}", "name": f"Person {n}",
                        "actor": "praman", "role": "PMO", "rationale": "Set up."})
            for n in range(5)
        ) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    assert run("init").exit_code == 0  # the ledger and its read models exist
    interrupt_the_first_catch_up(monkeypatch)

    result = run("import", str(lines))

    said = " ".join(result.output.split())
    assert result.exit_code == 130, result.output
    assert "Interrupted after the command's decisions were recorded" in said
    assert "rolled back" not in said
    assert run.events() == 5
    again = run("import", str(lines))
    assert "Already imported" in again.output
    assert "p4" in run("person", "list").output  # the read models caught up after all


def test_an_interruption_before_the_commit_still_says_rolled_back(
    run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from portfolio_ledger.application import ledger

    def interrupted(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    assert run("init").exit_code == 0  # the ledger and its read models exist
    monkeypatch.setattr(ledger.PortfolioLedger, "handle", interrupted)

    result = run("person", "add", "hcarter", "--name", "Helen Carter", "-m", "Joined.")

    assert result.exit_code == 130, result.output
    assert "rolled back" in result.output
    assert run.events() == 0


def test_a_driver_error_raised_as_an_interruption_unwinds_is_the_interruption(
    run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SIGTERM inside psycopg's pipeline: unwinding it, the driver failed with "cannot exit
    # pipeline mode while busy", and the command said "the database failed" (CI, PostgreSQL).
    from sqlalchemy.exc import OperationalError

    from portfolio_ledger.application import ledger

    def signal() -> None:
        raise KeyboardInterrupt

    def interrupted(*_: object, **__: object) -> None:
        try:
            signal()
        finally:  # the driver's clean-up, failing on the half-sent pipeline
            raise OperationalError("COMMIT", {}, Exception("cannot exit pipeline mode"))

    assert run("init").exit_code == 0  # the ledger and its read models exist
    monkeypatch.setattr(ledger.PortfolioLedger, "handle", interrupted)

    result = run("person", "add", "hcarter", "--name", "Helen Carter", "-m", "Joined.")

    assert result.exit_code == 130, result.output
    assert "rolled back" in result.output
    assert "database failed" not in result.output
    assert run.events() == 0
