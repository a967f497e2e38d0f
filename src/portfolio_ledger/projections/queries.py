"""Questions for the read models: the portfolio now or then, one item, money, diffs, the trail."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Table, case, func, nulls_last, select, true
from sqlalchemy.sql import ColumnElement, FromClause, Select

from portfolio_ledger.application.selection import ItemFilter, Moment, group_order, held_value
from portfolio_ledger.domain.caseless import caseless_order
from portfolio_ledger.domain.change_words import names_in_words
from portfolio_ledger.domain.lifecycle import OPEN_VIEWS, Stage
from portfolio_ledger.projections.by_objective import OBJECTIVE, each_objective
from portfolio_ledger.projections.columns import money_sum
from portfolio_ledger.projections.economics import (
    envelope_at,
    in_order,
    none_unless_known,
    rows_to_totals,
    totals_from,
)
from portfolio_ledger.projections.fetching import fetch_dicts
from portfolio_ledger.projections.filtering import FILTERABLE, filtered
from portfolio_ledger.projections.item_texts import fetch_texts
from portfolio_ledger.projections.item_timeline import last_reports as last_reports_at
from portfolio_ledger.projections.item_timeline import states_at
from portfolio_ledger.projections.left_from import stages_left_from
from portfolio_ledger.projections.one_spelling import one_row_per_name
from portfolio_ledger.projections.state import FIGURES, STATE_COLUMNS, ItemState
from portfolio_ledger.storage.ordering import in_code_order

if TYPE_CHECKING:
    from portfolio_ledger.projections.read_models import Reading, ReadModelTables

DIFF_FIELDS = (
    "stage",
    "title",
    "organisation",
    "category",
    "owner",
    "sponsor",
    "objectives",
    "whole_life_cost",
    "authorised_budget",
    "forecast_cost",
    "forecast_date",
    "priority_rank",
    "rag",
)
"""The fields ``portfolio diff`` compares (a figure's change of status counts too).

Every field a return or a decision changes that a board reads: a forecast
completion slipping, or a new senior responsible owner, is a change as a
forecast cost or a new title is."""
DIFF_COLUMNS = tuple(
    dict.fromkeys(
        (
            "item_id",
            "key",
            "title",
            "organisation",
            "currency",
            "stage",
            "left_reason",
            *DIFF_FIELDS,
            *(f"{name}_status" for name in DIFF_FIELDS if name in FIGURES),
        )
    )
)
"""What a diff reads of each state: the fields compared and what a change shows."""
IDS_PER_QUERY = 500
"""Items named in one query's IN list (within every database's limit on bound values)."""


def _states(models: ReadModelTables, moment: Moment) -> Any:
    """The items' states at the moment, as a FROM clause: the current table, or the timeline."""
    if moment.is_now:
        return models.portfolio_items.table
    return states_at(
        models.item_timeline.table, as_of=moment.as_of, effective_on=moment.effective_on
    ).subquery("at")


def portfolio(
    session: Reading, models: ReadModelTables, moment: Moment, where: ItemFilter | None = None
) -> list[ItemState]:
    """Items in priority order (unranked last, then by key), now or at a moment, filtered."""
    states = _states(models, moment)
    query = filtered(
        session,
        select(*[states.c[name] for name in STATE_COLUMNS]),
        states,
        where or ItemFilter(),
        models.held_values.table,
    )
    query = query.order_by(nulls_last(states.c.priority_rank.asc()), in_code_order(states.c.key))
    return fetch_dicts(session, query)  # type: ignore[return-value]  # the state's columns


def shared_ranks(session: Reading, models: ReadModelTables, moment: Moment) -> set[int]:
    """The ranks two or more open items (pipeline and catalogue) hold at the moment.

    A rank is the portfolio's, not a listing's: whether one is shared does not
    depend on the items a listing's filters or page show. Retired, closed and
    left items have no priority (they keep the rank they last had): they share none.
    """
    states = _states(models, moment)
    query = (
        select(states.c.priority_rank)
        .where(states.c.view.in_(OPEN_VIEWS), states.c.priority_rank.is_not(None))
        .group_by(states.c.priority_rank)
        .having(func.count() > 1)
    )
    return set(session.execute(query).scalars())


def listed(
    session: Reading, models: ReadModelTables, where: ItemFilter | None = None
) -> list[bytes]:
    """The items now, in :func:`portfolio`'s order and filtered alike: each one's listed text.

    The text of its object in ``portfolio --json`` (``item_texts.py``), kept
    when its row was written, as UTF-8: nothing is converted here.
    """
    return fetch_texts(session, listed_query(session, models, where or ItemFilter()))


def listed_query(
    session: Reading, models: ReadModelTables, where: ItemFilter | None = None
) -> Select[Any]:
    """:func:`listed`'s query: the texts, filtered by their items' columns, in order."""
    items, texts = models.portfolio_items.table, models.portfolio_items.listed
    query = select(texts.c.listed)
    if where is not None and where.by_column():
        joined = query.join_from(texts, items, texts.c.item_id == items.c.item_id)
        query = filtered(session, joined, items, where, models.held_values.table)
    # :func:`portfolio`'s order (unranked last), as the texts' own index has it: no sort
    # (``portfolio_items.py``). Keys by code point everywhere (``storage/ordering.py``).
    unranked = texts.c.priority_rank.is_(None)
    return query.order_by(
        unranked, texts.c.priority_rank, in_code_order(texts.c.key), texts.c.item_id
    )


def shown(session: Reading, models: ReadModelTables, item_ids: Sequence[str]) -> list[str]:
    """These items' ``item show`` records now, as JSON, in the order given; none for no item."""
    texts, ids = models.portfolio_items.shown, list(dict.fromkeys(item_ids))
    found: dict[str, str] = {}
    for start in range(0, len(ids), IDS_PER_QUERY):
        some = texts.c.item_id.in_(ids[start : start + IDS_PER_QUERY])
        rows = session.execute(select(texts.c.item_id, texts.c.shown).where(some))
        found.update((item, text) for item, text in rows)  # a result has keys(): no mapping
    return [found[i] for i in ids if i in found]


def last_reports(
    session: Reading,
    models: ReadModelTables,
    item_ids: Sequence[str],
    moment: Moment,
    count: int,
) -> dict[str, tuple[str, ...]]:
    """Each item's last ``count`` status reports' overall RAGs at the moment, oldest first.

    Keyed by item id; items with no status report then are absent.
    """
    found: dict[str, list[tuple[int, str]]] = {}
    ids = list(dict.fromkeys(item_ids))
    for start in range(0, len(ids), IDS_PER_QUERY):
        query = last_reports_at(
            models.item_timeline.table,
            ids[start : start + IDS_PER_QUERY],
            count,
            as_of=moment.as_of,
            effective_on=moment.effective_on,
        )
        for item, rag, latest in session.execute(query):
            found.setdefault(item, []).append((latest, rag))
    return {
        item: tuple(rag for _, rag in sorted(ranks, reverse=True)) for item, ranks in found.items()
    }


def values(session: Reading, models: ReadModelTables, column: str) -> list[str]:
    """The values a filterable column holds now (organisations, categories, ...), in order.

    In the order groups of them are shown (``group_order``); a RAG of none as
    ``--rag`` names it, ``not reported`` (``held_value``).
    """
    if column not in FILTERABLE:
        raise ValueError(f"{column} is not a filterable column")
    table = models.portfolio_items.table
    rows = session.execute(select(table.c[column]).distinct())
    held = {value for row in rows if (value := held_value(column, row[0])) is not None}
    return sorted(held, key=lambda value: group_order(column, value))


def item_span(session: Reading, models: ReadModelTables) -> tuple[datetime | None, date | None]:
    """When the first item decision was recorded, and the earliest day any takes effect now.

    The earliest day is that of the states the ledger holds now (after
    corrections and annulments), the ones ``--effective-on`` reads; the
    trail's effective dates are those the decisions were recorded with.
    """
    trail = models.audit_trail.table
    first = select(func.min(trail.c.recorded_at)).where(trail.c.subject_kind == "item")
    timeline = models.item_timeline.table
    earliest = select(func.min(timeline.c.effective_from)).where(timeline.c.recorded_to.is_(None))
    row = session.execute(select(first.scalar_subquery(), earliest.scalar_subquery())).one()
    return row[0], row[1]  # min() keeps its column's type: aware UTC times, dates


def organisation_counts(session: Reading, models: ReadModelTables) -> dict[str, tuple[int, int]]:
    """Per organisation items name now: how many items, and how many are open."""
    table = models.portfolio_items.table
    open_ = func.sum(case((table.c.view.in_(OPEN_VIEWS), 1), else_=0))
    query = (
        select(table.c.organisation, func.count(), open_)
        .where(table.c.organisation.is_not(None))
        .group_by(table.c.organisation)
    )
    return {row[0]: (int(row[1]), int(row[2] or 0)) for row in session.execute(query)}


"""The views of items still in the portfolio's care."""


def item_at(
    session: Reading, models: ReadModelTables, item_id: str, moment: Moment
) -> ItemState | None:
    """One item's state at a moment, from ``item_timeline``."""
    table: Table = models.item_timeline.table
    states = states_at(
        table, as_of=moment.as_of, effective_on=moment.effective_on, item_id=item_id
    ).subquery("at")
    row = session.execute(select(*[states.c[name] for name in STATE_COLUMNS])).first()
    return None if row is None else ItemState(**row._mapping)  # type: ignore[typeddict-item]


def economics(
    session: Reading, models: ReadModelTables, moment: Moment, where: ItemFilter | None = None
) -> dict[str, Any]:
    """Totals by every dimension, and the envelope: now, or at a moment; of some items."""
    where = where or ItemFilter()
    if moment.is_now and not where.by_column():
        rows: Select[Any] = select(models.economics.table)
    else:
        states = _states(models, moment)
        rows = totals_from(
            filtered(session, select(states), states, where, models.held_values.table),
            _dialect(session),
        )
    totals = rows_to_totals(session.execute(rows))
    totals = in_order(
        one_row_per_name(totals, lambda name, held: first_spelling(session, models, name, held))
    )
    totals = none_unless_known(totals)
    return {"totals": totals, "envelope": _envelope(session, models, moment)}


def _dialect(session: Reading) -> str:
    """The database's dialect name (``sqlite``, ``postgresql``)."""
    connection = session if isinstance(session, Connection) else session.connection()
    return connection.dialect.name


def first_spelling(
    session: Reading, models: ReadModelTables, name: str, spellings: Sequence[str]
) -> str:
    """Of an item column's spellings of one name, the one an item state held first."""
    table: Table = models.item_timeline.table
    column: ColumnElement[Any]
    states: FromClause
    if name == OBJECTIVE:  # a state's objectives are a list: each one of them
        each = each_objective(table, _dialect(session))
        column, states = each.c.value, table.join(each, true())
    else:
        column, states = table.c[name], table
    query = select(column, func.min(table.c.position)).select_from(states)
    query = query.where(column.in_(spellings)).group_by(column)
    held = dict(session.execute(query).tuples().all())
    return min(
        spellings,
        key=lambda spelling: (
            held.get(spelling) is None,
            held.get(spelling),
            caseless_order(spelling),
        ),
    )


def commitments(
    session: Reading, models: ReadModelTables, moment: Moment, where: ItemFilter | None = None
) -> dict[str, Any]:
    """The envelope, and open items' authorised budget by currency: ``economics``'s committed.

    One total instead of economics' six breakdowns, for charts of it over time.
    """
    states = _states(models, moment)
    query = filtered(
        session,
        select(states.c.currency, func.coalesce(money_sum(states.c.authorised_budget), 0))
        .where(states.c.view.in_(OPEN_VIEWS))
        .group_by(states.c.currency),
        states,
        where or ItemFilter(),
        models.held_values.table,
    )
    committed = {row[0]: Decimal(row[1]) for row in session.execute(query)}
    return {"committed": committed, "envelope": _envelope(session, models, moment)}


def _envelope(session: Reading, models: ReadModelTables, moment: Moment) -> dict[str, Any] | None:
    """The portfolio envelope at a moment (amount and currency); None where none is set."""
    envelope = session.execute(
        envelope_at(
            models.economics.envelopes, as_of=moment.as_of, effective_on=moment.effective_on
        )
    ).first()
    return None if envelope is None else {"amount": envelope.amount, "currency": envelope.currency}


def diff(
    session: Reading, models: ReadModelTables, start: Moment, end: Moment
) -> list[dict[str, Any]]:
    """What changed between two moments, item by item: joined, left, or which fields moved.

    An item that joined the ledger between the two is ``joined``; one that
    left the portfolio (its stage became ``left``) is ``left``, from the stage it
    left (``left_from``), and one that did both is both; for the
    rest, each field of :data:`DIFF_FIELDS` whose value (or, for a figure,
    whose status: known, withheld, not known) differs.
    """
    before = {s["item_id"]: s for s in _diff_states(session, models, start, ordered=False)}
    left_from = stages_left_from(session, models.item_timeline.table, end)
    changes = []
    for state in _diff_states(session, models, end, ordered=True):
        old, gone = before.get(state["item_id"]), state["stage"] == Stage.LEFT.value
        if old is None:
            changes.append(_change(state, "joined", None, state["stage"]))
        if gone and (old is None or old["stage"] != Stage.LEFT.value):  # from the stage it left
            left = _change(state, "left", left_from.get(state["item_id"]), state["left_reason"])
            changes.append(left)
        elif old is not None:
            changes.extend(_field_changes(old, state))
    return changes


def _diff_states(
    session: Reading, models: ReadModelTables, moment: Moment, *, ordered: bool
) -> list[ItemState]:
    """The columns a diff compares or shows, of every item at the moment (in portfolio order)."""
    states = _states(models, moment)
    query = select(*[states.c[name] for name in DIFF_COLUMNS])
    if ordered:
        query = query.order_by(
            nulls_last(states.c.priority_rank.asc()), in_code_order(states.c.key)
        )
    return fetch_dicts(session, query)  # type: ignore[return-value]  # the state's columns


_COMPARED = tuple((name, f"{name}_status" if name in FIGURES else None) for name in DIFF_FIELDS)
"""Each compared field, and the status column that stands in for a figure's missing value."""


def _field_changes(old: ItemState, new: ItemState) -> list[dict[str, Any]]:
    changes = []
    was: dict[str, Any] = old  # type: ignore[assignment]  # read by computed names
    now: dict[str, Any] = new  # type: ignore[assignment]  # likewise
    for name, status in _COMPARED:
        before, after = was[name], now[name]
        if before == after and (status is None or was[status] == now[status]):
            continue
        if status is not None:
            before = before if before is not None else was[status]
            after = after if after is not None else now[status]
            if before == after:
                continue
        if name == "objectives":  # in words, as the trail says an amendment's
            before, after = names_in_words(before), names_in_words(after)
        changes.append(_change(new, name, before, after))
    return changes


def _change(state: ItemState, what: str, before: Any, after: Any) -> dict[str, Any]:
    return {
        "key": state["key"],
        "title": state["title"],
        "organisation": state["organisation"],
        "currency": state["currency"],
        "change": what,
        "before": before,
        "after": after,
    }
