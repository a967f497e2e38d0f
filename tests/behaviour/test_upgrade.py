"""A ledger written before the audit trail had its governance columns is mended by a rebuild."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from portfolio_ledger.storage.urls import normalise_url
from tests.behaviour.test_governance import propose
from tests.conftest import Cli


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
