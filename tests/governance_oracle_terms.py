"""The governance oracle's terms: the rules it names, people, meetings, records, steps.

Its model is tests/governance_oracle.py, which says where the rules are read from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

# The rules, by the words the docs give each refusal.
NO_BOARD = "no such board"
UNKNOWN_PERSON = "UnknownPerson"
NOT_A_MEMBER = "NotABoardMember"
NOT_PRESENT = "InvalidDecision"
SEGREGATION = "SegregationOfDuties"
QUORUM = "QuorumNotMet"
MAJORITY = "NoMajority"
LIMIT = "AuthorityExceeded"
LIFECYCLE = "lifecycle"
NOT_DELEGATE = "not the delegate"
REVOKED = "revoked"
WINDOW = "outside the window"
CATEGORY = "category not covered"
GRANT = "grant not a valid resolution"
WIDENING = "widening by a non-member"
LATER = "a later decision would no longer hold"
NO_CHANGE = "nothing to change"
NO_DELEGATION = "no such delegation on the day"
BEFORE_ITEM = "before the decision that made the item"


def same_text(a: str, b: str) -> bool:
    """Compared as segregation of duties compares (case and spacing; plain ASCII here)."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def parts(text: str) -> list[str]:
    """The people a text joins (``,``, ``;``, ``/``, ``&``, ``+``, ``and``); none for one part.

    A part is compared with people's keys and names alone: a post counts only as the whole
    text (governance.md, People).
    """
    found = re.split(r"\s*[,;/&+]\s*|\s+and\s+", text, flags=re.IGNORECASE)
    return found if len(found) > 1 else []


@dataclass(frozen=True)
class Person:
    key: str
    name: str
    roles: tuple[str, ...]

    def is_(self, text: str, posts: bool = True) -> bool:
        """Whether ``text`` names this person: key, name, name and key, or a post they hold."""
        own = [self.key, self.name, f"{self.name} ({self.key})"]
        words = own + (list(self.roles) if posts else [])
        return any(same_text(text, w) for w in words) or any(
            same_text(t, w) for t in parts(text) for w in own
        )


@dataclass(frozen=True)
class Meeting:
    board: str
    actor: str
    present: tuple[str, ...]
    votes: tuple[tuple[str, str], ...]


@dataclass
class Record:
    """One recorded decision: its position, subject, label, effective day and fields."""

    position: int
    subject: str
    kind: str
    day: date
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class BoardOn:
    limit: int | None
    quorum: int
    members: set[str]


@dataclass
class Step:
    """A decision to record: its label, subject, effective day, fields and actor."""

    kind: str
    subject: str
    day: date
    data: dict[str, Any] = field(default_factory=dict)
    actor: str = "Sam Patel"
    role: str = "Oracle"
    """The role it is recorded in (``--role``)."""
