"""A ledger set up through the command line as docs/concepts.md and the README's tour describe.

Shared by the tests of docs/concepts.md's claims (``test_docs_concepts*.py``): every
command passes ``--db`` as a user would; days count from ``START``, 100 days before
today (UTC), so every effective date lies in the past.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from click.testing import Result

from portfolio_ledger.domain.clock import utc_today
from tests.conftest import Cli

START = utc_today() - timedelta(days=100)
TODAY = utc_today().isoformat()
TOMORROW = (utc_today() + timedelta(days=1)).isoformat()
IC_MEETING = (
    "--board",
    "IC",
    "--present",
    "hcarter,mlee,cdubois",
    "--vote",
    "hcarter=for,mlee=for,cdubois=for",
    "--actor",
    "hcarter",
)


def day(n: int) -> str:
    """The day ``n`` days after START, as an effective date is typed."""
    return (START + timedelta(days=n)).isoformat()


def pl(run: Cli, *args: str) -> Result:
    """``portfolio-ledger --db URL ARGS``, as a user types it."""
    return run("--db", run.url, *args)


def ok(run: Cli, *args: str) -> Result:
    """A command that must succeed."""
    result = pl(run, *args)
    assert result.exit_code == 0, (args, result.output)
    return result


def shown(run: Cli, key: str, *moment: str) -> dict[str, Any]:
    """``item show KEY --json`` (at a moment, if given)."""
    loaded: dict[str, Any] = json.loads(ok(run, "item", "show", key, "--json", *moment).output)
    return loaded


def governance(run: Cli) -> None:
    """The README tour's people and boards, from START: IC (GBP 5m, quorum 2) under EXB."""
    on = ("--effective-date", day(0))
    for key, name in (("hcarter", "Helen Carter"), ("mlee", "Marcus Lee"), ("cdubois", "C D")):
        ok(run, "person", "add", key, "--name", name, "--holds", "Member", "-m", "Registered", *on)
    ok(
        run,
        "board",
        "create",
        "EXB",
        "--name",
        "Executive Board",
        "--terms",
        "All",
        "--unlimited",
        "--quorum",
        "2",
        "--authority",
        "Articles",
        "-m",
        "Constituted",
        *on,
    )
    ok(
        run,
        "board",
        "create",
        "IC",
        "--name",
        "Investment Committee",
        "--terms",
        "Capital",
        "--limit",
        "GBP 5,000,000",
        "--escalates-to",
        "EXB",
        "--quorum",
        "2",
        "--authority",
        "Executive Board",
        "-m",
        "Constituted",
        *on,
    )
    for person in ("hcarter", "mlee", "cdubois"):
        ok(
            run,
            "board",
            "appoint",
            "IC",
            person,
            "--authority",
            "Executive Board",
            "-m",
            "Member",
            *on,
        )


def propose(run: Cli, key: str, on: int = 1, *extra: str) -> None:
    """An item proposed on day ``on`` (a project unless ``--kind`` is given)."""
    kind = () if "--kind" in extra else ("--kind", "project")
    category = () if "--category" in extra else ("--category", "Corporate systems")
    ok(
        run,
        "item",
        "propose",
        key,
        *kind,
        "--title",
        f"Item {key}",
        "--owner",
        "Dana Okafor",
        "--sponsor",
        "Chief Finance Officer",
        *category,
        "-m",
        "Contract ends",
        "--effective-date",
        day(on),
        *extra,
    )


def appraise(run: Cli, key: str, on: int = 2) -> None:
    """Its business case, appraised on day ``on``."""
    ok(
        run,
        "item",
        "appraise",
        key,
        "--estimated-cost",
        "1200000",
        "--expected-benefits",
        "2100000",
        "--risk-rating",
        "medium",
        "--alignment-score",
        "72",
        "-m",
        "Case reviewed",
        "--effective-date",
        day(on),
    )


def approve(run: Cli, key: str, on: int = 3, budget: str = "1200000") -> Result:
    """Its approval at a meeting of IC on day ``on`` (not asserted)."""
    return pl(
        run,
        "item",
        "approve",
        key,
        "--budget",
        budget,
        *IC_MEETING,
        "-m",
        "Strong case",
        "--effective-date",
        day(on),
    )


def said(run: Cli, key: str, action: str, on: int, *extra: str) -> Result:
    """An authorisation named in words (``--authority IC``) on day ``on`` (not asserted)."""
    return pl(
        run,
        "item",
        action,
        key,
        "--authority",
        "Investment Committee",
        "-m",
        "Decided",
        "--effective-date",
        day(on),
        *extra,
    )


def refused(run: Cli, status: int, *args: str) -> str:
    """A command refused with ``status`` that wrote nothing; its message."""
    before = run.events()
    result = pl(run, *args)
    assert result.exit_code == status, (args, result.output)
    assert run.events() == before
    assert "Traceback" not in result.output
    return result.output


def approved_ledger(run: Cli) -> Cli:
    """PRJ-1 proposed on day 1, appraised on day 2, approved by IC on day 3."""
    governance(run)
    propose(run, "PRJ-1")
    appraise(run, "PRJ-1")
    assert approve(run, "PRJ-1").exit_code == 0
    return run
