"""The decisions a pack lists: those in its period, flagged with what put them right.

An organisation's pack (``--organisation``) reads the trail by the items'
organisations just after each decision, so a transfer out of the organisation
is another's; it is added from the pack's changes, which name it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from portfolio_ledger.application.selection import ItemFilter, TrailFilter
from portfolio_ledger.domain.authority import authority_words
from portfolio_ledger.domain.caseless import fold
from portfolio_ledger.reports.authority_judged import (
    LaterGovernance,
    Owners,
    amended_or_corrected,
    with_authority_judged,
)
from portfolio_ledger.reports.model import Change, DecisionEntry
from portfolio_ledger.reports.summary import wanted_organisations

if TYPE_CHECKING:
    from portfolio_ledger.domain.decision import DecisionEvent
    from portfolio_ledger.reports.assemble import PackOptions, PackSource


def pack_decisions(
    source: PackSource, options: PackOptions, changes: Sequence[Change]
) -> list[DecisionEntry]:
    """The period's decisions, an organisation's transfers out of it among them.

    On the effective clock, also those recorded after the last pack was
    (the pack for ``since``, if one was recorded) that took effect by its day:
    minutes recorded late, placed by their effective date in the last pack's
    period, made before they were recorded, and so in no pack. They are
    flagged ``recorded late``.
    """
    late = _recorded_late(source, options)
    # one row a position: a transfer back into the organisation is in both lists
    rows = {
        r["position"]: r
        for r in [*source.trail(period(options)), *_moved_out(source, options, changes), *late]
    }
    listed = decisions(
        [rows[p] for p in sorted(rows)],
        put_right_since(source, options),
        late={row["position"] for row in late},
        as_corrected=source.ledger.queries.as_corrected,
    )
    if options.clock == "recorded":  # what was recorded after the pack's day is not known then
        return listed
    audit = source.ledger.queries.authority_audit
    later = LaterGovernance(source, listed)
    owners = Owners(source)
    findable = amended_or_corrected(source)
    return with_authority_judged(listed, rows, audit, later, findable, owners=owners)


def _recorded_late(source: PackSource, options: PackOptions) -> list[dict[str, Any]]:
    """On the effective clock, those recorded after the last pack that took effect by its day."""
    if options.clock == "recorded" or options.last_recorded is None or not options.packs_from:
        return []
    after = TrailFilter(
        start=options.last_recorded + timedelta(microseconds=1),  # not the last pack's record
        clock="recorded",  # up to now: the pack on the effective clock is the record as known now
        items=options.where,
    )
    first, due = options.start + timedelta(days=1), options.packs_from
    # Before the first recorded pack's period began, a decision was due in no pack: history
    # loaded after a pack was recorded did not miss one.
    return [row for row in source.trail(after) if due < row["effective_date"] < first]


def _moved_out(
    source: PackSource, options: PackOptions, changes: Sequence[Change]
) -> list[dict[str, Any]]:
    """The transfers in the period of the items that moved out of the pack's organisations."""
    wanted = wanted_organisations(options.organisations)
    if not wanted:
        return []
    # changes of an item now elsewhere are in the pack only because it moved out
    keys = {
        c.key
        for c in changes
        if c.change == "organisation" and fold(c.organisation or "") not in wanted
    }
    return [
        row
        for key in sorted(keys)
        for row in source.trail(
            replace(period(options), subject=key, event_type="transferred", items=ItemFilter())
        )
    ]


def period(options: PackOptions) -> TrailFilter:
    """The trail's rows after ``since`` up to the pack's date, on the pack's clock."""
    first, last = options.start + timedelta(days=1), options.as_at
    if options.clock == "recorded":
        return TrailFilter(
            start=datetime.combine(first, time.min, tzinfo=UTC),
            end=datetime.combine(last, time.max, tzinfo=UTC),
            clock="recorded",
            items=options.where,
        )
    return TrailFilter(start=first, end=last, clock="effective", items=options.where)


def put_right_since(source: PackSource, options: PackOptions) -> list[dict[str, Any]]:
    """On the effective clock, every correction and annulment the ledger knows now.

    The pack is the record as known now: a decision in the period put right
    later (a correction takes effect on the day it is decided, after the
    period) is flagged too. On the recorded clock, what was recorded after the
    pack's day is not known then: only the period's own rows flag.
    """
    if options.clock == "recorded":
        return []
    return [
        row
        for kind in ("corrected", "annulled")
        for row in source.trail(TrailFilter(event_type=kind, clock="effective"))
    ]


def decisions(
    rows: Sequence[Mapping[str, Any]],
    put_right: Sequence[Mapping[str, Any]] = (),
    late: Collection[int] = (),
    as_corrected: Callable[[int, Sequence[int]], DecisionEvent] | None = None,
) -> list[DecisionEntry]:
    """The trail's decisions (those under an authority, and corrections and annulments).

    Each is flagged with what it puts right, or what put it right: in the
    period, or any of ``put_right`` (the corrections and annulments known),
    every correction counted; and those at the positions ``late`` as recorded
    late. ``as_corrected`` says a corrected decision as its corrections leave it.
    """
    chosen = [r for r in rows if r["authority"] or r["corrects"] or r["annuls"]]
    corrections: dict[int, list[int]] = {}
    annulled: dict[int, int] = {}
    known = {r["position"]: r for r in [*put_right, *chosen]}
    for row in (known[p] for p in sorted(known)):
        if row["corrects"]:
            corrections.setdefault(row["corrects"], []).append(row["position"])
        if row["annuls"]:
            annulled[row["annuls"]] = row["position"]
    return [
        _entry(
            row,
            corrections.get(row["position"], []),
            annulled.get(row["position"]),
            late,
            as_corrected,
        )
        for row in chosen
    ]


def _entry(
    row: Mapping[str, Any],
    corrections: Sequence[int],
    annulment: int | None,
    late: Collection[int],
    as_corrected: Callable[[int, Sequence[int]], DecisionEvent] | None,
) -> DecisionEntry:
    """One decision of the pack, with the fact, count and places of what put it right."""
    stands = (
        _as_it_stands(as_corrected(row["position"], corrections), str(row["effective_date"]))
        if corrections and annulment is None and as_corrected is not None
        else None
    )
    return DecisionEntry(
        position=row["position"],
        effective_date=row["effective_date"],
        recorded_at=row["recorded_at"],
        subject=row["subject"],
        event=row["event"],
        summary=row["summary"],
        actor=row["actor"],
        role=row["role"],
        authority=(
            authority_words(row["authority"], row.get("authority_detail"))
            if row["authority"]
            else row["authority"]
        ),
        rationale=row["rationale"],
        flag=_flag(row, _put_right(corrections, annulment), late),
        corrected_by=list(corrections),
        annulled_by=annulment,
        as_it_stands=stands,
        read_at=f"audit trail --item {row['subject']}" if corrections or annulment else None,
    )


def _as_it_stands(corrected: DecisionEvent, recorded_on: str) -> str:
    """What the corrected decision did, and, if a correction moved it, the day it now takes effect.

    The row stands on the day it was recorded with (as in 'audit trail'): a board reading
    a moved decision's row sees its new day here, not only that it was corrected.
    """
    said = corrected.describe()
    day = corrected.decision.effective_date.isoformat()
    return said if day == recorded_on else f"{said}, effective {day}"


def _put_right(corrections: Sequence[int], annulment: int | None) -> str | None:
    """``annulled by #N``; ``corrected by #N``, or ``corrected 2 times, by #N, #M``."""
    if annulment is not None:
        return f"annulled by #{annulment}"
    if len(corrections) == 1:
        return f"corrected by #{corrections[0]}"
    if corrections:
        return f"corrected {len(corrections)} times, by " + ", ".join(f"#{p}" for p in corrections)
    return None


def _flag(row: Mapping[str, Any], later: str | None, late: Collection[int]) -> str | None:
    """What a decision puts right or what put it right; and if it was recorded late, so."""
    said = [
        (f"corrects #{row['corrects']}" if row["corrects"] else None)
        or (f"annuls #{row['annuls']}" if row["annuls"] else None)
        or later,
        f"recorded late, on {row['recorded_at']:%Y-%m-%d}" if row["position"] in late else None,
    ]
    return "; ".join(flag for flag in said if flag) or None
