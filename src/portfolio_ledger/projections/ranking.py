"""The priority ranking at a moment, and why each item sits where it does.

Read from the read models as they are: each item's state at the moment
(``queries.portfolio``), the reprioritisations the moment sees in
``item_timeline`` (the last set the rank, the one before it the previous
rank), and who decided it, when, on what authority and why from
``audit_trail``, with any correction of it recorded by the moment.

A rank is the portfolio's: whether it is shared (a tie) is decided over
every open item at the moment (``queries.shared_ranks``), then the filters
and the page choose what is shown. The previous rank is the one that stood
on the effective clock just before the decision, as the ledger knows it at
the moment (a decision recorded late before it, or a correction of the one
before it, counts); the decision's own record keeps the rank it saw when it
was recorded, given beside it (``recorded_previous_rank``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from portfolio_ledger.domain.lifecycle import OPEN_VIEWS
from portfolio_ledger.projections.bitemporal import at_moment
from portfolio_ledger.projections.fetching import fetch_dicts
from portfolio_ledger.projections.queries import portfolio, shared_ranks

if TYPE_CHECKING:
    from portfolio_ledger.application.selection import ItemFilter, Moment
    from portfolio_ledger.projections.read_models import Reading, ReadModelTables
    from portfolio_ledger.projections.state import ItemState

RANK_SET_BY = "reprioritised"
"""The label of the one decision that sets an item's rank (``ItemReprioritised.label``;
named here so a read does not load the event classes and the library under them)."""
PER_QUERY = 500
"""Items, or positions, looked up in one query: well under SQLite's cap on parameters."""
DECISION = (
    "position", "recorded_at", "event", "actor", "role", "authority", "rationale", "summary",
)  # fmt: skip
CORRECTION = ("position", "recorded_at", "actor", "role", "authority", "rationale", "summary")


def ranking(
    session: Reading, models: ReadModelTables, moment: Moment, where: ItemFilter
) -> list[dict[str, Any]]:
    """The items in rank order (unranked last), each with the decision that set its rank."""
    items = portfolio(session, models, moment, where)
    ranked = [item for item in items if item["priority_rank"] is not None]
    settings = _settings(session, models, [item["item_id"] for item in ranked], moment)
    decisions = _decisions(session, models, ranked, settings)
    corrections = _corrections(session, models, [d["position"] for d in decisions.values()], moment)
    shared = shared_ranks(session, models, moment) if ranked else set()
    return [_entry(item, settings, decisions, corrections, shared) for item in items]


def _entry(
    item: ItemState,
    settings: dict[str, tuple[Any, int | None]],
    decisions: dict[str, dict[str, Any]],
    corrections: dict[int, list[dict[str, Any]]],
    shared: set[int],
) -> dict[str, Any]:
    """One item's line: its rank, whether tied, the previous rank and the decision's why."""
    rank = item["priority_rank"]
    setting = settings.get(item["item_id"])
    previous = recorded = None if setting is None else setting[1]
    decision = decisions.get(item["item_id"])
    if decision is not None and setting is not None:
        said = {name: value for name, value in decision.items() if name != "summary"}
        recorded = recorded_previous(decision["summary"], previous)
        decision = {
            **said,
            "effective_date": setting[0][1],
            "corrected_by": corrections.get(decision["position"], []),
        }
    return {
        "rank": rank,
        "tied": rank is not None and item["view"] in OPEN_VIEWS and rank in shared,
        "key": item["key"],
        "title": item["title"],
        "organisation": item["organisation"],
        "stage": item["stage"],
        "previous_rank": previous,
        "recorded_previous_rank": recorded,
        "set_by": decision,
    }


_SUMMARY = re.compile(r"rank (unranked|\d+) -> \d+")
"""A reprioritisation's summary in the trail (``ItemReprioritised.describe``): rank 7 -> 3."""


def recorded_previous(summary: str, otherwise: int | None) -> int | None:
    """The previous rank a reprioritisation recorded, read from its summary in the trail.

    The trail keeps no field of it but the summary the event describes itself
    with; ``otherwise`` (the previous rank as the ledger knows it) if it is not
    worded so.
    """
    found = _SUMMARY.fullmatch(summary)
    if found is None:
        return otherwise
    said = found.group(1)
    return None if said == "unranked" else int(said)


def _settings(
    session: Reading, models: ReadModelTables, item_ids: Sequence[str], moment: Moment
) -> dict[str, tuple[Any, int | None]]:
    """Each item's last reprioritisation the moment sees: its version, effective day, prior rank.

    Keyed by item id: ``(version, effective_from)`` of the decision that set the
    rank now shown, and the rank before it (the one the decision before set, or None).
    """
    table = models.item_timeline.table
    found: dict[str, list[tuple[int, Any, int | None]]] = {}
    for start in range(0, len(item_ids), PER_QUERY):
        query = (
            select(
                table.c.item_id,
                table.c.decision_version,
                table.c.effective_from,
                table.c.priority_rank,
            )
            .where(
                table.c.item_id.in_(item_ids[start : start + PER_QUERY]),
                table.c.last_decision == RANK_SET_BY,
                *at_moment(table, as_of=moment.as_of, effective_on=moment.effective_on),
            )
            .order_by(table.c.item_id, table.c.effective_from, table.c.decision_version)
        )
        for item_id, version, effective, rank in session.execute(query):
            found.setdefault(item_id, []).append((version, effective, rank))
    return {
        item_id: ((rows[-1][0], rows[-1][1]), rows[-2][2] if len(rows) > 1 else None)
        for item_id, rows in found.items()
    }


def _decisions(
    session: Reading,
    models: ReadModelTables,
    ranked: Sequence[ItemState],
    settings: dict[str, tuple[Any, int | None]],
) -> dict[str, dict[str, Any]]:
    """The audit trail's row of each item's rank decision, keyed by item id."""
    table = models.audit_trail.table
    wanted = {
        (item["key"], settings[item["item_id"]][0][0]): item["item_id"]
        for item in ranked
        if item["item_id"] in settings
    }
    keys = sorted({key for key, _ in wanted})
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(keys), PER_QUERY):
        query = select(table.c.subject, table.c.version, *[table.c[n] for n in DECISION]).where(
            table.c.subject.in_(keys[start : start + PER_QUERY]),
            table.c.subject_kind == "item",
            table.c.event == RANK_SET_BY,
        )
        for row in fetch_dicts(session, query):
            item_id = wanted.get((row.pop("subject"), row.pop("version")))
            if item_id is not None:
                found[item_id] = row
    return found


def _corrections(
    session: Reading, models: ReadModelTables, positions: Sequence[int], moment: Moment
) -> dict[int, list[dict[str, Any]]]:
    """The corrections of these decisions recorded by the moment, by position corrected."""
    table = models.audit_trail.table
    found: dict[int, list[dict[str, Any]]] = {}
    for start in range(0, len(positions), PER_QUERY):
        query = (
            select(table.c.corrects, *[table.c[n] for n in CORRECTION])
            .where(table.c.corrects.in_(positions[start : start + PER_QUERY]))
            .order_by(table.c.position)
        )
        if moment.as_of is not None:
            query = query.where(table.c.recorded_at <= moment.as_of)
        for row in fetch_dicts(session, query):
            found.setdefault(row.pop("corrects"), []).append(row)
    return found
