"""In-memory governance for pure unit tests: people, boards, delegations, made by their commands."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from eventsourcing.domain import Aggregate

from portfolio_ledger.domain.authority import BoardResolution, DelegatedAuthority, Vote
from portfolio_ledger.domain.boards import Board, MemberRole
from portfolio_ledger.domain.clock import utc_today
from portfolio_ledger.domain.decision import Decision, DecisionEvent
from portfolio_ledger.domain.delegations import Delegation
from portfolio_ledger.domain.governance import Governance, Subject
from portfolio_ledger.domain.money import Money
from portfolio_ledger.domain.people import Person

D0 = utc_today() - timedelta(days=300)


def on(days: int) -> date:
    """A day ``days`` after D0."""
    return D0 + timedelta(days=days)


def gbp(amount: int | str) -> Money:
    """Pounds."""
    return Money(amount=Decimal(amount), currency="GBP")


def said(day: date = D0, actor: str = "Board secretary", **extra: object) -> Decision:
    """A governance decision, with its authority in words."""
    return Decision(
        actor=actor,
        role="Secretary",
        authority="Articles of association",
        rationale="Per the terms of reference.",
        effective_date=day,
        **extra,  # type: ignore[arg-type]
    )


def resolution(
    board: str,
    present: Sequence[str],
    votes: dict[str, str] | None = None,
    actor: str | None = None,
) -> BoardResolution:
    """A board resolution; by default everyone present votes for."""
    cast = votes if votes is not None else dict.fromkeys(present, "for")
    return BoardResolution(
        board=board,
        actor=actor or present[0],
        present=tuple(present),
        votes=tuple((person, Vote(vote)) for person, vote in cast.items()),
    )


class Record:
    """The governance events, by aggregate: what the ledger's event store would hold."""

    def __init__(self) -> None:
        self.events: dict[UUID, list[DecisionEvent]] = {}

    def __call__(self, aggregate_id: UUID, /) -> Sequence[DecisionEvent]:
        return tuple(self.events.get(aggregate_id, ()))

    def keep(self, aggregate: Aggregate) -> None:
        """Store the aggregate's new events."""
        for event in aggregate.collect_events():
            assert isinstance(event, DecisionEvent)
            self.events.setdefault(event.originator_id, []).append(event)

    def at(self, day: date) -> Governance:
        """Governance as it stood on ``day`` (as known now)."""
        return Governance(self, day)


def standard(record: Record) -> dict[str, Board]:
    """People, an Executive Board (no limit) and an Investment Committee under it (GBP 5m).

    IC: hcarter (chair), mlee, cdubois (who holds the post Chief Finance Officer), quorum 3.
    EXB: hcarter (chair), pking, mlee, quorum 2.
    """
    people = {
        "hcarter": ("Helen Carter", ("Chair, Investment Committee",)),
        "mlee": ("Marcus Lee", ("Chief Information Officer",)),
        "cdubois": ("Claire Dubois", ("Chief Finance Officer",)),
        "pking": ("Paul King", ("Chief Executive",)),
        "tachebe": ("Tom Achebe", ("Portfolio Manager",)),
    }
    for key, (name, roles) in people.items():
        record.keep(Person.register(key=key, name=name, roles=roles, decision=said()))
    exb = Board.constitute(
        key="EXB",
        name="Executive Board",
        terms_of_reference="Everything",
        limit=None,
        escalates_to=None,
        quorum=2,
        decision=said(),
    )
    ic = Board.constitute(
        key="IC",
        name="Investment Committee",
        terms_of_reference="Capital investment",
        limit=gbp(5_000_000),
        escalates_to=exb,
        quorum=3,
        decision=said(),
    )
    gov = record.at(D0)
    for board, seats in (
        (ic, [("hcarter", MemberRole.CHAIR), ("mlee", MemberRole.MEMBER), ("cdubois", None)]),
        (exb, [("hcarter", MemberRole.CHAIR), ("pking", None), ("mlee", None)]),
    ):
        for person, seat in seats:
            board.appoint(
                person=gov.person(person), role=seat or MemberRole.MEMBER, decision=said()
            )
        record.keep(board)
    return {"IC": ic, "EXB": exb}


def delegate(
    record: Record,
    *,
    key: str = "DEL-001",
    to: str = "mlee",
    limit: int = 1_000_000,
    categories: tuple[str, ...] = (),
    valid_to: date | None = None,
    day: date = D0,
) -> Delegation:
    """IC delegates to ``to`` (a full, unanimous meeting)."""
    gov = record.at(day)
    delegation = Delegation.grant(
        key=key,
        board=gov.board("IC"),
        delegate=gov.person(to),
        limit=gbp(limit),
        categories=categories,
        valid_from=None,
        valid_to=valid_to,
        decision=said(
            day, actor="Helen Carter", mandate=resolution("IC", ["hcarter", "mlee", "cdubois"])
        ),
    )
    record.keep(delegation)
    return delegation


def subject(
    proposer: str = "Tom Achebe", sponsor: str = "Director of Digital", category: str = "Data"
) -> Subject:
    """An item, as the rules see it."""
    return Subject(
        key="PRJ-042", category=category, currency="GBP", proposer=proposer, sponsor=sponsor
    )


def delegated(key: str = "DEL-001", actor: str = "mlee") -> DelegatedAuthority:
    """A decision under a delegation."""
    return DelegatedAuthority(delegation=key, actor=actor)
