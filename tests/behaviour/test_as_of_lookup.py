"""The moment's lookup in ``item_timeline`` against plain references, on both clocks.

The lookup picks, per item, the row a moment sees by index (see
``bitemporal.stood_at``). Over random histories with late decisions,
corrections and annulments, its answer must equal:

- a plain reading of the same rows: every row of the table, the ones the
  moment sees kept, the latest in effective order taken, per item;
- for ``portfolio diff``, the diff of the states the domain's own fold gives.

And a ledger whose timeline was built before its indexes carried the
recorded clock is rebuilt with them, answering as before.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, inspect, select, text

from portfolio_ledger.application import commands as c
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.application.selection import Moment, TrailFilter
from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.domain.clock import utc_today
from portfolio_ledger.domain.keys import item_id
from portfolio_ledger.projections import queries, trail_queries
from portfolio_ledger.projections.item_timeline import ItemTimeline
from portfolio_ledger.projections.runner import Projections
from portfolio_ledger.projections.state import STATE_COLUMNS, ItemState
from portfolio_ledger.storage.urls import normalise_url
from tests.behaviour.test_projection_properties import (
    KEYS,
    SETTINGS,
    as_it_stood,
    folded,
    fresh_ledger,
    governed,  # noqa: F401 - a fixture
    moments,
    record_random_history,
)
from tests.builders import DAY0, decision, governance, propose, who
from tests.conftest import Cli


def timeline_rows(models: Projections) -> list[Any]:
    """Every row of the timeline, as stored."""
    with models.reading() as session:
        return [row._mapping for row in session.execute(select(models.item_timeline.table))]


def plainly(
    models: Projections, as_of: datetime | None, on: date | None, rows: list[Any] | None = None
) -> dict[str, ItemState]:
    """Each item's state at a moment, from every row of the timeline, picked in Python.

    ``rows``: the timeline's rows read once by :func:`timeline_rows` for a test that asks of
    many moments and records nothing in between (the demo's test read them 88 times).
    """
    rows = timeline_rows(models) if rows is None else rows
    latest: dict[str, Any] = {}
    for row in rows:
        if as_of is None:
            seen = row["recorded_to"] is None
        else:
            closed = row["recorded_to"] is not None and row["recorded_to"] <= as_of
            seen = row["recorded_from"] <= as_of and not closed
        if not seen or (on is not None and row["effective_from"] > on):
            continue
        order = (row["effective_from"], row["decision_version"])
        held = latest.get(row["item_id"])
        if held is None or order > (held["effective_from"], held["decision_version"]):
            latest[row["item_id"]] = row
    return {
        row["key"]: {name: row[name] for name in STATE_COLUMNS}  # type: ignore[misc]
        for row in latest.values()
    }


def looked_up(models: Projections, moment: Moment) -> dict[str, ItemState]:
    """The portfolio at the moment, as the read side answers it; each item alone must agree."""
    with models.reading() as session:
        states = {s["key"]: s for s in queries.portfolio(session, models, moment)}
        for key in (*KEYS, "PRJ-NONE"):
            alone = queries.item_at(session, models, item_id(key).hex, moment)
            assert alone == states.get(key), key
    return states


def diff_of(
    start: dict[str, ItemState], end: dict[str, ItemState], left_from: dict[str, str | None]
) -> list[dict[str, Any]]:
    """``queries.diff``'s rule, over states given: the reference for the diff's lookups.

    ``left_from``: the stage each item that had left by the end left from, by key.
    """
    ordered = sorted(
        end.values(),
        key=lambda s: (s["priority_rank"] is None, s["priority_rank"] or 0, s["key"]),
    )
    changes = []
    for state in ordered:
        old = start.get(state["key"])
        if old is None:
            changes.append(queries._change(state, "joined", None, state["stage"]))
        if state["stage"] == "left" and (old is None or old["stage"] != "left"):
            was = left_from[state["key"]]  # the stage it left, whenever it joined
            changes.append(queries._change(state, "left", was, state["left_reason"]))
        elif old is not None:
            changes.extend(queries._field_changes(old, state))
    return changes


def check_lookups(backend: str, data: st.DataObject, template: Path | None = None) -> None:
    with fresh_ledger(backend, template) as (ledger, models):
        record_random_history(ledger, data)
        times, days = moments(ledger)
        chosen: list[tuple[datetime | None, date | None]] = [(None, None)]
        chosen += [(t, None) for t in data.draw(st.lists(st.sampled_from(times), max_size=4))]
        chosen += [(None, d) for d in data.draw(st.lists(st.sampled_from(days), max_size=3))]
        chosen += [(data.draw(st.sampled_from(times)), data.draw(st.sampled_from(days)))]
        for as_of, on in chosen:
            if as_of is None and on is None:
                continue  # now is the current table, not the lookup
            moment = Moment(as_of, on)
            assert looked_up(models, moment) == plainly(models, as_of, on), moment
        check_diff(
            ledger, models, data.draw(st.sampled_from(times)), data.draw(st.sampled_from(times))
        )


def check_diff(ledger: PortfolioLedger, models: Projections, one: datetime, two: datetime) -> None:
    """The diff between two recorded moments, and to now, equals the folds' diff."""
    start, end = sorted((one, two))
    with models.reading() as session:
        between = queries.diff(session, models, Moment(as_of=start), Moment(as_of=end))
        to_now = queries.diff(session, models, Moment(as_of=start), Moment())
    before = as_it_stood(ledger, start, None)
    assert between == diff_of(before, as_it_stood(ledger, end, None), left_from(ledger, end))
    assert to_now == diff_of(before, as_it_stood(ledger, None, None), left_from(ledger, None))


def left_from(ledger: PortfolioLedger, recorded_by: datetime | None) -> dict[str, str | None]:
    """The stage each item left from, by key, as the domain's fold says it (``left_from``)."""
    return {
        key: then.left_from.value if then.left_from is not None else None
        for key, (then, _) in folded(ledger, recorded_by, None).items()
    }


@settings(max_examples=15, **SETTINGS)  # type: ignore[arg-type]
@given(data=st.data())
def test_the_lookup_equals_a_plain_reading_on_sqlite(
    governed: Path,  # noqa: F811 - the fixture
    data: st.DataObject,
) -> None:
    check_lookups("sqlite", data, governed)


@pytest.mark.postgres
@settings(max_examples=6, **SETTINGS)  # type: ignore[arg-type]
@given(data=st.data())
def test_the_lookup_equals_a_plain_reading_on_postgres(data: st.DataObject) -> None:
    check_lookups("postgres", data)


def test_a_state_annulled_or_moved_away_is_not_seen_after(
    opened: tuple[PortfolioLedger, Projections],
) -> None:
    """The rows a correction closes, with no row of theirs after it: the lookup must skip them."""
    ledger, models = opened
    governance(ledger)
    ledger.handle(propose("PRJ-A"))
    for step, rank in ((1, 5), (2, 7), (3, 9)):
        day = DAY0 + timedelta(days=step)
        ledger.handle(decision(c.ReprioritiseItem, "PRJ-A", rank=rank, effective_date=day))
    positions = [e.position or 0 for e in ledger.queries.history("PRJ-A")]
    # On the day the annulled decision took effect: a decision is put right on or after it.
    ledger.handle(
        c.AnnulDecision(position=positions[-1], **who(effective_date=DAY0 + timedelta(days=3)))
    )
    late = DAY0 + timedelta(days=1)
    moved: dict[str, Any] = {"effective_date": late.isoformat()}
    ledger.handle(
        c.CorrectDecision(position=positions[-2], changes=moved, **who(effective_date=late))
    )
    ledger.handle(decision(c.ReprioritiseItem, "PRJ-A", rank=3, effective_date=late))
    models.catch_up()

    history = ledger.queries.history("PRJ-A")
    times = sorted({e.recorded_at + timedelta(microseconds=d) for e in history for d in (-1, 0)})
    days = sorted({e.effective_date + timedelta(days=d) for e in history for d in (-1, 0)})
    checked: list[tuple[datetime | None, date | None]] = [(t, None) for t in times]
    for as_of, on in checked + [(None, d) for d in days]:
        moment = Moment(as_of, on)
        assert looked_up(models, moment) == plainly(models, as_of, on), moment
        assert plainly(models, as_of, on) == as_it_stood(ledger, as_of, on), moment
    for as_of in times:
        check_diff(ledger, models, times[0], as_of)


def test_the_lookup_equals_a_plain_reading_on_the_demo(run: Cli) -> None:
    assert run("demo").exit_code == 0  # late records, corrections and annulments
    ledger, models = open_ledger(run.url)
    try:
        with models.reading() as session:
            rows = trail_queries.trail(session, models, TrailFilter())
        times = sorted({row["recorded_at"] for row in rows})
        days = sorted({row["effective_date"] for row in rows})
        checked = [(t, None) for t in times[::7]] + [(None, d) for d in days[::7]]
        checked += [(t, d) for t, d in zip(times[::11], reversed(days[::11]), strict=False)]
        rows = timeline_rows(models)
        for as_of, on in checked:
            moment = Moment(as_of, on)
            assert looked_up(models, moment) == plainly(models, as_of, on, rows), moment
    finally:
        ledger.close()


def the_effective_index(url: str) -> tuple[str, list[str]]:
    """The name and columns of the timeline's index in effective order."""
    engine = create_engine(normalise_url(url))
    try:
        indexes = inspect(engine).get_indexes("item_timeline")
    finally:
        engine.dispose()
    [effective] = [i for i in indexes if str(i["name"]).endswith("_effective")]
    return str(effective["name"]), [str(name) for name in effective["column_names"]]


def look_like_version_2(url: str) -> None:
    """The timeline as version 2 left it: tracked as ``@v2``, its index without the clock."""
    name, _ = the_effective_index(url)
    engine = create_engine(normalise_url(url))
    try:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "UPDATE portfolio_ledger_tracking SET application_name = 'item_timeline@v2' "
                    f"WHERE application_name = 'item_timeline@v{ItemTimeline.schema_version}'"
                )
            )
            connection.execute(text(f"DROP INDEX {name}"))
            connection.execute(
                text(
                    f"CREATE INDEX {name} "
                    "ON item_timeline (item_id, effective_from, decision_version)"
                )
            )
    finally:
        engine.dispose()


def portfolios(url: str) -> tuple[list[str], list[list[ItemState]]]:
    """What the read models were reset for on opening; the portfolio at moments of the demo."""
    ledger, models = open_ledger(url)
    try:
        models.catch_up()
        with models.reading() as session:
            times = sorted(
                {row["recorded_at"] for row in trail_queries.trail(session, models, TrailFilter())}
            )
            days = [utc_today() - timedelta(days=n) for n in (0, 90, 365)]
            wanted = [Moment(as_of=t) for t in times[::20]] + [Moment(effective_on=d) for d in days]
            wanted.append(Moment(times[len(times) // 2], days[1]))
            return models.reset, [queries.portfolio(session, models, m) for m in wanted]
    finally:
        ledger.close()


def test_a_timeline_of_version_2_is_rebuilt_with_the_clock_in_its_index(run: Cli) -> None:
    assert run("demo").exit_code == 0
    _, before = portfolios(run.url)
    look_like_version_2(run.url)

    reset, after = portfolios(run.url)

    assert reset == ["item_timeline (made by an earlier version of portfolio-ledger)"]
    assert after == before
    assert the_effective_index(run.url)[1] == [
        "item_id", "effective_from", "decision_version", "recorded_from", "recorded_to", "row_id"
    ]  # fmt: skip
