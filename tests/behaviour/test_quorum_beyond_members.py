"""A board whose quorum is more than its members says so, where it is shown and where refused.

Boards are constituted before their members are appointed, so a quorum of 3
on a board of 2 is accepted; it was shown silently (``Quorum 3``, ``Members
2``), and a decision refused for want of quorum did not say that no meeting
of the board could have been quorate.

A decision that leaves a board so (a quorum set or corrected above its
members, a member stood down, an appointment annulled) is recorded, as the
body that runs the board decided it, with a warning that names the board, its
quorum and members, and the way out; before, ``decision correct --set
quorum=100`` on a board of 2 said nothing (exit 0, no warning).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import Cli

SAID = ("-m", "Set up", "--effective-date", "2026-01-05")
WAY_OUT = (
    "appoint members ('portfolio-ledger board appoint IC KEY') or set a lower quorum "
    "('portfolio-ledger board set-quorum IC N')"
)


@pytest.fixture
def two_of_three(run: Cli) -> Cli:
    """IC, quorum 3, with two members; PRJ-1 appraised."""
    for args in (
        ("person", "add", "hcarter", "--name", "Helen Carter", *SAID),
        ("person", "add", "mlee", "--name", "Marcus Lee", *SAID),
        ("board", "create", "IC", "--name", "Investment Committee", "--terms", "t",
         "--unlimited", "--quorum", "3", "--authority", "Articles", *SAID),
        ("board", "appoint", "IC", "hcarter", "--as", "chair", "--authority", "Articles", *SAID),
        ("board", "appoint", "IC", "mlee", "--authority", "Articles", *SAID),
        ("item", "propose", "PRJ-1", "--kind", "project", "--title", "T", "--owner", "O",
         "--sponsor", "S", "--category", "IT", *SAID),
        ("item", "appraise", "PRJ-1", "--estimated-cost", "10", "--expected-benefits", "20",
         "--risk-rating", "low", "--alignment-score", "50", *SAID),
    ):  # fmt: skip
        result = run(*args)
        assert result.exit_code == 0, result.output
    return run


def test_board_show_and_list_say_the_quorum_cannot_be_met(two_of_three: Cli) -> None:
    shown = two_of_three("board", "show", "IC")
    listed = two_of_three("board", "list")
    data = json.loads(two_of_three("board", "show", "IC", "--json").stdout)

    assert shown.exit_code == listed.exit_code == 0
    expected = f"cannot be met with its 2 members (hcarter, mlee): {WAY_OUT}"
    assert f"3: {expected}" in " ".join(shown.output.split())
    assert f"IC: its quorum of 3 {expected}." in listed.output
    assert data["quorum_unreachable"] == expected


def test_a_board_with_enough_members_says_nothing_of_it(two_of_three: Cli) -> None:
    result = two_of_three("board", "set-quorum", "IC", "2", "--authority", "Articles", *SAID)
    assert result.exit_code == 0, result.output

    assert "cannot be met" not in two_of_three("board", "list").output
    assert (
        json.loads(two_of_three("board", "show", "IC", "--json").stdout)["quorum_unreachable"]
        is None
    )


def test_a_refusal_for_want_of_quorum_names_the_quorum_the_members_present_and_why(
    two_of_three: Cli,
) -> None:
    before = two_of_three.events()

    result = two_of_three("item", "approve", "PRJ-1", "--budget", "10", "--board", "IC",
                          "--present", "hcarter,mlee", "--vote", "hcarter=for,mlee=for",
                          "--actor", "hcarter", *SAID)  # fmt: skip

    assert result.exit_code == 1, result.output
    said = " ".join(result.output.split())
    assert (
        "Investment Committee (IC) needs 3 members present to decide (its quorum on "
        "2026-01-05); 2 counted: hcarter, mlee; on that day its quorum of 3 cannot be met "
        f"with its 2 members (hcarter, mlee): {WAY_OUT}."
    ) in said
    assert two_of_three.events() == before


LOST = (
    "Warning: Investment Committee (IC) now has a quorum of {q}, which cannot be met with its {n}"
)
UNTIL = "Until then no meeting of IC can decide"


@pytest.mark.parametrize(
    ("args", "quorum", "members"),
    [
        (("board", "set-quorum", "IC", "5", "--authority", "Articles"), 5, "2 members"),
        (("board", "stand-down", "IC", "mlee", "--authority", "Articles"), 2, "1 member (hcarter)"),
    ],
)
def test_a_decision_leaving_the_quorum_unmet_is_recorded_with_a_warning(
    two_of_three: Cli, args: tuple[str, ...], quorum: int, members: str
) -> None:
    lowered = two_of_three("board", "set-quorum", "IC", "2", "--authority", "Articles", *SAID)
    assert lowered.exit_code == 0, lowered.output
    before = two_of_three.events()

    result = two_of_three(*args, "-m", "Terms revised")

    assert result.exit_code == 0, result.output
    assert two_of_three.events() == before + 1
    said = " ".join(result.stderr.split())
    assert LOST.format(q=quorum, n=members) in said
    assert f"{WAY_OUT}. {UNTIL}" in said
    assert "Warning" not in result.stdout


def test_a_quorum_corrected_beyond_the_members_or_an_appointment_annulled_warns(
    two_of_three: Cli,
) -> None:
    constituted = 3  # IC's constitution, after two people were registered
    quorum = two_of_three("decision", "correct", str(constituted), "--set", "quorum=100",
                          "--authority", "Articles", "-m", "As minuted", "--json")  # fmt: skip
    assert quorum.exit_code == 0, quorum.output
    assert LOST.format(q=100, n="2 members") in " ".join(quorum.stderr.split())
    assert UNTIL in " ".join(json.loads(quorum.stdout)["warnings"][0].split())

    back = two_of_three("decision", "correct", str(constituted), "--set", "quorum=2",
                        "--authority", "Articles", "-m", "As minuted")  # fmt: skip
    appointed = 5  # mlee's appointment
    annulled = two_of_three("decision", "annul", str(appointed), "--authority", "Articles",
                            "-m", "Never appointed")  # fmt: skip

    assert back.exit_code == annulled.exit_code == 0, annulled.output
    assert "Warning" not in back.output
    assert LOST.format(q=2, n="1 member (hcarter)") in " ".join(annulled.stderr.split())


def test_a_board_being_made_up_or_within_its_quorum_is_not_warned_of(two_of_three: Cli) -> None:
    made = two_of_three("board", "create", "AC", "--name", "Audit Committee", "--terms", "t",
                        "--unlimited", "--quorum", "3", "--authority", "Articles",
                        *SAID)  # fmt: skip
    seated = two_of_three("board", "appoint", "AC", "hcarter", "--authority", "Articles", *SAID)
    lowered = two_of_three("board", "set-quorum", "IC", "2", "--authority", "Articles", *SAID)

    for result in (made, seated, lowered):
        assert result.exit_code == 0, result.output
        assert "Warning" not in result.output


def test_an_imports_quorum_warning_stays_with_its_own_batch(two_of_three: Cli) -> None:
    """An import's lines are not warned of; what a handler said of one batch's quorum is not
    handed to the next batch in the same process (it was: a quiet batch's ``save`` gave every
    batch one shared result, and a handler's warning was added to it)."""
    from portfolio_ledger.application.commands import ProposeItem, SetQuorum
    from portfolio_ledger.bootstrap import open_ledger

    said = {"actor": "hcarter", "role": "Chair", "rationale": "Set up"}
    ledger, _ = open_ledger(two_of_three.url)
    try:
        with ledger.batch() as first:
            first.quiet = True
            quorum = {"key": "IC", "quorum": 4, "authority": "Articles", **said}
            raised = first.handle(SetQuorum.model_validate(quorum))
        assert "cannot be met" in " ".join(raised.warnings)  # the handler's, kept unsaid
        with ledger.batch() as second:
            second.quiet = True
            item = {"key": "PRJ-2", "kind": "project", "title": "T", "owner": "O",
                    "sponsor": "S", "category": "IT", **said}  # fmt: skip
            proposed = second.handle(ProposeItem.model_validate(item))
        assert proposed.warnings == []
    finally:
        ledger.close()


def _minutes(run: Cli, tmp_path: Path, *lines: dict[str, object], dry: bool = False) -> Result:
    """An import of ``lines`` (each a command and its fields, said as ``SAID`` says)."""
    said = {"rationale": "Minuted", "effective_date": "2026-01-05", "authority": "Articles",
            "actor": "hcarter", "role": "Chair"}  # fmt: skip
    path = tmp_path / "minutes.jsonl"
    path.write_text("".join(json.dumps({**said, **line}) + "\n" for line in lines))
    result = run("import", str(path), *(["--dry-run"] if dry else []))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result


def test_an_import_warns_of_a_board_it_leaves_unable_to_meet_its_quorum(
    two_of_three: Cli, tmp_path: Path
) -> None:
    """As the command warns, once the file is recorded, naming the last line that left it so."""
    result = _minutes(two_of_three, tmp_path,
                      {"command": "board set-quorum", "key": "IC", "quorum": 4},
                      {"command": "person add", "key": "cdubois", "name": "Claire Dubois"},
                      {"command": "board set-quorum", "key": "IC", "quorum": 5})  # fmt: skip

    assert result.stderr == (
        "Warning: line 3: Investment Committee (IC) now has a quorum of 5, which cannot be met "
        f"with its 2 members (hcarter, mlee): {WAY_OUT}. Until then no meeting of IC can decide: "
        "its approvals, funding changes, tolerances, delegations and other decisions naming its "
        "meeting (a pause, say) are refused for want of quorum.\n"
    )


def test_an_import_that_puts_the_quorum_right_on_a_later_line_warns_of_nothing(
    two_of_three: Cli, tmp_path: Path
) -> None:
    """A member stood down and another appointed in the same minutes: the board can still meet."""
    result = _minutes(two_of_three, tmp_path,
                      {"command": "board set-quorum", "key": "IC", "quorum": 2},
                      {"command": "board stand-down", "key": "IC", "person": "mlee"},
                      {"command": "person add", "key": "cdubois", "name": "Claire Dubois"},
                      {"command": "board appoint", "key": "IC", "person": "cdubois"})  # fmt: skip

    assert result.stderr == ""


def test_a_dry_run_warns_of_no_quorum(two_of_three: Cli, tmp_path: Path) -> None:
    before = two_of_three.events()
    result = _minutes(two_of_three, tmp_path, {"command": "board set-quorum", "key": "IC",
                                               "quorum": 4}, dry=True)  # fmt: skip

    assert result.stderr == ""
    assert two_of_three.events() == before


@pytest.mark.parametrize("bulk", [False, True], ids=["through-the-wal", "bulk"])
def test_an_import_into_a_ledger_it_makes_warns_of_its_quorum_past_a_flush(
    run: Cli, tmp_path: Path, bulk: bool
) -> None:
    """The board read as the file leaves it once more lines than a batch keeps came after it
    (``FLUSH_EVERY``), into a ledger the import makes, through the WAL and as a bulk import."""
    from portfolio_ledger.application.batch import FLUSH_EVERY
    from tests.behaviour.test_import import PREAMBLE, said

    stand_down = {"command": "board stand-down", "key": "IC", "person": "rdas",
                  **said(authority="Scheme of delegation")}  # fmt: skip
    people = [{"command": "person add", "key": f"p{n}", "name": f"P {n}", **said()}
              for n in range(FLUSH_EVERY + 10)]  # fmt: skip
    path = tmp_path / "history.jsonl"
    lines = [*PREAMBLE, stand_down, *people]
    dated = [json.dumps({"effective_date": "2026-01-05", **line}) + "\n" for line in lines]
    path.write_text("".join(dated))
    env = {"PORTFOLIO_LEDGER_BULK_IMPORT_BYTES": "1"} if bulk else {}

    result = run("import", str(path), env=env)

    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(
        f"Warning: line {len(PREAMBLE) + 1}: Investment Committee (IC) now has a quorum of 2, "
        "which cannot be met with its 1 member (hcarter)"
    ), result.stderr


def test_the_line_named_is_the_last_that_changed_the_board(
    two_of_three: Cli, tmp_path: Path
) -> None:
    """Line 1 set 5, line 2 lowered it to 4, still beyond the 2 members: line 2 left it so."""
    result = _minutes(two_of_three, tmp_path,
                      {"command": "board set-quorum", "key": "IC", "quorum": 5},
                      {"command": "board set-quorum", "key": "IC", "quorum": 4},
                      {"command": "person add", "key": "cdubois", "name": "C"})  # fmt: skip

    assert result.stderr.startswith(
        "Warning: line 2: Investment Committee (IC) now has a quorum of 4, which cannot be met "
        "with its 2 members (hcarter, mlee)"
    )
    assert result.stderr.count("Warning: ") == 1
