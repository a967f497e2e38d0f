"""A board pack's content, assembled from the ledger's read side as at a date.

:func:`board_pack` is the one function to call from Python: it asks the
same questions the command line's ``economics``, ``portfolio``, ``portfolio
diff``, ``audit trail``, ``authority list`` and ``audit digest`` ask, and
returns the answers as a :class:`~portfolio_ledger.reports.model.BoardPack`,
which the renderers (``reports.html``, ``reports.pdf``) draw.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from typing import Any, Protocol

from portfolio_ledger.application.control_views import ItemControlView
from portfolio_ledger.application.governance_views import BoardView, DelegationView
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.application.open_listing import DECLARED, RECOMMENDED, recorded
from portfolio_ledger.application.selection import (
    NO_MONEY,
    ItemFilter,
    Moment,
    TrailFilter,
    committed,
    uncounted,
)
from portfolio_ledger.audit.digest import digest_at
from portfolio_ledger.domain.board_packs import pack_period_problem
from portfolio_ledger.domain.errors import LedgerError, Malformed
from portfolio_ledger.reports import summary as s
from portfolio_ledger.reports.checks import Facts, days_on, find_exceptions, recommend
from portfolio_ledger.reports.decisions import pack_decisions
from portfolio_ledger.reports.model import (
    BoardPack,
    Charts,
    EnvelopePoint,
    Summary,
)
from portfolio_ledger.reports.rules import Rules, load_rules

CLOCKS = ("effective", "recorded")
DEFAULT_SINCE_DAYS = 90
READS = 5
"""Times a pack is read before it is refused, each time a decision came in while it was read."""
ENVELOPE_POINTS = 5
ENVELOPE_STEP = 91
"""The envelope chart's days: the pack's date and each quarter (91 days) back over a year."""


class PackSource(Protocol):
    """What the pack asks of the ledger (the CLI's ``ReadSide`` answers all of it)."""

    @property
    def ledger(self) -> PortfolioLedger:
        """The ledger (a read side may open it only when asked)."""

    def one_read(self, *, replaying: bool = False) -> AbstractContextManager[None]:
        """Every question asked within answered from one snapshot (``ReadAccess.one_read``)."""

    def portfolio(self, moment: Moment, where: ItemFilter | None = None) -> Sequence[Any]:
        """Items' states at the moment, as ``portfolio --json`` lists them."""

    def economics(self, moment: Moment, where: ItemFilter | None = None) -> dict[str, Any]:
        """Totals by every dimension and the envelope, as ``economics --json``."""

    def commitments(self, moment: Moment, where: ItemFilter | None = None) -> dict[str, Any]:
        """The envelope and open items' budget by currency, as ``economics`` commits it."""

    def diff(self, start: Moment, end: Moment) -> list[dict[str, Any]]:
        """What changed between two moments, as ``portfolio diff --json``."""

    def trail(self, where: TrailFilter) -> list[dict[str, Any]]:
        """The audit trail's matching rows, as ``audit trail --json``."""

    def delegations(self, moment: Moment) -> list[DelegationView]:
        """The delegations made by the moment, as ``authority list --json``."""

    def controls(self, keys: Sequence[str], moment: Moment) -> list[ItemControlView]:
        """These items' RAGs, escalations and breaches at the moment."""

    def last_reports(
        self, item_ids: Sequence[str], moment: Moment, count: int
    ) -> dict[str, tuple[str, ...]]:
        """These items' last status reports' overall RAGs at the moment, oldest first, by id."""

    def board(self, key: str, moment: Moment) -> BoardView:
        """A board as it stood at the moment, as ``board show --json``."""

    def boards(self, moment: Moment) -> list[BoardView]:
        """Every board constituted by the moment, as ``board list --json``."""


OPTION_NAMES = ("--as-at", "--since")
"""How the command line names a pack's day and the day its period starts after."""


@dataclass(frozen=True)
class PackOptions:
    """What a pack is of: the date, the clock, the period, the organisations, the rules."""

    as_at: date
    since: date | None = None
    """The last pack's day; None: the last pack recorded for the board (or any board) before
    ``as_at``, else ``DEFAULT_SINCE_DAYS`` before it (:func:`with_period`)."""
    board: str | None = None
    """The board the pack is for (its key); None: not named."""
    since_basis: str = "given"
    """Where ``since`` came from, in words, for the pack's opening line."""
    organisations: tuple[str, ...] = ()
    clock: str = "effective"
    rules: Rules = field(default_factory=load_rules)
    generated_at: datetime | None = None
    """Printed in one place; None (``--reproducible``) leaves it out."""
    last_recorded: datetime | None = None
    """When the pack for ``since`` was recorded, if one was: what was recorded after it and
    took effect by ``since`` was in no pack (:func:`with_period`)."""
    packs_from: date | None = None
    """The day the first recorded pack's period began after: what took effect by then was
    due in no pack, so none missed it (history loaded after a pack was recorded)."""

    def __post_init__(self) -> None:
        if self.clock not in CLOCKS:
            raise LedgerError(f"clock {self.clock!r}: a pack is on the effective or recorded clock")
        if self.since is not None and (
            problem := pack_period_problem(self.as_at, self.since, OPTION_NAMES)
        ):
            raise LedgerError(problem)

    @property
    def start(self) -> date:
        """The period's first day is the day after this one."""
        return self.since or days_on(self.as_at, -DEFAULT_SINCE_DAYS)

    def moment(self, day: date) -> Moment:
        """A day on the pack's clock: in effect by it, or recorded by its end (UTC)."""
        if self.clock == "recorded":
            return Moment(as_of=datetime.combine(day, time.max, tzinfo=UTC))
        return Moment(effective_on=day)

    @property
    def where(self) -> ItemFilter:
        """The items the pack covers."""
        return ItemFilter(organisations=self.organisations)


def with_period(source: PackSource, options: PackOptions) -> PackOptions:
    """The options with ``since`` settled: as given, else the previous pack's day, else 90 days.

    The previous pack is the latest one recorded (``report board-pack --record``)
    for the board, or for any board when none is named, whose day is before
    ``as_at``, as the record stands at the pack's moment on its clock.
    """
    if options.since is not None:
        if options.clock == "recorded":
            return options  # the period's own records are those recorded late
        moment = options.moment(options.as_at)
        boards = [source.board(options.board, moment)] if options.board else source.boards(moment)
        return _after_packs(options, boards, options.since)
    if options.as_at == date.min:  # typed wrong (exit 2), as --since not before --as-at is
        raise Malformed(
            "--as-at 0001-01-01 is the calendar's first day: a pack reports what changed "
            "since an earlier day, and there is none; give a later --as-at"
        )
    moment = options.moment(options.as_at)
    boards = [source.board(options.board, moment)] if options.board else source.boards(moment)
    earlier = [
        (pack.as_at, pack.tabled_on, board.key, pack.recorded_at)
        for board in boards
        for pack in board.packs
        if pack.as_at < options.as_at
    ]
    if not earlier:
        return replace(
            options,
            since=days_on(options.as_at, -DEFAULT_SINCE_DAYS),
            since_basis=(
                f"{DEFAULT_SINCE_DAYS} days before"
                if (options.as_at - date.min).days >= DEFAULT_SINCE_DAYS
                else "the calendar's first day"
            )
            + ": no earlier pack is recorded"
            + (f" for {options.board}" if options.board else ""),
        )
    as_at, tabled_on, key, _ = max(earlier)
    said = f"the day of the last pack put before {key}, tabled on {tabled_on.isoformat()}"
    return _after_packs(replace(options, since_basis=said), boards, as_at)


def _after_packs(options: PackOptions, boards: Sequence[BoardView], since: date) -> PackOptions:
    """``since`` with when its pack was recorded and where the recorded packs' periods begin.

    Those are what a decision recorded late is told by (``decisions.pack_decisions``):
    recorded after the pack for ``since``, in effect within a recorded pack's period.
    """
    packs = [pack for board in boards for pack in board.packs if pack.as_at <= since]
    last = [pack.recorded_at for pack in packs if pack.as_at == since]
    return replace(
        options,
        since=since,
        last_recorded=max(last, default=None),
        packs_from=min((pack.since for pack in packs), default=None),
    )


def board_pack(source: PackSource, options: PackOptions) -> BoardPack:
    """The board pack as at ``options.as_at``: every section, as data, read from one record.

    Its sections and its digest are read in one snapshot of the ledger and its
    read models (``one_read``), so a decision another process records meanwhile
    is in none of them, and a busy ledger is no reason to refuse the pack: before,
    each section was a read of its own, and a pack read again whenever a decision
    came in was refused under steady recording. Should the digest still move while
    the pack is read, it is read again, and after ``READS`` readings that each saw
    one come in, refused rather than made inconsistent. On the recorded clock a
    decision recorded after the pack's day cannot be in it, and does not move its
    digest (the chain as it stood then).
    """
    for _ in range(READS):
        with source.one_read(replaying=True):  # one snapshot: the sections and the digest
            before = _digest(source.ledger, options)
            pack = _read_once(source, options)
        if pack.digest == before:  # the digest is the pack's last read
            return pack
    raise LedgerError(
        f"decisions were recorded while the pack was read, each of the {READS} times it was "
        "read, so no pack was made (its figures, decisions and digest must come from one "
        "record); run it again when fewer decisions are being recorded"
    )


def _read_once(source: PackSource, options: PackOptions) -> BoardPack:
    options = with_period(source, options)
    moment = options.moment(options.as_at)
    economics = source.economics(moment, options.where)
    states = source.portfolio(moment, options.where)
    currency = s.main_currency(economics)
    facts = _facts(source, options, states)
    exceptions = find_exceptions(options.rules, facts)
    summary = _summary(source, options, economics, states)
    return BoardPack(
        title="Portfolio board pack",
        as_at=options.as_at,
        clock=options.clock,
        since=options.start,
        since_basis=options.since_basis,
        board=_board_label(source, options),
        organisations=list(options.organisations),
        summary=summary,
        charts=Charts(
            currency=currency,
            rag_by_organisation=s.rag_by_organisation(states, economics["totals"]),
            budget_by_category=s.budget_by_category(economics["totals"], currency),
            envelope_over_time=_envelope_over_time(source, options, economics, currency),
            cost_against_variance=s.cost_points(states, currency),
            cost_unbudgeted=s.unbudgeted(states, currency),
            other_currencies=s.other_currencies(states, currency),
        ),
        decisions=pack_decisions(source, options, summary.changes),
        exceptions=exceptions,
        recommendations=recommend(options.rules, exceptions),
        rules=options.rules.described(),
        digest=_digest(source.ledger, options),
        generated_at=options.generated_at,
    )


def _board_label(source: PackSource, options: PackOptions) -> str | None:
    if options.board is None:
        return None
    board = source.board(options.board, options.moment(options.as_at))
    return f"{board.name} ({board.key})"


def _every(
    source: PackSource, options: PackOptions, economics: dict[str, Any]
) -> list[dict[str, Any]] | None:
    """Every item's economics rows where the pack is of some items and there is an envelope.

    The envelope is the portfolio's, and so is its headroom (``summary.envelope_summary``).
    """
    if not options.where.by_column() or economics["envelope"] is None:
        return None
    every: list[dict[str, Any]] = source.economics(options.moment(options.as_at))["totals"]
    return every


def _summary(
    source: PackSource, options: PackOptions, economics: dict[str, Any], states: Sequence[Any]
) -> Summary:
    totals = economics["totals"]
    changes = s.changes(
        source.diff(options.moment(options.start), options.moment(options.as_at)),
        options.organisations,
    )
    return Summary(
        items=sum(c.items for c in s.counts(totals, "view")),
        by_view=s.counts(totals, "view"),
        by_stage=s.counts(totals, "stage"),
        by_organisation=s.money_rows(totals, "organisation"),
        by_category=s.money_rows(totals, "category"),
        rag=s.rag_counts(states),
        envelope=s.envelope_summary(economics, _every(source, options, economics)),
        committed=committed(totals),
        budgets_uncounted=uncounted(totals),
        joined=sum(1 for c in changes if c.change == "joined"),
        left=sum(1 for c in changes if c.change == "left"),
        changed=len({c.key for c in changes if c.change not in {"joined", "left"}}),
        changes=changes,
    )


def _facts(source: PackSource, options: PackOptions, states: Sequence[Any]) -> Facts:
    """What the rules need: only items that may hold what R1, R2, R5, R7 or R8 seek are replayed.

    An open escalation, a deferral, a corrective action or a dependency (the audit
    trail names the items one was recommended or declared on), and the items those
    depend on. R3 reads the red items' last status reports from the read models instead.
    """
    moment = options.moment(options.as_at)
    on = {rule_id for rule_id, rule in options.rules.rules.items() if rule.enabled}
    named = _named_in_trail(source, moment, on)
    wanted = [
        state["key"]
        for state in states
        if (state["open_escalations"] and on & {"R1", "R2"})
        or (state["stage"] == "deferred" and "R5" in on)
        or state["key"] in named
    ]
    persistent = options.rules["R3"]
    red = {
        state["item_id"]: state["key"]
        for state in states
        if "R3" in on and state["rag"] == "red" and state["stage"] in persistent.stages
    }
    count = max(persistent.threshold or 2, 1)
    reports = source.last_reports(list(red), moment, count) if red else {}
    controls = source.controls(wanted, moment) if wanted else []
    return Facts(
        as_at=options.as_at,
        states=states,
        controls=controls,
        delegations=source.delegations(moment),
        reports={red[item]: rags for item, rags in reports.items()},
        depended_on=_depended_on(source, moment, controls) if "R8" in on else {},
    )


def _named_in_trail(source: PackSource, moment: Moment, on: set[str]) -> set[str]:
    """The items the trail has a corrective action (R7) or a dependency (R8) recorded on."""
    kinds = [kind for rule, kind in (("R7", RECOMMENDED), ("R8", DECLARED)) if rule in on]
    return {row["subject"] for kind in kinds for row in source.trail(recorded(kind, moment.as_of))}


def _depended_on(
    source: PackSource, moment: Moment, controls: Sequence[ItemControlView]
) -> dict[str, ItemControlView]:
    """The items those replayed depend on, as they stood at the moment, by key."""
    known = {control.key: control for control in controls}
    keys = sorted({key for control in controls for key in control.dependencies} - set(known))
    found = {control.key: control for control in source.controls(keys, moment)} if keys else {}
    return known | found


def _envelope_over_time(
    source: PackSource, options: PackOptions, latest: dict[str, Any], currency: str
) -> list[EnvelopePoint]:
    """The envelope and commitments (in the pack's currency) each quarter back from the date."""
    points = []
    for back in range(ENVELOPE_POINTS - 1, -1, -1):
        day = days_on(options.as_at, -ENVELOPE_STEP * back)
        if back and days_on(options.as_at, -ENVELOPE_STEP * (back - 1)) == day:
            continue  # the calendar's first day, shown once
        if back == 0:
            envelope, used = (
                latest["envelope"],
                committed(latest["totals"]).get(currency, NO_MONEY),
            )
        else:
            then = source.commitments(options.moment(day), options.where)
            envelope, used = then["envelope"], then["committed"].get(currency, NO_MONEY)
        points.append(
            EnvelopePoint(
                on=day,
                envelope=envelope["amount"]
                if envelope and envelope["currency"] == currency
                else None,
                committed=used,
            )
        )
    return points


def _digest(ledger: PortfolioLedger, options: PackOptions) -> str:
    """On the recorded clock, the chain as it stood at the day's end; else as it stands."""
    moment = options.moment(options.as_at).as_of
    return digest_at(ledger, moment).line()
