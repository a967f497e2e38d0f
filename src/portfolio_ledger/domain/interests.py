"""Who may not take part in a governed decision: those with an interest in what it decides.

Segregation of duties: whoever proposed or sponsors an item does not approve
it, fund it or set its tolerances, nor vote on it at a board's meeting (they
may be recorded present without a vote, and do not count towards the quorum).
Nor does anyone decide on their own delegation: a delegate neither records nor
votes on the resolution that grants or revokes it. The rules that apply this are
in ``governance.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, Protocol

from portfolio_ledger.domain.people import Person, forms, named_in

Conflict = Callable[[Person, frozenset[str]], str | None]
"""How a person (given with their ``Person.names()``) is conflicted; None if not."""


class Interest(Protocol):
    """What a board decides, as those with an interest in it are found."""

    @property
    def key(self) -> str:
        """What it is about, as a refusal names it (``PRJ-042``, ``delegation DEL-001``)."""
        ...

    @property
    def decides(self) -> str:
        """What the decision does to it, as a refusal says (``approve it``)."""
        ...

    @property
    def rule(self) -> str:
        """The rule a conflicted person breaks, in words."""
        ...

    def conflicts(self) -> Conflict:
        """How each person is conflicted on it, for one decision."""
        ...


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
    capacity: str = ""
    """The role the decision is recorded in (its ``--role``): none, nothing to compare."""
    rule: ClassVar[str] = "segregation of duties"

    def conflict_of(self, person: Person) -> str | None:
        """How ``person`` is conflicted on the item ("proposed", "sponsors"); None if not."""
        if person.named_by(self.proposer):
            return "proposed"
        if person.named_by(self.sponsor):
            return "sponsors"
        return None

    def in_capacity(self) -> str | None:
        """How the role a decision is recorded in is conflicted on the item; None if not.

        A decision recorded as the post that proposed or sponsors the item (``--role "Chief
        Finance Officer"`` on an item the Chief Finance Officer sponsors) is recorded by the
        sponsor, whoever holds the post in the register: an acting CFO, or a register not
        yet put right. Compared as people are (``forms``).
        """
        if not self.capacity.strip():
            return None
        role = forms(self.capacity)
        if not role.isdisjoint(forms(self.proposer)):
            return "proposed"
        if not role.isdisjoint(forms(self.sponsor)):
            return "sponsors"
        return None

    def conflicts(self) -> Conflict:
        """``conflict_of`` for people given with their ``Person.names()``, for one decision.

        ``person.named_by(text)``: ``forms(text)`` meeting ``person.names()``, or a part of
        a text joining several (``named_in``) meeting their own names. The proposer and
        sponsor are folded once, not once for each member present.
        """
        proposer, sponsor = forms(self.proposer), forms(self.sponsor)
        proposers, sponsors = named_in(self.proposer), named_in(self.sponsor)

        def conflict(person: Person, names: frozenset[str]) -> str | None:
            own = person.own_names() if proposers or sponsors else frozenset()
            if not (proposer.isdisjoint(names) and proposers.isdisjoint(own)):
                return "proposed"
            if not (sponsor.isdisjoint(names) and sponsors.isdisjoint(own)):
                return "sponsors"
            return None

        return conflict


@dataclass(frozen=True, slots=True)
class OwnDelegation:
    """A board's resolution granting or revoking a delegation: its delegate is interested.

    Only the delegate, named by their key: a delegation is to one person, not a post.
    """

    key: str
    """``delegation DEL-001``."""
    delegate: str
    """The delegate's person key."""
    decides: str = "record its grant"
    rule: ClassVar[str] = "segregation of duties: no one decides on their own delegation"

    def conflicts(self) -> Conflict:
        """The delegate is ``the delegate of`` it; nobody else is conflicted."""
        delegate = self.delegate

        def conflict(person: Person, _names: frozenset[str]) -> str | None:
            return "is the delegate of" if person.key == delegate else None

        return conflict
