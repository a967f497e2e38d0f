"""The demo's governance: its people, its two boards and a delegation, in place before its year.

The Executive Board (no limit) sits above the Investment Committee (GBP 50m
per item), which delegates up to GBP 2m for infrastructure and security
items to the Chief Information Officer. Everything is recorded through the
ledger's own commands, like the rest of the demo.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from portfolio_ledger.application import commands as c


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
CIO_DELEGATION = "DEL-001"
DELEGATED_LIMIT = 2_000_000
DELEGATED_CATEGORIES = ("Infrastructure", "Security")


def meeting(board: str) -> dict[str, Any]:
    """A full meeting of ``board``, every member voting for."""
    present = tuple(person.key for person in MEMBERS[board])
    return {"board": board, "present": present, "votes": dict.fromkeys(present, "for")}


def setup(day: date) -> list[tuple[c.Decided, Person]]:
    """The commands that put the demo's governance in place on ``day``, in order.

    Each is (command, who records it).
    """
    office = HEAD_OF_PORTFOLIO
    said: dict[str, Any] = {
        "actor": office.name,
        "role": office.role,
        "effective_date": day,
    }
    steps: list[tuple[c.Decided, Person]] = [
        (
            c.RegisterPerson.model_validate(
                {
                    "key": person.key,
                    "name": person.name,
                    "roles": (person.role,),
                    "rationale": "Registered for the portfolio's governance.",
                    **said,
                }
            ),
            office,
        )
        for person in PEOPLE
    ]
    for key, name, limit, parent, terms in (
        (
            EXECUTIVE_BOARD,
            "Executive Board",
            None,
            None,
            "Runs the organisation; decides what exceeds its committees' limits.",
        ),
        (
            INVESTMENT_COMMITTEE,
            "Investment Committee",
            f"GBP {IC_LIMIT:,}",
            EXECUTIVE_BOARD,
            "Approves and funds portfolio items up to its limit; sets their tolerances.",
        ),
    ):
        authority = "Articles of association" if parent is None else "Executive Board"
        steps.append(
            (
                c.ConstituteBoard.model_validate(
                    {
                        "key": key,
                        "name": name,
                        "terms_of_reference": terms,
                        "limit": limit,
                        "escalates_to": parent,
                        "quorum": 2 if parent is None else 3,
                        "authority": authority,
                        "rationale": f"{name} constituted under its terms of reference.",
                        **said,
                    }
                ),
                office,
            )
        )
        steps.extend(
            (
                c.AppointMember.model_validate(
                    {
                        "key": key,
                        "person": member.key,
                        "seat": "chair" if member is CHAIRS[key] else "member",
                        "authority": authority,
                        "rationale": "Appointed for the year.",
                        **said,
                    }
                ),
                office,
            )
            for member in MEMBERS[key]
        )
    steps.append(
        (
            c.DelegateAuthority.model_validate(
                {
                    "key": CIO_DELEGATION,
                    "board": INVESTMENT_COMMITTEE,
                    "to": CIO.key,
                    "limit": f"GBP {DELEGATED_LIMIT:,}",
                    "categories": DELEGATED_CATEGORIES,
                    **meeting(INVESTMENT_COMMITTEE),
                    "actor": COMMITTEE_CHAIR.key,
                    "role": COMMITTEE_CHAIR.role,
                    "rationale": "The CIO approves small infrastructure and security items.",
                    "effective_date": day,
                }
            ),
            COMMITTEE_CHAIR,
        )
    )
    return steps
