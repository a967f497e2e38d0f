"""``audit authority``'s findings around a decision: a sponsor stepped aside, a category moved.

Its owner decided it (``owner decided``). And a tolerance whose ceiling is past its
setter's limit (``past_limit``). The patterns themselves are the domain's
(``domain/stood_aside.py``, ``domain/tolerances.py``); this reads the item's history
and the people and delegation a decision names, as the ledger knows them now, on the
decision's effective date.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from portfolio_ledger.application.governance import GOVERNED
from portfolio_ledger.domain.authority import BoardResolution, DelegatedAuthority
from portfolio_ledger.domain.decision import DecisionEvent
from portfolio_ledger.domain.errors import LedgerError
from portfolio_ledger.domain.events_authorisation import ToleranceSet
from portfolio_ledger.domain.governance import Governance, History
from portfolio_ledger.domain.keys import person_id
from portfolio_ledger.domain.money import Money
from portfolio_ledger.domain.people import Person
from portfolio_ledger.domain.registered_aside import former_selves
from portfolio_ledger.domain.stood_aside import (
    Finding,
    Held,
    SetAside,
    brought_in,
    corrected_in,
    owner_decided,
    sponsors_elsewhen,
)
from portfolio_ledger.domain.tolerances import TOLERANCE_BEYOND_LIMIT, beyond_limit


def held_by(record: Any) -> list[Held]:
    """The item's sponsor and category from each decision in effect on, in effective order."""
    events: list[DecisionEvent] = []
    states: list[tuple[str, str]] = []
    for event, before in record.befores():
        if before is not None:  # the item after the decision before this one
            states.append((before.sponsor, before.category))
        events.append(event)
    if events:
        states.append((record.sponsor, record.category))
    return [Held(e, s, c) for e, (s, c) in zip(events, states, strict=True)]


def findings(
    key: str,
    event: DecisionEvent,
    before: Any,
    held: list[Held],
    *,
    history: History,
    positions: dict[int, int],
    aside: Sequence[SetAside] = (),
) -> list[Finding]:
    """What an auditor is told of a governed decision beside its verdict (none: nothing).

    ``aside``: the sponsors the item's record named until put right (``set_aside``).
    """
    mandate = event.decision.mandate
    if mandate is None or before is None:
        return []
    governance = Governance(history, event.decision.effective_date)
    named = [mandate.actor]
    if isinstance(mandate, BoardResolution):
        named += [p for p in mandate.present if p != mandate.actor]
    people = [p for p in (_person(governance, k) for k in named) if p is not None]
    former = {p.key: former_selves(history(person_id(p.key))) for p in people}
    found = sponsors_elsewhen(key, event, before.sponsor, held, people, aside=aside, former=former)
    if isinstance(event, GOVERNED):  # one who proposed or sponsors it: the verdict says so
        subject = before.as_subject(event.governs)
        free = [p for p in people if subject.conflict_of(p) is None]
        found += owner_decided(key, event, before.owner, free)
    if isinstance(mandate, DelegatedAuthority):
        earlier = _before(held, event)
        try:
            delegation = governance.delegation(mandate.delegation)
            delegate = governance.person(delegation.delegate)
        except LedgerError:  # the verdict says why
            return found
        amendment = brought_in(
            key, event, earlier, delegation=delegation, delegate=delegate, positions=positions
        ) or corrected_in(key, event, aside, earlier, delegation=delegation, delegate=delegate)
        if amendment is not None:
            found.append(amendment)
    return found


def past_limit(key: str, event: DecisionEvent, before: Any, limit: Money | None) -> list[Finding]:
    """A cost tolerance set on ``key`` whose ceiling is past the ``limit`` that applied to it.

    ``before``: the item just before the decision (its budget then).
    """
    budget = getattr(before, "authorised_budget", None)
    if not isinstance(event, ToleranceSet) or event.cost is None or not isinstance(budget, Money):
        return []
    why = beyond_limit(key, event.cost, budget, limit)
    return [Finding(TOLERANCE_BEYOND_LIMIT, why)] if why else []


def _person(governance: Governance, key: str) -> Person | None:
    try:
        return governance.person(key)
    except LedgerError:  # not a person then: the verdict says so
        return None


def _before(held: list[Held], event: DecisionEvent) -> list[Held]:
    """The item from each decision before ``event`` (in effective order)."""
    versions = [h.event.originator_version for h in held]
    version = event.originator_version
    return held[: versions.index(version)] if version in versions else held
