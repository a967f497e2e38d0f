"""``portfolio ranking``'s table: each item's rank, and the decision that set it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from portfolio_ledger.reports.tabular import Column, Table

RANKING = (
    Column("Rank", shown="screen"),
    Column("Rank", "int", shown="data"),
    Column("Tied", shown="data"),
    Column("Key"),
    Column("Title", wrap=30),
    Column("Stage", shown="data"),
    Column("Organisation", shown="data"),
    Column("Previous", shown="screen"),
    Column("Previous rank", "int", shown="data"),
    Column("Recorded previous rank", "int", shown="data"),
    Column("Set by", shown="screen"),
    Column("Decision", shown="data"),
    Column("Position", "int", shown="data"),
    Column("Effective", "date"),
    Column("Recorded (UTC)", "time", shown="data"),
    Column("Actor", wrap=20),
    Column("Role", shown="data"),
    Column("Authority", wrap=24),
    Column("Rationale", wrap=36),
    Column("Corrected", wrap=36),
)


def ranking_table(title: str, entries: Sequence[dict[str, Any]]) -> Table:
    """One row per item, in rank order: ties marked ``=``, unranked as a dash."""
    return Table(title, "Ranking", RANKING, [_row(entry) for entry in entries])


def _row(entry: dict[str, Any]) -> tuple[Any, ...]:
    rank, previous, recorded = (
        entry["rank"],
        entry["previous_rank"],
        entry["recorded_previous_rank"],
    )
    decision = entry["set_by"] or {}
    shown = "-" if rank is None else f"{rank}{'=' if entry['tied'] else ''}"
    position = decision.get("position")
    return (
        shown,
        rank,
        "yes" if entry["tied"] else "no",
        entry["key"],
        entry["title"],
        entry["stage"],
        entry["organisation"],
        "-" if rank is None else previous_text(previous, recorded),
        previous,
        recorded,
        "-" if position is None else f"{decision['event']} (pos {position})",
        decision.get("event"),
        position,
        decision.get("effective_date"),
        decision.get("recorded_at"),
        decision.get("actor"),
        decision.get("role"),
        decision.get("authority"),
        decision.get("rationale"),
        corrected_text(decision.get("corrected_by") or []),
    )


def previous_text(previous: int | None, recorded: int | None) -> str:
    """The rank before (``unranked`` if none); ``5 (as recorded: 2)`` if the decision said other."""
    said = "unranked" if previous is None else str(previous)
    if recorded == previous:
        return said
    return f"{said} (as recorded: {'unranked' if recorded is None else recorded})"


def corrected_text(corrections: Sequence[dict[str, Any]]) -> str | None:
    """Each correction of the decision: where, who, under what authority, what and why."""
    if not corrections:
        return None
    return "; ".join(
        f"pos {c['position']} by {c['actor']}"
        + (f" under {c['authority']}" if c["authority"] else "")
        + f": {c['summary']} ({c['rationale']})"
        for c in corrections
    )
