"""Governed decisions raced by real processes: the outcome is one they had one after another.

From concepts.md, *Concurrency*: two decisions on one item (or board) at the same
moment are recorded one after the other, the second run again on the item as the
first left it, or refused by the rule the first made it break; nothing is lost or
doubled. Six processes, started together, each make a round of governed decisions
at a time, contending on one board and on items: two appointments to one board
(both recorded), approvals of two items by the same board meeting (both recorded),
two approvals of one item (one recorded, the other refused as already approved,
by its lifecycle rule, not by the conflict), a board's limit lowered while another
board meeting raises an item's funding (the funding recorded, or refused by the
limit), and every process giving one item a new rank each round (all recorded).

The outcome is checked against a serial order: the recorded decisions, made one
by one in their ledger order on a fresh ledger, give the same events (bar their
recorded times); each refused decision is refused, by the same rule, by the fresh
ledger at some head between the one before it was sent and the one after it was
refused (a dry run). Versions and positions run without gaps, the chain verifies,
and the read models equal a rebuild. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

from portfolio_ledger.application import commands as c
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.audit.verify import verify
from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.domain.errors import LedgerError
from tests.builders import (
    DAY0,
    GOVERNANCE_DAY,
    appraise,
    approve,
    decision,
    fund,
    governance,
    propose,
)
from tests.conftest import released_together, snapshot
from tests.reliability.conftest import gapless, report, scale

ROUNDS = scale(4, 12)
LIMITS = (4_000_000, 3_000_000, 2_000_000, 1_500_000)
"""The Funding Board's limit, lowered each round from GBP 5,000,000 (it only ever goes down)."""
FUNDINGS = (4_500_000, 3_500_000, 2_500_000, 1_800_000)
"""Each round's funding: within the limit before that round's, beyond that round's."""
SAID = {"actor": "Board Secretary", "role": "Secretary", "rationale": "Minuted."}
FB_MEETING = {"board": "FB", "present": ("hcarter", "pking"), "actor": "hcarter"}
FB_VOTES = dict.fromkeys(("hcarter", "pking"), "for")

WORKER = """
import json, os, sys, time
from pathlib import Path
from portfolio_ledger.application import commands as c
from portfolio_ledger.application import conflicts
from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.domain.errors import LedgerError

url, plan, start = sys.argv[1], json.loads(Path(sys.argv[2]).read_text()), Path(sys.argv[3])
lost = []
waited = conflicts.sleep
conflicts.sleep = lambda seconds: (lost.append(seconds), waited(seconds))
ledger, _ = open_ledger(url)
commands = [getattr(c, kind).model_validate(fields) for kind, fields in plan]
start.with_name(f"ready-{os.getpid()}").touch()
while not start.exists():
    time.sleep(0.001)
results = []
for command in commands:
    lo = ledger.event_count()
    try:
        results.append({"position": ledger.handle(command).position})
    except LedgerError as refused:
        hi = ledger.event_count()
        said = {"refused": type(refused).__name__, "said": str(refused), "between": [lo, hi]}
        results.append(said)
print(json.dumps({"results": results, "runs_lost": len(lost)}))
ledger.close()
"""


def setting_up() -> list[c.Decided]:
    """The governance and items the processes decide on: made alike for the fresh ledger."""
    made: list[c.Decided] = [
        _board(),
        *(_appoint("FB", person, GOVERNANCE_DAY) for person in ("hcarter", "pking")),
        propose("HOT"),
        propose("FUND"),
        appraise("FUND"),
        approve("FUND", budget="1000000", **FB_MEETING, votes=FB_VOTES),
    ]
    for r in range(1, ROUNDS + 1):
        made += [_person(f"new{r}{who}", f"Newcomer {r}{who.upper()}") for who in "ab"]
        for which in "ABS":
            made += [propose(f"RACE-{r}{which}"), appraise(f"RACE-{r}{which}")]
    return made


def plans() -> list[list[c.Decided]]:
    """Each process's decisions, a round at a time: the contended one, and a new rank for HOT.

    In odd rounds the funding waits for its process's new rank first, so that the
    limit is more often lowered before it (refused) than after (recorded).
    """
    workers: list[list[c.Decided]] = [[] for _ in range(6)]
    for r in range(1, ROUNDS + 1):
        day = DAY0 + timedelta(days=r)
        # Pounds apart each round: a funding to the budget the item has is refused, rightly
        limit, funding = LIMITS[(r - 1) % len(LIMITS)] - r, FUNDINGS[(r - 1) % len(FUNDINGS)] + r
        contended: list[c.Decided] = [
            _appoint("IC", f"new{r}a", DAY0 + timedelta(days=100)),
            _appoint("IC", f"new{r}b", DAY0 + timedelta(days=100)),
            approve(f"RACE-{r}S"),
            approve(f"RACE-{r}S"),
            c.SetBoardLimit.model_validate(
                {
                    "key": "FB",
                    "limit": str(limit),
                    "authority": "EXB",
                    "effective_date": day,
                    **SAID,
                }
            ),
            fund("FUND", str(funding), **FB_MEETING, votes=FB_VOTES, effective_date=day),
        ]
        for w, command in enumerate(contended):
            rank = decision(c.ReprioritiseItem, "HOT", rank=100 * (w + 1) + r, authority="PB")
            if w == len(contended) - 1 and r % 2:  # the funding after the limit, or before
                workers[w].append(rank)
            workers[w].append(command)
            if w < 2:  # the same meeting of IC approves two items at once
                workers[w].append(approve(f"RACE-{r}{'AB'[w]}"))
            if not (w == len(contended) - 1 and r % 2):
                workers[w].append(rank)
    return workers


def test_governed_decisions_raced_have_a_serial_outcome(db_url: str, tmp_path: Path) -> None:
    ledger = PortfolioLedger(db_url)
    try:
        governance(ledger)
        for command in setting_up():
            ledger.handle(command)
        before = ledger.event_count()
    finally:
        ledger.close()
    workers = plans()
    outcomes = _race(db_url, workers, tmp_path)

    done = [
        (cmd, result)
        for plan, o in zip(workers, outcomes, strict=True)
        for cmd, result in zip(plan, o["results"], strict=True)
    ]
    recorded = sorted(
        ((r["position"], cmd) for cmd, r in done if "position" in r), key=lambda pair: pair[0]
    )
    refused = [(cmd, r) for cmd, r in done if "refused" in r]
    # Every decision but the second approval of an item and a funding beyond the new limit
    kinds = {(type(cmd).__name__, r["refused"]) for cmd, r in refused}
    assert kinds <= {("ApproveItem", "IllegalTransition"), ("ChangeFunding", "AuthorityExceeded")}
    doubles = [cmd.key for cmd, _ in refused if isinstance(cmd, c.ApproveItem)]
    assert sorted(doubles) == sorted(f"RACE-{r}S" for r in range(1, ROUNDS + 1))  # one of two
    assert [p for p, _ in recorded] == list(range(before + 1, before + len(recorded) + 1))
    gapless(db_url, before + len(recorded))
    _same_as_one_after_another(db_url, tmp_path / "serial.db", recorded, refused)
    ledger, models = open_ledger(db_url)
    try:
        checked = verify(ledger.chain)
        assert checked.ok, checked.problem
        models.catch_up()
        caught_up = snapshot(models)
        models.rebuild()
        assert snapshot(models) == caught_up
        members = {m.person for m in ledger.queries.board("IC").members}
        assert {f"new{r}{w}" for r in range(1, ROUNDS + 1) for w in "ab"} <= members
    finally:
        ledger.close()
    report(
        "governed races",
        processes=len(workers),
        rounds=ROUNDS,
        attempted=len(done),
        recorded=len(recorded),
        refused_by_rule=len(refused),
        fundings_refused=len(refused) - len(doubles),
        runs_lost=sum(o["runs_lost"] for o in outcomes),
    )


def _race(url: str, workers: list[list[c.Decided]], folder: Path) -> list[dict[str, Any]]:
    """Start a process per plan, all at once; what each says it recorded or had refused."""
    start = folder / "go"
    processes = []
    for number, plan in enumerate(workers):
        planned = folder / f"plan-{number}.json"
        said = [
            (type(cmd).__name__, cmd.model_dump(mode="json", exclude_unset=True)) for cmd in plan
        ]
        planned.write_text(json.dumps(said))
        processes.append(
            subprocess.Popen(
                [sys.executable, "-c", WORKER, url, str(planned), str(start)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                cwd=Path(__file__).parents[2],
            )
        )
    return [json.loads(out) for out in released_together(processes, folder, start)]


def _same_as_one_after_another(
    url: str,
    fresh: Path,
    recorded: list[tuple[int, c.Decided]],
    refused: list[tuple[c.Decided, dict[str, Any]]],
) -> None:
    """Made one by one in ledger order on a fresh ledger: the same events, the same refusals."""
    serial, raced = PortfolioLedger(f"sqlite:///{fresh}"), PortfolioLedger(url)
    try:
        governance(serial)
        for command in setting_up():
            serial.handle(command)
        unmatched = list(refused)
        for step in range(len(recorded) + 1):
            head = serial.event_count()
            unmatched = [(cmd, r) for cmd, r in unmatched if not _refused_at(serial, head, cmd, r)]
            if step < len(recorded):
                position, command = recorded[step]
                assert serial.handle(command).position == position
        assert not unmatched, f"refused where no serial order refuses them: {unmatched}"
        assert serial.event_count() == raced.event_count()
        for position, event in raced.events_from(1, raced.event_count()).items():
            again = serial.event_at(position)
            assert event is not None
            assert again is not None
            assert type(again) is type(event)
            assert again == dataclasses.replace(event, timestamp=again.timestamp), position
    finally:
        serial.close()
        raced.close()


def _refused_at(serial: PortfolioLedger, head: int, cmd: c.Decided, result: dict[str, Any]) -> bool:
    """Whether ``cmd``, refused when the raced ledger's head was in its span, is refused so here."""
    lo, hi = result["between"]
    if not lo <= head <= hi:
        return False
    try:
        with serial.batch(write=False) as batch:  # a dry run: nothing kept
            batch.handle(cmd)
    except LedgerError as error:
        return bool(type(error).__name__ == result["refused"])
    return False


def _board() -> c.ConstituteBoard:
    return c.ConstituteBoard.model_validate(
        {
            "key": "FB",
            "name": "Funding Board",
            "terms_of_reference": "Funding changes.",
            "limit": "GBP 5,000,000",
            "escalates_to": "EXB",
            "quorum": 2,
            "authority": "Articles of association",
            "effective_date": GOVERNANCE_DAY,
            **SAID,
        }
    )


def _person(key: str, name: str) -> c.RegisterPerson:
    return c.RegisterPerson.model_validate(
        {"key": key, "name": name, "roles": ["Member"], "effective_date": GOVERNANCE_DAY, **SAID}
    )


def _appoint(board: str, person: str, day: Any) -> c.AppointMember:
    return c.AppointMember.model_validate(
        {
            "key": board,
            "person": person,
            "seat": "chair" if person == "hcarter" else "member",
            "authority": "Articles of association",
            "effective_date": day,
            **SAID,
        }
    )
