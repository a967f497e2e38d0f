"""Boards: governance bodies with terms of reference, an authority limit, members and a quorum.

A board is constituted under a key (``IC``) with the board it escalates to;
members are appointed (as chair or member) and stood down, and its quorum
and limit are set, each with effect from a date. Its state on any day is what
its decisions effective by then made it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from eventsourcing.domain import AggregateCreated

from portfolio_ledger.domain.board_packs import TabledPack, check_pack
from portfolio_ledger.domain.change_words import change_words, words_in_use
from portfolio_ledger.domain.decided import DecidedAggregate
from portfolio_ledger.domain.decision import (
    DecidedEvent,
    Decision,
    check_not_future,
    require_authority,
)
from portfolio_ledger.domain.errors import InvalidDecision
from portfolio_ledger.domain.keys import board_id, normalise_key
from portfolio_ledger.domain.money import Money
from portfolio_ledger.domain.people import Person
from portfolio_ledger.domain.record_keeping import DecisionCorrected
from portfolio_ledger.domain.vocabulary import Vocabulary

MAX_BOARD_NAME = 100
MAX_QUORUM = 100


class MemberRole(Vocabulary):
    """The seat a member holds on a board (in any case: ``Chair`` is ``chair``)."""

    CHAIR = "chair"
    MEMBER = "member"


@dataclass(frozen=True, slots=True)
class Membership:
    """A person's seat on a board, and since when."""

    person: str
    role: MemberRole
    appointed_on: date


def describe_limit(limit: Money | None) -> str:
    """``GBP 5,000,000``, or ``no limit``."""
    return "no limit" if limit is None else str(limit)


@dataclass(frozen=True)
class BoardEvent(DecidedEvent):
    """Base of every event about a board."""

    subject_kind: ClassVar[str] = "board"


@dataclass(frozen=True)
class BoardConstituted(BoardEvent, AggregateCreated):
    """A board was constituted: its name, terms of reference, limit, parent and quorum."""

    key: str
    name: str
    terms_of_reference: str
    limit: Money | None
    escalates_to: str | None
    quorum: int
    label: ClassVar[str] = "board constituted"
    correctable: ClassVar[frozenset[str]] = frozenset(
        {"name", "terms_of_reference", "limit", "quorum"}
    )
    called: ClassVar[tuple[tuple[str, str], ...]] = (("terms", "terms_of_reference"),)

    def check(self, aggregate: Any) -> None:  # noqa: ARG002 - its own fields alone decide
        """A quorum in range (as corrected, too: ``--set quorum=0`` is no quorum)."""
        _check_quorum(self.key, self.quorum)

    def change(self, aggregate: Any) -> None:
        """Set up the board, with no members yet."""
        board: Board = aggregate
        board.key = self.key
        board.name = self.name
        board.terms_of_reference = self.terms_of_reference
        board.limit = self.limit
        board.escalates_to = self.escalates_to
        board.quorum = self.quorum
        board.constituted_on = self.decision.effective_date

    def describe(self) -> str:
        """Name, limit, quorum and parent."""
        parent = f", escalates to {self.escalates_to}" if self.escalates_to else ""
        limit = "no limit" if self.limit is None else f"limit {self.limit}"
        if words_in_use() < 4:  # the words of versions 2 and 3, kept as they were
            limit = f"limit {describe_limit(self.limit)}"
        return f"{self.name} ({self.key}) constituted: {limit}, quorum {self.quorum}{parent}"


@dataclass(frozen=True)
class MemberAppointed(BoardEvent):
    """A person was appointed to the board, as chair or member."""

    person: str
    role: MemberRole
    label: ClassVar[str] = "member appointed"
    correctable: ClassVar[frozenset[str]] = frozenset({"role"})
    called: ClassVar[tuple[tuple[str, str], ...]] = (("seat", "role"), ("as", "role"))

    def check(self, aggregate: Any) -> None:
        """Not a member already; one chair at a time."""
        board: Board = aggregate
        seat = board.members.get(self.person)
        if seat is not None:
            raise InvalidDecision(
                f"{self.person} is already a {seat.role.value} of {board.key} (since "
                f"{seat.appointed_on.isoformat()}); to change their seat, stand them down first"
            )
        chair = board.chair()
        if self.role is MemberRole.CHAIR and chair is not None:
            raise InvalidDecision(
                f"{board.key} already has a chair, {chair}; a board has one chair at a time. "
                f"Stand {chair} down first, or appoint {self.person} as a member."
            )

    def change(self, aggregate: Any) -> None:
        """Seat the member."""
        board: Board = aggregate
        board.members = {
            **board.members,
            self.person: Membership(self.person, self.role, self.decision.effective_date),
        }
        board.left = {key: day for key, day in board.left.items() if key != self.person}

    def describe(self) -> str:
        """Who, as what."""
        return f"{self.person} appointed {self.role.value}"


@dataclass(frozen=True)
class MemberStoodDown(BoardEvent):
    """A member stood down from the board."""

    person: str
    label: ClassVar[str] = "member stood down"

    def check(self, aggregate: Any) -> None:
        """A member then."""
        board: Board = aggregate
        if self.person not in board.members:
            on, left = self.decision.effective_date.isoformat(), board.left.get(self.person)
            was = "" if left is None else (
                f" (they stood down with effect from {left.isoformat()}: a member stands "
                "down once)"
            )  # fmt: skip
            raise InvalidDecision(
                f"{self.person} is not a member of {board.key} on {on}{was}; see its members "
                f"then with 'portfolio-ledger board show {board.key} --effective-on {on}'"
            )

    def change(self, aggregate: Any) -> None:
        """Unseat the member."""
        board: Board = aggregate
        board.members = {key: m for key, m in board.members.items() if key != self.person}
        board.left = {**board.left, self.person: self.decision.effective_date}

    def describe(self) -> str:
        """Who."""
        return f"{self.person} stood down"


@dataclass(frozen=True)
class QuorumSet(BoardEvent):
    """The number of members who must be present for the board to decide changed."""

    quorum: int
    previous_quorum: int
    label: ClassVar[str] = "quorum set"
    correctable: ClassVar[frozenset[str]] = frozenset({"quorum"})

    def check(self, aggregate: Any) -> None:
        """A quorum in range, and a different one."""
        board: Board = aggregate
        _check_quorum(board.key, self.quorum)
        if self.quorum == board.quorum:
            raise InvalidDecision(
                f"the quorum of {board.key} is already {self.quorum}; nothing to change"
            )

    def change(self, aggregate: Any) -> None:
        """Set the quorum."""
        board: Board = aggregate
        board.quorum = self.quorum

    def describe(self) -> str:
        """Old and new quorum."""
        return f"quorum {self.previous_quorum} -> {self.quorum}"


@dataclass(frozen=True)
class AuthorityLimitSet(BoardEvent):
    """The most the board may authorise for one item changed (None: no limit)."""

    limit: Money | None
    previous_limit: Money | None
    label: ClassVar[str] = "authority limit set"
    correctable: ClassVar[frozenset[str]] = frozenset({"limit"})

    def check(self, aggregate: Any) -> None:
        """A different limit."""
        board: Board = aggregate
        if self.limit == board.limit:
            raise InvalidDecision(
                f"the limit of {board.key} is already {describe_limit(self.limit)}; "
                "nothing to change"
            )

    def change(self, aggregate: Any) -> None:
        """Set the limit."""
        board: Board = aggregate
        board.limit = self.limit

    def describe(self) -> str:
        """Old and new limit: ``limit GBP 5,000,000 -> no limit``, ``no limit -> GBP 5``."""
        if words_in_use() < 4:  # the words of versions 2 and 3, kept as they were
            return f"limit {describe_limit(self.previous_limit)} -> {describe_limit(self.limit)}"
        before, after = (None if x is None else str(x) for x in (self.previous_limit, self.limit))
        return change_words("limit", before, after)


@dataclass(frozen=True)
class PackTabled(BoardEvent):
    """A board pack was put before the board: as at a day, covering the changes since another.

    ``digest`` is the ledger's digest line at the pack's date (what the pack
    ends with, for the minutes); ``sha256`` the checksum of the document
    itself, so the pack the board read can be told from any other copy.
    """

    as_at: date
    since: date
    clock: str
    organisations: tuple[str, ...]
    digest: str
    sha256: str
    label: ClassVar[str] = "board pack tabled"

    def change(self, aggregate: Any) -> None:
        """Keep the pack's dates among the board's packs, in date order."""
        board: Board = aggregate
        tabled = TabledPack(
            self.as_at,
            self.since,
            self.decision.effective_date,
            self.sha256,
            self.timestamp,
            self.clock,
            tuple(self.organisations),
            self.digest,
        )
        board.packs = tuple(sorted((*board.packs, tabled), key=lambda p: (p.as_at, p.tabled_on)))

    def describe(self) -> str:
        """The pack's date, period and checksum."""
        return (
            f"board pack as at {self.as_at.isoformat()} (changes since "
            f"{self.since.isoformat()}) tabled; document sha256 {self.sha256}"
        )


class Board(DecidedAggregate):
    """A governance body: an investment committee, a direction group, a delivery board."""

    def start(self) -> None:
        """Before it was constituted."""
        super().start()
        self.name: str = ""
        self.terms_of_reference: str = ""
        self.limit: Money | None = None
        self.escalates_to: str | None = None
        self.quorum: int = 1
        self.members: dict[str, Membership] = {}
        self.left: dict[str, date] = {}
        """Who stood down, and from when, not appointed again since."""
        self.constituted_on: date = date.min
        self.packs: tuple[TabledPack, ...] = ()

    @classmethod
    def constitute(
        cls,
        *,
        key: str,
        name: str,
        terms_of_reference: str,
        limit: Money | None,
        escalates_to: Board | None,
        quorum: int,
        decision: Decision,
    ) -> Board:
        """Constitute a board; ``escalates_to`` is its parent as it stands on the effective date."""
        key = normalise_key(key, "board", "IC")
        require_authority(f"constitute board {key}", decision)
        check_not_future(key, decision, BoardConstituted.create_timestamp())
        if not name.strip() or len(name) > MAX_BOARD_NAME:
            raise InvalidDecision(
                f"the name of board {key} is required, at most {MAX_BOARD_NAME} characters"
            )
        if not terms_of_reference.strip():
            raise InvalidDecision(f"the terms of reference of board {key} must not be blank")
        _check_quorum(key, quorum)
        return cls._create(
            BoardConstituted,
            id=board_id(key),
            key=key,
            name=name.strip(),
            terms_of_reference=terms_of_reference,
            limit=limit,
            escalates_to=escalates_to.key if escalates_to else None,
            quorum=quorum,
            decision=decision,
        )

    def appoint(self, *, person: Person, role: MemberRole, decision: Decision) -> None:
        """Appoint a registered person (as they stand on the effective date)."""
        require_authority(f"appoint a member of {self.key}", decision)
        self._decide(MemberAppointed, decision, person=person.key, role=role)

    def stand_down(self, *, person: str, decision: Decision) -> None:
        """A member leaves the board."""
        require_authority(f"stand down a member of {self.key}", decision)
        self._decide(MemberStoodDown, decision, person=person)

    def set_quorum(self, *, quorum: int, decision: Decision) -> None:
        """Change how many members must be present to decide."""
        require_authority(f"set the quorum of {self.key}", decision)
        _check_quorum(self.key, quorum)
        self._decide(QuorumSet, decision, quorum=quorum, previous_quorum=self.quorum)

    def set_limit(self, *, limit: Money | None, decision: Decision) -> None:
        """Change the most the board may authorise for one item."""
        require_authority(f"set the limit of {self.key}", decision)
        then = self.as_on(decision.effective_date) or self  # minutes typed in late: their day's
        self._decide(AuthorityLimitSet, decision, limit=limit, previous_limit=then.limit)

    def table_pack(self, *, pack: dict[str, Any], decision: Decision) -> None:
        """Record that a board pack (``PackTabled``'s fields) was put before the board."""
        check_pack(pack["as_at"], pack["since"], decision.effective_date)
        self._decide(PackTabled, decision, **pack)

    def correct(
        self, *, version: int, position: int, changes: dict[str, Any], decision: Decision
    ) -> DecisionCorrected:
        """As any decision's correction; a pack's record is not moved before its day."""
        target = self.corrected(version)
        if isinstance(target, PackTabled) and "effective_date" in changes:
            check_pack(target.as_at, None, changes["effective_date"])
        return super().correct(
            version=version, position=position, changes=changes, decision=decision
        )

    def previous_pack(self, before: date) -> TabledPack | None:
        """The last pack put before the board that was as at a day before ``before``."""
        return next((pack for pack in reversed(self.packs) if pack.as_at < before), None)

    def chair(self) -> str | None:
        """The chair's person key, if the board has one."""
        return next((m.person for m in self.members.values() if m.role is MemberRole.CHAIR), None)

    def label(self) -> str:
        """``Investment Committee (IC)``."""
        return f"{self.name} ({self.key})"


def _check_quorum(key: str, quorum: int) -> None:
    if not 1 <= quorum <= MAX_QUORUM:
        raise InvalidDecision(f"the quorum of {key} must be from 1 to {MAX_QUORUM}, not {quorum}")
