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

import json
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
    by_stage,
    changes,
    shown,
)
from tests.conftest import Cli
from tests.reliability.conftest import HEAVY, report

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
TRIED = {"examples": 0, "steps": 0, "recorded": 0, "refused": 0, "moments": 0}
READY: set[str] = set()
NEVER = datetime(9999, 1, 1, tzinfo=UTC)
LAST = 999_999
CORRECTABLE = {
    "appraised": ["estimated_cost"], "approved": ["authorised_budget"],
    "funding changed": ["authorised_budget"], "reprioritised": ["rank"],
    "status reported": ["overall", "forecast_cost"],
}  # fmt: skip


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text)


def said(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds").replace("+00:00", "Z")


class Run:
    """The ledger through its command line, the model beside it, and the moments seen."""

    def __init__(self, cli: Cli, model: Model, example: int) -> None:
        self.cli, self.model, self.example = cli, model, example
        self.keys: list[str] = []
        self.times: list[datetime] = []
        self.days: set[date] = set()
        self.put_right: dict[int, list[date]] = {}  # corrections' and annulments' own days

    def recorded(self, args: list[str], expected: bool | None, key: str) -> dict[str, Any] | None:
        """Run a decision; None if refused. ``expected``: whether the model says it holds."""
        result = self.cli(*args, "--json")
        TRIED["steps"] += 1
        assert "Traceback" not in result.output
        if result.exit_code != 0:
            assert result.exit_code == 1, result.output
            assert expected is not True, f"{args}: refused, the model holds it: {result.output}"
            TRIED["refused"] += 1
            return None
        assert expected is not False, f"{args}: recorded, the model refuses it"
        reply: dict[str, Any] = json.loads(result.stdout)
        assert reply["version"] == self.versions(key) + 1, reply
        TRIED["recorded"] += 1
        self.times.append(utc(reply["recorded_at"]))
        return reply

    def versions(self, key: str) -> int:
        """Events on the item so far: its decisions, corrections and annulments."""
        made = self.model.items.get(key, [])
        return len(made) + sum(len(d.corrections) + (d.annulled is not None) for d in made)

    def decision(self, key: str, label: str, day: date, reply: dict[str, Any], **sets: Any) -> None:
        """A decision the ledger recorded, told to the model."""
        self.days.add(day)
        at = utc(reply["recorded_at"])
        self.model.record(Decision(key, label, reply["version"], reply["position"], at, day, sets))


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
    if label == "reprioritised" and expected:
        current = run.model.state(key, None, day)
        expected = None if current and current["priority_rank"] == value else True
    reply = run.recorded(args, expected, key)
    if reply is not None:
        run.decision(key, label, day, reply, **fields)


def on_day(run: Run, target: Decision, late: int | None, *days: date) -> list[str]:
    """A correction's or annulment's own day: today, or ``late`` days after the last of
    ``days`` and the day its target takes effect (the earliest the docs let it take)."""
    day = datetime.now(UTC).date()
    if late is not None:
        day = max([known(target), *days]) + timedelta(days=late)
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
    elif (stored == "effective" and known(target) == value) or (
        stored != "effective" and any(fields.get(stored) == value for fields in had)
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


def moment(data: st.DataObject, run: Run) -> tuple[datetime | None, date | None]:
    """A pair of moments: a recorded time (exact, the microsecond before, its second, its
    day) or none, and an effective day (one decided on, the day before) or none."""
    times: list[datetime | None] = [None, *run.times]
    times += [t - timedelta(microseconds=1) for t in run.times]
    times += [t.replace(microsecond=LAST) for t in run.times]  # given to the second
    times += [t.replace(hour=23, minute=59, second=59, microsecond=LAST) for t in run.times]
    days = [None, *sorted(run.days), *(d - timedelta(days=1) for d in sorted(run.days))]
    return data.draw(st.sampled_from(times)), data.draw(st.sampled_from(days))


def spelt(as_of: datetime) -> str:
    """A moment as a user gives it: a day or a second means its end (docs/concepts.md)."""
    if as_of.microsecond != LAST:
        return said(as_of)
    if (as_of.hour, as_of.minute, as_of.second) == (23, 59, 59):
        return as_of.date().isoformat()
    return said(as_of)[:19] + "Z"


def options(as_of: datetime | None, day: date | None) -> list[str]:
    found = [] if as_of is None else ["--as-of", spelt(as_of)]
    return found + ([] if day is None else ["--effective-on", day.isoformat()])


def answer(run: Run, *args: str) -> Any:
    result = run.cli(*args, "--json")
    assert result.exit_code == 0, (args, result.output)
    return json.loads(result.stdout)


def check_portfolio(run: Run, as_of: datetime | None, day: date | None) -> None:
    expected = {key: shown(state) for key, state in run.model.portfolio(as_of, day).items()}
    listed = answer(run, "portfolio", *options(as_of, day))
    got = {item["key"]: {name: item[name] for name in next(iter(expected.values()), {})}
           for item in listed}  # fmt: skip
    assert got == expected, options(as_of, day)
    TRIED["moments"] += 1


def check_item(run: Run, key: str, as_of: datetime | None, day: date | None) -> None:
    state = run.model.state(key, as_of, day)
    result = run.cli("item", "show", key, *options(as_of, day), "--json")
    if state is None:
        assert result.exit_code == 1, result.output
        return
    assert result.exit_code == 0, result.output
    item = json.loads(result.stdout)
    expected = shown(state)
    if as_of is None and day is None:  # the record beside the row: the item's own version
        made = run.model.items[key]
        times = [d.recorded_at for d in made] + [t for d in made for t, _, _ in d.corrections]
        times += [d.annulled[0] for d in made if d.annulled]
        expected["version"] = run.versions(key)
        expected["recorded_at"] = said(max(times))
    amounts = {name: (item[name] or {}).get("amount") for name in
               ("estimated_cost", "authorised_budget", "forecast_cost")}  # fmt: skip
    got = {**{n: item[n] for n in ("stage", "view", "rag", "last_decision", "version")},
           **amounts, "priority_rank": item["rank"], "last_decision_date":
           item["last_effective_date"], "recorded_at": item["last_recorded_at"]}  # fmt: skip
    assert got == expected, (key, options(as_of, day))


def check_history(run: Run, key: str) -> None:
    made = run.model.items[key]
    rows = [
        (d.position, d.version, d.label, d.effective.isoformat(),
         [p for _, p, _ in d.corrections], d.annulled and d.annulled[1])
        for d in made
    ]  # fmt: skip
    history = answer(run, "item", "history", key)
    got = [
        (h["position"], h["version"], h["event"], h["effective_date"], h["corrected_by"],
         h["annulled_by"])
        for h in history
        if h["corrects"] is None and h["annuls"] is None
    ]  # fmt: skip
    assert got == rows, key


def check_economics(run: Run, as_of: datetime | None, day: date | None) -> None:
    totals = answer(run, "economics", "--by", "stage", *options(as_of, day))["totals"]
    got = {row["value"]: (row["items"], row["estimated_cost"], row["authorised_budget"])
           for row in totals if row["dimension"] == "stage"}  # fmt: skip
    assert got == by_stage(run.model.portfolio(as_of, day)), options(as_of, day)


def check_diff(run: Run, data: st.DataObject) -> None:
    if data.draw(st.booleans()) and run.days:
        first, second = sorted(data.draw(st.sampled_from(sorted(run.days))) for _ in "ab")
        args = ["--effective", first.isoformat(), second.isoformat()]
        before, after = run.model.portfolio(None, first), run.model.portfolio(None, second)
    else:
        first, second = sorted(data.draw(st.sampled_from(run.times)) for _ in "ab")
        args = [said(first), said(second)]
        before, after = run.model.portfolio(first, None), run.model.portfolio(second, None)
    rows = answer(run, "portfolio", "diff", *args)
    got = {(row["key"], row["change"], row.get("before"), row.get("after")) for row in rows}
    assert got == changes(before, after), args


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
    max_examples=300 if HEAVY else 4,
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
