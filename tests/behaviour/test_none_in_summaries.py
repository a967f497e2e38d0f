"""A summary says a value none as the ledger does: ``no organisation -> CORP``.

The transfer of an item with no organisation was summarised ``organisation
none -> CORP`` (an organisation called "none"), an amendment of a sponsor
never given ``sponsor  -> Dana Okafor``, where ``portfolio --by``, ``economics``
and the board pack say ``no organisation``. Stored events are as they were; the
summary is computed, and the trail's read model, which keeps it, is made again.
"""

from __future__ import annotations

import json

from sqlalchemy import create_engine, text

from portfolio_ledger.domain.change_words import WORDS
from portfolio_ledger.projections.audit_trail import AuditTrail
from portfolio_ledger.storage.urls import normalise_url
from tests.conftest import Cli

OLD = "organisation none -> CORP"


def onboard(run: Cli) -> None:
    result = run(
        "item", "onboard", "PRJ-2", "--title", "Estates", "--category", "Corporate",
        "--budget", "GBP 250", "--authority", "Baseline", "-m", "Onboarded",
    )  # fmt: skip
    assert result.exit_code == 0, result.output


def summaries(run: Cli) -> list[str]:
    trail = run("audit", "trail", "--json")
    assert trail.exit_code == 0, trail.output
    return [row["summary"] for row in json.loads(trail.stdout)]


def test_a_transfer_from_no_organisation_says_no_organisation(run: Cli) -> None:
    onboard(run)

    moved = run("item", "transfer", "PRJ-2", "--to", "CORP", "-m", "Machinery of government")

    assert moved.exit_code == 0, moved.output
    assert "Recorded PRJ-2: no organisation -> CORP" in moved.output
    assert summaries(run)[-1] == "no organisation -> CORP"
    history = run("item", "history", "PRJ-2")
    assert "no organisation -> CORP" in history.output
    assert "none" not in history.output


def test_an_amendment_of_a_detail_never_given_says_so_in_the_same_words(run: Cli) -> None:
    onboard(run)

    amended = run("item", "amend", "PRJ-2", "--sponsor", "Dana Okafor", "-m", "Named")

    assert amended.exit_code == 0, amended.output
    assert "Recorded PRJ-2: no sponsor -> Dana Okafor" in amended.output
    assert summaries(run)[-1] == "no sponsor -> Dana Okafor"


def test_a_correction_of_an_organisation_never_given_says_so_too(run: Cli) -> None:
    onboard(run)

    corrected = run(
        "decision", "correct", "1", "--set", "organisation=FIN", "--authority", "PMO",
        "-m", "The return named its department",
    )  # fmt: skip

    assert corrected.exit_code == 0, corrected.output
    assert summaries(run)[-1] == "corrects position 1 (onboarded): no organisation -> FIN"


def as_the_trail_had_it_before(url: str) -> None:
    """The trail as the version before this one left it: the old words, tracked @v2."""
    engine = create_engine(normalise_url(url))
    try:
        with engine.begin() as connection:
            connection.execute(
                text("UPDATE audit_trail SET summary = :old WHERE position = 2"), {"old": OLD}
            )
            connection.execute(
                text(
                    "UPDATE portfolio_ledger_tracking SET application_name = 'audit_trail@v2' "
                    "WHERE application_name LIKE 'audit_trail%'"
                )
            )
    finally:
        engine.dispose()


def test_a_trail_made_by_an_earlier_version_is_made_again_in_the_new_words(run: Cli) -> None:
    onboard(run)
    assert run("item", "transfer", "PRJ-2", "--to", "CORP", "-m", "Moved").exit_code == 0
    as_the_trail_had_it_before(run.url)

    opened = run("audit", "trail", "--json")
    check = run("audit", "verify", "--read-models")

    assert opened.exit_code == 0, opened.output
    assert "read model audit_trail was made by an earlier version" in opened.stderr
    assert [row["summary"] for row in json.loads(opened.stdout)][-1] == "no organisation -> CORP"
    assert check.exit_code == 0, check.output
    assert AuditTrail.schema_version == WORDS
    assert run.events() == 2
