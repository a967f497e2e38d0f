"""The ledger's answers beside the model's, for tests/reliability/test_two_clocks_model.py.

``Run`` records decisions through the command line and tells the model what the ledger
recorded (its position and recorded time); the checks ask ``portfolio``, ``item show``,
``economics``, ``item history`` and ``portfolio diff`` at pairs of moments and compare
their ``--json`` with what the model says.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from tests.clock_model import Decision, Model, by_stage, changes, shown
from tests.conftest import Cli

TRIED = {"examples": 0, "steps": 0, "recorded": 0, "refused": 0, "moments": 0}
LAST = 999_999
"""The microsecond a moment given to the second (or as a day) is read at: its end."""


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
           item["last_effective_date"], "recorded_at": item["last_recorded_at"],
           "last_status_date": item["last_status_date"],
           "forecast_cost_reported_on": item["forecast_cost_reported_on"]}  # fmt: skip
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
