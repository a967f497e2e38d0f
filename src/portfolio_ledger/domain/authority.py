"""The authority a governed decision names: a board's resolution, or a delegation.

Approvals, funding changes, tolerances and delegations record which one they
were made under (and so does an item's other authorisation that names one),
in the event itself, so each record stands alone: for a board, who was
present and how each voted; for a delegation, its key. People are named by
their person keys.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from portfolio_ledger.domain.vocabulary import Vocabulary


class Vote(Vocabulary):
    """How a member present voted (in any case: ``For`` is ``for``)."""

    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"


_VOTES = {vote.value: vote for vote in Vote}  # Vote("for") is slow; replays decode millions
_IN_ORDER = tuple(Vote)  # iterating the Enum class is slow; the trail describes every meeting


@dataclass(frozen=True, slots=True)
class BoardResolution:
    """A decision of a board at a meeting: who recorded it, who was present, how they voted.

    Members present without a vote did not vote (a conflicted member, say).
    """

    board: str
    actor: str
    present: tuple[str, ...]
    votes: tuple[tuple[str, Vote], ...]

    def count(self, vote: Vote) -> int:
        """How many members cast this vote."""
        return sum([cast is vote for _person, cast in self.votes])  # a list: no generator

    def voters(self) -> tuple[str, ...]:
        """The members who cast a vote (for, against or abstain)."""
        return tuple([person for person, _vote in self.votes])  # a list: no generator

    def deciders(self) -> tuple[str, ...]:
        """Who decided it: its actor and the members who voted for it."""
        voted = [person for person, cast in self.votes if cast is Vote.FOR]
        return (self.actor, *[p for p in voted if p != self.actor])

    def describe(self) -> str:
        """``present a, b, c; for a, b; against c``: each list in the order of ``present``.

        Not the order of the votes: a read model's JSON keeps them by key, so the trail and
        the board pack read ``for cdubois, hcarter`` where the event said ``hcarter, cdubois``.
        """
        parts = [f"present {', '.join(self.present)}"]
        place = {person: at for at, person in enumerate(self.present)}
        cast_by = sorted(self.votes, key=lambda v: place.get(v[0], len(place)))
        for vote in _IN_ORDER:
            people = [person for person, cast in cast_by if cast is vote]
            if people:
                label = "abstained" if vote is Vote.ABSTAIN else vote.value
                parts.append(f"{label} {', '.join(people)}")
        silent = [p for p in self.present if p not in self.voters()]
        if silent:
            parts.append(f"did not vote {', '.join(silent)}")
        return "; ".join(parts)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BoardResolution:
        """The resolution from its account (as :meth:`as_dict` or the store writes it)."""
        return cls(
            board=data["board"],
            actor=data["actor"],
            present=tuple(data["present"]),
            votes=tuple((person, _VOTES[vote]) for person, vote in data["votes"].items()),
        )

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready account, for read models and tools."""
        return {
            "kind": "board",
            "board": self.board,
            "actor": self.actor,
            "present": list(self.present),
            "votes": {person: vote.value for person, vote in self.votes},
        }


@dataclass(frozen=True, slots=True)
class DelegatedAuthority:
    """A decision made by a person under authority a board delegated to them."""

    delegation: str
    actor: str

    def deciders(self) -> tuple[str, ...]:
        """Who decided it: the delegate, its actor."""
        return (self.actor,)

    def describe(self) -> str:
        """``delegation DEL-001``."""
        return f"delegation {self.delegation}"

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready account, for read models and tools."""
        return {"kind": "delegation", "delegation": self.delegation, "actor": self.actor}


Mandate = BoardResolution | DelegatedAuthority
"""The authority a governed decision was made under."""


def deciders(account: dict[str, Any] | str | None) -> tuple[str, ...]:
    """Who decided under the mandate as a read model keeps it (:meth:`BoardResolution.deciders`)."""
    detail = json.loads(account) if isinstance(account, str) else account or {}
    if detail.get("kind") == "board":
        return BoardResolution.from_dict(detail).deciders()
    return (detail["actor"],) if detail.get("kind") == "delegation" else ()


def meeting_words(account: dict[str, Any] | str | None) -> str:
    """For a board's meeting, who was present and how each voted; else nothing.

    ``account`` is the mandate as a read model keeps it: an object, or its JSON text. A
    delegation's key is in the authority's words already.
    """
    if account is None:
        return ""
    detail = json.loads(account) if isinstance(account, str) else account
    if detail.get("kind") != "board":
        return ""
    return BoardResolution.from_dict(detail).describe()


def authority_words(authority: str, account: dict[str, Any] | str | None) -> str:
    """The authority in words, with the meeting's (:func:`meeting_words`) after it, if any."""
    meeting = meeting_words(account)
    return f"{authority} ({meeting})" if meeting else authority
