"""A board may not authorise more than the board it escalates to, on any day.

A board's limits are a step function of the effective day: the limit it was
constituted with, then each limit set, from its effective date. A change of a
board's limits (constituting it, setting its limit, correcting or annulling
either, however late it is recorded) is admitted only if, on every day from
then on, the board's limit is within its parent's and at least that of every
board escalating to it, given all that is recorded of both (their later
changes included). A day on which the two boards' limits are what they were
before the change is not judged again: records made before the rule are left
as they are.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, NamedTuple

from portfolio_ledger.domain.boards import (
    AuthorityLimitSet,
    Board,
    BoardConstituted,
    describe_limit,
)
from portfolio_ledger.domain.decision import DecisionEvent
from portfolio_ledger.domain.errors import AuthorityExceeded
from portfolio_ledger.domain.money import Money, within_limit
from portfolio_ledger.domain.record_keeping import (
    DecisionCorrected,
    RecordKeeping,
)

Limits = tuple[tuple[date, Money | None], ...]
"""A board's limit from each day on (None: no limit), earliest first; none before it existed."""

RULE = "a board may not authorise more than the board above it, on any day"
_LIMITING = (BoardConstituted, AuthorityLimitSet)
_ABSENT = object()
"""The limit of a board on a day before it existed."""


class Breach(NamedTuple):
    """The first day a board would authorise more than its parent, and when that ends."""

    on: date
    under: Money | None
    above: Money | None
    ends: date | None
    """The first day from which neither board's limits break the rule again (None: never)."""


def limits_of(events: Iterable[DecisionEvent]) -> Limits:
    """The limits a board's decisions in effect (in effective order) give it."""
    steps: dict[date, Money | None] = {}
    for event in events:
        if isinstance(event, _LIMITING):
            steps[event.decision.effective_date] = event.limit  # the later on a day stands
    return tuple(sorted(steps.items(), key=lambda step: step[0]))


def changes_limits(board: Board, event: DecisionEvent) -> bool:
    """Whether ``event`` (new, or putting one right) may change ``board``'s limits."""
    if isinstance(event, DecisionCorrected) and event.words_only:
        return False
    if isinstance(event, RecordKeeping):
        return isinstance(board.decision(event.target), _LIMITING)
    return isinstance(event, _LIMITING)


def in_effect_with(aggregate: Any, event: DecisionEvent) -> list[DecisionEvent]:
    """The aggregate's decisions in effect, in effective order, had it taken ``event``."""
    standing: list[DecisionEvent] = aggregate.in_effect()
    if isinstance(event, RecordKeeping):
        rest = [e for e in standing if e.originator_version != event.target]
        if isinstance(event, DecisionCorrected):
            rest.append(event.correct(aggregate.corrected(event.target)))
        standing = rest
    else:
        standing = [*standing, event]
    return sorted(standing, key=lambda e: e.effective_key)


def first_breach(under: Limits, above: Limits, was: tuple[Limits, Limits]) -> Breach | None:
    """The first day ``under``'s limit is not within ``above``'s, and the day that ends.

    A day on which both limits are as they were before the change (``was``: the two
    boards' limits then, the same for the board not changed) is not judged again.
    """
    days = sorted({day for limits in (under, above, *was) for day, _ in limits})
    found: Breach | None = None
    for day in days:
        pair = (_on(under, day), _on(above, day))
        new = _breaks(*pair) and pair != (_on(was[0], day), _on(was[1], day))
        if found is None and new:
            found = Breach(day, pair[0], pair[1], None)  # type: ignore[arg-type]
        elif found is not None and found.ends is None and not _breaks(*pair):
            found = found._replace(ends=day)
        elif found is not None and new:
            found = found._replace(ends=None)
    return found


def check_limits_nest(
    board: Board,
    change: tuple[Limits, Limits],
    parent: tuple[Board, Limits] | None,
    under: Sequence[tuple[Board, Limits]],
    dated: bool = True,
) -> None:
    """Refuse ``change`` (``board``'s limits after, and before) if it breaks the rule on a day.

    ``parent``: the board ``board`` escalates to and its limits; ``under``: each board
    escalating to ``board``, with its limits. ``dated``: the change has a date that could
    be later (not an annulment).
    """
    limits, was = change
    if parent is not None:
        above, its = parent
        breach = first_breach(limits, its, (was, its))
        if breach is not None:
            raise AuthorityExceeded(_above_parent(board, above, breach, dated))
    for lower, its in under:
        breach = first_breach(its, limits, (its, was))
        if breach is not None:
            raise AuthorityExceeded(_below_subordinate(board, lower, breach, dated))


def _above_parent(board: Board, parent: Board, breach: Breach, dated: bool) -> str:
    on = breach.on.isoformat()
    apart = _apart(breach.under, breach.above)
    if apart is not None:  # no amount in another currency is within, however small
        under, above = apart
        return (
            f"{board.label()} would have {under} as its limit on {on}, in another currency "
            f"than the limit of {parent.label()}, which it escalates to ({above} on {on}): "
            f"{_unconverted(under, above)}; {RULE}. Give {board.key} a limit in "
            f"{above.currency} of at most {above}{_later(breach, dated)}"
        )
    return (
        f"{board.label()} would have {describe_limit(breach.under)} as its limit on {on}, above "
        f"the limit of {parent.label()}, which it escalates to ({describe_limit(breach.above)} "
        f"on {on}); {RULE}. Give {board.key} a limit of at most {breach.above}, or raise "
        f"{parent.key}'s limit first ('portfolio-ledger board set-limit {parent.key}', "
        f"effective {on}){_later(breach, dated)}"
    )


def _below_subordinate(board: Board, lower: Board, breach: Breach, dated: bool) -> str:
    on = breach.on.isoformat()
    apart = _apart(breach.under, breach.above)
    if apart is not None:  # no amount in another currency is within, however large
        under, above = apart
        return (
            f"{board.label()} would have {above} as its limit on {on}, in another currency "
            f"than the limit of {lower.label()}, which escalates to it ({under} on {on}): "
            f"{_unconverted(under, above)}; {RULE}. Give {board.key} a limit in "
            f"{under.currency} of at least {under}{_later(breach, dated)}"
        )
    return (
        f"{board.label()} would have {describe_limit(breach.above)} as its limit on {on}, below "
        f"the limit of {lower.label()}, which escalates to it ({describe_limit(breach.under)} "
        f"on {on}); {RULE}. Lower {lower.key}'s limit first ('portfolio-ledger board set-limit "
        f"{lower.key}', effective {on}), or give {board.key} a limit of at least "
        f"{describe_limit(breach.under)}{_later(breach, dated)}"
    )


def _apart(under: Money | None, above: Money | None) -> tuple[Money, Money] | None:
    """The two limits where both are amounts in different currencies; else None."""
    if under is None or above is None or under.currency == above.currency:
        return None
    return under, above


def _unconverted(under: Money, above: Money) -> str:
    return (
        f"the ledger does not convert currencies, so no amount in {under.currency} is "
        f"within a limit in {above.currency}"
    )


def _later(breach: Breach, dated: bool) -> str:
    if not dated or breach.ends is None:
        return ""
    return f"; or, if the change took effect later, date it {breach.ends.isoformat()} or later"


def _on(limits: Limits, day: date) -> object:
    """The limit on ``day`` (``_ABSENT`` before the first)."""
    at = bisect_right(limits, day, key=lambda step: step[0])
    return limits[at - 1][1] if at else _ABSENT


def _breaks(under: object, above: object) -> bool:
    """Whether a board with limit ``under`` may authorise more than one with ``above``."""
    if under is _ABSENT or above is _ABSENT or above is None:
        return False
    return under is None or not within_limit(above, under)  # type: ignore[arg-type]
