"""Who may not take part in a governed decision: those with an interest in what it decides.

Segregation of duties: whoever proposed or sponsors an item does not approve
it, fund it or set its tolerances, nor vote on it at a board's meeting (they
may be recorded present without a vote, and do not count towards the quorum).
The rules that apply this are in ``governance.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from portfolio_ledger.domain.people import Person, forms


@dataclass(frozen=True, slots=True)
class Subject:
    """The item a governed decision is on, as it stood just before the decision."""

    key: str
    category: str
    currency: str
    proposer: str
    sponsor: str
    decides: str = "approve it"
    """What the decision does to it, as a refusal says (``change its funding``)."""

    def conflict_of(self, person: Person) -> str | None:
        """How ``person`` is conflicted on the item ("proposed", "sponsors"); None if not."""
        if person.answers_to(self.proposer):
            return "proposed"
        if person.answers_to(self.sponsor):
            return "sponsors"
        return None

    def conflicts(self) -> Callable[[frozenset[str]], str | None]:
        """``conflict_of`` for people given by their ``Person.names()``, for one decision.

        ``person.answers_to(text)`` is ``forms(text)`` meeting ``person.names()``: the
        proposer and sponsor are folded once, not once for each member present.
        """
        proposer, sponsor = forms(self.proposer), forms(self.sponsor)

        def conflict(names: frozenset[str]) -> str | None:
            if not proposer.isdisjoint(names):
                return "proposed"
            if not sponsor.isdisjoint(names):
                return "sponsors"
            return None

        return conflict
