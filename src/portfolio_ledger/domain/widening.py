"""A delegation widened by putting its board's resolutions right: the board's to decide.

A grant is a resolution of its board's meeting, within the board's limit. A
correction that gives the delegate more authority than the record says the
board granted (its limit raised, a category added or all of them, its window
opened earlier or closed later, its revocation moved later or annulled)
decides that much again: so it is recorded by a member of that board (the
delegate aside: no one decides on their own delegation), as the chair puts the
minutes right, never by anyone else on the authority of words alone. What
narrows a delegation, or changes only words, is anyone's to put right.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portfolio_ledger.domain.boards import Board
from portfolio_ledger.domain.change_words import names_in_words
from portfolio_ledger.domain.delegations import Delegation
from portfolio_ledger.domain.errors import NotABoardMember
from portfolio_ledger.domain.governance_facts import History, as_at
from portfolio_ledger.domain.keys import board_id, person_id
from portfolio_ledger.domain.money import within_limit
from portfolio_ledger.domain.people import Person, same_name


def widened(before: Delegation, after: Delegation) -> list[str]:
    """How ``after`` gives more authority than ``before`` (one delegation, put right); [] if not."""
    ways: list[str] = []
    if not within_limit(before.limit, after.limit):
        ways.append(f"limit {before.limit} -> {after.limit}")
    added = [c for c in after.categories if not before.covers(c)]
    if before.categories and not after.categories:
        ways.append(f"categories {names_in_words(before.categories)} -> any category")
    elif added:
        ways.append(f"categories {names_in_words(added)} added")
    if after.valid_from < before.valid_from:
        ways.append(f"valid from {before.valid_from.isoformat()} -> {after.valid_from.isoformat()}")
    if _later(before.valid_to, after.valid_to):
        ways.append(f"valid to {_day(before.valid_to)} -> {_day(after.valid_to)}")
    if _later(before.revoked_from, after.revoked_from):
        ways.append(f"revoked from {_day(before.revoked_from)} -> {_day(after.revoked_from)}")
    return ways


@dataclass(frozen=True)
class PuttingRight:
    """A correction or annulment: who records it, what it does, the day it takes effect."""

    actor: str
    what: str
    """``correct position 14 (authority delegated)``, ``annul position 20 (...)``."""
    on: date


def not_the_boards(
    history: History, put: PuttingRight, widening: tuple[Delegation, Delegation]
) -> str | None:
    """Why ``put`` is not its actor's to record, if it widens a delegation; else None.

    Said as what it widens, ``the authority Investment Committee (IC) delegated
    (limit ...), and widening ... (members then, the delegate aside: ...)``: the
    refusal and ``audit authority`` say it alike.

    ``widening``: the delegation before and after. Its board and members as on
    the day ``put`` takes effect (a grant put right in the past is widened from
    then on), as registered then, read through ``history``. The actor is a
    member when their text is a member's key, name, or name and key as the
    ledger writes them; not a post, which more than one may hold.
    """
    before, after = widening
    ways = widened(before, after)
    if not ways:
        return None
    events = history(board_id(after.board))
    board = as_at(events, put.on) or as_at(events)
    if not isinstance(board, Board):  # a delegation is its board's: there is one
        return None
    people = (as_at(history(person_id(key)), put.on) for key in board.members)
    deciding = [p for p in people if isinstance(p, Person) and p.key != after.delegate]
    if any(_is(person, put.actor) for person in deciding):
        return None
    who = ", ".join(sorted(p.key for p in deciding)) or "none"
    return (
        f"the authority {board.label()} delegated ({'; '.join(ways)}), and widening "
        f"a delegation is its board's to decide, as granting it is; {put.actor!r} was no "
        f"member of {board.key} on {put.on.isoformat()} (members then, the delegate aside: "
        f"{who})"
    )


def check_widened_by(
    history: History, put: PuttingRight, widening: tuple[Delegation, Delegation]
) -> None:
    """Refuse ``put`` if it widens a delegation and its actor is no member of its board."""
    why = not_the_boards(history, put, widening)
    if why is None:
        return
    board = widening[1].board
    raise NotABoardMember(
        f"{put.actor!r} may not {put.what} on {widening[1].label()}: it would widen {why}. A "
        f"member of {board} records it (--actor KEY), or {board} delegates the wider authority "
        "at a meeting ('portfolio-ledger authority delegate'). Nothing was written."
    ).naming_fields("actor")


def _is(person: Person, actor: str) -> bool:
    return any(same_name(actor, text) for text in (person.key, person.name, person.label()))


def _later(before: date | None, after: date | None) -> bool:
    """Whether an end (None: none) comes later after than before."""
    if before is None:
        return False
    return after is None or after > before


def _day(day: date | None) -> str:
    return day.isoformat() if day is not None else "none"


WIDENED_DATED_BACK = "widening dated back"
"""The kind of finding: a widening recorded by one no longer on the board, dated back."""


def dated_back(
    history: History, put: PuttingRight, widening: tuple[Delegation, Delegation], recorded: date
) -> str | None:
    """Why ``put``, a widening its actor was a member to record on its day, is suspect; else None.

    Its actor was a member of the board on the day it takes effect, but no longer on the
    day it was recorded (a member stood down since): one who has left the board widens
    its grant by dating the correction back to when they sat on it. It stands, as a
    meeting minuted late does; the audit says so.
    """
    ways = widened(*widening)
    if not ways or recorded <= put.on or not_the_boards(history, put, widening) is not None:
        return None
    later = PuttingRight(put.actor, put.what, recorded)
    if not_the_boards(history, later, widening) is None:
        return None
    board = widening[1].board
    return (
        f"{put.actor!r} widened the authority {board} delegated ({'; '.join(ways)}), dated "
        f"{put.on.isoformat()}, when a member of {board}, but recorded it on "
        f"{recorded.isoformat()}, when no member of it: a widening dated back by one who had "
        f"left the board; check it was decided when its date says, or {board} delegates the "
        "wider authority at a meeting ('portfolio-ledger authority delegate')"
    )
