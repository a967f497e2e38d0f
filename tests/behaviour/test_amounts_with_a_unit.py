"""An amount written with a unit (``1.2m``) is stored as the plain figure, as ``1200000`` is.

``item fund --budget 1.2m`` stored ``"1200000.0"`` and ``--budget 1.50m``
``"1500000.00"`` (the places the unit filled), where ``--budget 1200000``
stored ``"1200000"``: the same amount, told apart in the record and in
``item show --json``. New events store the plain figure; an event stored with
the places (as before 2026-12-06, or as written, ``1300000.0``) is read,
totalled, exported and verified as it was.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import create_engine, text

from portfolio_ledger.storage.urls import normalise_url
from tests.conftest import Cli
from tests.test_readme import tour_commands

EVENTS = "portfolio_ledger_events"
ONBOARD = (
    "--title", "Payroll", "--category", "Corporate", "--stage", "in-delivery",
    "--effective-date", "2026-01-05", "--authority", "PMO", "-m", "Baseline",
)  # fmt: skip
IC = (
    "--board", "IC", "--present", "hcarter,mlee,cdubois",
    "--vote", "hcarter=for,mlee=for,cdubois=for", "--actor", "hcarter",
)  # fmt: skip


def _stored_amounts(url: str, name: str) -> list[str]:
    """Each stored event's text for the money field ``name``, in order, read in SQL."""
    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as connection:
            rows = connection.execute(text(f"SELECT state FROM {EVENTS} ORDER BY id")).all()
    finally:
        engine.dispose()
    states = [json.loads(bytes(row[0]).decode()) for row in rows]
    return [state[name]["_data_"]["amount"] for state in states if name in state]


def _shown_budget(run: Cli, key: str) -> object:
    shown = run("item", "show", key, "--json")
    assert shown.exit_code == 0, shown.output
    return json.loads(shown.stdout)["authorised_budget"]


def test_item_fund_with_a_unit_stores_the_plain_figure(run: Cli) -> None:
    for argv in tour_commands():
        if argv[:2] == ["item", "show"]:
            break
        assert run(*argv).exit_code == 0, argv

    for budget in ("1.3m", "1400000", "1.50m"):
        funded = run("item", "fund", "PRJ-042", "--budget", budget, *IC, "-m", budget)
        assert funded.exit_code == 0, funded.output

    assert _stored_amounts(run.url, "authorised_budget")[-3:] == ["1300000", "1400000", "1500000"]
    assert _shown_budget(run, "PRJ-042") == {"amount": "1500000.00", "currency": "GBP"}


def test_an_onboarded_budget_with_a_unit_is_stored_as_the_plain_figure(run: Cli) -> None:
    given = ("1.2m", "1200000", "0.25k", "1.2345678m", "GBP 3bn")
    for number, budget in enumerate(given):
        onboarded = run("item", "onboard", f"PRJ-{number}", "--budget", budget, *ONBOARD)
        assert onboarded.exit_code == 0, onboarded.output

    assert _stored_amounts(run.url, "authorised_budget") == [
        "1200000", "1200000", "250", "1234567.8", "3000000000",
    ]  # fmt: skip
    assert _shown_budget(run, "PRJ-0") == _shown_budget(run, "PRJ-1")


def test_an_amount_stored_with_places_is_totalled_exported_and_verified_as_before(
    run: Cli, tmp_path: Path
) -> None:
    # "1200000.0" is the text a 1.2m was stored with before 2026-12-06; a figure written
    # with a place is still stored as written, so a ledger holds it as an older one does.
    for key, budget in (("PRJ-1", "1200000.0"), ("PRJ-2", "1.2m")):
        assert run("item", "onboard", key, "--budget", budget, *ONBOARD).exit_code == 0
    trail = tmp_path / "trail.csv"

    listed = run("portfolio", "--json")
    exported = run("audit", "export", "--format", "csv", "--out", str(trail))
    verified = run("audit", "verify")
    checked = run("audit", "verify-export", str(trail))

    assert _stored_amounts(run.url, "authorised_budget") == ["1200000.0", "1200000"]
    budgets = {row["key"]: row["authorised_budget"] for row in json.loads(listed.stdout)}
    assert budgets == {"PRJ-1": "1200000.00", "PRJ-2": "1200000.00"}
    assert exported.exit_code == 0, exported.output
    assert verified.exit_code == 0, verified.output
    assert checked.exit_code == 0, checked.output
