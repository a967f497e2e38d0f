"""Every transition the lifecycle forbids, through the CLI: exit 1, the rule, nothing written."""

from __future__ import annotations

import pytest

from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.domain.lifecycle import RULES, Action, Stage
from tests.builders import item_in_stage
from tests.conftest import Cli

IC = ["--authority", "Investment Committee", "-m", "Board decision"]
MEETING = [
    "--board",
    "IC",
    "--present",
    "hcarter,mlee,cdubois",
    "--vote",
    "hcarter=for,mlee=for,cdubois=for",
    "--actor",
    "hcarter",
    "-m",
    "Board decision",
]
CLI_ARGS: dict[Action, list[str]] = {
    Action.APPRAISE: [
        "appraise",
        "--estimated-cost",
        "1",
        "--expected-benefits",
        "2",
        "--risk-rating",
        "low",
        "--alignment-score",
        "5",
        "-m",
        "Case",
    ],
    Action.APPROVE: ["approve", "--budget", "5", *MEETING],
    Action.REJECT: ["reject", *IC],
    Action.DEFER: ["defer", *IC],
    Action.REPRIORITISE: ["reprioritise", "--rank", "99", *IC],
    Action.CHANGE_FUNDING: ["fund", "--budget", "7", *MEETING],
    Action.START_DELIVERY: ["start-delivery", *IC],
    Action.REPORT_STATUS: ["report-status", "--overall", "green", "-m", "Fine"],
    Action.ESCALATE: [
        "escalate",
        "--issue",
        "Late",
        "--severity",
        "low",
        "--to",
        "IC",
        "-m",
        "Slipping",
    ],
    Action.PAUSE: ["pause", *IC],
    Action.RESUME: ["resume", *IC],
    Action.GO_LIVE: ["go-live", *IC],
    Action.RETIRE: ["retire", *IC],
    Action.CANCEL: ["cancel", *IC],
    Action.SET_TOLERANCES: ["set-tolerance", "--cost", "5%", *MEETING],
    Action.AMEND: ["amend", "--title", "Renamed", "-m", "New name"],
    Action.LEAVE: ["leave", "--reason", "stopped", *IC],
    Action.REVIEW_GATE: ["review-gate", "--gate", "Gate 3", "--outcome", "go", *IC],
    Action.MEASURE_BENEFIT: [
        "measure-benefit",
        "--benefit",
        "Savings",
        "--measured",
        "5",
        "-m",
        "Measured",
    ],
    Action.RECOMMEND_ACTION: [
        "recommend-action",
        "--action",
        "Re-plan",
        "--owner",
        "O",
        "--due",
        "2099-01-01",
        "-m",
        "Answers it",
    ],
    Action.DECLARE_DEPENDENCY: [
        "declare-dependency",
        "--on",
        "ST-PROPOSED",
        "--what",
        "Platform",
        "-m",
        "Runs on it",
    ],
}
ILLEGAL = [
    pytest.param(action, stage, id=f"{action.name.lower()}-from-{stage.name.lower()}")
    for action, rule in RULES.items()
    if action in CLI_ARGS
    for stage in Stage
    if stage not in rule.allowed
]


def key_for(stage: Stage) -> str:
    return f"ST-{stage.name}"


@pytest.fixture(scope="module")
def run(module_db_url: str) -> Cli:
    """One ledger holding an item in every stage."""
    ledger, _ = open_ledger(module_db_url)
    try:
        for stage in Stage:
            item_in_stage(ledger, key_for(stage), stage.value)
    finally:
        ledger.close()
    return Cli(module_db_url)


def test_every_action_that_the_lifecycle_restricts_has_a_cli_command() -> None:
    restricted = {action for action, rule in RULES.items() if rule.allowed != frozenset(Stage)}
    assert restricted <= set(CLI_ARGS)


@pytest.mark.parametrize(("action", "stage"), ILLEGAL)
def test_illegal_transition_exits_1_naming_item_stage_and_rule(
    run: Cli, action: Action, stage: Stage
) -> None:
    key = key_for(stage)
    verb, *options = CLI_ARGS[action]
    before = run.events()

    result = run("item", verb, key, *options)

    assert result.exit_code == 1, result.output
    assert f"cannot {action.of(key)}: it is {stage.value}; {RULES[action].text}" in (result.output)
    assert "Traceback" not in result.output
    assert run.events() == before
