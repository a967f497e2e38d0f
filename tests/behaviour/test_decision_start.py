"""A decision recorded from the command line loads the write stack, and nothing it does not use."""

from __future__ import annotations

import pytest

from tests.behaviour.test_read_start import read_in_a_process
from tests.conftest import Cli

NOT_FOR_A_DECISION = (
    "portfolio_ledger.audit.keys",  # signing keys: only when the ledger signs as it appends
    "portfolio_ledger.audit.checkpoint",
    "cryptography.hazmat.primitives.asymmetric.ed25519",
    "portfolio_ledger.application.queries",  # one subject's state and history: reads only
    # not application.item_views: the catch-up after the decision writes the item's
    # `item show` record (projections/item_texts.py), made by ItemView.
    "portfolio_ledger.application.governance_views",  # the authority audit's rows
    # Other commands' models and handlers: the registry imports only the one recorded.
    "portfolio_ledger.application.commands.governance",
    "portfolio_ledger.application.commands.records",
    "portfolio_ledger.application.handlers.governance",
    "portfolio_ledger.application.handlers.records",
    "portfolio_ledger.application.handlers.portfolio",
    # Aggregates a decision on an item does not load: the list of organisations (read
    # only to name one), the portfolio's envelope (its catch-up flattens items only).
    "portfolio_ledger.domain.organisations",
    "portfolio_ledger.domain.portfolio",
    "portfolio_ledger.reports",
    "portfolio_ledger.returns",
    "rich",  # a decision prints two plain lines
    "weasyprint",
    "matplotlib",
    "openpyxl",
)
DECISION = (
    "item", "reprioritise", "PGM-002", "--rank", "7", "--authority", "Portfolio Board",
    "--actor", "Sam Patel", "--role", "PMO", "-m", "Moved up",
)  # fmt: skip


@pytest.fixture
def demo(run: Cli) -> Cli:
    result = run("demo")
    assert result.exit_code == 0, result.output
    return run


def test_a_decision_loads_no_signing_reading_or_report_stack(demo: Cli) -> None:
    shown, loaded = read_in_a_process(demo.url, *DECISION, stack=NOT_FOR_A_DECISION)

    assert loaded == []
    assert shown.startswith("Recorded PGM-002: rank ")
    history = demo("item", "history", "PGM-002", "--json")
    assert '"Moved up"' in history.output  # recorded, and the read models caught up


def test_the_ledger_s_queries_are_made_when_first_asked(demo: Cli) -> None:
    from portfolio_ledger.application.ledger import PortfolioLedger

    ledger = PortfolioLedger(demo.url)
    try:
        assert "queries" not in vars(ledger)
        item = ledger.queries.item("PGM-002")
        assert ledger.queries is ledger.queries
        assert item.key == "PGM-002"
    finally:
        ledger.close()


def test_the_catch_up_after_a_decision_reads_the_positions_and_the_new_events_once(
    demo: Cli,
) -> None:
    from sqlalchemy import event

    from portfolio_ledger.application.registry import resolve
    from portfolio_ledger.bootstrap import open_ledger

    ledger, projections = open_ledger(demo.url)
    try:
        ledger.read_models = None  # recorded without its catch-up: that is run below
        model = resolve("item reprioritise").model
        ledger.handle(
            model(
                key="PGM-002", rank=7, authority="Portfolio Board", actor="Sam Patel",
                role="PMO", rationale="Moved up",
            )
        )  # fmt: skip
        statements: list[str] = []
        event.listen(
            projections.engine,
            "before_cursor_execute",
            lambda _c, _cursor, statement, *_: statements.append(" ".join(statement.split())),
        )

        assert projections.catch_up() == 1

        reads = [s for s in statements if s.startswith("SELECT")]
        assert sum("portfolio_ledger_tracking" in s for s in reads) == 1  # the positions
        assert sum(s.startswith("SELECT id, originator_id") for s in reads) == 1  # no empty page
        ledger_reads = [s for s in reads if "portfolio_ledger_events" in s or "FROM " not in s]
        assert len(ledger_reads) <= 3  # the new events, the head, and the item as it stood
        head = ledger.event_count()
        assert projections.positions() == dict.fromkeys(projections.positions(), head)
    finally:
        ledger.close()
