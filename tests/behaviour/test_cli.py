"""The command line as a user meets it, on SQLite and PostgreSQL.

Every refusal is checked for its message, its exit code (1 refused, 2 bad
usage) and for leaving the number of stored events exactly as it was.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.domain.clock import utc_today
from tests.builders import IC_MEMBERS, governance
from tests.conftest import Cli


def govern(run: Cli) -> int:
    """The people and boards of tests.builders.governance, in the CLI's ledger."""
    ledger, _ = open_ledger(run.url)
    try:
        return governance(ledger)
    finally:
        ledger.close()


PROPOSE = [
    "item",
    "propose",
    "PRJ-042",
    "--kind",
    "project",
    "--title",
    "Payroll replacement",
    "--owner",
    "Dana Okafor",
    "--sponsor",
    "Chief Finance Officer",
    "--category",
    "Corporate systems",
    "-m",
    "Payroll contract ends 2028",
    "--effective-date",
    (utc_today() - timedelta(days=60)).isoformat(),
]
IC = ["--authority", "Investment Committee"]
MEETING = [
    "--board",
    "IC",
    "--present",
    "hcarter,mlee,cdubois",
    "--vote",
    "hcarter=for,mlee=for,cdubois=for",
    "--actor",
    "hcarter",
]


CHAIR = "Helen Carter"
CHAIR_ROLE = "Chair, Investment Committee"


def test_round_trip_through_the_cli_records_every_step_with_its_governance(run: Cli) -> None:
    governed = govern(run)
    # Proposed by the portfolio office: the chair who approves it must not have.
    assert run(*PROPOSE, actor="Sam Patel", role="Portfolio Manager").exit_code == 0
    steps = [
        [
            "item",
            "appraise",
            "PRJ-042",
            "--estimated-cost",
            "1,200,000",
            "--expected-benefits",
            "GBP 2,100,000",
            "--risk-rating",
            "medium",
            "--alignment-score",
            "72",
            "-m",
            "Five-case model reviewed",
        ],
        [
            "item",
            "approve",
            "PRJ-042",
            "--budget",
            "GBP 1,200,000",
            *MEETING,
            "--condition",
            "Gate review in Q3",
            "-m",
            "Strong case",
            "--ref",
            "IC-2026-11",
        ],
        ["item", "reprioritise", "PRJ-042", "--rank", "3", *IC, "-m", "Deadline moved"],
        [
            "item",
            "report-status",
            "PRJ-042",
            "--overall",
            "amber",
            "--cost",
            "amber",
            "--forecast-cost",
            "1310000",
            "-m",
            "Migration effort up",
        ],
        [
            "item",
            "escalate",
            "PRJ-042",
            "--issue",
            "Supplier late",
            "--severity",
            "high",
            "--to",
            "Investment Committee",
            "-m",
            "Beyond tolerance",
        ],
        ["item", "resolve", "PRJ-042", *IC, "-m", "Recovery plan accepted"],
        ["item", "go-live", "PRJ-042", "--authority", "Change Board", "-m", "Accepted"],
        ["item", "retire", "PRJ-042", "--authority", "Service Board", "-m", "Superseded"],
    ]
    for step in steps:
        result = run(*step, actor=CHAIR, role=CHAIR_ROLE)
        assert result.exit_code == 0, result.output
        assert "Recorded PRJ-042" in result.output

    history = run("item", "history", "PRJ-042", "--json")
    shown = run("item", "show", "PRJ-042", "--json")
    table = run("item", "history", "PRJ-042")

    entries = json.loads(history.output)
    assert [e["event"] for e in entries] == [
        "proposed",
        "appraised",
        "approved",
        "reprioritised",
        "status reported",
        "escalated",
        "escalation resolved",
        "went live",
        "retired",
    ]
    assert entries[0]["actor"] == "Sam Patel"
    for entry in entries[1:]:
        assert entry["actor"] == "Helen Carter"
        assert entry["role"] == "Chair, Investment Committee"
        assert entry["rationale"]
        assert date.fromisoformat(entry["effective_date"])
        assert entry["recorded_at"].endswith(("Z", "+00:00"))
    assert entries[2]["authority"] == "Investment Committee (IC)"
    assert entries[2]["authority_detail"]["votes"] == dict.fromkeys(IC_MEMBERS, "for")
    assert entries[2]["references"] == ["IC-2026-11"]
    assert entries[3]["summary"] == "rank unranked -> 3"
    item = json.loads(shown.output)
    assert item["stage"] == "retired"
    assert item["authorised_budget"] == {"amount": "1200000.00", "currency": "GBP"}
    for word in (
        "Helen Carter",
        "Investment Committee",
        "present hcarter, mlee, cdubois; for hcarter, mlee, cdubois",
        "Strong case",
        "GBP 1,200,000",
        "rank unranked -> 3",
        "Recovery plan accepted",
    ):
        assert word in table.output
    assert run.events() == governed + 9


def test_show_prints_aligned_fields_with_money_and_iso_dates(run: Cli) -> None:
    run(*PROPOSE)
    run(
        "item",
        "appraise",
        "PRJ-042",
        "--estimated-cost",
        "1200000.5",
        "--expected-benefits",
        "2000000",
        "--risk-rating",
        "low",
        "--alignment-score",
        "50",
        "-m",
        "ok",
    )

    result = run("item", "show", "prj-042")

    assert result.exit_code == 0
    assert "GBP 1,200,000.50" in result.output
    assert "proposed" not in result.output.split("Stage")[1].splitlines()[0]
    assert "appraised (pipeline)" in result.output


def test_an_amount_written_minus_zero_is_recorded_as_zero(run: Cli) -> None:
    run(*PROPOSE)
    appraised = run(
        *("item", "appraise", "PRJ-042", "--estimated-cost", "-0", "--expected-benefits", "-0.00"),
        *("--risk-rating", "low", "--alignment-score", "50", "-m", "ok"),
    )
    assert appraised.exit_code == 0, appraised.output

    trail = run("audit", "trail", "--item", "PRJ-042", "--json")
    shown = run("item", "show", "PRJ-042")

    appraisal = json.loads(trail.output)[-1]
    assert "GBP -0" not in appraisal["summary"]
    assert "GBP 0" in appraisal["summary"]
    assert "GBP -0" not in shown.output
    assert "GBP 0" in shown.output


def test_items_list_filters_by_view_and_prints_json(run: Cli) -> None:
    run(*PROPOSE)

    pipeline = run("items", "list", "--stage", "pipeline", "--json")
    catalogue = run("items", "list", "--stage", "catalogue", "--json")

    assert [row["key"] for row in json.loads(pipeline.output)] == ["PRJ-042"]
    assert json.loads(catalogue.output) == []


# -- refusals: message, exit code, nothing written ------------------------------------

BAD_USAGE = [
    pytest.param(
        ["item", "propose", "PRJ-042", *PROPOSE[3:13], "-m", "   "],
        "--rationale: ",
        id="blank-rationale",
    ),
    pytest.param(
        [a for a in PROPOSE if a not in {"-m", "Payroll contract ends 2028"}],
        "--rationale: ",
        id="missing-rationale",
    ),
    pytest.param(
        [*PROPOSE[:-2], "--effective-date", "2026-13-45"], "--effective-date: ", id="malformed-date"
    ),
    pytest.param(
        [*PROPOSE[:-2], "--effective-date", "yesterday"], "YYYY-MM-DD", id="malformed-date-word"
    ),
    pytest.param(
        [*PROPOSE[:-2], "--effective-date", "2026-02-30"],
        "--effective-date: must be a real calendar day, YYYY-MM-DD, such as 2026-03-09, "
        'not the text "2026-02-30" (that month has no such day)',
        id="no-such-day",
    ),
    pytest.param(
        [*PROPOSE[:-2], "--effective-date", (utc_today() + timedelta(days=2)).isoformat()],
        "in the future",
        id="future-date",
    ),
    pytest.param(["item", "propose", "PRJ 42", *PROPOSE[3:]], "not a valid item key", id="bad-key"),
    pytest.param(
        ["item", "propose", "PRJ-042", "--kind", "widget", *PROPOSE[5:]],
        "'widget' is not one of",
        id="unknown-kind",
    ),
    pytest.param(
        ["items", "list", "--stage", "limbo"], "'limbo' is not one of", id="unknown-stage"
    ),
    pytest.param([*PROPOSE, "--currency", "pounds"], "--currency: ", id="bad-currency"),
]


@pytest.mark.parametrize(("args", "message"), BAD_USAGE)
def test_bad_usage_exits_2_with_a_message_and_writes_nothing(
    run: Cli, args: list[str], message: str
) -> None:
    before = run.events()

    result = run(*args)

    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert run.events() == before


MONEY_CASES = [
    pytest.param("-5", "negative", id="negative"),
    pytest.param("lots", "not an amount", id="non-numeric"),
    pytest.param("1e9", "not an amount", id="exponent"),
    pytest.param("12.345", "decimal places", id="too-precise"),
]


@pytest.mark.parametrize(("amount", "message"), MONEY_CASES)
def test_bad_money_exits_2_and_writes_nothing(run: Cli, amount: str, message: str) -> None:
    run(*PROPOSE)
    run(
        "item",
        "appraise",
        "PRJ-042",
        "--estimated-cost",
        "1",
        "--expected-benefits",
        "1",
        "--risk-rating",
        "low",
        "--alignment-score",
        "1",
        "-m",
        "ok",
    )
    before = run.events()

    result = run("item", "approve", "PRJ-042", f"--budget={amount}", *MEETING, "-m", "ok")

    assert result.exit_code == 2, result.output
    assert "--budget: " in result.output
    assert message in result.output
    assert run.events() == before


def test_no_actor_no_decision(run: Cli) -> None:
    result = run(*PROPOSE, actor=None)

    assert result.exit_code == 2
    assert "no actor" in result.output
    assert "PORTFOLIO_LEDGER_ACTOR" in result.output
    assert run.events() == 0


def test_unknown_item_is_refused_with_exit_1(run: Cli) -> None:
    result = run("item", "approve", "PRJ-404", "--budget", "5", *MEETING, "-m", "ok")

    assert result.exit_code == 1
    assert "no item PRJ-404" in result.output
    assert run.events() == 0


def test_duplicate_key_is_refused_with_exit_1(run: Cli) -> None:
    run(*PROPOSE)

    result = run(*PROPOSE)

    assert result.exit_code == 1
    assert "PRJ-042 already exists" in result.output
    assert run.events() == 1


def test_money_in_another_currency_is_refused_with_exit_1(run: Cli) -> None:
    run(*PROPOSE)

    result = run(
        "item",
        "appraise",
        "PRJ-042",
        "--estimated-cost",
        "EUR 5",
        "--expected-benefits",
        "5",
        "--risk-rating",
        "low",
        "--alignment-score",
        "1",
        "-m",
        "ok",
    )

    assert result.exit_code == 1
    assert "budgeted in GBP" in result.output
    assert run.events() == 1


def test_wrong_database_urls_exit_2() -> None:
    for url, message in (
        ("mysql://root@localhost/x", "'mysql' databases are not supported"),
        ("postgresql+asyncpg://u@h/d", "driver 'asyncpg' is not supported"),
        ("sqlite://", "in-memory SQLite ledger would vanish"),
        ("://nothing", "is not a database URL"),
        ("postgresql://u@h:notaport/d", "is not a database URL"),
    ):
        result = Cli(url)("items", "list")
        assert result.exit_code == 2, (url, result.output)
        assert message in result.output, result.output


def test_unreachable_database_exits_1_naming_the_database(tmp_path: object) -> None:
    for url, message in (
        ("postgresql://nobody@127.0.0.1:1/nowhere", "cannot open the ledger at postgresql"),
        (f"sqlite:///{tmp_path}/no/such/dir/ledger.db", "cannot open the ledger at SQLite"),
    ):
        result = Cli(url)("item", "show", "PRJ-001")
        assert result.exit_code == 1, result.output
        assert message in result.output
        assert "Traceback" not in result.output


@pytest.mark.postgres
def test_a_search_path_naming_no_schema_says_to_create_it(postgres_url: str) -> None:
    """A schema of its own on PostgreSQL: the URL names one that does not exist.

    A command that records says so as it creates its tables; one that only reads
    said the database held no ledger, and to record a decision there, which fails.
    """
    url = postgres_url.replace("search_path%3Dpl_test_", "search_path%3Dnot_made_").replace(
        "search_path=pl_test_", "search_path=not_made_"
    )
    assert url != postgres_url

    for command in (("init",), ("item", "show", "PRJ-001"), ("audit", "verify"), ("portfolio",)):
        result = Cli(url)(*command)

        assert result.exit_code == 1, (command, result.output)
        assert "no schema its search path names exists" in result.output, command
        assert "CREATE SCHEMA" in result.output
        assert "Traceback" not in result.output


def test_a_refused_decision_after_others_leaves_the_count_unchanged(run: Cli) -> None:
    run(*PROPOSE)
    before = run.events()

    result = run("item", "retire", "PRJ-042", *IC, "-m", "ok")

    assert result.exit_code == 1
    assert "cannot retire PRJ-042: it is proposed; only live items can be retired" in (
        result.output
    )
    assert run.events() == before


def test_db_may_follow_the_command_and_wins_over_the_environment(run: Cli) -> None:
    run(*PROPOSE)

    elsewhere = Cli("sqlite:///unused-by-this-test.db")
    result = elsewhere("item", "show", "PRJ-042", "--db", run.url, "--json")

    assert result.exit_code == 0, result.output
    assert '"key": "PRJ-042"' in result.output


@pytest.mark.parametrize("kind", ["Program", "PROJECT", "Service"])
def test_a_kind_is_read_on_the_command_line_as_an_import_reads_it(run: Cli, kind: str) -> None:
    """docs/import.md: a word is read as its option reads it, in any case; --kind was not."""
    result = run(
        "item", "propose", "PRJ-500", "--kind", kind, "--title", "T", "--owner", "O",
        "--sponsor", "S", "--category", "C", "-m", "why",
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    shown = json.loads(run("item", "show", "PRJ-500", "--json").output)
    assert shown["kind"] == {"Program": "programme"}.get(kind, kind.lower())


def test_a_kind_given_to_a_filter_is_read_as_when_it_is_recorded(run: Cli) -> None:
    """'item propose --kind Program' is a programme: so is 'portfolio --kind Program'."""
    proposed = run(
        "item", "propose", "PRG-1", "--kind", "Program", "--title", "T", "--owner", "O",
        "--sponsor", "S", "--category", "C", "-m", "why",
    )  # fmt: skip
    assert proposed.exit_code == 0, proposed.output

    for command in (("portfolio",), ("items", "list"), ("economics",)):
        listed = run(*command, "--kind", "Program,SERVICE", "--json")
        assert listed.exit_code == 0, listed.output
        assert "PRG-1" in listed.output or '"programme"' in listed.output, command
