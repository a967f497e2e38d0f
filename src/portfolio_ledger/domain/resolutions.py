"""A governance decision checked again: a delegation's resolutions, an appointment, a board.

When a correction moves or changes a decision on a person, board or
delegation, or a decision recorded late comes before it, the ledger checks it
again on its (corrected) day as it did when it was recorded; ``audit
authority`` and each decision resting on a delegation's grant judge the grant
with the same function, :func:`judge_resolution`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from portfolio_ledger.domain.authority import BoardResolution, Mandate
from portfolio_ledger.domain.boards import BoardConstituted, MemberAppointed
from portfolio_ledger.domain.decision import DecisionEvent
from portfolio_ledger.domain.delegations import (
    AuthorityDelegated,
    Delegation,
    DelegationRevoked,
    check_within,
)
from portfolio_ledger.domain.governance import Authorised, authorise
from portfolio_ledger.domain.governance_facts import Governance
from portfolio_ledger.domain.interests import OwnDelegation

__all__ = ["RECUSED_FROM", "judge_resolution", "recheck_governance"]

RECUSED_FROM = datetime(2026, 12, 3, 20, 40, 56, tzinfo=UTC)
"""When the ledger began to recuse a delegate from their own delegation's resolutions.

A grant or revocation recorded before then was checked under the earlier rule,
which counted a delegate present (voting or not) towards the quorum; it is not
judged again for that, by the audit, a decision resting on the grant, or a
correction. Recorded times are the ledger's own, so a record imported later is
judged by the rule.
"""


def recheck_governance(event: DecisionEvent, governance: Governance, before: Any = None) -> None:
    """A decision on a person, board or delegation, checked again on its effective date.

    As the ledger checked it when it was recorded, so that a correction moving
    or changing it (or a decision recorded late before it) is held to the same
    rules: a delegation or revocation is a valid resolution of its board's meeting
    (:func:`judge_resolution`); the delegate and an appointee were registered by
    then; a board's parent had been constituted by then.
    """
    if isinstance(event, AuthorityDelegated | DelegationRevoked):
        mandate = event.decision.mandate
        if mandate is not None:
            judge_resolution(event, mandate, governance, before)
        else:
            _grant_fits(event, governance)
    elif isinstance(event, MemberAppointed):
        governance.person(event.person)
    elif isinstance(event, BoardConstituted) and event.escalates_to is not None:
        governance.board(event.escalates_to)


def judge_resolution(
    event: AuthorityDelegated | DelegationRevoked,
    mandate: Mandate,
    governance: Governance,
    before: Any = None,
) -> Authorised:
    """A board's resolution granting or revoking a delegation, judged as when it was recorded.

    The delegate is not counted towards the quorum (``before``: the delegation
    just before a revocation, which names its delegate); a grant's delegate was
    registered and its limit is within its board's. Every check of a delegation's
    resolution (a correction, a decision resting on the grant, ``audit
    authority``) judges it here, so none counts the delegate where another does not.
    """
    own = _own(event, mandate, before) if isinstance(mandate, BoardResolution) else None
    authorised = authorise(mandate, governance, own)
    _grant_fits(event, governance)
    return authorised


def _grant_fits(event: AuthorityDelegated | DelegationRevoked, governance: Governance) -> None:
    if isinstance(event, AuthorityDelegated):
        governance.person(event.delegate)
        check_within(governance.board(event.board), event.limit, event.key)


def _own(
    event: AuthorityDelegated | DelegationRevoked, mandate: BoardResolution, before: Any
) -> OwnDelegation | None:
    """The delegation a resolution grants or revokes, its delegate interested in it.

    None for a record made before the rule (docs/governance.md), whose delegate's
    part is not judged again: one recorded before :data:`RECUSED_FROM`, or one the
    delegate voted on or recorded (which the rule has refused since).
    """
    if event.timestamp < RECUSED_FROM:
        return None
    if isinstance(event, AuthorityDelegated):
        key, delegate, decides = event.key, event.delegate, "record its grant"
    elif isinstance(before, Delegation):
        key, delegate, decides = before.key, before.delegate, "record its revocation"
    else:
        return None
    if delegate == mandate.actor or delegate in mandate.voters():
        return None
    return OwnDelegation(f"delegation {key}", delegate, decides)
