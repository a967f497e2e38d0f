"""Idempotent retries: a request sent again is recorded once and reports the first result."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.behaviour.test_tamper import tampering
from tests.conftest import Cli, released_together
from tests.reliability.conftest import report

PROPOSE = ("--kind", "project", "--title", "T", "--owner", "O", "--sponsor", "S", "--category", "C")


def test_a_request_sent_again_is_recorded_once_with_the_first_result(run: Cli) -> None:
    args = ("item", "propose", "PRJ-1", *PROPOSE, "-m", "Need", "--request-id", "r-0001")

    first = run(*args, "--json")
    again = run(*args, "--json")  # e.g. the first reply was lost to a timeout
    shown = run(*args)

    assert first.exit_code == again.exit_code == shown.exit_code == 0, again.output
    before, after = json.loads(first.output), json.loads(again.output)
    assert before["repeated"] is False
    assert after["repeated"] is True
    assert {k: v for k, v in after.items() if k not in {"repeated", "warnings"}} == {
        k: v for k, v in before.items() if k not in {"repeated", "warnings"}
    }
    assert "Already recorded (request r-0001)" in shown.output
    assert run.events() == 1


def test_a_retry_is_reported_even_once_the_decision_would_be_refused(run: Cli) -> None:
    assert run("item", "propose", "PRJ-1", *PROPOSE, "-m", "Need").exit_code == 0
    reject = ("item", "reject", "PRJ-1", "--authority", "IC", "-m", "No", "--request-id", "rj-1")

    assert run(*reject).exit_code == 0
    retried = run(*reject)  # rejecting a rejected item is refused; the retry is not

    assert retried.exit_code == 0, retried.output
    assert "Already recorded" in retried.output
    assert run.events() == 2


def test_a_request_id_reused_for_something_else_is_refused(run: Cli) -> None:
    assert run("item", "propose", "PRJ-1", *PROPOSE, "-m", "A", "--request-id", "x").exit_code == 0

    other = run("item", "propose", "PRJ-2", *PROPOSE, "-m", "B", "--request-id", "x")

    assert other.exit_code == 1
    assert "request id 'x' was already used for a different decision" in other.output
    assert run.events() == 1


@pytest.mark.parametrize(
    ("position", "found"), [(1, "the decision there is not on it"), (99, "none is there")]
)
def test_a_request_row_pointed_elsewhere_through_sql_is_refused_not_reported_as_this_one(
    run: Cli, position: int, found: str
) -> None:
    # The requests table is not in the chain. Pointed at another item's decision, a
    # retry reported that decision as its own ("Already recorded (request x): PRJ-2:
    # project proposed: ... ledger position 1"); pointed past the last event, the
    # retry was an internal error (exit 70).
    assert run("item", "propose", "PRJ-1", *PROPOSE, "-m", "A").exit_code == 0
    args = ("item", "propose", "PRJ-2", *PROPOSE, "-m", "B", "--request-id", "x")
    assert run(*args).exit_code == 0
    with tampering(run.url) as connection:
        connection.execute(
            text("UPDATE portfolio_ledger_requests SET position = :p WHERE request_id = 'x'"),
            {"p": position},
        )

    retried = run(*args)

    assert retried.exit_code == 1, retried.output
    assert "Traceback" not in retried.output
    assert "Already recorded" not in retried.output
    assert f"request id 'x' is on record as recorded for PRJ-2 at ledger position {position}" in (
        retried.output
    )
    assert found in retried.output
    assert "changed outside portfolio-ledger" in retried.output
    assert "Nothing was written" in retried.output
    assert run.events() == 2


@pytest.mark.parametrize("given", ["two words", "réf-1", "x" * 101, ""])
def test_a_malformed_request_id_is_bad_usage(run: Cli, given: str) -> None:
    # docs/concepts.md, "Retrying safely": 1 to 100 printable ASCII characters, no spaces.
    result = run("item", "propose", "PRJ-1", *PROPOSE, "-m", "A", "--request-id", given)

    assert result.exit_code == 2
    assert "--request-id: a request id is 1 to 100 printable ASCII characters" in result.output
    assert run.events() == 0


TWIN = """
import json, os, sys, time
from pathlib import Path
from portfolio_ledger.bootstrap import open_ledger
from tests.builders import propose

url, start = sys.argv[1], Path(sys.argv[2])
ledger, _ = open_ledger(url)
command = propose("PRJ-7").model_copy(update={"request_id": "twin-request"})
start.with_name(f"ready-{os.getpid()}").touch()
while not start.exists():
    time.sleep(0.001)
recorded = ledger.handle(command)
print(json.dumps({"position": recorded.position, "repeated": recorded.repeated}))
ledger.close()
"""


def test_twins_sent_at_the_same_moment_record_once_and_agree(db_url: str, tmp_path: Path) -> None:
    start = tmp_path / "go"
    rounds, repeats = 3, 0
    for attempt in range(rounds):
        Cli(db_url)  # the database exists for both twins
        twins = [
            subprocess.Popen(
                [sys.executable, "-c", TWIN.replace("PRJ-7", f"PRJ-{attempt}").replace(
                    "twin-request", f"twin-{attempt}"), db_url, str(start)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                cwd=Path(__file__).parents[2],
            )
            for _ in range(2)
        ]  # fmt: skip
        outs = released_together(twins, tmp_path, start)  # both opened it, then let go
        start.unlink()
        answers = [json.loads(out) for out in outs]
        assert answers[0]["position"] == answers[1]["position"]
        assert sorted(a["repeated"] for a in answers) == [False, True]
        repeats += 1
    assert Cli(db_url).events() == rounds
    report("twin requests", rounds=rounds, recorded=rounds, reported_as_repeats=repeats)


def test_importing_the_same_file_again_is_a_no_op(run: Cli, tmp_path: Path) -> None:
    line = {
        "command": "item propose", "key": "PRJ-1", "kind": "project", "title": "T",
        "owner": "O", "sponsor": "S", "category": "C", "actor": "a", "role": "r",
        "rationale": "Need",
    }  # fmt: skip
    file = tmp_path / "one.jsonl"
    file.write_text(json.dumps(line) + "\n", encoding="utf-8")

    first = run("import", str(file))
    again = run("import", str(file))

    assert first.exit_code == again.exit_code == 0, again.output
    assert "Already imported" in again.output
    assert "ending at ledger position 1" in again.output
    assert run.events() == 1
