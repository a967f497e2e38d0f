"""portfolio-ledger import: many decisions, each checked as its command, all or nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
import pytest

from bench import generate
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.application.registry import commands
from portfolio_ledger.cli import cli
from portfolio_ledger.storage.urls import sqlite_file
from tests.conftest import Cli

COMMANDS = commands()
TODAY = "2026-01-01"


def said(**fields: Any) -> dict[str, Any]:
    return {"actor": "praman", "role": "PMO", "rationale": "Imported.", **fields}


PREAMBLE = [
    {"command": "person add", "key": "hcarter", "name": "Helen Carter", **said()},
    {"command": "person add", "key": "rdas", "name": "Ravi Das", **said()},
    {
        "command": "board create",
        "key": "IC",
        "name": "Investment Committee",
        "terms": "Approves investments.",
        "limit": "GBP 5,000,000",
        "quorum": 2,
        "authority": "Scheme of delegation",
        **said(),
    },
    *[
        {
            "command": "board appoint",
            "key": "IC",
            "person": person,
            "authority": "Scheme of delegation",
            **said(),
        }
        for person in ("hcarter", "rdas")
    ],
]
ITEM = [
    {
        "command": "item propose",
        "key": "PRJ-1",
        "kind": "project",
        "title": "Payroll",
        "owner": "Dana Okafor",
        "sponsor": "Chief Finance Officer",
        "category": "Corporate systems",
        "objective": ["Digital by default"],  # the CLI's option name for objectives
        **said(actor="spatel"),
    },
    {
        "command": "appraise",  # item commands may leave out "item"
        "key": "PRJ-1",
        "estimated-cost": "1,200,000",  # option spelling
        "expected_benefits": "GBP 2,000,000",
        "risk_rating": "medium",
        "alignment_score": 70,
        **said(),
    },
    {
        "command": "item approve",
        "key": "PRJ-1",
        "budget": "1200000",
        "board": "IC",
        "present": ["hcarter", "rdas"],
        "votes": {"hcarter": "for", "rdas": "for"},
        "ref": ["IC minutes 2026-01"],
        **said(actor="hcarter", role="Chair"),
    },
]


def write(path: Path, decisions: list[dict[str, Any]], extra: str = "") -> Path:
    path.write_text("\n".join(json.dumps(d) for d in decisions) + "\n" + extra, encoding="utf-8")
    return path


def test_fields_take_the_words_the_options_take(run: Cli, tmp_path: Path) -> None:
    """``--kind Project``, ``--stage in-delivery`` and ``--vote hcarter=FOR`` read on a line too."""
    preamble = [dict(line) for line in PREAMBLE]
    preamble[-1]["seat"] = "Chair"
    proposed, appraised, approved = (dict(line) for line in ITEM)
    proposed["kind"] = "Project"
    approved["votes"] = {"hcarter": "For", "rdas": "FOR"}
    onboarded = {
        "command": "item onboard",
        "key": "PRJ-2",
        "title": "Estates",
        "category": "Estates",
        "stage": "in-delivery",
        "authority": "Portfolio office baseline",
        **said(),
    }
    file = write(tmp_path / "words.jsonl", [*preamble, proposed, appraised, approved, onboarded])

    result = run("import", str(file))

    assert result.exit_code == 0, result.output
    assert json.loads(run("item", "show", "PRJ-1", "--json").output)["kind"] == "project"
    assert json.loads(run("item", "show", "PRJ-2", "--json").output)["stage"] == "in delivery"
    assert "Ravi Das      chair" in run("board", "show", "IC").output


def test_one_line_is_one_line(run: Cli, tmp_path: Path) -> None:
    result = run("import", str(write(tmp_path / "one.jsonl", PREAMBLE[:1])))

    assert "Imported 1 line of" in result.output
    assert ": 1 event (position 1)" in result.output


def test_a_file_of_decisions_is_recorded_whole_and_reads_back(run: Cli, tmp_path: Path) -> None:
    file = write(tmp_path / "decisions.jsonl", [*PREAMBLE, *ITEM], extra="\n\n")

    result = run("import", str(file))

    assert result.exit_code == 0, result.output
    assert "Imported 8 lines" in result.output
    assert "8 events (positions 1 to 8)" in result.output
    assert run.events() == 8
    shown = json.loads(run("item", "show", "PRJ-1", "--json").output)
    assert shown["stage"] == "approved"
    assert shown["objectives"] == ["Digital by default"]
    history = json.loads(run("item", "history", "PRJ-1", "--json").output)
    assert history[-1]["references"] == ["IC minutes 2026-01"]
    assert history[-1]["authority_detail"]["votes"] == {"hcarter": "for", "rdas": "for"}
    assert run("audit", "verify").exit_code == 0
    status = json.loads(run("projections", "status", "--json").output)
    assert {s["lag"] for s in status} == {0}


def test_a_refused_line_is_named_and_nothing_from_the_file_is_written(
    run: Cli, tmp_path: Path
) -> None:
    decisions = [*PREAMBLE, *ITEM, {**ITEM[0], "key": "PRJ-2", "kind": "gadget"}]
    decisions[7] = {**decisions[7], "budget": "9,000,000"}  # over the committee's limit
    file = write(
        tmp_path / "bad.jsonl", decisions, extra='{"command": "item teleport"}\nnot json\n'
    )

    result = run("import", str(file))

    assert result.exit_code == 1, result.output
    assert "4 of 11 lines cannot be recorded" in result.output
    assert "nothing from" in result.output
    assert "line 8: Investment Committee (IC) may authorise up to GBP 5,000,000" in result.output
    assert "line 9: kind:" in result.output
    assert "line 10: 'item teleport' is not a command that can be imported" in result.output
    assert "line 11: not JSON" in result.output
    assert run.events() == 0


def test_a_line_without_its_authority_is_refused_naming_the_field_not_the_option(
    run: Cli, tmp_path: Path
) -> None:
    """'with --authority' is the command line's; a line's refusal names its field."""
    proposed = {"command": "item propose", "key": "PRJ-1", "kind": "project", "title": "T",
                "owner": "O", "sponsor": "S", "category": "C", **said()}  # fmt: skip
    file = write(tmp_path / "no-authority.jsonl", [
        proposed,
        {"command": "item reject", "key": "PRJ-1", **said()},
        {"command": "portfolio envelope", "envelope": "GBP 5,000,000", **said()},
        {"command": "decision correct", "position": 1, "changes": {"title": "U"}, **said()},
    ])  # fmt: skip

    result = run("import", str(file))
    on_the_command_line = run("portfolio", "envelope", "GBP 5,000,000", "-m", "Plan")

    said_lines = " ".join(result.output.split())
    assert result.exit_code == 2, result.output  # a field left out: a malformed line
    for line, what in (
        (2, "to reject PRJ-1 name the authority it is decided under"),
        (3, "setting the portfolio envelope is an authorisation: name the authority"),
        (4, "name the authority the record is put right under"),
    ):
        assert f"line {line}: authority: is required: {what}" in said_lines, said_lines
    assert 'give it as "authority" on the line' in said_lines
    assert "--authority" not in said_lines
    assert run.events() == 0
    assert on_the_command_line.exit_code == 2  # an option left out: bad usage
    assert "name the authority it is decided under with --authority" in (
        " ".join(on_the_command_line.output.split())
    )


def test_only_malformed_lines_are_bad_usage(run: Cli, tmp_path: Path) -> None:
    file = write(tmp_path / "bad.jsonl", [{**ITEM[0], "colour": "blue"}], extra="[1, 2]\n")

    result = run("import", str(file))

    assert result.exit_code == 2, result.output
    assert "line 1: colour: is not a field of this command" in result.output
    assert "line 2: not a JSON object" in result.output
    assert run.events() == 0


def test_a_dry_run_checks_everything_and_writes_nothing(run: Cli, tmp_path: Path) -> None:
    file = write(tmp_path / "decisions.jsonl", [*PREAMBLE, *ITEM])

    dry = run("import", str(file), "--dry-run")

    assert dry.exit_code == 0, dry.output
    assert "all 8 decisions would be recorded. Nothing was written (dry run)" in dry.output
    assert run.events() == 0
    assert run("import", str(file)).exit_code == 0
    again = run("import", str(file), "--dry-run")
    assert again.exit_code == 0, again.output  # as the real run of it: a no-op
    assert "Already imported" in again.output
    assert "importing it again would write nothing (dry run)" in again.output
    other = write(tmp_path / "other.jsonl", [*PREAMBLE, *ITEM], extra="\n")  # other bytes
    changed = run("import", str(other), "--dry-run")
    assert changed.exit_code == 1  # every key now exists
    assert "already exists" in changed.output
    assert run.events() == 8


def test_lines_without_an_actor_take_the_one_given_to_import(run: Cli, tmp_path: Path) -> None:
    line = {k: v for k, v in ITEM[0].items() if k not in {"actor", "role"}}
    file = write(tmp_path / "one.jsonl", [line])

    nobody = run("import", str(file), actor=None, role=None)
    assert nobody.exit_code == 2
    assert "actor: is required" in nobody.output

    result = run("import", str(file), actor="Sam Patel", role="Portfolio Manager")
    assert result.exit_code == 0, result.output
    history = json.loads(run("item", "history", "PRJ-1", "--json").output)
    assert history[0]["actor"] == "Sam Patel"


def test_a_large_file_refused_at_its_last_line_writes_nothing_at_all(
    run: Cli, tmp_path: Path
) -> None:
    # More than a batch's worth of events is saved before the last line is refused:
    # the whole transaction is undone.
    decisions = [json.loads(line) for line in generate.lines(2500)]
    first = next(d for d in decisions if d["command"] == "item propose")
    decisions.append(first)  # the same item proposed again: refused
    file = write(tmp_path / "big.jsonl", decisions)

    result = run("import", str(file))

    assert result.exit_code == 1, result.output
    assert "line 2,501:" in result.output
    file_ledger = sqlite_file(run.url)
    if file_ledger is not None:  # a new SQLite ledger is not made at all (test_import_new_ledger)
        assert not file_ledger.exists()
    else:  # an empty schema keeps the empty ledger made to check the file against
        assert run("audit", "verify").exit_code == 0
    assert run.events() == 0


def test_a_generated_history_of_every_kind_imports_cleanly(db_url: str, tmp_path: Path) -> None:
    file = tmp_path / "history.jsonl"
    generate.write(file, 3000)
    kinds = {json.loads(line)["command"] for line in file.read_text(encoding="utf-8").splitlines()}
    assert (
        kinds
        >= set(COMMANDS)
        - {
            "item set-tolerance",
            "board stand-down",
            "board set-quorum",
            "board set-limit",
            "authority revoke",
        }
        - {"item defer"}
        or kinds
    )

    result = Cli(db_url)("import", str(file))

    assert result.exit_code == 0, result.output
    ledger = PortfolioLedger(db_url)
    try:
        assert ledger.event_count() == 3000
    finally:
        ledger.close()


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_importable_command_is_a_cli_command_with_a_handler(name: str) -> None:
    command: click.Command = cli.loaded()
    for part in name.split():
        assert isinstance(command, click.Group), name
        command = command.commands[part]
    assert callable(COMMANDS[name].handler)


def test_every_decision_the_cli_records_can_be_imported() -> None:
    def decisions(group: click.Group, path: tuple[str, ...]) -> list[str]:
        found = []
        for name, command in group.commands.items():
            if isinstance(command, click.Group):
                found += decisions(command, (*path, name))
            elif any("--rationale" in p.opts for p in command.params):
                found.append(" ".join((*path, name)))
        return found

    # 'returns import' records a return's many decisions through these same commands.
    assert set(decisions(cli.loaded(), ())) - {"returns import"} == set(COMMANDS)


def test_a_line_refused_only_because_an_earlier_line_was_is_reported_as_a_consequence(
    run: Cli, tmp_path: Path
) -> None:
    future = {**ITEM[0], "effective_date": "2999-01-01"}
    file = write(tmp_path / "late.jsonl", [*PREAMBLE, future, *ITEM[1:]])

    result = run("import", str(file))

    assert result.exit_code == 2, result.output  # the one real error is a bad field
    assert "1 of 8 lines cannot be recorded (and 2 more that depend on it)" in result.output
    lines = [line.strip() for line in result.output.splitlines() if "line " in line]
    assert lines[0].startswith("line 6: effective_date: 2999-01-01 is in the future")
    assert "line 7: depends on line 6, which was refused; fix that line first" in lines
    assert "line 8: depends on line 6, which was refused; fix that line first" in lines
    assert run.events() == 0


FUND = {**ITEM[2], "command": "item fund", "budget": "9,000,000"}  # over IC's GBP 5m limit


def test_a_line_refused_for_a_reason_of_its_own_says_so_whatever_it_names(
    run: Cli, tmp_path: Path
) -> None:
    resume = {"command": "item resume", "key": "PRJ-1", "authority": "PMO", **said()}
    again = {**PREAMBLE[0], "name": "Helen Carter again"}  # hcarter exists
    cancel = {"command": "item cancel", "key": "PRJ-1", "authority": "PMO"}
    lines = [*PREAMBLE, *ITEM, FUND, resume, again, {**cancel, **said(actor="hcarter")}]
    file = write(tmp_path / "own.jsonl", [*lines, {**ITEM[1], "key": "PRJ-2"}])

    result = run("import", str(file))

    assert result.exit_code == 1, result.output
    assert "4 of 13 lines cannot be recorded; nothing from" in result.output  # no "depend"
    said_of = {line.split(":")[0].strip(): line for line in result.output.splitlines()[1:]}
    # The funding would not have paused PRJ-1; hcarter's refused registration is not why.
    assert "cannot resume PRJ-1: it is approved; only paused items" in said_of["line 10"]
    assert "person hcarter already exists" in said_of["line 11"]
    assert "line 12" not in said_of  # hcarter may cancel PRJ-1: recorded, then undone
    assert "no item PRJ-2 in this ledger" in said_of["line 13"]
    assert "depends on" not in result.output
    assert run.events() == 0


def test_a_line_refused_for_a_stage_a_refused_line_was_to_reach_is_a_consequence(
    run: Cli, tmp_path: Path
) -> None:
    approve = {**ITEM[2], "budget": "9,000,000"}  # over the limit: PRJ-1 stays appraised
    start = {"command": "item start-delivery", "key": "PRJ-1", "authority": "PMO", **said()}
    pause = {**start, "command": "item pause"}
    refer = {"command": "person add", "key": "zlee", "name": "Zoe Lee", "effective_date": "x"}
    appoint = {**PREAMBLE[3], "person": "zlee"}
    lines = [*PREAMBLE, *ITEM[:2], approve, start, pause, {**refer, **said()}, appoint]
    file = write(tmp_path / "stages.jsonl", lines)

    result = run("import", str(file))

    assert result.exit_code == 1, result.output
    assert "2 of 12 lines cannot be recorded (and 3 more that depend on them)" in result.output
    said_of = {line.split(":")[0].strip(): line for line in result.output.splitlines()[1:]}
    assert "may authorise up to GBP 5,000,000" in said_of["line 8"]
    assert said_of["line 9"].endswith("depends on line 8, which was refused; fix that line first")
    assert said_of["line 10"].endswith("depends on line 8, which was refused; fix that line first")
    assert "effective_date: must be a real calendar day" in said_of["line 11"]
    assert said_of["line 12"].endswith("depends on line 11, which was refused; fix that line first")
    assert run.events() == 0


def test_a_refused_line_is_no_consequence_of_another_kind_of_record_under_the_same_key(
    run: Cli, tmp_path: Path
) -> None:
    person = {**PREAMBLE[0], "key": "PRJ-2", "effective_date": "x"}  # refused: a person
    appraise = {**ITEM[1], "key": "PRJ-2"}  # no item PRJ-2: not because of that person
    file = write(tmp_path / "kinds.jsonl", [*PREAMBLE, person, appraise])

    result = run("import", str(file))

    said_of = {line.split(":")[0].strip(): line for line in result.output.splitlines()[1:]}
    assert "2 of 7 lines cannot be recorded; nothing from" in result.output
    assert "no item PRJ-2 in this ledger" in said_of["line 7"]
    assert "depends on" not in result.output
    assert run.events() == 0


def test_a_refused_line_says_what_to_write_instead(run: Cli, tmp_path: Path) -> None:
    board = {k: v for k, v in PREAMBLE[2].items() if k != "limit"}
    appraisal = {**ITEM[1], "benefits": "GBP 1", "expected_benefits": None}
    del appraisal["expected_benefits"]
    both = {**ITEM[2], "delegation": "D-1"}  # a board and a delegation
    decisions = [{**PREAMBLE[0], "command": "person register"}, board, appraisal, both]
    file = write(tmp_path / "fix.jsonl", decisions)

    result = run("import", str(file))

    assert result.exit_code == 2, result.output
    assert "did you mean 'person add'?" in result.output
    assert 'limit: is required; write "limit": null if there is none' in result.output
    assert "benefits: is not a field of this command (did you mean 'expected_benefits'?)" in (
        result.output
    )
    # The rule is written for the command line; a line names fields, not options.
    assert '("board", with "present" and "votes")' in result.output
    assert "--board" not in result.output
    assert run.events() == 0


def test_a_field_of_the_wrong_kind_is_refused_saying_what_to_write(
    run: Cli, tmp_path: Path
) -> None:
    listed = {**ITEM[0], "references": "IC-2026-03", "effective_date": "2026-02-30"}
    correction = {"command": "decision correct", "position": 1, "changes": {}, **said()}
    file = write(tmp_path / "kinds.jsonl", [listed, correction])

    result = run("import", str(file))

    assert result.exit_code == 2, result.output
    assert (
        'references: must be a JSON array of texts, such as ["IC-2026-03"], '
        'not the text "IC-2026-03"'
    ) in result.output
    assert "line 1: effective_date: must be a real calendar day, YYYY-MM-DD" in result.output
    assert "line 2: changes: has none; give at least one change, such as {" in result.output
    assert "Input should" not in result.output
    assert run.events() == 0


@pytest.mark.empty_schema("a database with no ledger, which a dry run leaves so")
def test_a_dry_run_on_a_database_with_no_ledger_creates_nothing(
    db_url: str, tmp_path: Path
) -> None:
    from sqlalchemy import create_engine, inspect

    from portfolio_ledger.storage.urls import normalise_url

    url = db_url if "postgresql" in db_url else f"sqlite:///{tmp_path / 'never.db'}"
    file = write(tmp_path / "decisions.jsonl", [*PREAMBLE, *ITEM])

    dry = Cli(url)("import", str(file), "--dry-run")

    assert dry.exit_code == 0, dry.output
    assert "all 8 decisions would be recorded" in dry.output
    if "postgresql" in url:
        engine = create_engine(normalise_url(url))
        try:
            assert inspect(engine).get_table_names() == []
        finally:
            engine.dispose()
    else:
        assert list(tmp_path.glob("never.db*")) == []


def test_a_line_dated_before_its_item_was_made_names_both_fixes(run: Cli, tmp_path: Path) -> None:
    """Nothing of the import is stored yet: the making decision may be its own line.

    It said "(its line, if this import makes it; else 'decision correct POSITION ...')"
    of an item the file itself made, on a line it knew; it names that line now, and the
    correction alone of an item recorded before the import.
    """
    proposed = {"command": "item propose", "key": "PRJ-1", "kind": "project", "title": "T",
                "owner": "O", "sponsor": "S", "category": "C", "effective_date": "2026-03-02",
                **said()}  # fmt: skip
    rejected = {"command": "item reject", "key": "PRJ-1", "authority": "IC",
                "effective_date": "2026-02-01", **said()}  # fmt: skip
    file = write(tmp_path / "early.jsonl", [proposed, rejected])

    result = run("import", str(file))

    said_lines = " ".join(result.output.split())
    assert result.exit_code == 1, result.output
    assert "give an effective date of 2026-03-02 or later; or, if PRJ-1 was made earlier" in (
        said_lines
    )
    assert 'correct the "effective_date" of line 1, which makes it' in said_lines
    assert "POSITION" not in said_lines
    assert run.events() == 0

    assert run("import", str(write(tmp_path / "made.jsonl", [proposed]))).exit_code == 0
    later = run("import", str(write(tmp_path / "later.jsonl", [rejected])))
    said_lines = " ".join(later.output.split())
    assert later.exit_code == 1, later.output
    assert (
        "correct the date of the decision that made it ('decision correct POSITION --set "
        "effective_date=2026-02-01 --authority AUTHORITY -m REASON', POSITION being its "
        "position in 'audit trail --item PRJ-1')"
    ) in said_lines
    assert "its line" not in said_lines
