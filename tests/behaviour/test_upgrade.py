"""A ledger written before the audit trail had its governance columns is mended by a rebuild."""

from __future__ import annotations

import json

from sqlalchemy import create_engine, text

from portfolio_ledger.projections.audit_trail import AuditTrail
from portfolio_ledger.projections.economics import Economics
from portfolio_ledger.projections.item_timeline import ItemTimeline
from portfolio_ledger.projections.portfolio_items import PortfolioItems
from portfolio_ledger.storage.urls import normalise_url
from tests.behaviour.test_governance import propose
from tests.behaviour.test_read_only_ledgers import read_only
from tests.conftest import Cli

ITEMS = f"portfolio_items@v{PortfolioItems.schema_version}"
TIMELINE = f"item_timeline@v{ItemTimeline.schema_version}"
TRAIL = f"audit_trail@v{AuditTrail.schema_version}"
"""What this version tracks the two read models of an item's state under."""


def drop_governance_columns(url: str) -> None:
    """Make audit_trail look as it did before subject_kind and authority_detail existed."""
    engine = create_engine(normalise_url(url))
    try:
        with engine.begin() as connection:
            connection.execute(text("DROP INDEX ix_audit_trail_kind"))
            for column in ("subject_kind", "authority_detail"):
                connection.execute(text(f"ALTER TABLE audit_trail DROP COLUMN {column}"))
    finally:
        engine.dispose()


def test_a_rebuild_adds_the_new_columns_even_when_catching_up_fails(run: Cli) -> None:
    propose(run, "PRJ-001")
    drop_governance_columns(run.url)
    propose(run, "PRJ-002")  # recorded; the trail cannot catch up
    lagging = run("audit", "trail", "--json")

    rebuilt = run("projections", "rebuild", "audit_trail")
    trail = run("audit", "trail", "--json")

    assert lagging.exit_code == 1
    assert "subject_kind" in lagging.output
    assert rebuilt.exit_code == 0, rebuilt.output
    assert trail.exit_code == 0, trail.output
    assert '"subject_kind": "item"' in trail.output
    assert run.events() == 4


def look_like_an_earlier_version(url: str) -> None:
    """Read models as version 0.1 left them: tracked under their bare names, item_versions."""
    engine = create_engine(normalise_url(url))
    try:
        with engine.begin() as connection:
            for statement in (
                (
                    "UPDATE portfolio_ledger_tracking SET application_name = 'item_versions' "
                    f"WHERE application_name = '{TIMELINE}'"
                ),
                (
                    "UPDATE portfolio_ledger_tracking "
                    "SET application_name = replace(application_name, '@v2', '')"
                ),
                (
                    "UPDATE portfolio_ledger_tracking SET application_name = 'audit_trail' "
                    f"WHERE application_name = '{TRAIL}'"
                ),
                (
                    "UPDATE portfolio_ledger_tracking SET application_name = 'portfolio_items' "
                    f"WHERE application_name = '{ITEMS}'"
                ),
                "DELETE FROM portfolio_ledger_tracking WHERE application_name = 'held_values'",
            ):
                connection.execute(text(statement))
            connection.execute(text("DROP TABLE held_values"))
            connection.execute(text("DROP TABLE item_timeline"))
            connection.execute(text("DROP TABLE portfolio_items_shown"))
            connection.execute(text("DROP TABLE portfolio_items_listed"))
            connection.execute(text("CREATE TABLE item_versions (item_id VARCHAR(32))"))
    finally:
        engine.dispose()


def test_read_models_of_an_earlier_version_are_rebuilt_and_said_so(run: Cli) -> None:
    propose(run, "PRJ-001")
    propose(run, "PRJ-002")
    before = run("items", "list", "--json").stdout
    look_like_an_earlier_version(run.url)

    listed = run("items", "list", "--json")
    again = run("items", "list", "--json")

    assert listed.exit_code == 0, listed.output
    assert "was made by an earlier version of portfolio-ledger" in listed.stderr
    assert "item_timeline" not in listed.stderr  # new to this version: just made
    assert "held_values" not in listed.stderr
    assert listed.stdout == before
    assert again.stderr == ""
    engine = create_engine(normalise_url(run.url))
    try:
        with engine.connect() as connection:
            names = {
                row[0]
                for row in connection.execute(
                    text("SELECT application_name FROM portfolio_ledger_tracking")
                )
            }
    finally:
        engine.dispose()
    assert names == {
        ITEMS, TRAIL, TIMELINE, f"economics@v{Economics.schema_version}", "held_values",
    }  # fmt: skip


def look_like_a_later_version(url: str) -> None:
    """Read models as a later version leaves them: each tracked under a higher @v."""
    engine = create_engine(normalise_url(url))
    try:
        with engine.begin() as connection:
            for key in (ITEMS, TRAIL):
                connection.execute(
                    text(
                        "UPDATE portfolio_ledger_tracking SET application_name = :later "
                        "WHERE application_name = :key"
                    ),
                    {"later": f"{key.partition('@v')[0]}@v99", "key": key},
                )
    finally:
        engine.dispose()


def test_read_models_of_a_later_version_are_not_said_to_be_an_earlier_ones(run: Cli) -> None:
    """A colleague upgraded first, and this version opens the ledger after."""
    propose(run, "PRJ-001")
    before = run("items", "list", "--json").stdout
    look_like_a_later_version(run.url)

    listed = run("items", "list", "--json")

    assert listed.exit_code == 0, listed.output
    assert listed.stdout == before
    assert "earlier version" not in listed.stderr
    for name in ("portfolio_items", "audit_trail"):
        assert (
            f"Warning: the read model {name} was made by a later version of portfolio-ledger "
            "(which rebuilds it again when it next opens the ledger); it is being rebuilt from "
            "the events." in listed.stderr
        )
    assert run("items", "list").stderr == ""


def test_status_first_after_an_upgrade_says_the_read_models_it_emptied_await_a_rebuild(
    run: Cli,
) -> None:
    """It does not catch up: their position 0 is said to be the upgrade's, not shown as ok."""
    propose(run, "PRJ-001")
    look_like_an_earlier_version(run.url)

    status = run("projections", "status")
    again = run("projections", "status")
    run("items", "list")
    look_like_an_earlier_version(run.url)
    as_json = run("projections", "status", "--json")

    assert status.exit_code == 0, status.output
    lines = {line.split()[0]: line.split() for line in status.stdout.splitlines()[3:]}
    assert lines["portfolio_items"][1] == "0"
    assert lines["portfolio_items"][-1] == "rebuild"
    assert lines["audit_trail"][-1] == "rebuild"
    assert (
        "To rebuild: portfolio_items, audit_trail: emptied as this command opened the "
        "ledger (see the warnings above), hence position 0; the next command that reads "
        "them rebuilds them from the events, or 'portfolio-ledger projections rebuild' does so "
        "now." in " ".join(status.stderr.split())
    )
    assert "rebuild" not in again.stdout
    assert again.stderr == ""
    stale = {row["name"]: row["stale"] for row in json.loads(as_json.stdout)}
    emptied = "emptied as this command opened the ledger"
    assert stale["portfolio_items"] == stale["audit_trail"] == emptied


def test_a_read_only_connection_says_a_later_versions_read_models_are_a_later_ones(
    run: Cli,
) -> None:
    propose(run, "PRJ-001")
    look_like_a_later_version(run.url)

    status = Cli(read_only(run.url))("projections", "status")

    assert status.exit_code == 0, status.output
    said = " ".join(status.stderr.split())
    for name in ("portfolio_items", "audit_trail"):
        assert f"To rebuild: {name}, made by a later version of portfolio-ledger:" in said
    assert "earlier version" not in said
