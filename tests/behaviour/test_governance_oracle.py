"""The ledger's governance against an independent model of its docs (tests/governance_oracle.py).

Hypothesis draws short histories on a few people, two boards and two items:
approvals and funding changes at a board's meeting or under a delegation (amounts
near the limits, days around windows), members appointed and stood down, quorums
and limits set, delegations granted and revoked (back-dated too), and corrections
of governance decisions. Each step runs through the real command line, in
process; its exit status (and the rule its refusal names) must be the model's,
and after the history ``audit authority --json`` must give each decision on each
item and delegation the model's verdict.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from tests.behaviour.governance_commands import (
    AMOUNTS,
    DAY0,
    ITEMS,
    PEOPLE,
    TODAY,
    argv,
    setup_steps,
)
from tests.conftest import Cli
from tests.governance_oracle import Oracle
from tests.governance_oracle_terms import (
    BEFORE_ITEM,
    CATEGORY,
    GRANT,
    LATER,
    LIFECYCLE,
    LIMIT,
    MAJORITY,
    NO_BOARD,
    NO_CHANGE,
    NO_DELEGATION,
    NOT_A_MEMBER,
    NOT_DELEGATE,
    NOT_PRESENT,
    QUORUM,
    REVOKED,
    SEGREGATION,
    UNKNOWN_PERSON,
    WIDENING,
    WINDOW,
    Meeting,
    Record,
    Step,
)
from tests.pg_schemas import postgres_schema

# The rule a refusal names, by its words (docs/governance.md); the first match counts.
RULES = (
    (r"would make a later decision invalid", LATER),
    (r"is not a valid resolution", GRANT),
    (r"nothing to change", NO_CHANGE),
    (r"did not exist on", BEFORE_ITEM),
    (r"there was no such delegation", NO_DELEGATION),
    (r"would widen the authority", WIDENING),
    (r"segregation of duties", SEGREGATION),
    (r"no such board", NO_BOARD),
    (r"is not a person key|no such person|no person \S+ in this ledger", UNKNOWN_PERSON),
    (r"was not a member of it|not a member of", NOT_A_MEMBER),
    (r"is not among the members present", NOT_PRESENT),
    (r"members? present to decide", QUORUM),
    (r"was not carried", MAJORITY),
    (r"may authori[sz]e up to|cannot delegate|limit", LIMIT),
    (r"revoked with effect", REVOKED),
    (r"covers .* only", CATEGORY),
    (r"gave no authority on .*: it (was|is) valid", WINDOW),
    (r"delegate", NOT_DELEGATE),
    (r"^Error: cannot \w+", LIFECYCLE),
)


NAMED = re.compile(r"^  \S+ .*\(position (\d+)\)$", re.MULTILINE)
"""A decision a governance change left without authority, as its warning names it."""


def rule_named(output: str) -> str:
    return next((rule for words, rule in RULES if re.search(words, output, re.MULTILINE)), "?")


def a_day(data: st.DataObject, after: date = DAY0) -> date:
    return after + timedelta(days=data.draw(st.integers(1, 40)))


def a_meeting(
    data: st.DataObject, oracle: Oracle, board: str, day: date, conflicted: set[str]
) -> Meeting:
    """A meeting of ``board`` on ``day``: most often its members, one or two rules broken."""
    keys = sorted(PEOPLE)
    on = oracle.board_on(board, day)
    members = sorted(on.members) if on else keys
    if data.draw(st.integers(0, 4)) == 0:
        present = data.draw(
            st.lists(st.sampled_from([*keys, "zed"]), min_size=1, max_size=5, unique=True)
        )
    else:
        present = data.draw(st.permutations(members))[
            : data.draw(st.integers(1, len(members) or 1))
        ]
        present += data.draw(st.lists(st.sampled_from(keys), max_size=1))
        present = list(dict.fromkeys(present)) or keys[:1]
    free = [k for k in present if k not in conflicted] or present
    actor = data.draw(
        st.sampled_from(free) if data.draw(st.integers(0, 5)) else st.sampled_from(keys)
    )
    votes = []
    for k in present:
        if k in conflicted and data.draw(st.integers(0, 5)):
            continue  # present without a vote, as the docs ask
        vote = data.draw(st.sampled_from(("for",) * 6 + ("against", "abstain", "")))
        votes += [(k, vote)] if vote else []
    return Meeting(board, actor, tuple(present), tuple(votes))


def a_decision(data: st.DataObject, oracle: Oracle) -> Step:
    item = data.draw(st.sampled_from(sorted(ITEMS)))
    approval = next((r for r in oracle.records if r.subject == item and r.kind == "approved"), None)
    kind = (
        "approved" if approval is None or data.draw(st.integers(0, 5)) == 0 else "funding changed"
    )
    day = a_day(data, approval.day - timedelta(days=3) if approval else DAY0)
    fields: dict[str, Any] = {"budget": data.draw(st.sampled_from(AMOUNTS))}
    # Now and then recorded in the role (--role) that sponsors the item: refused alike.
    role = data.draw(st.sampled_from(["Oracle"] * 7 + [ITEMS[item][0]]))
    delegations = [r.subject for r in oracle.records if r.kind == "authority delegated"]
    if data.draw(st.booleans()) and delegations:
        key = data.draw(st.sampled_from(delegations))
        grant = oracle.grant(key)
        assert grant is not None
        actor = data.draw(st.sampled_from([str(grant.data["delegate"])] * 6 + sorted(PEOPLE)))
        return Step(kind, item, day, {**fields, "delegation": key}, actor, role)
    board = data.draw(st.sampled_from(("IC", "IC", "IC", "TOP")))
    meeting = a_meeting(data, oracle, board, day, oracle.conflicted(item))
    return Step(kind, item, day, {**fields, "meeting": meeting}, meeting.actor, role)


def a_board_change(data: st.DataObject, oracle: Oracle) -> Step | None:
    kind = data.draw(st.sampled_from(("appoint", "stand down", "quorum", "limit")))
    board = data.draw(st.sampled_from(("IC", "IC", "TOP")))
    seats = {str(r.data["person"]): r for r in oracle.records if r.subject == board
             and r.kind == "member appointed"}  # fmt: skip
    gone = {r.data["person"] for r in oracle.records if r.subject == board
            and r.kind == "member stood down"}  # fmt: skip
    if kind == "appoint":
        free = sorted(set(PEOPLE) - set(seats))
        return (
            Step(
                "member appointed", board, a_day(data), {"person": data.draw(st.sampled_from(free))}
            )
            if free
            else None
        )
    if kind == "stand down":
        sitting = sorted(set(seats) - gone)
        if not sitting:
            return None
        person = data.draw(st.sampled_from(sitting))
        return Step("member stood down", board, a_day(data, seats[person].day), {"person": person})
    if kind == "quorum":
        return Step("quorum set", board, a_day(data), {"quorum": data.draw(st.integers(1, 4))})
    limit = data.draw(st.sampled_from((500_000, 1_000_000, 1_500_000)))
    return Step("authority limit set", "IC", a_day(data), {"limit": limit})


def a_delegation(data: st.DataObject, oracle: Oracle) -> Step:
    grants = [r for r in oracle.records if r.kind == "authority delegated"]
    open_ = [r for r in grants if oracle.revocation(r.subject) is None]
    if data.draw(st.booleans()) and open_:
        grant = data.draw(st.sampled_from(open_))
        day = a_day(data, grant.day - timedelta(days=1))
        recused = {str(grant.data["delegate"])}
        meeting = a_meeting(data, oracle, str(grant.data["board"]), day, recused)
        return Step("delegation revoked", grant.subject, day, {"meeting": meeting}, meeting.actor)
    day = a_day(data)
    start = day + timedelta(days=data.draw(st.integers(0, 10)))
    end = data.draw(st.none() | st.integers(0, 30).map(lambda n: start + timedelta(days=n)))
    delegate = data.draw(st.sampled_from(sorted(PEOPLE)))
    board = data.draw(st.sampled_from(("IC", "IC", "TOP")))
    meeting = a_meeting(data, oracle, board, day, {delegate})
    fields = {
        "board": meeting.board,
        "delegate": delegate,
        "limit": data.draw(st.sampled_from((300_000, 500_000, 1_000_000, 1_200_000))),
        "categories": data.draw(st.sampled_from(((), ("Roads",), ("Health",)))),
        "valid_from": start,
        "valid_to": end,
        "meeting": meeting,
    }
    return Step("authority delegated", f"DEL-{len(grants) + 1}", day, fields, meeting.actor)


def a_correction(data: st.DataObject, oracle: Oracle) -> Step | None:
    kinds = ("quorum set", "member stood down", "delegation revoked", "authority delegated")
    targets = [r for r in oracle.records if r.kind in kinds and r.day > DAY0]
    if not targets:
        return None
    target = data.draw(st.sampled_from(targets))
    actor = data.draw(st.sampled_from([*sorted(PEOPLE), "Sam Patel"]))
    changes: dict[str, Any]
    if target.kind == "quorum set":
        changes = {"quorum": data.draw(st.integers(1, 4))}
    elif target.kind == "authority delegated":
        changes = {"limit": data.draw(st.sampled_from((300_000, 500_000, 1_000_000, 1_200_000)))}
    else:
        changes = {"effective_date": a_day(data, made(oracle, target) - timedelta(days=1))}
    if target.kind == "member stood down":
        changes = {"effective_date": a_day(data, made(oracle, target))}
    if all(target.data.get(k, target.day) == v for k, v in changes.items()):
        return None
    return Step(
        "correction",
        target.subject,
        TODAY,
        {"corrects": target.position, "changes": changes},
        actor,
    )


def made(oracle: Oracle, target: Record) -> date:
    """The day a revocation's grant, or a stand-down's appointment, took effect."""
    if target.kind == "delegation revoked":
        grant = oracle.grant(target.subject)
        assert grant is not None
        return grant.day
    return next(
        r.day
        for r in oracle.records
        if r.subject == target.subject
        and r.kind == "member appointed"
        and r.data["person"] == target.data["person"]
    )


def a_step(data: st.DataObject, oracle: Oracle) -> Step | None:
    draw = data.draw(st.sampled_from((a_decision, a_decision, a_decision, a_board_change,
                                      a_delegation, a_delegation, a_correction)))  # fmt: skip
    return draw(data, oracle)


def record(run: Cli, oracle: Oracle, step: Step, counted: bool = True) -> None:
    """Record ``step`` through the command line and in the model: they must agree."""
    result = run(*argv(step), actor=step.actor, role=step.role)
    before = valid_decisions(oracle)
    expected = oracle.record(step)
    said = f"{step}\n{result.output}\nThe model's {step.subject}:\n{oracle.describe(step.subject)}"
    if counted:
        event(f"{step.kind}: {expected or 'recorded'}")
    if expected is None:
        assert result.exit_code == 0, f"the ledger refused what the model accepts: {said}"
    else:
        assert result.exit_code == 1, f"the model refuses ({expected}): {said}"
        assert rule_named(result.output) == expected, f"the model refuses ({expected}): {said}"
    if expected is None and step.kind not in ("approved", "funding changed"):
        left = before - valid_decisions(oracle)
        named = {
            int(n) for n in re.findall(r"^  \S+ .*\(position (\d+)\)$", result.output, re.MULTILINE)
        }
        which = [oracle.records[p - 1] for p in sorted(named ^ left)]
        assert named == left, f"left without authority, by the model: {left}: {which}: {said}"


def valid_decisions(oracle: Oracle) -> set[int]:
    """The positions of the decisions on items and delegations the audit judges valid."""
    keys = [*ITEMS, *(r.subject for r in oracle.records if r.kind == "authority delegated")]
    verdicts = {p: v for key in keys for p, v in oracle.verdicts(key).items()}
    return {p for p, v in verdicts.items() if v == "valid"}


def audited(run: Cli, oracle: Oracle) -> None:
    """``audit authority --json`` on every item and delegation gives the model's verdicts."""
    keys = [*ITEMS, *(r.subject for r in oracle.records if r.kind == "authority delegated")]
    for key in keys:
        result = run("audit", "authority", key, "--json")
        rows = json.loads(result.stdout)
        got = {row["position"]: row["verdict"] for row in rows}
        expected = oracle.verdicts(key)
        reasons = {row["position"]: row["reason"] for row in rows if row["verdict"] != "valid"}
        assert got == expected, f"{key}: {reasons}"
        # Each was valid when recorded; one corrected since is judged, as corrected, by what
        # was recorded by then, which may have refused it as it now stands.
        corrected = {r.data["corrects"] for r in oracle.records if r.kind == "correction"}
        for position, reason in reasons.items():
            if got[position] == "invalid" and position not in corrected:
                assert "so says governance recorded after the decision" in reason, reason
        assert result.exit_code == (1 if "invalid" in got.values() else 0)
        for verdict in set(got.values()) - {"not required"}:
            event(f"audit of {key[:3]}: some {verdict}")


def check_history(run: Cli, data: st.DataObject, set_up: bool) -> None:
    oracle = Oracle()
    for step in setup_steps():
        if set_up:
            record(run, oracle, step)
        else:
            assert oracle.record(step) is None
    steps, wanted = 0, data.draw(st.integers(15, 40), label="steps")
    while steps < wanted:
        drawn = a_step(data, oracle)
        if drawn is not None:
            record(run, oracle, drawn)
            steps += 1
    audited(run, oracle)


@pytest.fixture(scope="module")
def set_up(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The people, boards and items every history starts from, recorded once."""
    path = tmp_path_factory.mktemp("governed") / "ledger.db"
    run, oracle = Cli(f"sqlite:///{path}"), Oracle()
    for step in setup_steps():
        record(run, oracle, step, counted=False)
    return path


@contextmanager
def copy_of(path: Path) -> Iterator[Cli]:
    with tempfile.TemporaryDirectory(dir=path.parent) as folder:
        copy = Path(folder) / "ledger.db"
        shutil.copyfile(path, copy)
        yield Cli(f"sqlite:///{copy}")


SETTINGS = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    # A history's steps are commands, each a fraction of a second: shrinking one takes
    # minutes; the failing step, its command's output and the model's rule say enough.
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
)


@settings(SETTINGS, max_examples=36)
@given(data=st.data())
def test_the_ledger_governs_as_its_docs_say_on_sqlite(set_up: Path, data: st.DataObject) -> None:
    with copy_of(set_up) as run:
        check_history(run, data, set_up=False)


@pytest.mark.postgres
@settings(SETTINGS, max_examples=3)
@given(data=st.data())
def test_the_ledger_governs_as_its_docs_say_on_postgres(data: st.DataObject) -> None:
    with postgres_schema() as url:
        check_history(Cli(url), data, set_up=True)
