"""The two clocks against a model of their own (tests/clock_model.py), over drawn decisions.

Hypothesis draws sequences of decisions on a few items: proposals, appraisals, approvals,
funding changes, reprioritisations, starts of delivery, pauses and resumptions, go-lives,
cancellations, rejections, deferrals, departures and status reports, many recorded late
(an effective date before decisions already recorded), and corrections (of amounts,
ranks, ratings and effective dates) and annulments of them, each dated today or on a day
between its decision's and today: on the effective clock it reaches back to its
decision's day all the same (docs/events.md, *Putting the record right*). Each is
recorded through the command line; the ledger must record exactly those the lifecycle,
folded in effective order, allows, and refuse the rest (exit 1, nothing written). After
each step, at pairs of moments on both clocks (exact recorded times, the microsecond
before them, the second and the day they fall in; days decided on, the day before),
``portfolio``, ``item show``, ``economics``, ``item history`` and ``portfolio diff``
answer as the model does.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.clock_model import (
    Decision,
    Model,
    RefusedError,
)
from tests.conftest import Cli
from tests.reliability.conftest import HEAVY, report
from tests.reliability.two_clocks_answers import (
    TRIED,
    Run,
    check_diff,
    check_economics,
    check_history,
    check_item,
    check_portfolio,
    moment,
    utc,
)

START = date(2026, 1, 1)
BOARD = ["--board", "EXB", "--present", "hcarter", "--vote", "hcarter=for", "--actor", "hcarter"]
WORDS = ["--authority", "Portfolio board", "-m", "Minuted"]
RECORD_KEEPING = ["--authority", "PMO record-keeping procedure", "-m", "The minutes say so"]
LABELS = {  # a decision's label: its command, its options, and the field its value sets
    "appraised": (["item", "appraise"], ["--expected-benefits", "1", "--risk-rating", "low",
                   "--alignment-score", "50", "-m", "Case"], "estimated_cost"),
    "approved": (["item", "approve"], [*BOARD, "-m", "Approved"], "authorised_budget"),
    "funding changed": (["item", "fund"], [*BOARD, "-m", "Funded"], "authorised_budget"),
    "reprioritised": (["item", "reprioritise"], WORDS, "rank"),
    "status reported": (["item", "report-status"], ["-m", "Report"], "overall"),
    "delivery started": (["item", "start-delivery"], WORDS, None),
    "paused": (["item", "pause"], WORDS, None),
    "resumed": (["item", "resume"], WORDS, None),
    "went live": (["item", "go-live"], WORDS, None),
    "cancelled": (["item", "cancel"], WORDS, None),
    "rejected": (["item", "reject"], WORDS, None),
    "deferred": (["item", "defer"], WORDS, None),
    "left the portfolio": (["item", "leave", "--reason", "completed"], WORDS, None),
}  # fmt: skip
VALUE_OPTION = {"estimated_cost": "--estimated-cost", "authorised_budget": "--budget",
                "rank": "--rank", "overall": "--overall"}  # fmt: skip
RAGS = ("red", "amber", "green")
READY: set[str] = set()
NEVER = datetime(9999, 1, 1, tzinfo=UTC)
CORRECTABLE = {
    "appraised": ["estimated_cost"], "approved": ["authorised_budget"],
    "funding changed": ["authorised_budget"], "reprioritised": ["rank"],
    "status reported": ["overall", "forecast_cost"],
}  # fmt: skip


def propose(run: Run, day: date) -> None:
    key = f"M{run.example}-{len(run.keys) + 1}"
    args = ["item", "propose", key, "--kind", "project", "--title", f"Item {key}", "--owner",
            "Dana Okafor", "--sponsor", "CFO", "--category", "Digital", "-m", "Proposed",
            "--effective-date", day.isoformat()]  # fmt: skip
    reply = run.recorded(args, True, key)
    assert reply is not None
    run.keys.append(key)
    run.decision(key, "proposed", day, reply)


def holds_with(run: Run, key: str, decision: Decision) -> bool:
    run.model.items[key].append(decision)
    try:
        return run.model.holds(key)
    finally:
        run.model.items[key].pop()


def decide(run: Run, key: str, label: str, day: date, value: Any) -> None:
    command, options, name = LABELS[label]
    fields: dict[str, Any] = {} if name is None else {name: value}
    if label == "resumed":
        try:
            state = run.model.state(key, None, day)
        except RefusedError:
            state = None
        fields["stage"] = state and state["paused_from"]
    option = [] if name is None else [VALUE_OPTION[name], str(value)]
    args = [*command, key, *option, *options, "--effective-date", day.isoformat()]
    version = run.versions(key) + 1
    expected: bool | None = holds_with(
        run, key, Decision(key, label, version, 0, NEVER, day, fields)
    )
    reply = run.recorded(args, expected, key)
    if reply is not None:
        run.decision(key, label, day, reply, **fields)


def on_day(run: Run, target: Decision, late: int | None, *days: date) -> list[str]:
    """A correction's or annulment's own day: today, or ``late`` days after the last of
    ``days`` and the day its target takes effect (the earliest the docs let it take)."""
    day = today = datetime.now(UTC).date()
    if late is not None:  # never after today: a day no decision may take effect on
        day = min(max([known(target), *days]) + timedelta(days=late), today)
    run.put_right.setdefault(target.position, []).append(day)
    return [] if late is None else ["--effective-date", day.isoformat()]


def known(target: Decision) -> date:
    fields = target.as_known(None) or {"effective": target.effective}
    effective: date = fields["effective"]
    return effective


def correct(run: Run, target: Decision, name: str, value: Any, late: int | None) -> None:
    stored = "effective" if name == "effective_date" else name
    text = value.isoformat() if isinstance(value, date) else str(value)
    earlier = list(run.put_right.get(target.position, []))  # its corrections' days
    days = on_day(run, target, late, *([value] if stored == "effective" else []))
    args = ["decision", "correct", str(target.position), "--set", f"{name}={text}",
            *days, *RECORD_KEEPING]  # fmt: skip
    had = [d.fields for d in run.model.items[target.key]]
    had += [c for d in run.model.items[target.key] for _, _, c in d.corrections]
    expected: bool | None
    if target.annulled is not None or (stored == "effective" and any(d < value for d in earlier)):
        expected = False  # nor moved past the day a correction of it takes effect
    elif (target.as_known(None) or {}).get(stored) == value or (
        stored not in ("effective", "rank", "authorised_budget")
        and any(fields.get(stored) == value for fields in had)
    ):
        expected = None  # back to a value it had, or changing nothing: the docs leave it
    else:
        target.corrections.append((NEVER, 0, {stored: value}))
        expected = run.model.holds(target.key)
        target.corrections.pop()
    reply = run.recorded(args, expected, target.key)
    if reply is None:
        run.put_right[target.position].pop()
        return
    target.corrections.append((utc(reply["recorded_at"]), reply["position"], {stored: value}))
    if stored == "effective":
        run.days.add(value)


def annul(run: Run, target: Decision, late: int | None) -> None:
    days = on_day(run, target, late, *run.put_right.get(target.position, []))
    args = ["decision", "annul", str(target.position), *days, *RECORD_KEEPING]
    expected = target.annulled is None and target.label != "proposed"
    if expected:
        target.annulled = (NEVER, 0)
        expected = run.model.holds(target.key)
        target.annulled = None
    reply = run.recorded(args, expected, target.key)
    if reply is None:
        run.put_right[target.position].pop()
        return
    target.annulled = (utc(reply["recorded_at"]), reply["position"])


def governance(run: Run) -> None:
    if run.cli.url in READY:
        return
    for args in (
        ["person", "add", "hcarter", "--name", "Helen Carter", "-m", "Registered"],
        ["board", "create", "EXB", "--name", "Executive Board", "--terms", "All",
         "--unlimited", "--quorum", "1", "--authority", "Articles", "-m", "Constituted"],
        ["board", "appoint", "EXB", "hcarter", "--as", "chair", "--authority", "Articles",
         "-m", "Chair"],
    ):  # fmt: skip
        result = run.cli(*args, "--effective-date", "2025-01-01")
        assert result.exit_code == 0, result.output
    READY.add(run.cli.url)


def step(run: Run, data: st.DataObject) -> str | None:
    """One decision drawn and recorded (or refused): the key it was on."""
    day = START + timedelta(days=data.draw(st.integers(0, 40)))
    what = data.draw(st.sampled_from(["propose", "decide", "decide", "decide", "correct", "annul"]))
    if what == "propose" or not run.keys:
        propose(run, day)
        return run.keys[-1]
    if what == "decide":
        key = data.draw(st.sampled_from(run.keys))
        label = data.draw(st.sampled_from(sorted(LABELS)))
        value = value_for(data, LABELS[label][2])
        decide(run, key, label, day, value)
        return key
    targets = [d for key in run.keys for d in run.model.items[key]]
    target = data.draw(st.sampled_from(targets))
    late = data.draw(st.none() | st.integers(0, 5))
    if what == "annul":
        annul(run, target, late)
    else:
        name = data.draw(st.sampled_from([*CORRECTABLE.get(target.label, []), "effective_date"]))
        value = day if name == "effective_date" else value_for(data, name)
        correct(run, target, name, value, late)
    return target.key


def value_for(data: st.DataObject, name: str | None) -> Any:
    if name in ("estimated_cost", "authorised_budget", "forecast_cost"):
        return data.draw(st.integers(1, 400)) * 250
    if name == "rank":
        return data.draw(st.integers(1, 5))
    if name == "overall":
        return data.draw(st.sampled_from(RAGS))
    return None


EXAMPLES = [0]


@pytest.fixture(scope="module", autouse=True)
def _figures() -> Iterator[None]:
    yield
    report("two clocks against a model", **TRIED)


@settings(
    max_examples=100 if HEAVY else 4,
    derandomize=True,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_both_clocks_answer_as_the_model_does(db_url: str, data: st.DataObject) -> None:
    EXAMPLES[0] += 1
    TRIED["examples"] += 1
    run = Run(Cli(db_url), MODELS.setdefault(db_url, Model()), EXAMPLES[0])
    governance(run)
    for _ in range(data.draw(st.integers(4, 14 if HEAVY else 10))):
        key = step(run, data)
        if key is None or key not in run.model.items:
            continue
        check_history(run, key)
        check_item(run, key, *moment(data, run))
        check_portfolio(run, *moment(data, run))
        check_portfolio(run, None, data.draw(st.sampled_from(sorted(run.days))))
        check_economics(run, *moment(data, run))
        check_diff(run, data)


MODELS: dict[str, Model] = {}
