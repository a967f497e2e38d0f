"""The stored Merkle tree, checked against the events as verification walks the chain.

Each event's chain record is its leaf; growing a tree of our own from them
gives, at every position, the row the ledger should have stored there (its
leaf hash and the subtrees it completes) and the root at any size asked for.
A stored row that differs, or is missing where later ones are not, is
reported at its position; a tree with no rows at all is a ledger recorded
before it had one (``audit tree build`` makes it), unless a checkpoint
signs a root, which only a tree gives: then its rows were deleted.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from portfolio_ledger.application.tree import HASH_SIZE, Frontier
from portfolio_ledger.audit.problems import Problem
from portfolio_ledger.domain.counts import events


@dataclass(slots=True)
class TreeWalk:
    """A tree grown from the events alongside the chain walk, compared with the stored one."""

    roots_at: set[int] = field(default_factory=set)
    frontier: Frontier = field(default_factory=Frontier)
    roots: dict[int, bytes] = field(default_factory=dict)
    """The root at each size asked for, once the walk has passed it."""
    rows_end: int | None = None
    """The position after which the stored tree had no row (None while it has had every one)."""
    stored_to: float = math.inf
    """The last position the stored tree held a row at when the walk began: rows after it are
    not looked at. Another process may build the tree (``audit tree build``) while the walk
    reads its pages; its rows, appearing half-way, would look like a gap before them."""

    @classmethod
    def asking(cls, sizes: Iterable[int], stored_to: float = math.inf) -> TreeWalk:
        """A walk that keeps the root at each of these sizes, reading rows to ``stored_to``."""
        walk = cls(roots_at=set(sizes), stored_to=stored_to)
        if 0 in walk.roots_at:  # no event to pass: the tree of none has RFC 6962's empty root
            walk.roots[0] = walk.frontier.root()
        return walk

    @property
    def covered(self) -> int:
        """The positions, from 1, that the stored tree has rows for."""
        return self.frontier.size if self.rows_end is None else self.rows_end

    def step(self, position: int, record: bytes, stored: bytes | None) -> Problem | None:
        """Grow by the event at ``position``; compare with the row stored there, if any."""
        row = self.frontier.append(record)
        if position in self.roots_at:
            self.roots[position] = self.frontier.root()
        if stored is None or position > self.stored_to:
            if self.rows_end is None:
                self.rows_end = position - 1
            return None
        if self.rows_end is not None:
            return _gap(self.rows_end + 1, position)
        expected = b"".join(row)
        if stored == expected:
            return None
        if stored == b"\\x" + expected.hex().encode():
            return Problem(position, "tree stored as text", _AS_TEXT, events_intact=True)
        return Problem(position, "tree altered", _difference(position, stored, row))

    def finish(
        self, last: int, span: tuple[int | None, int | None, int], signed: int = 0
    ) -> Problem | None:
        """After the last event (``last``): stray rows, and a tree that stops short.

        ``signed``: the most events a checkpoint the ledger kept (or one given)
        signs; such a checkpoint was made from the tree, so the tree existed.
        """
        lowest, highest, _ = span
        if self.rows_end == 0 and signed and last:
            return Problem(
                1,
                "not in the tree",
                f"the Merkle tree has no rows, but a checkpoint signs the root of its first "
                f"{events(signed)}, which only a tree gives: its rows were deleted outside "
                "portfolio-ledger ('portfolio-ledger audit tree build' makes them again from "
                "the events, once the chain verifies)",
            )
        if lowest is not None and lowest < 1:
            return Problem(
                lowest,
                "tree altered",
                f"the Merkle tree holds a row at position {lowest:,}, where no event may be "
                "(positions start at 1): it was written behind the ledger's back",
            )
        if highest is not None and highest > last:
            return Problem(
                last + 1,
                "tree altered",
                f"the Merkle tree holds rows up to position {highest:,}, after the last event "
                f"({last:,}): events were removed, or tree rows written behind the ledger's back",
            )
        if self.rows_end is not None and self.rows_end > 0:
            return Problem(
                self.rows_end + 1,
                "not in the tree",
                f"the Merkle tree stops at position {self.rows_end:,} but the events run to "
                f"{last:,}: the events after it were appended without their tree rows, so "
                "outside portfolio-ledger (which writes both in one transaction)",
            )
        return None


_AS_TEXT = (
    "the tree row here holds the text of its hashes' hex escape ('\\x' and two hex digits a "
    "byte), and the hashes it spells are the ones the events give: portfolio-ledger before "
    "2026-12-07 stored its tree rows so on a PostgreSQL server whose "
    "standard_conforming_strings was off (a role's or database's setting), and refused every "
    "decision after; the events are not shown altered. Put the rows in binary with the SQL "
    "in docs/verification.md ('A Merkle tree stored as text'), then verify again"
)
"""An earlier version's rows under standard_conforming_strings=off (storage/date_style.py)."""


def _gap(missing: int, found: int) -> Problem:
    return Problem(
        missing,
        "not in the tree",
        f"the Merkle tree has no row at this position but has one at {found:,}: a tree row "
        "was deleted, or events were inserted behind the ledger's back",
    )


def _difference(position: int, stored: bytes, row: list[bytes]) -> str:
    """Which of the row's hashes differs: the leaf's, or a subtree's (named by its leaves)."""
    if len(stored) != HASH_SIZE * len(row):
        return (
            f"the tree row here holds {len(stored)} bytes where the ledger writes "
            f"{HASH_SIZE * len(row)} ({len(row)} hashes): it was written outside portfolio-ledger"
        )
    for place, hash_ in enumerate(row):
        if stored[HASH_SIZE * place : HASH_SIZE * (place + 1)] != hash_:
            break
    if place == 0:
        return (
            "the stored leaf hash is not the hash of this event's chain record: the event "
            "was changed after the tree was written (with its chain links recomputed, as the "
            "chain alone cannot show), or the tree row was"
        )
    leaves = 1 << place
    return (
        f"the stored hash of the {leaves} leaves ending here (positions "
        f"{position - leaves + 1:,} to {position:,}) is not what those events give: the "
        "tree row was written outside portfolio-ledger"
    )
