"""An import decides with governance as the file has made it so far, however it is cached.

A batch keeps each day's governance (the people, boards and delegations it
looked up) for the decisions after, and lets go of it whenever a line
changes governance. These files change a board, a delegation or the people
mid-import, on the very day decisions were already checked against, and the
answers must be those of the lines checked one at a time, each in a batch of
its own (which shares nothing): the same lines refused, with the same
messages, and the same decisions recorded.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from portfolio_ledger.application.importer import Line, Refusal, run_import
from portfolio_ledger.application.ledger import PortfolioLedger
from tests.pg_schemas import postgres_schema

DAY = "2025-06-02"
EARLIER = "2025-06-01"


def said(**fields: Any) -> dict[str, Any]:
    return {
        "actor": "praman",
        "role": "PMO",
        "rationale": "Imported.",
        "effective_date": DAY,
        **fields,
    }


def meeting(*present: str, **fields: Any) -> dict[str, Any]:
    return {
        "board": "IC",
        "present": list(present),
        "votes": dict.fromkeys(present, "for"),
        **said(actor=present[0], role="Chair", **fields),
    }


def person(key: str, *roles: str) -> dict[str, Any]:
    return {
        "command": "person add",
        "key": key,
        "name": key.title(),
        "roles": list(roles),
        **said(),
    }


def appoint(key: str) -> dict[str, Any]:
    return {"command": "board appoint", "key": "IC", "person": key, **said(authority="Scheme")}


def item(key: str) -> list[dict[str, Any]]:
    return [
        {
            "command": "item propose",
            "key": key,
            "kind": "project",
            "title": f"Project {key}",
            "owner": "Dana Okafor",
            "sponsor": "Chief Finance Officer",
            "category": "Corporate systems",
            "objectives": ["Digital by default"],
            **said(actor="spatel", effective_date=EARLIER),
        },
        {
            "command": "item appraise",
            "key": key,
            "estimated_cost": "GBP 1,200,000",
            "expected_benefits": "GBP 2,000,000",
            "risk_rating": "medium",
            "alignment_score": 70,
            **said(effective_date=EARLIER),
        },
    ]


def approve(key: str, *present: str, budget: str = "GBP 900,000") -> dict[str, Any]:
    return {"command": "item approve", "key": key, "budget": budget, **meeting(*present)}


def fund(key: str, budget: str) -> dict[str, Any]:
    return {
        "command": "item fund",
        "key": key,
        "budget": budget,
        "delegation": "DEL-1",
        **said(actor="mlee", role="CIO"),
    }


def board(change: str, **fields: Any) -> dict[str, Any]:
    return {"command": f"board {change}", "key": "IC", **fields, **said(authority="Scheme")}


PREAMBLE = [
    *[
        {**person(key), "effective_date": EARLIER}
        for key in ("hcarter", "rdas", "jmoss", "mlee", "spatel")
    ],
    {
        "command": "board create",
        "key": "IC",
        "name": "Investment Committee",
        "terms_of_reference": "Approves investments.",
        "limit": "GBP 5,000,000",
        "quorum": 2,
        **said(authority="Scheme", effective_date=EARLIER),
    },
    *[{**appoint(key), "effective_date": EARLIER} for key in ("hcarter", "rdas")],
    *[line for number in range(1, 13) for line in item(f"PRJ-{number}")],
]

# Each refused line is about an item no line refused before it, so that it is
# refused for its own reason (not reported as a consequence of an earlier one).
MEMBERSHIP = [
    approve("PRJ-1", "hcarter", "rdas", "jmoss"),  # refused: jmoss is no member yet
    appoint("jmoss"),
    approve("PRJ-2", "hcarter", "rdas", "jmoss"),
    board("stand-down", person="rdas"),
    approve("PRJ-3", "hcarter", "rdas"),  # refused: rdas stood down
    approve("PRJ-4", "hcarter", "jmoss"),
    board("set-quorum", quorum=3),
    approve("PRJ-5", "hcarter", "jmoss"),  # refused: the quorum is 3 now
    board("set-quorum", quorum=2),
    board("set-limit", limit="GBP 1,000,000"),
    approve("PRJ-6", "hcarter", "jmoss", budget="GBP 1,200,000"),  # refused: the new limit
    approve("PRJ-7", "hcarter", "jmoss"),
]

revoking = meeting("hcarter", "jmoss")
del revoking["board"]  # the delegation's own board decides

DELEGATION = [
    approve("PRJ-8", "hcarter", "jmoss"),
    approve("PRJ-9", "hcarter", "jmoss"),
    fund("PRJ-7", "GBP 1,300,000"),  # refused: there is no delegation yet
    board("set-limit", limit="GBP 5,000,000"),
    {
        "command": "authority delegate",
        "key": "DEL-1",
        "board": "IC",
        "to": "mlee",
        "limit": "GBP 2,000,000",
        **meeting("hcarter", "jmoss"),
    },
    fund("PRJ-8", "GBP 1,300,000"),
    board("set-limit", limit="GBP 1,000,000"),
    fund("PRJ-9", "GBP 1,300,000"),  # refused: the board's new limit bounds the delegation's
    board("set-limit", limit="GBP 5,000,000"),
    {"command": "authority revoke", "key": "DEL-1", **revoking},
    fund("PRJ-4", "GBP 1,300,000"),  # refused: revoked
]

PEOPLE = [
    approve("PRJ-8", "hcarter", "jmoss", "afinch"),  # refused: afinch is nobody yet
    person("afinch", "Chief Finance Officer"),
    approve("PRJ-9", "hcarter", "jmoss", "afinch"),  # refused: afinch is no member
    appoint("afinch"),
    # refused: afinch holds the post that sponsors the item, so may not vote on it
    approve("PRJ-10", "hcarter", "jmoss", "afinch"),
    approve("PRJ-11", "afinch", "hcarter", "jmoss"),  # refused: nor act for the board on it
    approve("PRJ-12", "hcarter", "jmoss"),
]

FILES = {
    "membership": (MEMBERSHIP, {1, 5, 8, 11}),
    "delegation": (MEMBERSHIP + DELEGATION, {1, 5, 8, 11, 15, 20, 23}),
    "people": (MEMBERSHIP + PEOPLE, {1, 5, 8, 11, 13, 15, 17, 18}),
}
"""Each file's lines after the preamble, and those refused (numbered from 1 after it)."""


def lines(body: list[dict[str, Any]]) -> list[Line]:
    numbered = enumerate([*PREAMBLE, *body], start=1)
    return [
        Line(n, fields.pop("command"), fields) for n, fields in ((n, dict(f)) for n, f in numbered)
    ]


def refusals(result: Any) -> list[tuple[int, str]]:
    return [(r.line, r.message) for r in result.refusals]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def two_ledgers(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[PortfolioLedger, PortfolioLedger]]:
    """Two empty ledgers on the same kind of database."""
    with ExitStack() as stack:
        if request.param == "sqlite":
            urls = [f"sqlite:///{tmp_path / name}.db" for name in ("a", "b")]
        else:
            urls = [stack.enter_context(postgres_schema()) for _ in range(2)]
        first, second = (PortfolioLedger(url) for url in urls)
        try:
            yield first, second
        finally:
            first.close()
            second.close()


@pytest.mark.parametrize("name", sorted(FILES))
def test_a_governance_change_mid_import_is_seen_by_the_lines_after_it(
    name: str, two_ledgers: tuple[PortfolioLedger, PortfolioLedger]
) -> None:
    whole, one_by_one = two_ledgers
    body, refused = FILES[name]
    file = lines(body)

    imported = run_import(whole, file, write=False)
    alone: list[Refusal] = []
    for line in lines(body):
        alone += run_import(one_by_one, [line]).refusals

    assert refusals(imported) == [(r.line, r.message) for r in alone]
    assert {line - len(PREAMBLE) for line, _ in refusals(imported)} == refused
    assert imported.recorded == one_by_one.event_count()


def test_without_the_refused_lines_the_import_records_what_one_by_one_records(
    two_ledgers: tuple[PortfolioLedger, PortfolioLedger],
) -> None:
    body, refused = FILES["people"]
    kept = [line for n, line in enumerate(body, start=1) if n not in refused]
    whole, one_by_one = two_ledgers

    imported = run_import(whole, lines(kept))
    for line in lines(kept):
        assert not run_import(one_by_one, [line]).refusals

    assert not imported.refusals
    assert whole.event_count() == one_by_one.event_count() == len(PREAMBLE) + len(kept)
