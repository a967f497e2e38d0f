"""The Merkle tree's table: one row per position, read by stored hash index, grown under the lock.

Appending grows the tree in the events' own transaction (see the recorder);
this half reads it for roots and proofs, and builds it once for a ledger
recorded before it had one. The layout is :mod:`portfolio_ledger.application.tree`'s.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import islice
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import ARRAY, BigInteger, LargeBinary, Table, bindparam, func, insert, select
from sqlalchemy.orm import Session

from portfolio_ledger.application.chain import GENESIS, ChainedEvent, next_link
from portfolio_ledger.application.errors import ChainBroken
from portfolio_ledger.application.ports import Head, TreeBuilt
from portfolio_ledger.application.tree import HASH_SIZE, Frontier, hashes_in_row, row_of
from portfolio_ledger.storage.chain_reader import ChainReading
from portfolio_ledger.storage.many_rows import insert_many_rows

BUILD_PAGE = 5000
"""Events read at a time while building the tree."""
ROWS_PER_STATEMENT = 500
"""Tree rows sent in one INSERT (all in the one transaction)."""
UNNEST_ROWS = 5000
"""Tree rows sent in one INSERT on PostgreSQL, as two arrays."""
_TREE_SIZE = "portfolio_ledger_tree_size"
_Row = TypeVar("_Row")


class TreeStoring(ChainReading):
    """The tree-keeping half of the recorder (see :class:`TreeStore`)."""

    tree_table: Table
    checkpoints_table: Table
    store_tree: bool
    """Whether appends grow the tree (only benchmarks turn it off, to measure its cost)."""

    if TYPE_CHECKING:

        def _claim(self, session: Session) -> Head:
            """The recorder's: take the append lock; the head."""

    # -- reading ---------------------------------------------------------------------

    def read_hashes(self, indexes: Sequence[int]) -> list[bytes]:
        """The stored hashes at these stored hash indexes, in order; any missing left out."""
        places = [row_of(index) for index in indexes]
        wanted = sorted({position for position, _ in places})
        table = self.tree_table
        query = select(table.c.position, self.as_stored(table.c.hashes))
        query = query.where(table.c.position.in_(wanted))
        with self.transaction(commit=False) as session:
            rows = {int(position): bytes(blob) for position, blob in session.execute(query)}
        found = []
        for position, place in places:
            blob = rows.get(position)
            # A row of the wrong length was not written by the ledger: read none of it.
            if blob is not None and len(blob) == HASH_SIZE * hashes_in_row(position):
                found.append(blob[HASH_SIZE * place : HASH_SIZE * (place + 1)])
        return found

    def tree_size(self) -> int:
        """How many leaves the stored tree has: its last row's position (0 if none)."""
        with self.transaction(commit=False) as session:
            return self._stored_tree_size(session)

    def tree_span(self, upto: int | None = None) -> tuple[int | None, int | None, int]:
        """The lowest and highest positions the tree holds a row at (to ``upto``), and how many."""
        column = self.tree_table.c.position
        query = select(func.min(column), func.max(column), func.count())
        if upto is not None:
            query = query.where(column <= upto)
        with self.transaction(commit=False) as session:
            lowest, highest, count = session.execute(query).one()
        return lowest, highest, int(count)

    def _kept_a_checkpoint(self, session: Session) -> bool:
        table = self.checkpoints_table
        return session.execute(select(table.c.tree_size).limit(1)).first() is not None

    def _stored_tree_size(self, session: Session) -> int:
        return int(session.execute(select(func.max(self.tree_table.c.position))).scalar() or 0)

    def _tree_at(self, session: Session, position: int) -> Frontier | None:
        """The tree grown to ``position``, ready to append to; None if it does not reach there."""
        size = self._stored_tree_size(session)
        session.info[_TREE_SIZE] = size
        if not self.store_tree or size != position:
            return None
        return Frontier.read(size, self)

    def _refuse_a_broken_tree(self, session: Session, head: Head) -> None:
        """A tree that is neither absent (not built yet) nor at the head was changed outside.

        Absent, it was deleted if a checkpoint was kept: only a tree gives the root it signs.
        """
        size = session.info.get(_TREE_SIZE, 0)
        if head.tree is not None or not self.store_tree:
            return
        if not size and head.position and self._kept_a_checkpoint(session):
            raise ChainBroken(
                "the ledger's Merkle tree has no rows, but it keeps checkpoints signed over "
                "the tree's root, so the tree was deleted outside portfolio-ledger; nothing "
                "was written. 'portfolio-ledger audit verify' reports it; 'portfolio-ledger "
                "audit tree build' makes the tree again from the verified events."
            )
        if size:
            raise ChainBroken(
                f"the ledger's Merkle tree ends at position {size:,} but its events run to "
                f"{head.position:,}, so the record was changed outside portfolio-ledger; "
                "nothing was written. Run 'portfolio-ledger audit verify' to find where, and "
                "see docs/verification.md."
            )

    # -- building --------------------------------------------------------------------

    def build_tree(self, progress: Callable[[int, int], None] | None = None) -> TreeBuilt:
        """Extend the tree to the last event, under the append lock, from the verified chain."""
        with self.transaction(commit=True) as session:
            head = self._claim(session)
            size = self._stored_tree_size(session)
            if size > head.position:
                raise ChainBroken(
                    f"the ledger's Merkle tree holds position {size:,}, after its last event "
                    f"({head.position:,}): it was written outside portfolio-ledger. Run "
                    "'portfolio-ledger audit verify' and see docs/verification.md."
                )
            frontier = Frontier.read(size, self)
            link = self._link_at(size)
            after = size
            while after < head.position:
                page = self.select_chained(after, min(BUILD_PAGE, head.position - after))
                rows: list[tuple[int, bytes]] = []
                for event in page:
                    link = _verified_link(event, after + 1, link)
                    rows.append((event.position, b"".join(frontier.append(event.record()))))
                    after = event.position
                if not page:
                    raise ChainBroken(_no_event(after + 1))
                self._insert_tree_rows(session, rows)
                if progress is not None:
                    progress(after, head.position)
            head.tree = frontier
            session.info[_TREE_SIZE] = after
        return TreeBuilt(size, after)

    def _insert_tree_rows(
        self, session: Session, rows: Sequence[tuple[int, bytes | bytearray]]
    ) -> None:
        """Insert tree rows in the open transaction, at the least cost per row each database allows.

        PostgreSQL runs an executemany as one INSERT per row; unnesting two
        arrays inserts thousands in one statement. On SQLite the rows (plain
        ints and bytes) go to the driver as they are, many rows an INSERT
        (``many_rows``), without SQLAlchemy's per-row parameter processing,
        which cost more than the insert itself (see bench/tree_append.py).
        """
        table = self.tree_table
        dialect = session.get_bind().dialect
        if not rows:
            return
        if dialect.name != "postgresql":
            quoted = dialect.identifier_preparer.quote(table.name)
            insert_many_rows(session.connection(), quoted, ("position", "hashes"), rows)
            return
        arrays = select(
            func.unnest(bindparam("positions", type_=ARRAY(BigInteger()))),
            func.unnest(bindparam("hashes", type_=ARRAY(LargeBinary()))),
        )
        statement = insert(table).from_select(["position", "hashes"], arrays)
        for chunk in _chunks(rows, UNNEST_ROWS):
            session.execute(
                statement, {"positions": [p for p, _ in chunk], "hashes": [h for _, h in chunk]}
            )

    def _link_at(self, position: int) -> bytes:
        if position == 0:
            return GENESIS
        links = self.select_links(position, position)
        if not links or links[0].position != position:
            raise ChainBroken(_no_event(position))
        return links[0].link


def _verified_link(event: ChainedEvent, expected: int, previous: bytes) -> bytes:
    """The event's link, if it is the event the chain linked at ``expected``; else a refusal."""
    if event.position != expected:
        raise ChainBroken(_no_event(expected))
    link = next_link(previous, event.record())
    if not event.is_linked_here or event.link != link.hex():
        raise ChainBroken(
            f"the event at position {expected:,} does not match the hash chain's link there, "
            "so the tree (which is built only over a chain that verifies) was not built; "
            "nothing was written. Run 'portfolio-ledger audit verify' to see what is wrong."
        )
    return link


def _no_event(position: int) -> str:
    return (
        f"no event or chain record is where the chain says position {position:,} is, so the "
        "tree was not built; nothing was written. Run 'portfolio-ledger audit verify'."
    )


def _chunks(rows: Sequence[_Row], size: int = ROWS_PER_STATEMENT) -> Iterator[list[_Row]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk
