"""An import that records a governance change warns of the decisions it leaves without authority.

As ``board stand-down`` or ``authority revoke`` does on the command line
(tests/behaviour/test_authority_lost_warning.py): the same words, one warning for each
governing line recorded, on stderr after the "Imported ..." line. Each line is judged as
its command would have been: the decisions recorded before it (in the ledger or on the
file's earlier lines), valid as the ledger stood before it was recorded, invalid once the
whole file is. A dry run, a file imported already and a refused file warn of nothing,
and the check writes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
import pytest

from portfolio_ledger.application.ports import ReadModelError
from portfolio_ledger.cli import import_report, imports
from portfolio_ledger.cli.import_report import say_authority_lost
from portfolio_ledger.projections.read_side import ReadSide
from tests.behaviour.test_authority_lost_warning import UNDER_DELEGATION, WARNING, _approved
from tests.behaviour.test_governance import IC_MEETING, day, delegate, gov, propose
from tests.behaviour.test_import import ITEM, PREAMBLE, said
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name

MINUTED = {"authority": "Executive Board", "rationale": "Minuted", "role": "Chair"}


def _stand_down(person: str, on: int) -> dict[str, Any]:
    return {"command": "board stand-down", "key": "IC", "person": person,
            "effective_date": day(on), "actor": "hcarter", **MINUTED}  # fmt: skip


def _set_limit(limit: str, on: int) -> dict[str, Any]:
    return {"command": "board set-limit", "key": "IC", "limit": limit,
            "effective_date": day(on), "actor": "hcarter", **MINUTED}  # fmt: skip


REVOKE_ON_DAY_10 = {
    "command": "authority revoke", "key": "DEL-001", "present": ["hcarter", "cdubois", "mlee"],
    "votes": {"hcarter": "for", "cdubois": "for"}, "actor": "hcarter", "role": "Chair",
    "rationale": "CIO post vacant", "effective_date": day(10),
}  # fmt: skip


def _file(tmp_path: Path, *lines: dict[str, Any]) -> str:
    path = tmp_path / "minutes.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    return str(path)


def _imported(run: Cli, file: str, *options: str) -> Any:
    result = run("import", file, *options)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result


def test_a_stand_down_imported_names_the_decision_it_leaves_without_authority(
    gov: Cli, tmp_path: Path
) -> None:
    position = _approved(gov, "PRJ-A", "GBP 2,000,000", *IC_MEETING, on=3)
    before = gov.events()
    file = _file(tmp_path, _set_limit("GBP 60,000,000", 1), _stand_down("mlee", 2))

    result = _imported(gov, file)

    stood_down = before + 2  # line 2's event
    assert f"Warning: line 2: this decision leaves 1 decision recorded before it {WARNING}" in (
        result.stderr
    )
    assert f"PRJ-A approved, effective {day(3)} (position {position})" in result.stderr
    assert f"decision correct {stood_down} --set effective_date=YYYY-MM-DD" in result.stderr
    assert "line 1:" not in result.stderr  # a limit raised takes no authority away
    # After the report of what was recorded, as the command line warns after it.
    assert result.output.index("Imported 2 lines") < result.output.index("Warning: line 2")


def test_a_revocation_imported_names_decisions_in_the_ledger_and_on_the_files_earlier_lines(
    gov: Cli, tmp_path: Path
) -> None:
    delegate(gov)
    in_ledger = _approved(gov, "PRJ-B", "300000", *UNDER_DELEGATION, on=12)
    propose(gov, "PRJ-C")
    before = gov.events()
    approval = {"command": "item approve", "key": "PRJ-C", "budget": "200000",
                "delegation": "DEL-001", "actor": "mlee", "role": "CIO",
                "rationale": "Small item", "effective_date": day(14)}  # fmt: skip
    file = _file(tmp_path, approval, REVOKE_ON_DAY_10)

    result = _imported(gov, file)

    on_the_file = before + 1
    assert f"line 2: this decision leaves 2 decisions recorded before it {WARNING}" in (
        result.stderr
    )
    assert f"PRJ-B approved, effective {day(12)} (position {in_ledger})" in result.stderr
    assert f"PRJ-C approved, effective {day(14)} (position {on_the_file})" in result.stderr
    assert "'portfolio-ledger audit authority PRJ-B'" in result.stderr


@pytest.mark.parametrize("bulk", [False, True], ids=["through-the-wal", "bulk"])
def test_a_file_of_a_whole_history_warns_of_its_own_earlier_decision(
    run: Cli, tmp_path: Path, bulk: bool
) -> None:
    """Into a ledger the import makes (an SQLite file not there yet is built beside it and
    put in place), as a bulk import too: the warning reads the ledger once it is in place."""
    history = [{**line, "effective_date": day(0)} for line in PREAMBLE]
    history += [{**line, "effective_date": day(3)} for line in ITEM]
    stand_down = {"command": "board stand-down", "key": "IC", "person": "rdas",
                  "effective_date": day(2), **said(authority="Scheme of delegation")}  # fmt: skip
    file = _file(tmp_path, *history, stand_down)
    bytes_ = {"PORTFOLIO_LEDGER_BULK_IMPORT_BYTES": "1"} if bulk else {}

    result = run("import", file, env=bytes_)

    assert result.exit_code == 0, result.output
    approval = len(history)  # the file's positions are its lines'
    assert f"Warning: line {approval + 1}: this decision leaves 1 decision" in result.stderr
    assert f"PRJ-1 approved, effective {day(3)} (position {approval})" in result.stderr


def test_governance_changes_that_take_no_authority_away_warn_of_nothing(
    gov: Cli, tmp_path: Path
) -> None:
    _approved(gov, "PRJ-A", "GBP 2,000,000", *IC_MEETING, on=3)
    file = _file(tmp_path, _set_limit("GBP 1,000,000", 4), _stand_down("mlee", 5))

    result = _imported(gov, file)

    assert "Imported 2 lines" in result.stdout
    assert WARNING not in result.output
    assert "Warning" not in result.output


def test_a_stand_down_put_right_on_a_later_line_of_the_file_warns_of_nothing(
    gov: Cli, tmp_path: Path
) -> None:
    """Dated a day early, corrected on the next line: nothing stays without authority."""
    _approved(gov, "PRJ-A", "GBP 2,000,000", *IC_MEETING, on=3)
    stood_down = gov.events() + 1
    correction = {"command": "decision correct", "position": stood_down,
                  "changes": {"effective_date": day(4)}, "actor": "hcarter",
                  **MINUTED}  # fmt: skip
    file = _file(tmp_path, _stand_down("mlee", 2), correction)

    result = _imported(gov, file)

    assert "Imported 2 lines" in result.stdout
    assert WARNING not in result.output


def test_past_the_first_lines_warned_of_the_rest_are_counted_with_their_keys(
    gov: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_report, "WARNED", 1)  # ten in use: one here, so two are many
    delegate(gov)
    _approved(gov, "PRJ-A", "GBP 2,000,000", *IC_MEETING, on=3)
    under = _approved(gov, "PRJ-B", "300000", *UNDER_DELEGATION, on=12)
    revocation = {**REVOKE_ON_DAY_10, "present": ["hcarter", "cdubois"]}
    file = _file(tmp_path, _stand_down("mlee", 2), revocation)

    result = _imported(gov, file)

    assert "Warning: line 1: this decision leaves 1 decision" in result.stderr
    assert f"(position {under})" not in result.stderr  # the rest are counted, not listed
    assert (
        f"Warning: and 1 more line of the file (line 2) leaves 1 decision recorded before it "
        f"{WARNING}, on PRJ-B. See why with 'portfolio-ledger audit authority PRJ-B'"
    ) in result.stderr


def test_a_dry_run_and_an_import_of_the_same_file_again_warn_of_nothing(
    gov: Cli, tmp_path: Path
) -> None:
    _approved(gov, "PRJ-A", "GBP 2,000,000", *IC_MEETING, on=3)
    file = _file(tmp_path, _stand_down("mlee", 2))

    dry = _imported(gov, file, "--dry-run")
    assert WARNING not in dry.output
    assert WARNING in _imported(gov, file).stderr
    again = _imported(gov, file)

    assert "Already imported" in again.stdout
    assert WARNING not in again.output


def test_a_refused_file_warns_of_nothing(gov: Cli, tmp_path: Path) -> None:
    _approved(gov, "PRJ-A", "GBP 2,000,000", *IC_MEETING, on=3)
    before = gov.events()
    file = _file(tmp_path, _stand_down("mlee", 2), _stand_down("nobody", 2))

    result = gov("import", file)

    assert result.exit_code == 1, result.output
    assert WARNING not in result.output
    assert gov.events() == before


def test_the_warning_writes_nothing(
    gov: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _approved(gov, "PRJ-A", "GBP 2,000,000", *IC_MEETING, on=3)
    before = gov.events()
    file = _file(tmp_path, _stand_down("mlee", 2), _set_limit("GBP 1,000,000", 1))
    around: list[int] = []

    def counted(*args: Any) -> None:  # the events stored either side of the check
        around.append(gov.events())
        say_authority_lost(*args)
        around.append(gov.events())

    monkeypatch.setattr(imports, "say_authority_lost", counted)

    result = _imported(gov, file)

    # Line 1 took the authority; line 2 finds the decision invalid already: named once.
    assert result.stderr.count("Warning: line") == 1
    assert "Warning: line 1:" in result.stderr
    assert around == [before + 2, before + 2]  # the file's two lines; the check wrote none
    trail = gov("audit", "trail", "--json")
    assert [row["position"] for row in json.loads(trail.stdout)][-1] == before + 2
    verified = gov("audit", "verify")
    assert verified.exit_code == 0, verified.output


def test_a_check_that_cannot_read_says_so_and_the_import_stands(
    gov: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file is recorded by then: a failure to judge it is a warning, exit 0, no traceback."""
    _approved(gov, "PRJ-A", "GBP 2,000,000", *IC_MEETING, on=3)
    before = gov.events()

    def unreadable(*_: Any, **__: Any) -> None:
        raise ReadModelError("the read models are locked")

    monkeypatch.setattr(ReadSide, "authority_taken", unreadable)

    result = _imported(gov, _file(tmp_path, _stand_down("mlee", 2)))

    assert gov.events() == before + 1
    assert (
        "Warning: the file is recorded, but whether its governance changes (line 1) leave "
        "decisions recorded before them without authority could not be checked (the read "
        "models are locked)"
    ) in " ".join(result.stderr.split())


def test_many_lines_judged_together_warn_as_each_judged_on_its_own(
    gov: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lines share one snapshot, each aggregate's events and each judgement as the ledger
    stands now (``ReadSide.judging_together``): the warnings are those of each line judged
    alone, by a read and a judging of its own, as before they were shared."""
    delegate(gov)
    _approved(gov, "PRJ-B", "300000", *UNDER_DELEGATION, on=12)
    _approved(gov, "PRJ-A", "GBP 2,000,000", *IC_MEETING, on=3)
    back_and_forth = [_set_limit(f"GBP {limit},000,000", 1) for limit in (60, 50) * 10]
    file = _file(
        tmp_path, REVOKE_ON_DAY_10, *back_and_forth, _stand_down("mlee", 2),
        _set_limit("GBP 1,000,000", 1), *back_and_forth,
    )  # fmt: skip

    def twice(*args: Any) -> None:  # together, then each line alone, on the same ledger
        say_authority_lost(*args)
        click.echo("-- each alone --", err=True)
        with monkeypatch.context() as alone:
            alone.setattr(ReadSide, "judging_together", _each_alone)
            say_authority_lost(*args)

    monkeypatch.setattr(imports, "say_authority_lost", twice)

    result = _imported(gov, file)

    together, alone = result.stderr.split("-- each alone --\n")
    assert together == alone
    assert "Warning: line 1: this decision leaves 1 decision" in together  # PRJ-B
    assert "Warning: line 22: this decision leaves 2 decisions" in together  # PRJ-A, revocation
    assert together.count("Warning: line") == 2


@contextmanager
def _each_alone(reader: ReadSide, **_: Any) -> Iterator[None]:
    """No sharing: each ``authority_taken`` reads and judges on its own (as a command does:
    the trail read from its change's day on by the database, not filtered after)."""
    assert reader._together is None
    yield
