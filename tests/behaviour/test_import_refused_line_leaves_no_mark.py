"""A refused line of an import leaves the batch as it was: each later line is judged without it.

An import writes nothing if any line is refused, but checks on to the end so that
every refusal is listed. A line may be refused after its decision was made on the
aggregate the batch holds (a closing refused for an item merged into it by then, a
correction refused for what it would leave): the lines after it are judged as if
it were not in the file. So the list is exact: each line after a refused one is
refused, or not, as it is in the file without that line.

Each case imports, through ``portfolio-ledger import``, a file whose first line is
refused and whose later lines would be judged otherwise had its change counted.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portfolio_ledger.application.importer import Line, Refusal, run_import
from portfolio_ledger.application.ledger import PortfolioLedger
from tests.conftest import Cli

EARLIER = "2025-06-01"


def said(day: str = EARLIER) -> dict[str, Any]:
    """A decision's metadata; the caller adds its authority (words, a meeting, a delegation)."""
    return {"actor": "spatel", "role": "PMO", "rationale": "Imported.", "effective_date": day}


def meeting(day: str, *present: str) -> dict[str, Any]:
    """The Investment Committee's resolution on ``day``, everyone present voting for."""
    votes = dict.fromkeys(present, "for")
    chair = {"actor": present[0], "role": "Chair"}
    return {**said(day), **chair, "board": "IC", "present": list(present), "votes": votes}


def person(key: str) -> dict[str, Any]:
    return {"command": "person add", "key": key, "name": key.title(), "roles": [], **said()}


def item(key: str) -> list[dict[str, Any]]:
    proposed = {"command": "item propose", "key": key, "kind": "project", "title": key}
    proposed |= {"owner": "Dana Okafor", "sponsor": "CFO", "category": "Systems", **said()}
    appraised: dict[str, Any] = {"command": "item appraise", "key": key}
    appraised |= {"estimated_cost": "GBP 800,000"}
    appraised |= {"expected_benefits": "GBP 2,000,000", "risk_rating": "low"}
    appraised |= {"alignment_score": 70, **said()}
    return [proposed, appraised]


def merge(key: str, into: str, day: str) -> dict[str, Any]:
    merged = {"command": "item leave", "key": key, "reason": "merged", "merged_into": into}
    return {**merged, **said(day), "authority": "IC minute 4"}


def close(command: str, key: str, day: str) -> dict[str, Any]:
    return {"command": f"item {command}", "key": key, **said(day), "authority": "IC minute 5"}


def approve(key: str, day: str, *present: str, budget: str = "GBP 800,000") -> dict[str, Any]:
    return {"command": "item approve", "key": key, "budget": budget, **meeting(day, *present)}


def fund(key: str, day: str, budget: str) -> dict[str, Any]:
    delegated = {"delegation": "DEL-1", "actor": "mlee", "role": "CIO"}
    return {"command": "item fund", "key": key, "budget": budget, **said(day), **delegated}


def revoke(key: str, day: str) -> dict[str, Any]:
    """DEL-1's own board revokes it."""
    revoked = {"command": "authority revoke", "key": key, **meeting(day, "hcarter", "rdas")}
    del revoked["board"]
    return revoked


def correct(position: int, actor: str = "spatel", **changes: Any) -> dict[str, Any]:
    line = {"command": "decision correct", "position": position, "changes": changes}
    return {**line, **said("2025-06-25"), "actor": actor, "authority": "PMO procedure"}


SETUP = [
    *[person(key) for key in ("hcarter", "rdas", "jmoss", "mlee", "spatel")],
    {"command": "board create", "key": "IC", "name": "Investment Committee",
     "terms_of_reference": "Approves investments.", "limit": "GBP 5,000,000", "quorum": 2,
     **said(), "authority": "Scheme"},
    *[{"command": "board appoint", "key": "IC", "person": key, **said(), "authority": "Scheme"}
      for key in ("hcarter", "rdas")],
    {"command": "authority delegate", "key": "DEL-1", "board": "IC", "to": "mlee",
     "limit": "GBP 1,000,000", **meeting(EARLIER, "hcarter", "rdas")},
    *[line for number in range(1, 9) for line in item(f"PRJ-{number}")],
    merge("PRJ-8", "PRJ-1", "2025-06-10"),
    merge("PRJ-7", "PRJ-6", "2025-06-10"),
    close("reject", "PRJ-6", "2025-06-12"),
    approve("PRJ-5", "2025-06-02", "hcarter", "rdas"),
]  # fmt: skip
"""Recorded first: PRJ-8 merged into PRJ-1 and PRJ-7 into PRJ-6 on 10 June, PRJ-6 rejected
on the 12th, PRJ-5 approved; DEL-1 lets mlee fund an item up to GBP 1,000,000."""
GRANTED = SETUP.index(next(x for x in SETUP if x["command"] == "authority delegate")) + 1
"""The ledger position of DEL-1's grant."""
REJECTED = len(SETUP) - 1
"""The ledger position of PRJ-6's rejection."""

CLOSING_REFUSED = [
    # Refused after the rejection was made on PRJ-1: PRJ-8 was merged into it later.
    close("reject", "PRJ-1", "2025-06-05"),
    merge("PRJ-2", "PRJ-1", "2025-06-07"),  # PRJ-1 open then: it was not rejected
    approve("PRJ-1", "2025-06-08", "hcarter", "rdas"),  # nor is it now
]
CORRECTION_REFUSED = [
    # Refused after the correction was made on PRJ-6: PRJ-7 was merged into it on the 10th.
    correct(REJECTED, effective_date="2025-06-05"),
    merge("PRJ-3", "PRJ-6", "2025-06-07"),  # PRJ-6 open then: rejected on the 12th
]
WIDENING_REFUSED = [
    # Refused after the correction was made on DEL-1: spatel is no member of IC.
    correct(GRANTED, limit="GBP 3,000,000"),
    revoke("DEL-1", "2025-06-20"),
    fund("PRJ-5", "2025-06-15", "GBP 1,500,000"),  # refused: above DEL-1's GBP 1,000,000
]
# Refused before the item changes (checked first): no mark to leave, kept so.
APPROVAL_REFUSED = [
    approve("PRJ-4", "2025-06-08", "hcarter", "jmoss"),  # refused: jmoss is no member of IC
    approve("PRJ-4", "2025-06-09", "hcarter", "rdas"),  # PRJ-4 is not approved already
]
FUNDING_REFUSED = [
    fund("PRJ-5", "2025-06-15", "GBP 1,500,000"),  # refused: above DEL-1's GBP 1,000,000
    # By the board, whose limit is higher: PRJ-5's budget is not GBP 1,500,000 already.
    {
        "command": "item fund",
        "key": "PRJ-5",
        "budget": "GBP 1,500,000",
        **meeting("2025-06-16", "hcarter", "rdas"),
    },
]
CASES = {
    "approval": (APPROVAL_REFUSED, [1], "Jmoss (jmoss) "),
    "closing": (CLOSING_REFUSED, [1], "PRJ-1 cannot be rejected with effect from 2025-06-05"),
    "correction": (CORRECTION_REFUSED, [1], f"position {REJECTED} (rejected) on PRJ-6"),
    "funding": (FUNDING_REFUSED, [1], "may authorise up to GBP 1,000,000 cumulative for PRJ-5"),
    "widening": (WIDENING_REFUSED, [1, 3], "'spatel' may not correct position"),
}
"""Each file, the lines it has refused, and the first one's refusal."""


def imported(run: Cli, tmp_path: Path, lines: list[dict[str, Any]], *more: str) -> Any:
    file = tmp_path / "lines.jsonl"
    file.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return run("import", str(file), *more)


def refused_lines(output: str) -> list[int]:
    """The line numbers an import's refusal lists, in order."""
    return [int(line.split()[1].rstrip(":")) for line in output.splitlines() if is_listed(line)]


def is_listed(line: str) -> bool:
    words = line.split()
    return len(words) > 1 and words[0] == "line" and words[1].rstrip(":").isdigit()


@pytest.fixture
def ledger(run: Cli, tmp_path: Path) -> Cli:
    set_up = imported(run, tmp_path, SETUP)
    assert set_up.exit_code == 0, set_up.output
    return run


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_refusals_listed_are_those_of_the_lines_themselves(
    case: str, ledger: Cli, tmp_path: Path
) -> None:
    lines, refused, first = CASES[case]
    before = ledger("audit", "digest").output

    result = imported(ledger, tmp_path, lines)

    assert result.exit_code == 1, result.output
    assert refused_lines(result.output) == refused, result.output
    assert first in " ".join(result.output.split())
    assert ledger("audit", "digest").output == before
    assert ledger.events() == len(SETUP)


@pytest.mark.parametrize("case", sorted(CASES))
def test_without_the_refused_first_line_the_others_are_judged_as_they_were(
    case: str, ledger: Cli, tmp_path: Path
) -> None:
    lines, refused, _ = CASES[case]

    result = imported(ledger, tmp_path, lines[1:], "--dry-run")

    assert refused_lines(result.output) == [n - 1 for n in refused[1:]], result.output
    assert result.exit_code == (1 if refused[1:] else 0), result.output


POOL = [
    *CLOSING_REFUSED,
    *CORRECTION_REFUSED,
    *WIDENING_REFUSED,
    *APPROVAL_REFUSED,
    *FUNDING_REFUSED,
    close("reject", "PRJ-2", "2025-06-09"),  # refused once PRJ-2 was merged on the 7th
    merge("PRJ-4", "PRJ-2", "2025-06-06"),  # and PRJ-2 is not closed before it then
    fund("PRJ-5", "2025-06-16", "GBP 900,000"),
]
"""Lines each judged by what the others decided, some refused after their decision was made."""


def refusals_after(ledger: PortfolioLedger, lines: list[dict[str, Any]], k: int) -> Any:
    """The refusals of the lines after line ``k`` (numbered from 1), in a dry run of ``lines``."""
    numbered = [
        Line(n, line["command"], {f: v for f, v in line.items() if f != "command"})
        for n, line in enumerate(lines, start=1)
    ]
    return [r for r in run_import(ledger, numbered, write=False).refusals if r.line > k]


def as_without(refusal: Refusal, k: int) -> tuple[int, str | int]:
    """A refusal of a line after ``k``, numbered as in the file without line ``k``.

    One only because of an earlier refused line says which ("depends on line N"):
    its number, as that file numbers it; one because of line ``k`` itself is said
    otherwise there (that line is not in it), so only that it is refused is compared.
    """
    if refusal.depends_on is None:
        return refusal.line - 1, refusal.message
    if refusal.depends_on == k:
        return refusal.line - 1, "refused"
    return refusal.line - 1, refusal.depends_on - (refusal.depends_on > k)


def check_without_each_refused_line(ledger: PortfolioLedger, lines: list[dict[str, Any]]) -> None:
    """For each refused line k: the lines after it are refused as in the file without it."""
    for refused in refusals_after(ledger, lines, 0):
        k = refused.line
        with_k = dict(as_without(r, k) for r in refusals_after(ledger, lines, k))
        without = [*lines[: k - 1], *lines[k:]]
        without_k = {
            r.line: r.message if r.depends_on is None else r.depends_on
            for r in refusals_after(ledger, without, k - 1)
        }
        assert with_k == {
            n: "refused" if with_k.get(n) == "refused" else said for n, said in without_k.items()
        }, f"line {k} of {json.dumps(lines)}"


@pytest.fixture
def opened_ledger(ledger: Cli) -> Iterator[PortfolioLedger]:
    opened = PortfolioLedger(ledger.url)
    try:
        yield opened
    finally:
        opened.close()


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_file_less_a_refused_line_refuses_the_lines_after_it_alike(
    case: str, opened_ledger: PortfolioLedger
) -> None:
    check_without_each_refused_line(opened_ledger, CASES[case][0])
    check_without_each_refused_line(opened_ledger, [*CASES[case][0], *POOL])


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chosen=st.lists(st.sampled_from(range(len(POOL))), min_size=2, max_size=6))
def test_any_file_less_a_refused_line_refuses_the_lines_after_it_alike(
    chosen: list[int], opened_ledger: PortfolioLedger
) -> None:
    check_without_each_refused_line(opened_ledger, [POOL[i] for i in chosen])
