"""A benefit measured is recorded: which benefit, what it came to, when, by whom, why.

DOMAIN.md's control vocabulary has "benefit measured": a board asks whether
the benefits it approved an item for came in, and the ledger held only the
business case's expected benefits, with no way to record what was measured.
"""

from __future__ import annotations

import json

from tests.conftest import Cli


def _approved(run: Cli) -> None:
    for argv in (
        ["person", "add", "hcarter", "--name", "Helen Carter", "-m", "Registered",
         "--effective-date", "2026-01-05"],
        ["person", "add", "cdubois", "--name", "Claire Dubois", "-m", "Registered",
         "--effective-date", "2026-01-05"],
        ["board", "create", "IC", "--name", "Investment Committee", "--terms", "Capital",
         "--unlimited", "--quorum", "2", "--authority", "Articles", "-m", "Constituted",
         "--effective-date", "2026-01-05"],
        ["board", "appoint", "IC", "hcarter", "--as", "chair", "--authority", "Articles",
         "-m", "Chair", "--effective-date", "2026-01-05"],
        ["board", "appoint", "IC", "cdubois", "--authority", "Articles", "-m", "Member",
         "--effective-date", "2026-01-05"],
        ["item", "propose", "PRJ-1", "--kind", "project", "--title", "Payroll", "--owner", "Dana",
         "--sponsor", "CFO", "--category", "Corporate systems", "-m", "Contract ends",
         "--effective-date", "2026-03-01"],
        ["item", "appraise", "PRJ-1", "--estimated-cost", "1200000", "--expected-benefits",
         "2100000", "--risk-rating", "medium", "--alignment-score", "72", "-m", "Five cases",
         "--effective-date", "2026-03-05"],
        ["item", "approve", "PRJ-1", "--budget", "GBP 1,200,000", "--board", "IC", "--present",
         "hcarter,cdubois", "--vote", "hcarter=for,cdubois=for", "--actor", "hcarter",
         "-m", "Strong case", "--effective-date", "2026-03-09"],
    ):  # fmt: skip
        result = run(*argv)
        assert result.exit_code == 0, (argv, result.output)


def test_a_measurement_is_recorded_and_the_business_case_stays_as_appraised(run: Cli) -> None:
    _approved(run)

    measured = run("item", "measure-benefit", "PRJ-1", "--benefit", "Cashable savings, year 1",
                   "--measured", "GBP 450,000", "-m", "Finance validated",
                   "--effective-date", "2026-11-30")  # fmt: skip

    assert measured.exit_code == 0, measured.output
    assert "benefit measured: Cashable savings, year 1: GBP 450,000" in measured.output
    last = json.loads(run("audit", "trail", "--item", "PRJ-1", "--json").output)[-1]
    assert (last["event"], last["effective_date"], last["rationale"]) == (
        "benefit measured", "2026-11-30", "Finance validated")  # fmt: skip
    shown = json.loads(run("item", "show", "PRJ-1", "--json").output)
    assert shown["expected_benefits"] == {"amount": "2100000.00", "currency": "GBP"}


def test_a_benefit_is_not_measured_before_approval_nor_in_another_currency(run: Cli) -> None:
    _approved(run)
    proposed = run("item", "propose", "PRJ-2", "--kind", "project", "--title", "T", "--owner",
                   "O", "--sponsor", "S", "--category", "C", "-m", "Idea")  # fmt: skip
    assert proposed.exit_code == 0, proposed.output
    before = run.events()

    early = run("item", "measure-benefit", "PRJ-2", "--benefit", "Savings", "--measured", "10",
                "-m", "Too soon")  # fmt: skip
    foreign = run("item", "measure-benefit", "PRJ-1", "--benefit", "Savings", "--measured",
                  "EUR 10", "-m", "Wrong money")  # fmt: skip

    assert early.exit_code == 1, early.output
    assert "cannot measure a benefit of PRJ-2: it is proposed" in early.output
    assert foreign.exit_code == 1, foreign.output
    assert "PRJ-1 is budgeted in GBP" in foreign.output
    assert run.events() == before


def test_a_measurement_is_corrected_as_any_decision(run: Cli) -> None:
    _approved(run)
    measured = run("item", "measure-benefit", "PRJ-1", "--benefit", "Savings", "--measured",
                   "45000", "-m", "Measured", "--json")  # fmt: skip
    position = json.loads(measured.output)["position"]

    corrected = run("decision", "correct", str(position), "--set", "measured=450000",
                    "--authority", "PMO", "-m", "A digit was dropped")  # fmt: skip

    assert corrected.exit_code == 0, corrected.output
    assert "measured GBP 45,000 -> GBP 450,000" in corrected.output
