"""An import's warnings of decisions left without authority, as the pages describe them.

Written from docs/import.md ("What happens", *Decisions a governance line leaves without
authority*), docs/governance.md (*The change says so as it is recorded*) and ``import
--help`` alone, by a reader who did not look at how it is done: each test is one claim of
those pages, run through the real command line on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tests.behaviour.test_governance import approve, day, delegate, gov, governance_ledger, propose
from tests.conftest import Cli
from tests.ledger_copies import Build, copy_of
from tests.pg_schemas import postgres_schema

__all__ = ["gov"]  # the fixture, used by name

MEETING = ["--board", "IC", "--present", "hcarter,mlee,cdubois", "--actor", "hcarter"]
VOTES = ["--vote", "hcarter=for,mlee=for,cdubois=for"]
HEADING = (
    "this decision leaves {n} recorded before it without authority ({they} as recorded; "
    "audit authority and the board pack now judge {them} invalid):"
)


def heading(count: int) -> str:
    """The warning's first line for ``count`` decisions left without authority."""
    if count == 1:
        return HEADING.format(n="1 decision", they="it stays", them="it")
    return HEADING.format(n=f"{count:,} decisions", they="they stay", them="them")


LOST = "without authority"


def said(**fields: Any) -> dict[str, Any]:
    """A line's governance metadata: the chair records it, minuted."""
    return {"actor": "hcarter", "role": "Chair", "rationale": "Minuted", **fields}


def board_line(command: str, on: int, **fields: Any) -> dict[str, Any]:
    """A board change (stand-down, quorum, limit): authorised in words."""
    return {"command": command, "key": "IC", "effective_date": day(on), "authority": "EXB",
            **said(), **fields}  # fmt: skip


def revoke_line(key: str, on: int) -> dict[str, Any]:
    """IC revokes ``key`` at a meeting of hcarter and cdubois (mlee's vote is not needed)."""
    return {"command": "authority revoke", "key": key, "present": ["hcarter", "cdubois"],
            "votes": {"hcarter": "for", "cdubois": "for"}, "effective_date": day(on),
            **said()}  # fmt: skip


def write(folder: Path, lines: list[dict[str, Any] | None], name: str = "minutes.jsonl") -> Path:
    """A JSON Lines file of ``lines`` (``None``: a blank line)."""
    path = folder / name
    path.write_text("".join("\n" if x is None else json.dumps(x) + "\n" for x in lines))
    return path


def imported(run: Cli, path: Path, *options: str) -> Result:
    """``import FILE``: the result, never a traceback."""
    result = run("import", str(path), *options, actor=None, role=None)
    assert "Traceback" not in result.output
    return result


def approved(run: Cli, key: str, budget: str, *authority: str, on: int) -> int:
    """Propose, appraise and approve ``key`` on the command line; the approval's position."""
    propose(run, key)
    result = approve(run, budget, *authority, key=key, on=on)
    assert result.exit_code == 0, result.output
    return run.events()


def digest(run: Cli) -> str:
    """``audit digest``'s line."""
    result = run("audit", "digest")
    assert result.exit_code == 0, result.output
    return result.stdout


def copied(
    build: Build, db_url: str, request: pytest.FixtureRequest, folder: Path
) -> Iterator[Cli]:
    """A second ledger of ``build``'s, of ``db_url``'s kind, for the command line's words."""
    if db_url.startswith("sqlite"):
        url = f"sqlite:///{folder / 'twin.db'}"
        copy_of(build, url, request)
        yield Cli(url)
        return
    with postgres_schema() as url:
        copy_of(build, url, request)
        yield Cli(url)


@pytest.fixture
def twin(db_url: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Cli]:
    """A second ledger like ``gov``'s."""
    yield from copied(governance_ledger, db_url, request, tmp_path)


# -- what is warned, where, in which words ---------------------------------------------


def test_a_revocation_imported_is_warned_of_after_the_imported_line_on_stderr(
    gov: Cli, tmp_path: Path
) -> None:
    delegate(gov)
    position = approved(gov, "PRJ-B", "300000", "--delegation", "DEL-001", "--actor", "mlee",
                        on=12)  # fmt: skip
    path = write(tmp_path, [revoke_line("DEL-001", 10)])

    result = imported(gov, path)

    assert result.exit_code == 0, result.output
    revocation = position + 1
    assert result.stdout == (
        f"Imported 1 line of {path} in {result.stdout.split(' in ')[1].split(' s:')[0]} s: "
        f"1 event (position {revocation}).\n"
    )
    assert result.stderr == (
        f"Warning: line 1: {heading(1)}\n"
        f"  PRJ-B approved, effective {day(12)} (position {position})\n"
        "See why with 'portfolio-ledger audit authority PRJ-B'. If this decision was not meant "
        "to reach it, correct its date: "
        f"'portfolio-ledger decision correct {revocation} --set effective_date=YYYY-MM-DD'.\n"
    )
    assert result.output == result.stdout + result.stderr  # as written: Imported first
    assert gov.events() == revocation  # the warning wrote nothing


def test_the_import_warns_in_the_commands_words_prefixed_with_its_line(
    gov: Cli, twin: Cli, tmp_path: Path
) -> None:
    for ledger in (gov, twin):
        approved(ledger, "PRJ-A", "GBP 2,000,000", *MEETING, *VOTES, on=3)
    path = write(tmp_path, [None, board_line("board stand-down", 2, person="mlee")])

    by_import = imported(gov, path)
    by_command = twin("board", "stand-down", "IC", "mlee", "--effective-date", day(2),
                      "--authority", "EXB", "-m", "Minuted",
                      actor="hcarter", role="Chair")  # fmt: skip

    assert by_import.exit_code == by_command.exit_code == 0, by_import.output
    assert by_command.stderr.startswith("Warning: this decision leaves 1 decision")
    # The blank line 1 is counted: the stand-down is the file's line 2.
    assert by_import.stderr == by_command.stderr.replace("Warning: ", "Warning: line 2: ", 1)


@pytest.mark.parametrize(
    "change",
    [
        board_line("board set-limit", 2, limit="GBP 1,000,000"),
        board_line("board set-quorum", 2, quorum=3),
        board_line("board stand-down", 2, person="cdubois"),
    ],
    ids=["set-limit", "set-quorum", "stand-down"],
)
def test_each_board_change_that_takes_authority_is_warned_of(
    gov: Cli, tmp_path: Path, change: dict[str, Any]
) -> None:
    """PRJ-A approved for GBP 2m at a meeting of hcarter and cdubois, quorum 2, on day 3."""
    position = approved(gov, "PRJ-A", "GBP 2,000,000", "--board", "IC", "--present",
                        "hcarter,cdubois", "--vote", "hcarter=for,cdubois=for",
                        "--actor", "hcarter", on=3)  # fmt: skip

    result = imported(gov, write(tmp_path, [change]))

    assert result.exit_code == 0, result.output
    assert f"Warning: line 1: {heading(1)}" in result.stderr
    assert f"  PRJ-A approved, effective {day(3)} (position {position})" in result.stderr
    assert "cannot be met" not in result.stderr  # nor is a quorum beyond the members' here


def position_of(run: Cli, subject: str, event: str, number: int = 0) -> int:
    """The ledger position of ``subject``'s ``number``-th ``event``, from the audit trail."""
    result = run("audit", "trail", "--json")
    assert result.exit_code == 0, result.output
    rows = [r for r in json.loads(result.stdout) if (r["subject"], r["event"]) == (subject, event)]
    found: int = rows[number]["position"]
    return found


def test_a_grant_corrected_on_a_line_is_warned_of(gov: Cli, tmp_path: Path) -> None:
    delegate(gov)
    early = approved(gov, "PRJ-A", "300000", "--delegation", "DEL-001", "--actor", "mlee", on=3)
    grant = position_of(gov, "DEL-001", "authority delegated")
    line = {"command": "decision correct", "position": grant, "changes": {"valid_from": day(5)},
            "authority": "Investment Committee", **said()}  # fmt: skip

    result = imported(gov, write(tmp_path, [line]))

    assert result.exit_code == 0, result.output
    assert f"Warning: line 1: {heading(1)}" in result.stderr
    assert f"  PRJ-A approved, effective {day(3)} (position {early})" in result.stderr
    assert f"'portfolio-ledger decision correct {grant} --set FIELD=VALUE'" in result.stderr


def test_an_appointment_annulled_on_a_line_is_warned_of(gov: Cli, tmp_path: Path) -> None:
    position = approved(gov, "PRJ-A", "GBP 2,000,000", *MEETING, *VOTES, on=3)
    appointment = position_of(gov, "IC", "member appointed", 1)  # mlee's
    line = {"command": "decision annul", "position": appointment, "authority": "EXB", **said()}

    result = imported(gov, write(tmp_path, [line]))

    assert result.exit_code == 0, result.output
    assert f"Warning: line 1: {heading(1)}" in result.stderr
    assert f"  PRJ-A approved, effective {day(3)} (position {position})" in result.stderr


# -- several governance lines in one file ----------------------------------------------


def warnings(result: Result) -> dict[str, str]:
    """Each warning on stderr by what follows ``Warning: `` up to its first colon."""
    blocks = result.stderr.split("Warning: ")[1:]
    return {block.split(":")[0]: block for block in blocks}


def test_each_line_names_what_it_took_itself(gov: Cli, tmp_path: Path) -> None:
    delegate(gov)
    a = approved(gov, "PRJ-A", "GBP 2,000,000", *MEETING, *VOTES, on=3)
    b = approved(gov, "PRJ-B", "300000", "--delegation", "DEL-001", "--actor", "mlee", on=12)
    path = write(tmp_path, [revoke_line("DEL-001", 10),
                            board_line("board stand-down", 2, person="mlee")])  # fmt: skip

    result = imported(gov, path)

    assert result.exit_code == 0, result.output
    said_by = warnings(result)
    assert sorted(said_by) == ["line 1", "line 2"]
    assert f"(position {b})" in said_by["line 1"]
    assert f"(position {a})" not in said_by["line 1"]  # line 2 took it, after line 1
    assert f"(position {a})" in said_by["line 2"]
    assert f"(position {b})" not in said_by["line 2"]  # invalid before line 2 already


def test_a_decision_two_lines_would_take_is_named_by_the_first_alone(
    gov: Cli, tmp_path: Path
) -> None:
    position = approved(gov, "PRJ-A", "GBP 2,000,000", *MEETING, *VOTES, on=3)
    path = write(tmp_path, [board_line("board set-limit", 2, limit="GBP 1,000,000"),
                            board_line("board stand-down", 2, person="mlee")])  # fmt: skip

    result = imported(gov, path)

    assert result.exit_code == 0, result.output
    assert list(warnings(result)) == ["line 1"]
    assert f"(position {position})" in result.stderr


def test_a_change_a_later_line_puts_right_names_nothing(gov: Cli, tmp_path: Path) -> None:
    position = approved(gov, "PRJ-A", "GBP 2,000,000", *MEETING, *VOTES, on=3)
    stand_down = position + 1
    put_right = {"command": "decision correct", "position": stand_down,
                 "changes": {"effective_date": day(5)}, "authority": "EXB", **said()}  # fmt: skip
    path = write(tmp_path, [board_line("board stand-down", 2, person="mlee"), put_right])

    result = imported(gov, path)

    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert gov.events() == stand_down + 1


def test_a_decision_on_an_earlier_line_is_named_and_one_on_a_later_line_is_not(
    gov: Cli, tmp_path: Path
) -> None:
    propose(gov, "PRJ-A")
    propose(gov, "PRJ-C")
    first = gov.events() + 1
    meeting = {"board": "IC", "present": ["hcarter", "cdubois"],
               "votes": {"hcarter": "for", "cdubois": "for"}, **said()}  # fmt: skip
    path = write(tmp_path, [
        {"command": "item approve", "key": "PRJ-A", "budget": "GBP 2,000,000",
         "present": ["hcarter", "mlee", "cdubois"], "board": "IC",
         "votes": {"hcarter": "for", "mlee": "for", "cdubois": "for"},
         "effective_date": day(3), **said()},
        board_line("board stand-down", 2, person="mlee"),
        {"command": "item approve", "key": "PRJ-C", "budget": "GBP 2,000,000",
         "effective_date": day(5), **meeting},
    ])  # fmt: skip

    result = imported(gov, path)

    assert result.exit_code == 0, result.output
    assert list(warnings(result)) == ["line 2"]
    assert f"  PRJ-A approved, effective {day(3)} (position {first})\n" in result.stderr
    assert "PRJ-C" not in result.stderr


# -- what is not warned of, and what the warning leaves as it was ----------------------


def test_a_dry_run_warns_of_nothing_and_writes_nothing(gov: Cli, tmp_path: Path) -> None:
    approved(gov, "PRJ-A", "GBP 2,000,000", *MEETING, *VOTES, on=3)
    before = digest(gov)

    result = imported(gov, write(tmp_path, [board_line("board stand-down", 2, person="mlee")]),
                      "--dry-run")  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "Nothing was written (dry run)" in result.stdout
    assert result.stderr == ""
    assert digest(gov) == before


def test_a_file_imported_already_warns_of_nothing_again(gov: Cli, tmp_path: Path) -> None:
    approved(gov, "PRJ-A", "GBP 2,000,000", *MEETING, *VOTES, on=3)
    path = write(tmp_path, [board_line("board stand-down", 2, person="mlee")])
    assert LOST in imported(gov, path).stderr
    before = digest(gov)

    again = imported(gov, path)

    assert again.exit_code == 0, again.output
    assert again.stdout.startswith(f"Already imported: {path} (sha256 ")
    assert again.stderr == ""
    assert digest(gov) == before


def test_a_refused_file_warns_of_nothing_and_writes_nothing(gov: Cli, tmp_path: Path) -> None:
    """The later line is checked against the stand-down on the line before: refused."""
    approved(gov, "PRJ-A", "GBP 2,000,000", *MEETING, *VOTES, on=3)
    propose(gov, "PRJ-C")
    before = digest(gov)
    path = write(tmp_path, [
        board_line("board stand-down", 2, person="mlee"),
        {"command": "item approve", "key": "PRJ-C", "budget": "GBP 2,000,000", "board": "IC",
         "present": ["hcarter", "mlee"], "votes": {"hcarter": "for", "mlee": "for"},
         "effective_date": day(5), **said()},
    ])  # fmt: skip

    result = imported(gov, path)

    assert result.exit_code == 1, result.output
    assert "line 2: " in result.output
    assert "was not a member" in result.output
    assert LOST not in result.output
    assert digest(gov) == before


def test_a_change_that_takes_nothing_says_nothing_more(gov: Cli, tmp_path: Path) -> None:
    approved(gov, "PRJ-A", "GBP 2,000,000", *MEETING, *VOTES, on=3)

    result = imported(gov, write(tmp_path, [board_line("board stand-down", 20, person="mlee")]))

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Imported 1 line of ")
    assert result.stderr == ""


def test_the_warning_changes_nothing_recorded(gov: Cli, tmp_path: Path) -> None:
    """The file's one event is all that is added; the decision named stays as recorded."""
    position = approved(gov, "PRJ-A", "GBP 2,000,000", *MEETING, *VOTES, on=3)
    trail_before = gov("audit", "trail", "--item", "PRJ-A", "--json").stdout

    result = imported(gov, write(tmp_path, [board_line("board stand-down", 2, person="mlee")]))

    assert LOST in result.stderr
    after = digest(gov)
    assert f"position={position + 1} " in after  # the stand-down and nothing else
    assert gov("audit", "trail", "--item", "PRJ-A", "--json").stdout == trail_before
    checks = json.loads(gov("audit", "authority", "PRJ-A", "--json").stdout)
    assert [c["verdict"] for c in checks if c["position"] == position] == ["invalid"]
    assert digest(gov) == after  # reading it wrote nothing either


def test_the_import_has_no_json(gov: Cli, tmp_path: Path) -> None:
    path = write(tmp_path, [board_line("board stand-down", 20, person="mlee")])
    before = gov.events()

    result = imported(gov, path, "--json")

    assert result.exit_code == 2, result.output
    assert gov.events() == before
