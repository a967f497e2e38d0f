"""The demo's governance: people, boards, a delegation and organisations, in place before its year.

The Executive Board (no limit) sits above the Investment Committee (GBP 50m
per item), which delegates up to GBP 2m for infrastructure and security
items to the Chief Information Officer. The portfolio office keeps the list
of organisations every item belongs to. Everything is recorded through the
ledger's own commands, like the rest of the demo.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from portfolio_ledger.application import commands as c
from portfolio_ledger.demo.data import ORGANISATIONS


@dataclass(frozen=True)
class Person:
    """Someone who records decisions, the role they do it in, and their person key."""

    name: str
    role: str
    key: str


HEAD_OF_PORTFOLIO = Person("Priya Raman", "Head of Portfolio Office", "praman")
PORTFOLIO_MANAGER = Person("Tom Achebe", "Portfolio Manager", "tachebe")
COMMITTEE_CHAIR = Person("Helen Carter", "Chair, Investment Committee", "hcarter")
CIO = Person("Marcus Lee", "Chief Information Officer", "mlee")
PROGRAMME_DIRECTOR = Person("Aisha Khan", "Programme Director", "akhan")
SERVICE_OWNER = Person("Ben Osei", "Head of Service Management", "bosei")
PROJECT_MANAGER = Person("Rob Nguyen", "Project Manager", "rnguyen")
FINANCE = Person("Claire Dubois", "Finance Business Partner", "cdubois")
CHIEF_EXECUTIVE = Person("Paul King", "Chief Executive", "pking")
PEOPLE = (
    HEAD_OF_PORTFOLIO,
    PORTFOLIO_MANAGER,
    COMMITTEE_CHAIR,
    CIO,
    PROGRAMME_DIRECTOR,
    SERVICE_OWNER,
    PROJECT_MANAGER,
    FINANCE,
    CHIEF_EXECUTIVE,
)

EXECUTIVE_BOARD = "EXB"
INVESTMENT_COMMITTEE = "IC"
IC_LIMIT = 50_000_000
MEMBERS = {
    EXECUTIVE_BOARD: (CHIEF_EXECUTIVE, COMMITTEE_CHAIR, FINANCE),
    INVESTMENT_COMMITTEE: (COMMITTEE_CHAIR, CIO, FINANCE, HEAD_OF_PORTFOLIO),
}
CHAIRS = {EXECUTIVE_BOARD: CHIEF_EXECUTIVE, INVESTMENT_COMMITTEE: COMMITTEE_CHAIR}
# Each board: its name, limit, the board it escalates to, quorum, terms of reference.
BOARDS: dict[str, tuple[str, int | None, str | None, int, str]] = {
    EXECUTIVE_BOARD: (
        "Executive Board",
        None,
        None,
        2,
        "Runs the organisation; decides what exceeds its committees' limits.",
    ),
    INVESTMENT_COMMITTEE: (
        "Investment Committee",
        IC_LIMIT,
        EXECUTIVE_BOARD,
        3,
        "Approves and funds portfolio items up to its limit; sets their tolerances.",
    ),
}
CIO_DELEGATION = "DEL-001"
DELEGATED_LIMIT = 2_000_000
DELEGATED_CATEGORIES = ("Infrastructure", "Security")

Setup = tuple[c.Decided, Person]
"""A command, and who records it."""


def meeting(board: str, recused: Person | None = None) -> dict[str, Any]:
    """A full meeting of ``board``, every member voting for but one ``recused`` (present)."""
    present = tuple(person.key for person in MEMBERS[board])
    voters = [key for key in present if recused is None or key != recused.key]
    return {"board": board, "present": present, "votes": dict.fromkeys(voters, "for")}


def setup(day: date) -> list[Setup]:
    """The commands that put the demo's governance in place on ``day``, in order."""
    return [*_people(day), *_boards(day), _delegation(day), *_organisations(day)]


def _by_the_office(day: date, **fields: Any) -> dict[str, Any]:
    """What the head of the portfolio office records on ``day``, with ``fields``."""
    office = HEAD_OF_PORTFOLIO
    return {"actor": office.name, "role": office.role, "effective_date": day, **fields}


def _people(day: date) -> list[Setup]:
    return [
        (
            c.RegisterPerson.model_validate(
                _by_the_office(
                    day,
                    key=person.key,
                    name=person.name,
                    roles=(person.role,),
                    rationale="Registered for the portfolio's governance.",
                )
            ),
            HEAD_OF_PORTFOLIO,
        )
        for person in PEOPLE
    ]


def _boards(day: date) -> list[Setup]:
    steps: list[Setup] = []
    for key, (name, limit, parent, quorum, terms) in BOARDS.items():
        authority = "Articles of association" if parent is None else "Executive Board"
        constitution = _by_the_office(
            day,
            key=key,
            name=name,
            terms_of_reference=terms,
            limit=None if limit is None else f"GBP {limit:,}",
            escalates_to=parent,
            quorum=quorum,
            authority=authority,
            rationale=f"{name} constituted under its terms of reference.",
        )
        steps.append((c.ConstituteBoard.model_validate(constitution), HEAD_OF_PORTFOLIO))
        steps.extend(
            (
                c.AppointMember.model_validate(
                    _by_the_office(
                        day,
                        key=key,
                        person=member.key,
                        seat="chair" if member is CHAIRS[key] else "member",
                        authority=authority,
                        rationale="Appointed for the year.",
                    )
                ),
                HEAD_OF_PORTFOLIO,
            )
            for member in MEMBERS[key]
        )
    return steps


def _delegation(day: date) -> Setup:
    chair = COMMITTEE_CHAIR
    delegation = c.DelegateAuthority.model_validate(
        {
            "key": CIO_DELEGATION,
            "board": INVESTMENT_COMMITTEE,
            "to": CIO.key,
            "limit": f"GBP {DELEGATED_LIMIT:,}",
            "categories": DELEGATED_CATEGORIES,
            **meeting(INVESTMENT_COMMITTEE, recused=CIO),  # no one votes on their own
            "actor": chair.key,
            "role": chair.role,
            "rationale": "The CIO approves small infrastructure and security items.",
            "effective_date": day,
        }
    )
    return delegation, chair


def _organisations(day: date) -> list[Setup]:
    return [
        (
            c.AddOrganisation.model_validate(
                _by_the_office(
                    day,
                    key=key,
                    name=name,
                    rationale=f"{name} holds portfolio items of its own.",
                )
            ),
            HEAD_OF_PORTFOLIO,
        )
        for key, name in ORGANISATIONS
    ]
