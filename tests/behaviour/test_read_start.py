"""Read commands on current read models start without the write stack, and still read it all."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.domain.money import json_amount
from tests import ledger_copies
from tests.builders import propose
from tests.conftest import Cli

WRITE_STACK = (
    "sqlalchemy.orm",
    "eventsourcing_sqlalchemy",
    "sqlalchemy_utils",
    "eventsourcing.application",
    "portfolio_ledger.application.ledger",
)
LISTING_STACK = (
    *WRITE_STACK,
    "eventsourcing",
    "portfolio_ledger.domain.item",  # the aggregates and their event classes: replaying only
    "pydantic",  # the result models: what a read asks for is plain dataclasses
    "sqlalchemy.dialects.postgresql",  # an index's options named it: not on SQLite
)
PIPED_STACK = ("rich",)
RECORDS = ("portfolio_ledger.application.item_views",)
"""One item's records (``item show``, ``item history``): a listing prints kept texts."""
TODAY, TOMORROW = "{today}", "{tomorrow}"
"""In a command's parameters, the days as the test runs (:func:`dated`), not as it was
collected: a run that crossed midnight asked for 'tomorrow' when it had become today."""


def dated(command: tuple[str, ...]) -> tuple[str, ...]:
    """``command`` with today's and tomorrow's dates (UTC) as the test runs."""
    today = datetime.now(UTC).date()
    days = {"today": today.isoformat(), "tomorrow": (today + timedelta(days=1)).isoformat()}
    return tuple(part.format(**days) for part in command)


"""Not for JSON, nor for tables and fields printed plain (piped, or long)."""
PROBE = """
import atexit, runpy, sys
sys.argv = ["portfolio-ledger", *sys.argv[1:]]
loaded = lambda: sorted(m for m in STACK if m in sys.modules)
atexit.register(lambda: print(json.dumps(loaded()), file=sys.stderr))
runpy.run_module("portfolio_ledger", run_name="__main__")
"""
"""Run the command as ``python -m portfolio_ledger`` does; at exit, name what of STACK it loaded."""


def read_in_a_process(
    url: str, *args: str, stack: tuple[str, ...] = WRITE_STACK, exit_code: int = 0
) -> tuple[str, list[str]]:
    """Run a command as a process: what it printed, and which of ``stack`` it loaded.

    What it printed is its output, or for a refusal (``exit_code`` not 0) its error.
    """
    probe = f"import json\nSTACK = {stack!r}\n{PROBE}"
    done = subprocess.run(
        [sys.executable, "-c", probe, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PORTFOLIO_LEDGER_DB": url},
        check=False,
    )
    assert done.returncode == exit_code, done.stderr
    said = done.stderr.strip().splitlines()
    loaded: list[str] = json.loads(said[-1])
    return done.stdout if exit_code == 0 else "\n".join(said[:-1]), loaded


@pytest.fixture
def demo(run: Cli, request: pytest.FixtureRequest) -> Cli:
    """The demo, its read models caught up: a copy of the module's (tests/ledger_copies.py)."""
    ledger_copies.copy_of(ledger_copies.demo, run.url, request)
    return run


@pytest.mark.parametrize(
    "command",
    [
        ("portfolio", "--json"),
        ("portfolio",),
        ("portfolio", "ranking", "--json"),
        ("portfolio", "ranking", "--effective-on", "2026-03-31", "--format", "csv"),
        ("portfolio", "ranking"),
        ("economics", "--json"),
        ("economics",),
        ("audit", "trail", "--json"),
        ("audit", "trail", "--item", "PGM-002"),
        ("portfolio", "--as-of", TODAY),  # the title says the moment: no event class needed
        ("economics", "--as-of", f"{TODAY}T00:00:00.5Z", "--json"),
    ],
    ids=" ".join,
)
def test_a_read_of_current_read_models_loads_no_write_stack(
    demo: Cli, command: tuple[str, ...]
) -> None:
    stack = LISTING_STACK + RECORDS + PIPED_STACK
    command = dated(command)
    shown, loaded = read_in_a_process(demo.url, *command, stack=stack)

    if demo.url.startswith("postgresql"):
        loaded.remove("sqlalchemy.dialects.postgresql")  # its own dialect
    assert loaded == []
    assert shown == demo(*command).output


@pytest.mark.parametrize(
    "command",
    [
        ("portfolio", "--as-of", TOMORROW),
        ("portfolio", "--as-of", f"{TOMORROW}T09:30:00.5Z"),
        ("portfolio", "ranking", "--as-of", TOMORROW),
        ("economics", "--as-of", TOMORROW, "--json"),
        ("item", "show", "PGM-002", "--as-of", TOMORROW),
    ],
    ids=" ".join,
)
def test_a_moment_after_now_is_refused_before_the_write_stack_loads(
    demo: Cli, command: tuple[str, ...]
) -> None:
    # The refusal was right (exit 2) but loaded eventsourcing to say it: the clock it
    # asked lived beside the decision's event classes.
    said, loaded = read_in_a_process(demo.url, *dated(command), stack=LISTING_STACK, exit_code=2)

    assert loaded == []  # not even the database's dialect: refused as the command is read
    assert "is in the future" in said


@pytest.mark.parametrize(
    "command",
    [
        ("item", "show", "PGM-002"),
        ("item", "show", "PGM-002", "--json"),
        ("item", "history", "PGM-002", "--json"),
        ("item", "history", "PRJ-002", "--json"),
        ("item", "history", "PRJ-002"),  # a corrected decision, linked both ways
        ("item", "show", "pgm-002", "--effective-on", "2026-03-31", "--json"),
    ],
    ids=" ".join,
)
def test_one_item_is_read_from_its_events_without_the_write_stack(
    demo: Cli, command: tuple[str, ...]
) -> None:
    stack = WRITE_STACK + ("pydantic",) + (PIPED_STACK if "--json" in command else ())
    shown, loaded = read_in_a_process(demo.url, *command, stack=stack)

    assert loaded == []
    assert shown == demo(*command).output


@pytest.mark.parametrize(
    "command",
    [
        ("item", "history", "PGM-002", "--json"),
        ("item", "history", "PRJ-002", "--json"),  # a corrected decision, linked both ways
        ("item", "history", "PRJ-002"),
        ("item", "show", "PGM-002"),
        ("item", "show", "pgm-002", "--json"),
        ("item", "show", "PRJ-002", "--json"),  # a corrected decision
    ],
    ids=" ".join,
)
def test_one_item_is_read_from_its_trail_or_record_without_its_events_classes(
    demo: Cli, command: tuple[str, ...]
) -> None:
    """``item history`` from the audit trail's rows, ``item show`` from its kept record."""
    stack = LISTING_STACK + (PIPED_STACK if "--json" in command else ())
    shown, loaded = read_in_a_process(demo.url, *command, stack=stack)

    if demo.url.startswith("postgresql"):
        loaded.remove("sqlalchemy.dialects.postgresql")  # its own dialect
    assert loaded == []
    assert shown == demo(*command).output


def test_every_item_s_history_from_the_trail_is_what_its_events_say(demo: Cli) -> None:
    """The audit trail's rows make the very entries the events make (mandates in their order)."""
    from portfolio_ledger.domain.keys import item_id
    from portfolio_ledger.projections.item_events import trail_history
    from portfolio_ledger.projections.read_models import CurrentReadModels

    current = CurrentReadModels.at(demo.url)
    assert current is not None
    ledger = PortfolioLedger(demo.url)
    try:
        keys = [row["key"] for row in json.loads(demo("portfolio", "--json").output)]
        with current.reading() as connection:
            assert connection is not None
            table = current.tables.audit_trail.table
            for key in keys:
                entries = trail_history(connection, table, item_id(key), key)
                assert entries is not None, key
                from_events = ledger.queries.history(key)
                assert entries == from_events, key
                assert [e.as_json() for e in entries] == [e.as_json() for e in from_events]
        assert any(e.corrected_by for k in keys for e in ledger.queries.history(k))
        assert any(e.authority_detail for k in keys for e in ledger.queries.history(k))
    finally:
        ledger.close()
        current.close()


@pytest.mark.parametrize(
    "command", [["item", "show", "NOPE-1"], ["item", "history", "NOPE-1"], ["portfolio", "--json"]]
)
def test_a_refusal_is_said_without_the_write_stack_or_the_library(
    demo: Cli, command: list[str]
) -> None:
    """Wording an error a user caused loads nothing that could not have raised it.

    Neither pydantic's nor eventsourcing's errors can come from a process that
    never imported them: an unknown item, or an option refused, costs no more
    to say than the read.
    """
    if command[0] == "portfolio":
        command = [*command, "--stage", "nonsense"]  # refused by its choices, exit 2
    probe = f"import json\nSTACK = {LISTING_STACK!r}\n{PROBE}"
    done = subprocess.run(
        [sys.executable, "-c", probe, *command],
        capture_output=True,
        text=True,
        env={**os.environ, "PORTFOLIO_LEDGER_DB": demo.url},
        check=False,
    )

    assert done.returncode != 0
    assert "NOPE-1" in done.stderr or "nonsense" in done.stderr
    loaded = json.loads(done.stderr.strip().splitlines()[-1])
    if demo.url.startswith("postgresql"):  # its own dialect, once the ledger is opened
        loaded = [name for name in loaded if name != "sqlalchemy.dialects.postgresql"]
    assert loaded == []


def test_a_read_of_read_models_behind_the_ledger_catches_them_up_first(demo: Cli) -> None:
    ledger = PortfolioLedger(demo.url)  # no read models attached: they fall behind
    ledger.handle(propose("LATE-1"))
    ledger.close()

    shown, loaded = read_in_a_process(demo.url, "portfolio", "--json")

    assert "LATE-1" in {row["key"] for row in json.loads(shown)}
    assert "eventsourcing_sqlalchemy" in loaded  # the ledger was opened to catch up
    _, loaded = read_in_a_process(demo.url, "portfolio", "--json")
    assert loaded == []  # and the next read finds them current


def test_one_item_as_json_is_what_pydantic_writes_of_it(demo: Cli) -> None:
    """``item show/history --json`` write the records as pydantic's JSON mode did (the models').

    But for money's amount, which every ``--json`` writes to the cent (``json_amount``).
    """
    from pydantic_core import to_jsonable_python

    ledger = PortfolioLedger(demo.url)
    try:
        keys = [row["key"] for row in json.loads(demo("portfolio", "--json").output)]
        for key in keys:
            view = ledger.queries.item(key)
            assert view.as_json() == _to_the_cent(to_jsonable_python(view)), key
            for entry in ledger.queries.history(key):
                expected = _to_the_cent(to_jsonable_python(entry))
                assert entry.as_json() == expected, (key, entry.version)
    finally:
        ledger.close()


def _to_the_cent(value: Any) -> Any:
    """pydantic's JSON of a record, each money's amount written as every --json writes it."""
    if isinstance(value, dict):
        if set(value) == {"amount", "currency"} and isinstance(value["amount"], str):
            return {**value, "amount": json_amount(Decimal(value["amount"]))}
        return {name: _to_the_cent(item) for name, item in value.items()}
    if isinstance(value, list):
        return [_to_the_cent(item) for item in value]
    return value
