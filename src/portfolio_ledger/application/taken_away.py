"""What an audit adds to the rules: the grant a delegated decision rested on, and when it fell.

A decision under a delegation is checked against the delegation as it stood
(its window, categories, limit, revocation). The delegation itself rests on
its grant, a resolution of its board: the ledger checked it when it was
recorded, but governance recorded later (an appointment annulled, the board's
limit corrected) can leave it a resolution its board could not make.
``audit authority DEL-001`` then says the grant is invalid; the decisions
made under it must say so too. And where governance recorded after a decision
takes its authority away, the audit says from which recorded moment.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import suppress
from datetime import datetime
from uuid import UUID

from portfolio_ledger.domain.authority import DelegatedAuthority, Mandate
from portfolio_ledger.domain.clock import utc_text
from portfolio_ledger.domain.decision import DecisionEvent
from portfolio_ledger.domain.delegations import Delegation
from portfolio_ledger.domain.errors import DelegationNotValid, LedgerError
from portfolio_ledger.domain.governance import Governance, History, as_at
from portfolio_ledger.domain.keys import delegation_id, normalise_key
from portfolio_ledger.domain.resolutions import recheck_governance
from portfolio_ledger.domain.widening import PuttingRight, not_the_boards


def check_grant(mandate: Mandate, governance: Governance) -> None:
    """Refuse a delegated decision whose delegation's grant is not a valid resolution.

    The grant (as corrected by the governance's moment) is judged as the
    ledger judged it when it was recorded, on its own effective date, by
    governance recorded by the same moment as ``governance``: its delegate not
    counted towards the quorum, as ``audit authority`` judges it.
    """
    if not isinstance(mandate, DelegatedAuthority):
        return
    key = normalise_key(mandate.delegation, "delegation", "DEL-001")
    if key in governance.grants:
        return  # judged valid already, by the same histories
    delegation = as_at(governance.history(delegation_id(key)), None, governance.recorded_by)
    if delegation is None:
        return  # no such delegation then: the decision's own check says so
    grant = delegation.corrected(1)
    day = grant.decision.effective_date
    then = Governance(governance.history, day, governance.recorded_by, states=governance.states)
    try:
        recheck_governance(grant, then)
    except LedgerError as refusal:
        raise DelegationNotValid(
            f"the grant of delegation {key} by {grant.board} (effective {day.isoformat()}) is "
            f"not a valid resolution of {grant.board}: {str(refusal).rstrip('.')}. A decision "
            f"under {key} rests on that grant: take it at a meeting of {grant.board} "
            f"(name it with --board), or under a delegation {grant.board} grants anew "
            f"('portfolio-ledger authority delegate'); 'portfolio-ledger audit authority {key}' "
            "shows the grant's audit"
        ).naming_fields("board") from None
    governance.grants.add(key)


class Consulted:
    """An aggregate history that remembers every aggregate it was asked for."""

    def __init__(self, history: History) -> None:
        self._history = history
        self.asked: dict[UUID, Sequence[DecisionEvent]] = {}

    def __call__(self, aggregate_id: UUID, /) -> Sequence[DecisionEvent]:
        """The aggregate's events, remembered."""
        events = self.asked[aggregate_id] = self._history(aggregate_id)
        return events


def taken_away_at(
    event: DecisionEvent, rules: Callable[[Governance], object], history: History
) -> datetime | None:
    """The first recorded moment after ``event`` from which ``rules`` refuse it; None if none.

    Only the governance the rules read can take it away: the moments tried are
    when each event of an aggregate they consulted was recorded, in turn.
    """
    consulted = Consulted(history)
    on = event.decision.effective_date
    for known in (event.timestamp, None):  # what a whole check reads, and what refuses it now
        with suppress(LedgerError):
            rules(Governance(consulted, on, known))
    moments = sorted(
        {e.timestamp for events in consulted.asked.values() for e in events} - {event.timestamp}
    )
    for moment in (m for m in moments if m > event.timestamp):
        try:
            rules(Governance(history, on, moment))
        except LedgerError:
            return moment
    return None


def said_when(moment: datetime | None) -> str:
    """`` (from 2026-12-03 07:30:02Z)``: when governance took the authority away; or nothing."""
    return "" if moment is None else f" (from {utc_text(moment)})"


def recorded_after(moment: datetime | None) -> str:
    """Why a decision valid when recorded is invalid now: governance recorded since (from when)."""
    return (
        f"so says governance recorded after the decision{said_when(moment)}; as recorded when "
        "it was made, it was valid"
    )


def widened_since(
    history: History,
    put: PuttingRight,
    widening: tuple[Delegation, Delegation],
    recorded: datetime,
) -> str:
    """`` (so says governance recorded after ...)``, if ``put``'s widening was its actor's then.

    A correction widening a delegation is refused unless its actor is a member of the
    board on its day; a stand-down recorded later, effective by that day, makes them
    none, and the audit finds the widening invalid: as for a governed decision, it
    says the governance that did so was recorded after, and from when. Else nothing.
    """

    def by(moment: datetime) -> History:
        return lambda aggregate_id: [e for e in history(aggregate_id) if e.timestamp <= moment]

    if not_the_boards(by(recorded), put, widening) is not None:
        return ""  # not the actor's when recorded either (recorded before the ledger refused it)
    consulted = Consulted(history)
    not_the_boards(consulted, put, widening)
    moments = sorted(
        {e.timestamp for events in consulted.asked.values() for e in events} - {recorded}
    )
    later = (m for m in moments if m > recorded)
    first = next((m for m in later if not_the_boards(by(m), put, widening) is not None), None)
    return f" ({recorded_after(first)})"
