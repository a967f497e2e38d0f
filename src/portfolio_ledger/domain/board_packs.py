"""Board packs: what a pack put before a board covered, and the rules for its dates.

A pack is as at a day and covers the changes since an earlier one (the last
pack's); it is put before the board on or after the day it is as at. The
board keeps the packs tabled (``PackTabled``, in :mod:`.boards`) as
``TabledPack``s, so that the next pack knows where the last one ended.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from portfolio_ledger.domain.errors import InvalidDecision

LISTED = {"exceptions": 100, "decisions": 50, "changes": 100}
"""How many rows of each long table a pack's page lists unless told: a board reads tens of
pages, and the workbook and the pack's data hold every one. A decision's row holds its
rationale, up to a paragraph: on the bench's 10,000 items 100 decisions took 44 A4 pages,
where 100 exceptions took 12 and 100 changes 4."""


@dataclass(frozen=True, slots=True)
class TabledPack:
    """A board pack put before the board: its date, the period it covered, its checksum.

    With what the pack was made of, as its record (``PackTabled``) says: its clock,
    the organisations it was limited to, and the ledger's digest line at its date.
    """

    as_at: date
    since: date
    tabled_on: date
    sha256: str
    recorded_at: datetime  # when it was recorded: what was recorded later was not in it
    clock: str
    """``effective`` (decisions in effect by ``as_at``) or ``recorded`` (recorded by then)."""
    organisations: tuple[str, ...]
    """The organisations the pack was limited to; empty: every one."""
    digest: str
    """The ledger's digest line at the pack's date, as the pack ends with it."""


def pack_period_problem(
    as_at: date, since: date, names: tuple[str, str] = ("as_at", "since")
) -> str | None:
    """Why a pack as at ``as_at`` cannot cover the changes since ``since``; None if it can.

    The one wording of the rule, for the command line, an import line and the board alike;
    ``names``: the two as that caller spells them (``--as-at --since`` on the command line).
    """
    if since < as_at:
        return None
    as_at_name, since_name = names
    return (
        f"{since_name} {since.isoformat()} is not before {as_at_name} {as_at.isoformat()}: a "
        "pack covers the changes since an earlier day; give the last pack's date, before this one"
    )


def tabled_on_problem(as_at: date, effective_date: date) -> str | None:
    """Why a pack as at ``as_at`` cannot be recorded as tabled on ``effective_date``; or None."""
    if effective_date >= as_at:
        return None
    return (
        f"effective date {effective_date.isoformat()} is before as_at {as_at.isoformat()}: "
        "a pack is put before a board on or after the day it is as at; give the meeting's day"
    )


def check_pack(as_at: date, since: date | None, effective_date: date | None) -> None:
    """Raise the first of the pack's date rules it breaks."""
    for problem in (
        since and pack_period_problem(as_at, since),
        effective_date and tabled_on_problem(as_at, effective_date),
    ):
        if problem:
            raise InvalidDecision(problem)
