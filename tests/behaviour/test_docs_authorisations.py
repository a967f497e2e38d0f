"""An item's other authorisations named by a meeting or a delegation, read from the docs alone.

docs/governance.md (*Other authorisations, checked when named*, *What is
checked, in this order*, *"As it stood on the effective date"*, *The auditors'
questions*) and docs/import.md promise what these check; the expected answers
here were worked out from those pages before the software was run, for what
tests/behaviour/test_authorisations_checked*.py leave out: each of the eleven
commands, exactly the quorum, a conflicted member not counted, ties and
abstentions, the days a board, a stand-down, a delegation's window and its
revocation take effect, the two clocks in the audit, a correction and an
annulment that would leave a decision without authority, and the same on an
import's lines.

The ``gov`` ledger: IC (quorum 2, limit GBP 50m; hcarter chair, mlee, cdubois)
under EXB (hcarter, pking), all from GOVERNANCE_DAY; items proposed on day 0. A test
that starts by proposing PRJ-042 as :func:`propose` does (after delegating DEL-001 as
:func:`delegate` does) uses ``proposed`` (``delegated``): that ledger, copied.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.behaviour.test_governance import (
    approve,
    day,
    delegate,
    gov,
    governance_ledger,
    propose,
)
from tests.conftest import Cli
from tests.ledger_copies import copy_of

__all__ = ["gov"]  # the fixture, used by name

WHY = ["-m", "Decided at the meeting"]
PAIR = ["--board", "IC", "--present", "hcarter,mlee", "--vote", "hcarter=for,mlee=for",
        "--actor", "hcarter"]  # fmt: skip
"""Exactly IC's quorum of 2, both for."""
BY_DELEGATE = ["--delegation", "DEL-001", "--actor", "mlee"]


def proposed_ledger(url: str) -> None:
    """A build for ledger_copies.copy_of: the ``gov`` ledger, PRJ-042 proposed (propose)."""
    governance_ledger(url)
    propose(Cli(url))


def delegated_ledger(url: str) -> None:
    """A build: the ``gov`` ledger, DEL-001 to mlee (delegate), then PRJ-042 proposed."""
    governance_ledger(url)
    run = Cli(url)
    delegate(run)
    propose(run)


@pytest.fixture
def proposed(run: Cli, request: pytest.FixtureRequest) -> None:
    """``run`` on :func:`proposed_ledger`'s ledger: a copy of the module's (ledger_copies)."""
    copy_of(proposed_ledger, run.url, request)


@pytest.fixture
def delegated(run: Cli, request: pytest.FixtureRequest) -> None:
    """``run`` on :func:`delegated_ledger`'s ledger: a copy of the module's (ledger_copies)."""
    copy_of(delegated_ledger, run.url, request)


def said(result: Any) -> str:
    """The output with its lines joined, as a reader reads a wrapped message."""
    return " ".join(result.output.split())


def audit(run: Cli, key: str = "PRJ-042", *, exit_code: int = 0) -> list[dict[str, Any]]:
    result = run("audit", "authority", key, "--json")
    assert result.exit_code == exit_code, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def row(run: Cli, event: str, key: str = "PRJ-042", *, exit_code: int = 0) -> dict[str, Any]:
    [found] = [r for r in audit(run, key, exit_code=exit_code) if r["event"] == event]
    return found


def decide(run: Cli, verb: str, on: int, *options: str, key: str = "PRJ-042") -> Any:
    return run("item", verb, key, *options, *WHY, "--effective-date", day(on), role="Chair")


def refused(run: Cli, result: Any, before: int, *words: str, exit_code: int = 1) -> None:
    assert result.exit_code == exit_code, result.output
    for word in words:
        assert word in said(result), said(result)
    assert "Traceback" not in result.output
    assert run.events() == before


def test_each_of_the_eleven_authorisations_takes_a_meeting_or_a_delegation(gov: Cli) -> None:
    """governance.md lists eleven; each named so is recorded with its mandate and judged valid."""
    delegate(gov)  # DEL-001 to mlee, every category, up to GBP 1m
    for key in ("PRJ-1", "PRJ-2", "PRJ-3", "PRJ-4", "PRJ-5"):
        propose(gov, key)
    assert approve(gov, "GBP 900,000", *PAIR, key="PRJ-1", on=1).exit_code == 0
    assert approve(gov, "GBP 900,000", *PAIR, key="PRJ-4", on=1).exit_code == 0
    steps: list[tuple[str, str, int, list[str]]] = [
        ("PRJ-1", "start-delivery", 2, PAIR),
        ("PRJ-1", "review-gate", 3, ["--gate", "Gate 3", "--outcome", "go", *BY_DELEGATE]),
        ("PRJ-1", "reprioritise", 3, ["--rank", "2", *PAIR]),
        ("PRJ-1", "pause", 4, BY_DELEGATE),
        ("PRJ-1", "resume", 5, PAIR),
        ("PRJ-1", "go-live", 6, BY_DELEGATE),
        ("PRJ-1", "retire", 7, PAIR),
        ("PRJ-5", "leave", 2, ["--reason", "stopped", *BY_DELEGATE]),
        ("PRJ-2", "defer", 2, ["--until", day(40), *PAIR]),
        ("PRJ-3", "reject", 2, BY_DELEGATE),
        ("PRJ-4", "cancel", 2, PAIR),
    ]
    positions = {}
    for key, verb, on, options in steps:
        result = decide(gov, verb, on, *options, "--json", key=key)
        assert result.exit_code == 0, (verb, result.output)
        positions[verb] = json.loads(result.stdout)["position"]

    for key, verb, _, options in steps:
        history = json.loads(gov("item", "history", key, "--json").stdout)
        [entry] = [e for e in history if e["position"] == positions[verb]]
        detail = entry["authority_detail"]
        if "--delegation" in options:
            assert detail["delegation"] == "DEL-001", (verb, detail)
            assert entry["authority"] == "delegation DEL-001 from Investment Committee (IC)"
        else:
            assert (detail["board"], detail["present"]) == ("IC", ["hcarter", "mlee"]), verb
            assert entry["authority"] == "Investment Committee (IC)"
    for key in ("PRJ-1", "PRJ-2", "PRJ-3", "PRJ-4", "PRJ-5"):
        rows = audit(gov, key)
        judged = [r for r in rows if r["event"] not in ("proposed", "appraised", "approved")]
        assert judged, key
        for found in judged:
            assert (found["verdict"], found["limit"]) == ("valid", None), (key, found)
            assert found["subject_kind"] == "item"
            assert found["findings"] == []


@pytest.mark.usefixtures("proposed")
def test_a_meeting_of_exactly_its_quorum_decides_and_one_short_does_not(run: Cli) -> None:
    before = run.events()
    alone = ["--board", "IC", "--present", "hcarter", "--vote", "hcarter=for",
             "--actor", "hcarter"]  # fmt: skip

    short = decide(run, "reject", 1, *alone)

    refused(run, short, before, "Investment Committee (IC) needs 2 members present to decide",
            "1 counted: hcarter", "Escalate to Executive Board (EXB)")  # fmt: skip
    assert decide(run, "reject", 1, *PAIR).exit_code == 0
    assert row(run, "rejected")["verdict"] == "valid"


def test_a_sponsor_present_without_a_vote_is_not_counted_towards_the_quorum(gov: Cli) -> None:
    """'the quorum is present (conflicted members not counted)'."""
    propose(gov, sponsor="Claire Dubois")
    before = gov.events()
    with_sponsor = ["--board", "IC", "--present", "hcarter,cdubois", "--vote", "hcarter=for",
                    "--actor", "hcarter"]  # fmt: skip

    short = decide(gov, "defer", 1, *with_sponsor)

    refused(gov, short, before, "needs 2 members present to decide", "1 counted: hcarter")
    assert "cdubois" in said(short).split("1 counted: hcarter", 1)[1]  # named as not counted
    three = ["--board", "IC", "--present", "hcarter,mlee,cdubois",
             "--vote", "hcarter=for,mlee=for", "--actor", "hcarter"]  # fmt: skip
    assert decide(gov, "defer", 1, *three).exit_code == 0  # 2 counted: exactly the quorum


@pytest.mark.usefixtures("proposed")
def test_a_tie_fails_and_abstentions_do_not_count(run: Cli) -> None:
    """'more votes for than against (abstentions do not count; a tie fails)'; no casting vote."""
    before = run.events()
    present = ["--board", "IC", "--present", "hcarter,mlee,cdubois", "--actor", "hcarter"]

    tie = decide(run, "reject", 1, *present, "--vote", "hcarter=for,mlee=against")
    all_abstain = decide(run, "reject", 1, *present, "--vote", "hcarter=abstain,mlee=abstain")
    nobody_voted = decide(run, "reject", 1, *present)

    refused(
        run,
        tie,
        before,
        "the decision of Investment Committee (IC) on PRJ-042 was not carried: 1 for, 1 against",
    )
    refused(run, all_abstain, before, "was not carried: 0 for, 0 against, 2 abstained")
    refused(run, nobody_voted, before, "was not carried: 0 for, 0 against")
    carried = decide(run, "reject", 1, *present, "--vote", "hcarter=for,mlee=abstain,"
                     "cdubois=abstain")  # fmt: skip
    assert carried.exit_code == 0, carried.output
    assert row(run, "rejected")["verdict"] == "valid"


@pytest.mark.usefixtures("proposed")
def test_whoever_is_named_must_be_a_registered_member_present(run: Cli) -> None:
    before = run.events()

    not_member = decide(run, "reject", 1, "--board", "IC", "--present", "pking,mlee",
                        "--vote", "pking=for,mlee=for", "--actor", "pking")  # fmt: skip
    with_pking = ["--present", "hcarter,pking", "--vote", "hcarter=for,pking=for"]
    present_not_member = decide(run, "reject", 1, "--board", "IC", *with_pking,
                                "--actor", "hcarter")  # fmt: skip
    by_name = decide(run, "reject", 1, "--board", "IC", "--present", "hcarter,mlee",
                     "--vote", "hcarter=for,mlee=for", "--actor", "Helen Carter")  # fmt: skip
    absent_actor = decide(run, "reject", 1, "--board", "IC", "--present", "hcarter,mlee",
                          "--vote", "hcarter=for,mlee=for", "--actor", "cdubois")  # fmt: skip
    unknown = decide(run, "reject", 1, "--board", "IC", "--present", "hcarter,zfox",
                     "--vote", "hcarter=for", "--actor", "hcarter")  # fmt: skip

    refused(
        run,
        not_member,
        before,
        "Paul King (pking) acts for Investment Committee (IC) but "
        f"was not a member of it on {day(1)} (members then: cdubois, hcarter, mlee)",
    )
    refused(
        run,
        present_not_member,
        before,
        "Paul King (pking) was counted present at "
        f"Investment Committee (IC) but was not a member of it on {day(1)}",
    )
    refused(run, by_name, before, "'Helen Carter' is not a person key")
    refused(run, absent_actor, before, "is not among the members present")
    refused(run, unknown, before, "no person zfox in this ledger")


@pytest.mark.parametrize(
    "options",
    [
        ["--board", "IC", "--present", "hcarter", "--vote", "hcarter=for,mlee=for"],
        ["--board", "IC", "--present", "hcarter,mlee", "--vote", "hcarter=for,hcarter=against"],
        ["--board", "IC", "--present", "hcarter,mlee", "--vote", "hcarter=yes"],
        ["--board", "IC", "--present", "hcarter,mlee,HCarter", "--vote", "hcarter=for"],
        ["--delegation", "DEL-001", "--present", "mlee"],
    ],
    ids=[
        "voter-not-present",
        "two-votes-one-person",
        "not-a-vote",
        "present-twice",
        "present-with-delegation",
    ],
)
@pytest.mark.usefixtures("delegated")
def test_a_malformed_meeting_is_bad_usage_and_writes_nothing(run: Cli, options: list[str]) -> None:
    """'Malformed authority is bad usage (exit 2, nothing written)', as for an approval."""
    before = run.events()

    result = decide(run, "reject", 1, *options, "--actor", "hcarter")

    refused(run, result, before, exit_code=2)


@pytest.mark.usefixtures("proposed")
def test_a_board_decides_from_the_day_it_is_constituted_and_its_members_appointed(
    run: Cli,
) -> None:
    """'the board had been constituted'; an appointment counts its member from its day."""
    board = run("board", "create", "PB", "--name", "Portfolio Board", "--terms", "Pipeline",
                "--limit", "GBP 1,000,000", "--escalates-to", "IC", "--quorum", "2",
                "--authority", "Executive Board", "-m", "Constituted",
                "--effective-date", day(5))  # fmt: skip
    assert board.exit_code == 0, board.output
    for person in ("hcarter", "mlee"):
        appointed = run("board", "appoint", "PB", person, "--authority", "Executive Board",
                        "-m", "Member", "--effective-date", day(5))  # fmt: skip
        assert appointed.exit_code == 0, appointed.output
    before = run.events()
    meeting = ["--board", "PB", "--present", "hcarter,mlee", "--vote", "hcarter=for,mlee=for",
               "--actor", "hcarter"]  # fmt: skip

    early = decide(run, "reject", 4, *meeting)

    refused(run, early, before, f"board PB takes effect from {day(5)}; on {day(4)} there was no "
            "such board")  # fmt: skip
    assert decide(run, "reject", 5, *meeting).exit_code == 0


@pytest.mark.usefixtures("proposed")
def test_a_member_stood_down_does_not_count_on_the_day_it_takes_effect(run: Cli) -> None:
    """'a meeting of 30 June does not count them either'; one of 29 June minuted later does."""
    assert approve(run, "GBP 900,000", *PAIR, on=1).exit_code == 0
    assert decide(run, "start-delivery", 2, *PAIR).exit_code == 0
    stood_down = run("board", "stand-down", "IC", "mlee", "--authority", "Executive Board",
                     "-m", "Term ended", "--effective-date", day(10))  # fmt: skip
    assert stood_down.exit_code == 0, stood_down.output
    before = run.events()

    on_the_day = decide(run, "pause", 10, *PAIR)

    refused(run, on_the_day, before, "Marcus Lee (mlee) was counted present at Investment "
            f"Committee (IC) but was not a member of it on {day(10)}")  # fmt: skip
    assert decide(run, "pause", 9, *PAIR).exit_code == 0  # the day before, minuted late
    assert row(run, "paused")["verdict"] == "valid"


def test_a_delegations_window_holds_on_both_its_days_and_not_beyond(gov: Cli) -> None:
    """'--from and --until, both inclusive'."""
    delegate(gov, "--from", day(2), "--until", day(4))
    propose(gov)
    before = gov.events()

    too_early = decide(gov, "reprioritise", 1, "--rank", "1", *BY_DELEGATE)
    too_late = decide(gov, "reprioritise", 5, "--rank", "1", *BY_DELEGATE)

    refused(gov, too_early, before, "DEL-001", "Escalate to Investment Committee (IC)")
    refused(gov, too_late, before, "DEL-001", "Escalate to Investment Committee (IC)")
    for on, rank in ((2, "1"), (4, "2")):
        result = decide(gov, "reprioritise", on, "--rank", rank, *BY_DELEGATE)
        assert result.exit_code == 0, result.output
    assert {r["verdict"] for r in audit(gov) if r["event"] == "reprioritised"} == {"valid"}


@pytest.mark.usefixtures("delegated")
def test_a_revocation_takes_effect_on_its_day(run: Cli) -> None:
    revoked = run("authority", "revoke", "DEL-001", "--present", "hcarter,mlee,cdubois",
                  "--vote", "hcarter=for,cdubois=for", "--actor", "hcarter", "-m", "Post vacant",
                  "--effective-date", day(3), role="Chair")  # fmt: skip
    assert revoked.exit_code == 0, revoked.output
    before = run.events()

    on_its_day = decide(run, "defer", 3, *BY_DELEGATE)

    refused(run, on_its_day, before, f"delegation DEL-001 gave no authority on {day(3)}: it was "
            f"revoked with effect from {day(3)}. Escalate to Investment Committee (IC), which "
            "delegated it.")  # fmt: skip
    assert decide(run, "defer", 2, *BY_DELEGATE).exit_code == 0  # before it: stands


def test_only_the_delegate_decides_and_not_on_an_item_they_sponsor(gov: Cli) -> None:
    delegate(gov, "--category", "Corporate Systems")
    propose(gov, "PRJ-1", category="corporate  SYSTEMS")  # compared ignoring case and spacing
    propose(gov, "PRJ-2", sponsor="Chief Information Officer")  # a post mlee holds
    before = gov.events()

    not_delegate = decide(gov, "reject", 1, "--delegation", "DEL-001", "--actor", "hcarter",
                          key="PRJ-1")  # fmt: skip
    sponsor = decide(gov, "reject", 1, *BY_DELEGATE, key="PRJ-2")

    refused(gov, not_delegate, before, "DEL-001")
    refused(gov, sponsor, before, "Marcus Lee (mlee) sponsors PRJ-2 and so may not reject it")
    assert decide(gov, "reject", 1, *BY_DELEGATE, key="PRJ-1").exit_code == 0


@pytest.mark.usefixtures("delegated")
def test_no_limit_applies_to_a_decision_that_moves_no_money(run: Cli) -> None:
    """'Every rule of the table below applies but the limit': a GBP 1m delegation pauses a
    GBP 5m item."""
    assert approve(run, "GBP 5,000,000", *PAIR, on=1).exit_code == 0
    assert decide(run, "start-delivery", 2, *PAIR).exit_code == 0

    result = decide(run, "pause", 3, *BY_DELEGATE)

    assert result.exit_code == 0, result.output
    paused = row(run, "paused")
    assert (paused["verdict"], paused["limit"]) == ("valid", None)


@pytest.mark.usefixtures("proposed")
def test_words_are_recorded_as_said_and_unchecked_and_do_not_fail_the_audit(run: Cli) -> None:
    words = "Investment Committee, minute 12 (by email)"

    result = decide(run, "defer", 1, "--authority", words)

    assert result.exit_code == 0, result.output
    history = json.loads(run("item", "history", "PRJ-042", "--json").stdout)
    assert (history[-1]["authority"], history[-1]["authority_detail"]) == (words, None)
    deferred = row(run, "deferred")  # exit 0: unchecked does not fail it
    assert (deferred["verdict"], deferred["limit"]) == ("unchecked", None)


@pytest.mark.usefixtures("delegated")
def test_a_revocation_minuted_late_makes_the_audit_say_both_clocks(run: Cli) -> None:
    """'valid when made and is now shown invalid ... (so says governance recorded after the
    decision (from T); as recorded when it was made, it was valid)'; the list is whole, exit 1."""
    assert decide(run, "defer", 4, *BY_DELEGATE).exit_code == 0
    revoked = run("authority", "revoke", "DEL-001", "--present", "hcarter,mlee,cdubois",
                  "--vote", "hcarter=for,cdubois=for", "--actor", "hcarter", "-m", "Post vacant",
                  "--effective-date", day(3), role="Chair")  # fmt: skip
    assert revoked.exit_code == 0, revoked.output

    rows = audit(run, exit_code=1)

    assert [r["event"] for r in rows] == ["proposed", "appraised", "deferred"]
    deferred = rows[-1]
    assert deferred["verdict"] == "invalid"
    assert "so says governance recorded after the decision (from " in deferred["reason"]
    assert "as recorded when it was made, it was valid" in deferred["reason"]


@pytest.mark.usefixtures("delegated")
def test_a_decision_dated_back_before_a_revocation_already_recorded_stands_and_says_so(
    run: Cli,
) -> None:
    """'recorded after the delegation's revocation was recorded, dated before the revocation
    took effect ... stands: valid ... its reason says so'."""
    revoked = run("authority", "revoke", "DEL-001", "--present", "hcarter,mlee,cdubois",
                  "--vote", "hcarter=for,cdubois=for", "--actor", "hcarter", "-m", "Post vacant",
                  "--effective-date", day(5), role="Chair")  # fmt: skip
    assert revoked.exit_code == 0, revoked.output

    result = decide(run, "defer", 4, *BY_DELEGATE)

    assert result.exit_code == 0, result.output
    deferred = row(run, "deferred")
    assert deferred["verdict"] == "valid"
    assert (
        f"dated {day(4)}, before delegation DEL-001 was revoked (with effect from {day(5)})"
        in (deferred["reason"])
    )
    assert "a decision under a revoked delegation, dated back" in deferred["reason"]


@pytest.mark.usefixtures("proposed")
def test_a_correction_moving_a_pause_past_a_stand_down_is_refused(run: Cli) -> None:
    """'a correction or an annulment that would leave it without authority is refused'."""
    assert approve(run, "GBP 900,000", *PAIR, on=1).exit_code == 0
    assert decide(run, "start-delivery", 2, *PAIR).exit_code == 0
    paused = decide(run, "pause", 4, *PAIR, "--json")
    assert paused.exit_code == 0, paused.output
    position = str(json.loads(paused.stdout)["position"])
    stood_down = run("board", "stand-down", "IC", "mlee", "--authority", "Executive Board",
                     "-m", "Term ended", "--effective-date", day(5))  # fmt: skip
    assert stood_down.exit_code == 0, stood_down.output
    before = run.events()

    moved = run("decision", "correct", position, "--set", f"effective_date={day(6)}",
                "--authority", "PMO procedure", "-m", "Minutes say later")  # fmt: skip

    refused(run, moved, before, "would itself be refused: Marcus Lee (mlee) was counted present")
    words = run("decision", "correct", position, "--set", "rationale=Supplier insolvency",
                "--authority", "PMO procedure", "-m", "Clearer words")  # fmt: skip
    assert words.exit_code == 0, words.output
    assert row(run, "paused")["verdict"] == "valid"


@pytest.mark.usefixtures("proposed")
def test_an_appointment_annulled_later_makes_the_audit_judge_the_pause_invalid(
    run: Cli,
) -> None:
    """Governance recorded later is judged on the audit's second clock: the annulment is
    recorded (a board short of a member is a state it can be in), and the pause its member
    counted towards is now invalid, valid as recorded when made."""
    assert approve(run, "GBP 900,000", *PAIR, on=1).exit_code == 0
    assert decide(run, "start-delivery", 2, *PAIR).exit_code == 0
    assert decide(run, "pause", 4, *PAIR).exit_code == 0
    trail = json.loads(run("audit", "trail", "--item", "IC", "--json").stdout)
    [appointment] = [e["position"] for e in trail if e["event"] == "member appointed"
                     and "mlee" in json.dumps(e)]  # fmt: skip

    annulled = run("decision", "annul", str(appointment), "--authority", "Executive Board",
                   "-m", "Never appointed")  # fmt: skip

    assert annulled.exit_code == 0, annulled.output
    paused = row(run, "paused", exit_code=1)
    assert paused["verdict"] == "invalid"
    assert paused["reason"].startswith(
        "Marcus Lee (mlee) was counted present at Investment Committee (IC) but was not a "
        f"member of it on {day(4)}"
    )
    assert paused["reason"].endswith("as recorded when it was made, it was valid)")


def import_lines(run: Cli, tmp_path: Path, *lines: dict[str, Any]) -> Any:
    file = tmp_path / "decisions.jsonl"
    file.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return run("import", str(file))


def line(command: str, on: int, **fields: Any) -> dict[str, Any]:
    return {"command": command, "key": "PRJ-042", "role": "Chair",
            "rationale": "Decided at the meeting", "effective_date": day(on), **fields}  # fmt: skip


def test_an_import_line_may_name_a_delegation_and_is_held_to_it(gov: Cli, tmp_path: Path) -> None:
    delegate(gov, "--until", day(3))
    propose(gov)
    before = gov.events()

    late = import_lines(gov, tmp_path, line("item defer", 4, delegation="DEL-001", actor="mlee"))

    refused(gov, late, before, "line 1", "DEL-001")
    result = import_lines(gov, tmp_path, line("defer", 3, delegation="del-001", actor="mlee"))
    assert result.exit_code == 0, result.output
    assert row(gov, "deferred")["verdict"] == "valid"


@pytest.mark.usefixtures("proposed")
def test_an_import_reports_every_bad_meeting_line_and_exits_by_the_worst(
    run: Cli, tmp_path: Path
) -> None:
    """'every refused line is listed'; 'exit 2 when every problem is a malformed line or field
    (bad usage), 1 when the ledger refused a decision'."""
    before = run.events()
    meeting = {"board": "IC", "present": ["hcarter", "mlee"], "actor": "hcarter"}
    words_and_board = line("item reject", 1, authority="IC", **meeting,
                           votes={"hcarter": "for", "mlee": "for"})  # fmt: skip
    present_alone = line("item reject", 1, present=["hcarter"], actor="hcarter")
    votes_as_list = line("item reject", 1, **meeting, votes=["hcarter=for"])
    tie = line("item reject", 1, **meeting, votes={"hcarter": "for", "mlee": "against"})

    malformed = import_lines(run, tmp_path, words_and_board, present_alone, votes_as_list)
    with_a_refusal = import_lines(run, tmp_path, words_and_board, tie)

    refused(run, malformed, before, "line 1", "line 2", "line 3", exit_code=2)
    refused(run, with_a_refusal, before, "line 1", "line 2", "was not carried: 1 for, 1 against")


@pytest.mark.usefixtures("proposed")
def test_a_meeting_is_put_right_by_annulling_it_and_the_audit_says_annulled(run: Cli) -> None:
    """A correction changes what was decided, not who decided it (exit 1); the annulled pause is
    'annulled' ('the reason names the annulment's position'), the annulment 'not required'."""
    assert approve(run, "GBP 900,000", *PAIR, on=1).exit_code == 0
    assert decide(run, "start-delivery", 2, *PAIR).exit_code == 0
    paused = decide(run, "pause", 4, *PAIR, "--json")
    position = str(json.loads(paused.stdout)["position"])
    before = run.events()

    for field in ("votes=hcarter=for", "present=hcarter", "board=EXB", "actor=mlee"):
        result = run("decision", "correct", position, "--set", field, "--authority", "PMO",
                     "-m", "Minutes say otherwise")  # fmt: skip
        refused(run, result, before, "annulling the decision and recording it again")
    annulled = run("decision", "annul", position, "--authority", "PMO", "-m", "Wrong meeting",
                   "--json")  # fmt: skip

    assert annulled.exit_code == 0, annulled.output
    annulment = json.loads(annulled.stdout)["position"]
    rows = {r["event"]: r for r in audit(run)}
    assert rows["paused"]["verdict"] == "annulled"
    assert f"annulled by position {annulment}" in rows["paused"]["reason"]
    assert rows["annulled"]["verdict"] == "not required"


@pytest.mark.usefixtures("delegated")
def test_a_decision_under_a_delegation_moved_after_its_revocation_was_recorded(run: Cli) -> None:
    """'one recorded before the revocation but corrected after it in what it decided (... its
    date moved ...): ... but last corrected on T'; moved past the revocation, it is refused."""
    deferred = decide(run, "defer", 2, *BY_DELEGATE, "--json")
    position = str(json.loads(deferred.stdout)["position"])
    revoked = run("authority", "revoke", "DEL-001", "--present", "hcarter,mlee,cdubois",
                  "--vote", "hcarter=for,cdubois=for", "--actor", "hcarter", "-m", "Post vacant",
                  "--effective-date", day(5), role="Chair")  # fmt: skip
    assert revoked.exit_code == 0, revoked.output

    moved = run("decision", "correct", position, "--set", f"effective_date={day(3)}",
                "--authority", "PMO", "-m", "Minutes say later")  # fmt: skip

    assert moved.exit_code == 0, moved.output
    reason = row(run, "deferred")["reason"]
    assert reason.startswith(f"dated {day(3)}, before delegation DEL-001 was revoked (with "
                             f"effect from {day(5)}), but last corrected on ")  # fmt: skip
    before = run.events()
    too_far = run("decision", "correct", position, "--set", f"effective_date={day(6)}",
                  "--authority", "PMO", "-m", "Minutes say later still")  # fmt: skip
    refused(run, too_far, before, f"delegation DEL-001 gave no authority on {day(6)}: it was "
            f"revoked with effect from {day(5)}")  # fmt: skip


@pytest.mark.usefixtures("proposed")
def test_an_import_line_reads_keys_and_votes_in_any_case_once_each(
    run: Cli, tmp_path: Path
) -> None:
    """import.md: 'person keys ignore case ... given twice, and refused'; 'a vote "FOR" is for';
    'votes', 'vote' are one field; --dry-run predicts the import and writes nothing."""
    meeting = line("item reject", 3, board="ic", present=["HCARTER", "mlee"],
                   vote={"hcarter": "FOR", "MLee": "For"}, actor="HCarter")  # fmt: skip
    twice = line("item reject", 3, board="IC", present=["HCARTER", "hcarter"],
                 votes={"hcarter": "for"}, actor="hcarter")  # fmt: skip
    file = tmp_path / "decisions.jsonl"
    file.write_text(json.dumps(meeting) + "\n", encoding="utf-8")
    before = run.events()

    dry = run("import", "--dry-run", str(file))
    doubled = import_lines(run, tmp_path, twice)

    assert dry.exit_code == 0, dry.output
    assert "would be recorded" in dry.output
    refused(run, doubled, before, "line 1: present: hcarter is listed as present twice",
            exit_code=2)  # fmt: skip
    assert import_lines(run, tmp_path, meeting).exit_code == 0
    rejected = row(run, "rejected")
    assert (rejected["verdict"], rejected["authority"]) == ("valid", "Investment Committee (IC)")


def test_whoever_proposed_the_item_neither_records_nor_votes_nor_decides_under_delegation(
    gov: Cli,
) -> None:
    """'whoever proposed or sponsors the item neither records the decision nor votes'; present
    without a vote, they do not count towards the quorum."""
    delegate(gov)
    propose(gov, proposer="Marcus Lee")
    before = gov.events()
    present = ["--board", "IC", "--present", "hcarter,mlee,cdubois", "--actor", "hcarter"]

    votes = decide(gov, "reject", 1, *present, "--vote", "hcarter=for,mlee=for,cdubois=for")
    records = decide(gov, "reject", 1, "--board", "IC", "--present", "hcarter,mlee",
                     "--vote", "hcarter=for", "--actor", "mlee")  # fmt: skip
    delegated = decide(gov, "reject", 1, *BY_DELEGATE)
    short = decide(gov, "reject", 1, "--board", "IC", "--present", "hcarter,mlee",
                   "--vote", "hcarter=for", "--actor", "hcarter")  # fmt: skip

    refused(gov, votes, before, "Marcus Lee (mlee) proposed PRJ-042 and so may not vote on it")
    refused(gov, records, before, "Marcus Lee (mlee) proposed PRJ-042 and so may not reject it")
    refused(gov, delegated, before, "Marcus Lee (mlee) proposed PRJ-042 and so may not reject it")
    refused(gov, short, before, "needs 2 members present to decide", "1 counted: hcarter")
    assert decide(gov, "reject", 1, *present, "--vote", "hcarter=for,cdubois=for").exit_code == 0
