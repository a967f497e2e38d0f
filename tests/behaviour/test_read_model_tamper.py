"""The read models are a cache of the events: changed behind the ledger's back, it is caught.

Each test records a small ledger, changes a read model through SQL on a
connection of its own (as anyone with write access to the database could),
and shows what notices: ``audit verify --read-models`` names the first row
that differs from a fresh replay of the events; ``projections status``
names a tracking position past the ledger's last event, or an audit trail
that does not hold one row per position; a read model whose table or
tracking row was dropped is rebuilt from the events when the ledger opens,
with a warning, never shown empty or failing with a driver error.
"""

from __future__ import annotations

import json

import pytest
from click.testing import Result
from sqlalchemy import text

from portfolio_ledger.application import commands as c
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.projections.findings import ReadModelsUntracked
from tests import builders
from tests.behaviour.test_tamper import forge_linked_event, positions_of, tampering
from tests.conftest import Cli
from tests.ledger_copies import copy_of

TRACKING = "portfolio_ledger_tracking"


def recorded_ledger(url: str) -> None:
    """A build for ledger_copies.copy_of: the ledger of :func:`recorded`."""
    ledger = PortfolioLedger(url)
    try:
        builders.live_item(ledger, "PRJ-001")
        builders.approved_item(ledger, "PRJ-002")
        builders.item_in_stage(ledger, "PRJ-003", "appraised")
        ledger.handle(builders.decision(c.ReportStatus, "PRJ-002", overall="amber", authority=None))
    finally:
        ledger.close()
    assert Cli(url)("items", "list").exit_code == 0  # catches the read models up


@pytest.fixture
def recorded(run: Cli, request: pytest.FixtureRequest) -> Cli:
    """Three items, one live, one reported on: two dozen events, read models caught up.

    Built once per module and database kind; each test changes a copy of its own
    (tests/ledger_copies.py).
    """
    copy_of(recorded_ledger, run.url, request)
    return run


def _sql(run: Cli, statement: str, **values: object) -> None:
    with tampering(run.url) as connection:
        connection.execute(text(statement), values)


def _head(run: Cli) -> int:
    return int(json.loads(run("audit", "digest", "--json").stdout)["position"])


def _read_models_check(run: Cli) -> str:
    result = run("audit", "verify", "--read-models")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "Verified: the hash chain is intact" in result.output  # the events are fine
    return result.output


def test_an_untouched_ledger_s_read_models_are_what_the_events_give(recorded: Cli) -> None:
    result = recorded("audit", "verify", "--read-models")
    as_json = recorded("audit", "verify", "--read-models", "--json")

    assert result.exit_code == 0, result.output
    assert f"are what the events give, up to position {_head(recorded)}" in result.output
    report = json.loads(as_json.stdout)
    assert report["read_models"]["ok"] is True
    assert report["read_models"]["rows"] > _head(recorded)


def test_an_edited_audit_trail_row_is_named_by_its_position(recorded: Cli) -> None:
    _sql(recorded, "UPDATE audit_trail SET rationale = 'Forged' WHERE position = 5")

    output = _read_models_check(recorded)

    assert "FAILED: read models: audit_trail, position 5: rationale is 'Forged'" in output
    as_json = json.loads(recorded("audit", "verify", "--read-models", "--json").stdout)
    assert as_json["ok"] is True  # the chain
    assert as_json["read_models"]["ok"] is False
    assert "audit_trail, position 5" in as_json["read_models"]["problem"]


def test_an_edited_item_budget_is_named_by_its_item_and_column(recorded: Cli) -> None:
    _sql(recorded, "UPDATE portfolio_items SET authorised_budget = 99999999 WHERE key = 'PRJ-002'")
    shown = recorded("items", "list")
    assert "99,999,999" in shown.output  # what anyone reading the cache sees

    output = _read_models_check(recorded)

    assert "portfolio_items, item_id" in output
    assert "authorised_budget is Decimal('99999999.00') in the read model" in output


def test_a_deleted_version_row_is_named_as_missing(recorded: Cli) -> None:
    _sql(recorded, "DELETE FROM item_timeline WHERE key = 'PRJ-003' AND decision_version = 2")

    output = _read_models_check(recorded)

    assert "item_timeline, key PRJ-003, decision_version 2, position" in output
    assert "is missing from the read model" in output


def test_a_tracking_position_moved_past_the_head_is_noticed_before_anything_reads(
    recorded: Cli,
) -> None:
    head = _head(recorded)
    _sql(recorded, f"UPDATE {TRACKING} SET notification_id = :p", p=head + 2)

    status = recorded("projections", "status")
    read = recorded("items", "list")
    checked = _read_models_check(recorded)

    assert status.exit_code == 1, status.output
    assert "says it has read 2 events past the ledger's last" in status.output
    assert read.exit_code == 1
    assert f"read up to position {head + 2:,}, but the ledger's events end at {head:,}" in (
        read.output
    )
    assert "projections rebuild" in read.output
    assert f"read up to position {head + 2:,}, past the ledger's last event" in checked
    rebuilt = recorded("projections", "rebuild")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert recorded("projections", "status").exit_code == 0


def test_a_tracking_position_moved_ahead_and_then_overtaken_is_caught(recorded: Cli) -> None:
    head = _head(recorded)
    _sql(recorded, f"UPDATE {TRACKING} SET notification_id = :p", p=head + 2)
    ledger = PortfolioLedger(recorded.url)
    try:  # two more decisions reach the position the tracking claimed
        for rank in (3, 4):
            ledger.handle(builders.decision(c.ReprioritiseItem, "PRJ-002", rank=rank))
    finally:
        ledger.close()

    status = recorded("projections", "status")
    output = _read_models_check(recorded)

    assert status.exit_code == 1, status.output
    assert f"holds {head:,} rows for positions 1 to {head + 2:,}" in status.output
    assert f"audit_trail, position {head + 1} is missing from the read model" in output


def test_a_tracking_position_emptied_is_begun_again_not_retried_forever(recorded: Cli) -> None:
    # NULL was read as position 0, and the claim of a page "WHERE position = 0" never
    # matched it: every command that caught up retried that claim without end.
    before = recorded("items", "list", "--json").stdout
    trail = recorded("audit", "trail", "--json").stdout
    _sql(recorded, f"UPDATE {TRACKING} SET notification_id = NULL")

    status = recorded("projections", "status")

    assert status.exit_code == 0, status.output
    assert "audit_trail was incomplete" in status.stderr
    assert "its position there was missing" in status.stderr
    assert "is being rebuilt from the events" in status.stderr
    listed = recorded("items", "list", "--json")
    assert listed.exit_code == 0, listed.output
    assert listed.stdout == before
    assert recorded("audit", "trail", "--json").stdout == trail
    assert recorded("audit", "verify", "--read-models").exit_code == 0


def test_a_tracking_row_gone_after_the_ledger_opened_is_named_not_a_key_error(
    recorded: Cli,
) -> None:
    # Set up at open, then removed (a newer version's upgrade forgets an older version's
    # rows; or by hand) before this process caught up: it raised a bare KeyError.
    ledger, models = open_ledger(recorded.url)
    try:
        _sql(recorded, f"DELETE FROM {TRACKING} WHERE application_name LIKE 'audit_trail%'")
        with pytest.raises(ReadModelsUntracked) as raised:
            models.catch_up()
    finally:
        ledger.close()

    said = str(raised.value)
    assert raised.value.names == ["audit_trail"]
    assert "lost their tracking row" not in said  # one read model: said in the singular
    assert "audit_trail lost its tracking row" in said
    assert "run the command again" in said
    listed = recorded("items", "list")  # the next command begins it again
    assert listed.exit_code == 0, listed.output
    assert recorded("audit", "verify", "--read-models").exit_code == 0


@pytest.mark.parametrize("read_model", ["audit_trail", "item_timeline"])
def test_a_tracking_position_moved_back_is_refused_naming_the_read_model_and_the_fix(
    recorded: Cli, read_model: str
) -> None:
    # Catching up applied the events after it again, and a read command said the
    # driver's words: "(sqlite3.IntegrityError) UNIQUE constraint failed: audit_trail.position".
    head = _head(recorded)
    _sql(
        recorded,
        f"UPDATE {TRACKING} SET notification_id = :p WHERE application_name LIKE :name",
        p=head - 3,
        name=f"{read_model}@%",
    )

    read = recorded("items", "list")
    checked = _read_models_check(recorded)

    assert read.exit_code == 1, read.output
    for output in (read.output, checked):
        assert "Traceback" not in output
        assert "IntegrityError" not in output
        assert f"the read model {read_model} says it has read up to position {head - 3}" in output
        assert "already holds rows for events after it" in output
        assert "moved back outside portfolio-ledger" in output
        assert f"portfolio-ledger projections rebuild {read_model}" in output
    rebuilt = recorded("projections", "rebuild", read_model)
    assert rebuilt.exit_code == 0, rebuilt.output
    assert recorded("audit", "verify", "--read-models").exit_code == 0


@pytest.mark.parametrize("dropped", ["portfolio_items", "audit_trail", "portfolio_envelopes"])
def test_a_dropped_read_model_table_is_rebuilt_from_the_events(recorded: Cli, dropped: str) -> None:
    before = recorded("items", "list", "--json").stdout
    trail = recorded("audit", "trail", "--json").stdout
    _sql(recorded, f"DROP TABLE {dropped}")

    listed = recorded("items", "list", "--json")

    assert listed.exit_code == 0, listed.output
    assert "is being rebuilt from the events" in listed.stderr
    assert listed.stdout == before
    assert recorded("audit", "trail", "--json").stdout == trail
    assert recorded("projections", "status").exit_code == 0
    assert recorded("audit", "verify", "--read-models").exit_code == 0


def test_a_dropped_tracking_table_is_rebuilt_not_a_driver_error(recorded: Cli) -> None:
    before = recorded("items", "list", "--json").stdout
    _sql(recorded, f"DROP TABLE {TRACKING}")

    listed = recorded("items", "list", "--json")

    assert listed.exit_code == 0, listed.output
    assert "UNIQUE" not in listed.output
    assert "is being rebuilt from the events" in listed.stderr
    assert listed.stdout == before
    assert recorded("audit", "verify", "--read-models").exit_code == 0


def test_a_forged_creation_event_stored_as_a_later_version_is_named_not_a_crash(
    recorded: Cli,
) -> None:
    # A copy of PRJ-001's proposal, linked and treed as its next version: the
    # chain verifies with it, but no item can be proposed twice.
    proposal = positions_of(recorded.url, "ItemProposed")[0]
    forged = forge_linked_event(recorded.url, copied_from=proposal)

    shown = recorded("items", "list")

    assert shown.exit_code != 0, shown.output
    assert "Traceback" not in shown.output
    assert f"the event at ledger position {forged:,} (ItemProposed" in shown.output
    assert "does not follow from the events before it" in shown.output
    assert "portfolio-ledger audit verify" in shown.output


def test_a_time_no_column_of_its_type_holds_is_named_not_an_internal_error(recorded: Cli) -> None:
    """SQLite keeps any text in a time column; PostgreSQL keeps 'infinity', which no reader takes.

    Reading either fails in the column's type: the check names the row and
    the column, as it names any other row that differs, not "Internal error".
    """
    forged = "garbage" if recorded.url.startswith("sqlite") else "infinity"
    _sql(recorded, f"UPDATE audit_trail SET recorded_at = '{forged}' WHERE position = 5")

    output = _read_models_check(recorded)

    assert "Internal error" not in output
    assert (
        f"FAILED: read models: audit_trail, position 5: recorded_at is '{forged}' in the read "
        "model, which is no value of that column"
    ) in output
    assert "projections rebuild" in output
    assert recorded("projections", "rebuild").exit_code == 0
    assert recorded("audit", "verify", "--read-models").exit_code == 0


@pytest.mark.parametrize(
    ("table", "column", "where"),
    [
        ("portfolio_items", "authorised_budget", "key = 'PRJ-002'"),
        ("item_timeline", "effective_from", "key = 'PRJ-003'"),
    ],
)
def test_a_value_of_another_type_written_into_an_sqlite_read_model_is_named(
    sqlite_url: str, table: str, column: str, where: str
) -> None:
    """Only SQLite keeps text in a money or date column (PostgreSQL refuses the update)."""
    run = Cli(sqlite_url)
    ledger = PortfolioLedger(run.url)
    try:
        builders.approved_item(ledger, "PRJ-002")
        builders.item_in_stage(ledger, "PRJ-003", "appraised")
    finally:
        ledger.close()
    assert run("items", "list").exit_code == 0
    _sql(run, f"UPDATE {table} SET {column} = 'not a value' WHERE {where}")

    output = _read_models_check(run)

    assert "Internal error" not in output
    assert (
        f"{column} is 'not a value' in the read model, which is no value of that column" in output
    )
    assert f"FAILED: read models: {table}, " in output


def _refused_as_altered(result: Result) -> None:
    assert result.exit_code == 1, result.output
    assert "Internal error" not in result.output
    assert "a read model holds a value its column cannot hold" in result.output
    assert "changed behind the ledger's back" in result.output
    assert "'portfolio-ledger audit verify --read-models'" in result.output


def test_a_read_command_over_a_time_no_reader_takes_says_the_cache_was_altered(
    recorded: Cli,
) -> None:
    forged = "garbage" if recorded.url.startswith("sqlite") else "infinity"
    _sql(recorded, f"UPDATE audit_trail SET recorded_at = '{forged}' WHERE position = 5")

    _refused_as_altered(recorded("audit", "trail"))
    assert recorded("projections", "rebuild").exit_code == 0
    assert recorded("audit", "trail").exit_code == 0


@pytest.mark.parametrize(
    ("statement", "command"),
    [
        ("UPDATE portfolio_items SET authorised_budget = 'abc'", ("portfolio",)),
        ("UPDATE portfolio_items SET authorised_budget = 'abc'", ("items", "list")),
        ("UPDATE economics SET authorised_budget = 'abc'", ("economics",)),
    ],
)
def test_a_read_command_over_text_in_an_sqlite_money_column_says_the_cache_was_altered(
    sqlite_url: str, statement: str, command: tuple[str, ...]
) -> None:
    """Only SQLite keeps text in a money column (PostgreSQL refuses the update)."""
    run = Cli(sqlite_url)
    ledger = PortfolioLedger(run.url)
    try:
        builders.approved_item(ledger, "PRJ-002")
    finally:
        ledger.close()
    assert run("items", "list").exit_code == 0
    _sql(run, statement)

    _refused_as_altered(run(*command))
