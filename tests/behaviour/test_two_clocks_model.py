"""An auditor's own model of both clocks, checked against what the command line says.

Written from the docs alone (docs/concepts.md, *Two clocks*, *Both clocks, in
SQL*, *One item at a moment*; docs/events.md, *Effective order*, *Putting the
record right*), never from the ledger's projection code: an item at a moment
is the fold, in effective order (effective date, then version), of its
decisions recorded by TIME (``--as-of``) with effect by DAY
(``--effective-on``), corrections recorded by TIME applied (each field's
latest correction standing, the effective date included) and the decisions
annulled by TIME left out. Its ``version`` and last decision are those of
the decision the state stands on.

The ledger here has decisions recorded late (by effective date before ones
already recorded, one on 29 February), a decision corrected twice, a
correction that moves a decision's effective date past another's, a late
pause before a status report, annulments, and an annulled rejection. The
model's answer at each recorded instant (exactly, a microsecond before, in
another UTC offset, with no offset, to the second) and at each effective day
(and the days around them) must be ``portfolio``'s, ``item show``'s,
``economics``' and ``portfolio diff``'s ``--json``; ``audit trail --from
--to`` must hold exactly the decisions recorded in its range.
"""

from __future__ import annotations

import json
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

from tests.conftest import Cli
from tests.ledger_copies import copy_of

ONE = timedelta(microseconds=1)
VIEWS = {
    "proposed": "pipeline",
    "appraised": "pipeline",
    "in delivery": "pipeline",
    "paused": "pipeline",
    "rejected": "closed",
}


@dataclass
class Decision:
    key: str
    position: int
    version: int
    recorded: datetime
    effective: date
    label: str
    fields: dict[str, Any]


@dataclass
class Fix:
    """A correction (``changes``) or an annulment (``changes`` None) of ``target``."""

    position: int
    recorded: datetime
    target: int
    changes: dict[str, Any] | None


@dataclass
class Ledger:
    """What the auditor wrote down as each decision was recorded."""

    decisions: list[Decision] = field(default_factory=list)
    fixes: list[Fix] = field(default_factory=list)

    def recorded(self) -> list[tuple[int, datetime]]:
        every = [(d.position, d.recorded) for d in self.decisions]
        every += [(f.position, f.recorded) for f in self.fixes]
        return sorted(every)

    def in_effect(
        self, key: str, as_of: datetime | None
    ) -> list[tuple[date, int, Decision, dict[str, Any]]]:
        """The item's decisions as known at AS_OF, put right, in effective order."""
        known = [f for f in self.fixes if as_of is None or f.recorded <= as_of]
        annulled = {f.target for f in known if f.changes is None}
        ordered = []
        for d in self.decisions:
            if d.key != key or (as_of is not None and d.recorded > as_of):
                continue
            if d.position in annulled:
                continue
            values = dict(d.fields, effective_date=d.effective)
            for fix in sorted(known, key=lambda f: f.position):
                if fix.target == d.position and fix.changes is not None:
                    values.update(fix.changes)
            ordered.append((values["effective_date"], d.version, d, values))
        return sorted(ordered, key=lambda entry: (entry[0], entry[1]))

    def state(self, key: str, as_of: datetime | None, on: date | None) -> dict[str, Any] | None:
        """The item at the moment, or None if it had not yet taken effect."""
        folded = [e for e in self.in_effect(key, as_of) if on is None or e[0] <= on]
        if not folded:
            return None
        state: dict[str, Any] = {
            "key": key, "stage": None, "rank": None, "rag": None, "estimated_cost": None,
            "authorised_budget": None, "forecast_cost": None, "last_status_date": None,
        }  # fmt: skip
        paused_from = None
        for effective, version, decision, values in folded:
            label = decision.label
            if label in ("proposed", "appraised", "rejected"):
                state["stage"] = label
            if label == "appraised":
                state["estimated_cost"] = Decimal(values["estimated_cost"])
            if label == "onboarded":
                state["stage"] = values["stage"]
                state["rag"] = values["rag"]
                state["authorised_budget"] = Decimal(values["budget"])
                state["forecast_cost"] = Decimal(values["forecast_cost"])
                state["last_status_date"] = effective  # the baseline's RAG is its status
            if label == "reprioritised":
                state["rank"] = int(values["rank"])
            if label == "status reported":
                state["rag"] = values["overall"]
                state["forecast_cost"] = Decimal(values["forecast_cost"])
                state["last_status_date"] = effective
            if label == "paused":
                paused_from, state["stage"] = state["stage"], "paused"
            if label == "resumed":
                state["stage"] = paused_from
            state.update(last_decision=label, last_effective=effective, version=version)
            state["recorded"] = decision.recorded
        state["view"] = VIEWS[state["stage"]]
        return state

    def portfolio(self, as_of: datetime | None, on: date | None) -> dict[str, dict[str, Any]]:
        keys = sorted({d.key for d in self.decisions})
        states = {key: self.state(key, as_of, on) for key in keys}
        return {key: s for key, s in states.items() if s is not None}


def money(value: Any) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, dict):
        return Decimal(value["amount"])
    return Decimal(value)


def row_said(row: dict[str, Any]) -> dict[str, Any]:
    """A ``portfolio --json`` row, in the model's terms."""
    return {
        "key": row["key"], "stage": row["stage"], "rank": row["priority_rank"],
        "rag": row["rag"], "estimated_cost": money(row["estimated_cost"]),
        "authorised_budget": money(row["authorised_budget"]),
        "forecast_cost": money(row["forecast_cost"]),
        "last_status_date": _day(row["last_status_date"]),
        "last_decision": row["last_decision"], "last_effective": _day(row["last_decision_date"]),
        "version": row["version"], "recorded": _time(row["recorded_at"]), "view": row["view"],
    }  # fmt: skip


def shown_said(shown: dict[str, Any]) -> dict[str, Any]:
    """An ``item show --json`` object at a moment, in the model's terms."""
    return {
        "key": shown["key"], "stage": shown["stage"], "rank": shown["rank"],
        "rag": shown["rag"], "estimated_cost": money(shown["estimated_cost"]),
        "authorised_budget": money(shown["authorised_budget"]),
        "forecast_cost": money(shown["forecast_cost"]),
        "last_status_date": _day(shown["last_status_date"]),
        "last_decision": shown["last_decision"],
        "last_effective": _day(shown["last_effective_date"]),
        "version": shown["version"], "recorded": _time(shown["last_recorded_at"]),
        "view": VIEWS[shown["stage"]],
    }  # fmt: skip


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _time(text: str | None) -> datetime | None:
    return None if text is None else _at(text)


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def said(run: Cli, *args: str) -> Any:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def record(
    run: Cli, book: Ledger, label: str, key: str, effective: str, *args: str, **fields: Any
) -> int:
    answer = said(run, *args, "--effective-date", effective)
    book.decisions.append(
        Decision(
            key, answer["position"], answer["version"], _at(answer["recorded_at"]),
            date.fromisoformat(effective), label, fields,
        )
    )  # fmt: skip
    return int(answer["position"])


def put_right(run: Cli, book: Ledger, target: int, **changes: Any) -> None:
    sets = [a for name, value in changes.items() for a in ("--set", f"{name}={value}")]
    how = ("correct", str(target), *sets) if changes else ("annul", str(target))
    answer = said(run, "decision", *how, "--authority", "PMO procedure", "-m", "Put right")
    if "effective_date" in changes:
        changes["effective_date"] = date.fromisoformat(changes["effective_date"])
    book.fixes.append(Fix(answer["position"], _at(answer["recorded_at"]), target, changes or None))


def build(url: str) -> Ledger:
    """Three items with late records, corrections (one of a decision twice) and annulments."""
    run, book = Cli(url), Ledger()
    auth = ("--authority", "Portfolio Board", "-m", "Minuted")
    new = ("--kind", "project", "--owner", "Dana", "--sponsor", "CFO", "-m", "p")
    # fmt: off
    record(run, book, "proposed", "PRJ-A", "2024-01-10", "item", "propose", "PRJ-A", *new,
           "--title", "Payroll", "--category", "IT")
    record(run, book, "appraised", "PRJ-A", "2024-02-01", "item", "appraise", "PRJ-A",
           "--estimated-cost", "100", "--expected-benefits", "200", "--risk-rating", "low",
           "--alignment-score", "50", "-m", "a", estimated_cost="100")
    rank5 = record(run, book, "reprioritised", "PRJ-A", "2024-03-01", "item", "reprioritise",
                   "PRJ-A", "--rank", "5", *auth, rank=5)
    rank2 = record(run, book, "reprioritised", "PRJ-A", "2024-02-15", "item", "reprioritise",
                   "PRJ-A", "--rank", "2", *auth, rank=2)
    record(run, book, "reprioritised", "PRJ-A", "2024-02-29", "item", "reprioritise",
           "PRJ-A", "--rank", "7", *auth, rank=7)
    record(run, book, "onboarded", "PRJ-B", "2024-01-15", "item", "onboard", "PRJ-B",
           "--title", "CRM", "--category", "IT", "--stage", "in-delivery", "--budget", "900",
           "--forecast-cost", "950", "--rag", "green", *auth,
           stage="in delivery", budget="900", forecast_cost="950", rag="green")
    amber = record(run, book, "status reported", "PRJ-B", "2024-04-01", "item", "report-status",
                   "PRJ-B", "--overall", "amber", "--forecast-cost", "1100", "-m", "s",
                   overall="amber", forecast_cost="1100")
    red = record(run, book, "status reported", "PRJ-B", "2024-06-01", "item", "report-status",
                 "PRJ-B", "--overall", "red", "--forecast-cost", "1300", "-m", "s",
                 overall="red", forecast_cost="1300")
    record(run, book, "status reported", "PRJ-B", "2024-03-01", "item", "report-status",
           "PRJ-B", "--overall", "green", "--forecast-cost", "1000", "-m", "late",
           overall="green", forecast_cost="1000")
    put_right(run, book, red, overall="green", forecast_cost="1050")
    put_right(run, book, red, forecast_cost="1070")  # the overall green stands
    put_right(run, book, rank5, rank="4")
    put_right(run, book, rank2, effective_date="2024-03-10")  # now after the rank 4
    pause = record(run, book, "paused", "PRJ-B", "2024-05-15", "item", "pause", "PRJ-B", *auth)
    put_right(run, book, amber)
    record(run, book, "proposed", "PRJ-C", "2024-02-29", "item", "propose", "PRJ-C", *new,
           "--title", "Leap", "--category", "Ops")
    rejected = record(run, book, "rejected", "PRJ-C", "2024-03-01", "item", "reject", "PRJ-C",
                      *auth)
    put_right(run, book, rejected)
    put_right(run, book, pause, effective_date="2024-06-15")
    record(run, book, "resumed", "PRJ-B", "2024-06-20", "item", "resume", "PRJ-B", *auth)
    # fmt: on
    return book


@pytest.fixture
def book(run: Cli, request: pytest.FixtureRequest) -> Ledger:
    """The model of the ledger ``run`` holds: a copy of the module's (tests/ledger_copies.py)."""
    built: Ledger = copy_of(build, run.url, request)
    return deepcopy(built)


def spellings(moment: datetime) -> list[tuple[str, datetime]]:
    """Ways to write a recorded instant, each with the instant it means.

    A time to the second (or minute) means the end of it, however its offset
    is written (``Z``, ``+01:00``, after a space or not).
    """
    exact = moment.astimezone(UTC)
    plus_one = exact.astimezone(timezone(timedelta(hours=1)))
    minus_five = exact.astimezone(timezone(timedelta(hours=-5, minutes=-30)))
    second = exact.replace(microsecond=0)
    minute = second.replace(second=0)
    return [
        (exact.isoformat(), exact),
        (exact.isoformat().replace("+00:00", "Z"), exact),
        (exact.replace(tzinfo=None).isoformat(), exact),  # no offset: UTC
        (plus_one.isoformat(), exact),
        (minus_five.isoformat(), exact),
        ((exact - ONE).isoformat(), exact - ONE),
        (second.strftime("%Y-%m-%d %H:%M:%SZ"), second + timedelta(seconds=1) - ONE),
        (plus_one.replace(microsecond=0).isoformat(), second + timedelta(seconds=1) - ONE),
        (second.strftime("%Y-%m-%d %H:%M:%S Z"), second + timedelta(seconds=1) - ONE),
        (plus_one.strftime("%Y-%m-%d %H:%M +01:00"), minute + timedelta(minutes=1) - ONE),
        (plus_one.strftime("%Y-%m-%dT%H:%M+01:00"), minute + timedelta(minutes=1) - ONE),
    ]


def days_of(book: Ledger) -> list[date]:
    days = {d.effective for d in book.decisions}
    days |= {
        f.changes["effective_date"]
        for f in book.fixes
        if f.changes and "effective_date" in f.changes
    }
    around = {day + timedelta(days=n) for day in days for n in (-1, 0, 1)}
    return sorted(around | {date(1, 1, 1), date(9999, 12, 31), date(2024, 2, 28)})


def portfolio_said(run: Cli, *moment: str) -> dict[str, dict[str, Any]]:
    return {row["key"]: row_said(row) for row in said(run, "portfolio", *moment)}


def test_the_portfolio_at_every_recorded_instant_is_the_models(run: Cli, book: Ledger) -> None:
    for position, recorded in book.recorded():
        for text, meant in spellings(recorded):
            assert portfolio_said(run, "--as-of", text) == book.portfolio(meant, None), (
                position,
                text,
            )


def test_the_portfolio_on_every_effective_day_is_the_models(run: Cli, book: Ledger) -> None:
    for day in days_of(book):
        assert portfolio_said(run, "--effective-on", day.isoformat()) == book.portfolio(
            None, day
        ), day


def test_both_clocks_together_and_item_show_agree_with_the_model(run: Cli, book: Ledger) -> None:
    days = [date(2024, 2, 29), date(2024, 6, 16)]
    for position, recorded in book.recorded():
        for day in days:
            moment = ("--as-of", recorded.isoformat(), "--effective-on", day.isoformat())
            expected = book.portfolio(recorded, day)
            assert portfolio_said(run, *moment) == expected, (position, day)
            for key in ("PRJ-A", "PRJ-B", "PRJ-C"):
                answer = run("item", "show", key, *moment, "--json")
                if key not in expected:
                    assert answer.exit_code == 1, answer.output
                    assert "did not exist yet" in answer.output
                    continue
                assert answer.exit_code == 0, answer.output
                shown = json.loads(answer.stdout)
                assert shown_said(shown) == expected[key], (position, day, key)
                assert (shown["as_of"], shown["effective_on"]) == (
                    recorded.isoformat().replace("+00:00", "Z"),  # as every --json writes it
                    day.isoformat(),
                )


def test_economics_at_each_moment_adds_up_the_models_items(run: Cli, book: Ledger) -> None:
    moments: list[tuple[tuple[str, ...], dict[str, dict[str, Any]]]] = [
        (("--as-of", t.isoformat()), book.portfolio(t, None)) for _, t in book.recorded()
    ]
    moments += [(("--effective-on", d.isoformat()), book.portfolio(None, d)) for d in days_of(book)]
    for moment, states in moments:
        totals = said(run, "economics", "--by", "view", *moment)["totals"]
        got = {
            row["value"]: (
                row["items"],
                _total(row["forecast_cost"]),
                _total(row["authorised_budget"]),
            )
            for row in totals
        }
        # A total of no known figure is null (the table's "-"), not 0.00: the model's too.
        want: dict[str, tuple[int, Decimal | None, Decimal | None]] = {}
        for state in states.values():
            items, forecast, budget = want.get(state["view"], (0, None, None))
            want[state["view"]] = (
                items + 1,
                _plus(forecast, state["forecast_cost"]),
                _plus(budget, state["authorised_budget"]),
            )
        assert got == want, moment


def _total(said: str | None) -> Decimal | None:
    """A total as economics --json says it: null where no item's figure is known."""
    return None if said is None else Decimal(said)


def _plus(total: Decimal | None, figure: Decimal | None) -> Decimal | None:
    """The model's total with one more item's figure: still None while none is known."""
    if figure is None:
        return total
    return (total or Decimal(0)) + figure


def changes(
    before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]
) -> set[tuple[Any, ...]]:
    """What a diff must list, in the model's terms: joins, and moves of stage, rank, RAG, money."""
    found: set[tuple[Any, ...]] = set()
    for key, state in after.items():
        old = before.get(key)
        if old is None:
            found.add((key, "joined", None, state["stage"]))
            continue
        for name in ("stage", "rank", "rag", "authorised_budget", "forecast_cost"):
            if old[name] != state[name]:
                found.add((key, name, old[name], state[name]))
    return found


def diff_said(rows: list[dict[str, Any]]) -> set[tuple[Any, ...]]:
    said_rows = set()
    for row in rows:
        name = {"priority_rank": "rank"}.get(row["change"], row["change"])
        before, after = row["before"], row["after"]
        if name in ("authorised_budget", "forecast_cost"):
            before, after = money(before), money(after)
        said_rows.add((row["key"], name, before, after))
    return said_rows


def test_diff_between_recorded_instants_is_the_models(run: Cli, book: Ledger) -> None:
    times = [t for _, t in book.recorded()]
    for start, end in zip(times, times[3:], strict=False):
        rows = said(run, "portfolio", "diff", start.isoformat(), end.isoformat())
        assert diff_said(rows) == changes(book.portfolio(start, None), book.portfolio(end, None)), (
            start,
            end,
        )


def test_diff_between_effective_days_is_the_models(run: Cli, book: Ledger) -> None:
    days = days_of(book)
    for start, end in zip(days, days[2:], strict=False):
        rows = said(run, "portfolio", "diff", "--effective", start.isoformat(), end.isoformat())
        assert diff_said(rows) == changes(book.portfolio(None, start), book.portfolio(None, end)), (
            start,
            end,
        )


def test_the_trail_between_two_recorded_instants_holds_exactly_those_recorded(
    run: Cli, book: Ledger
) -> None:
    recorded = book.recorded()
    for (_, start), (_, end) in zip(recorded, recorded[2:], strict=False):
        for (first, meant_first), (last, meant_last) in zip(
            spellings(start)[:6], reversed(spellings(end)[:6]), strict=True
        ):
            rows = said(run, "audit", "trail", "--from", first, "--to", last)
            want = [p for p, t in recorded if meant_first <= t <= meant_last]
            assert [r["position"] for r in rows] == want, (first, last)
