"""How the read side gets at the read models: plainly while current, else through the ledger.

Each question is read in a transaction of its own, one snapshot of the read
models. A command that asks several and puts the answers together (the
items and what may be open on them, then their records) asks them within
:meth:`ReadAccess.one_read`: else another process could record, and catch
the read models up, between two of them, and the answer be of two records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING, Self

from portfolio_ledger.projections.unreadable import checked_values

if TYPE_CHECKING:
    from portfolio_ledger.application.ledger import PortfolioLedger
    from portfolio_ledger.projections.read_models import (
        CurrentReadModels,
        Reading,
        ReadModelTables,
    )
    from portfolio_ledger.projections.runner import Progress, Projections

Opener = Callable[[], "tuple[PortfolioLedger, Projections]"]
"""Opens the ledger and its read models (the write stack) when a question needs them."""


class ReadAccess:
    """The ledger and its read models, opened only for a question that needs them.

    Made with :meth:`deferred`, read models found current are read with
    SQLAlchemy Core alone.
    """

    _held: tuple[Reading, ReadModelTables] | None = None
    """The read every question is answered from, within :meth:`one_read`."""

    def __init__(
        self,
        ledger: PortfolioLedger,
        models: Projections,
        *,
        catching_up: Callable[[str], AbstractContextManager[Progress | None]] | None = None,
    ) -> None:
        self._opened: tuple[PortfolioLedger, Projections] | None = (ledger, models)
        self._open: Opener | None = None
        self._current: CurrentReadModels | None = None
        self._catching_up = catching_up
        """Shows the first catch-up's progress (a long backlog, after an import, say)."""

    @classmethod
    def deferred(
        cls,
        open_ledger: Opener,
        current: CurrentReadModels | None,
        *,
        catching_up: Callable[[str], AbstractContextManager[Progress | None]] | None = None,
    ) -> Self:
        """A read side that reads ``current`` read models plainly, opening the ledger if need be."""
        reader = cls.__new__(cls)
        reader._opened, reader._open, reader._current = None, open_ledger, current
        reader._catching_up = catching_up
        return reader

    @property
    def ledger(self) -> PortfolioLedger:
        """The ledger application (opened now if it was not)."""
        return self._full()[0]

    @property
    def models(self) -> Projections:
        """The read models with their runner (the ledger opened now if it was not)."""
        return self._full()[1]

    def _full(self) -> tuple[PortfolioLedger, Projections]:
        if self._opened is None:
            assert self._open is not None
            self._opened = self._open()
        return self._opened

    @contextmanager
    def one_read(self, *, replaying: bool = False) -> Iterator[None]:
        """Every question the block asks of the read models answered from one snapshot of them.

        Current read models, read plainly; else caught up first, as for any question.
        A block within another reads the outer one's snapshot. ``replaying``: the block
        also reads events through the ledger (items replayed at a moment); the ledger is
        opened first, and the snapshot taken in its transaction, which those reads join.
        """
        if self._held is not None:
            yield
            return
        if replaying:
            self._full()  # read plainly, the events would be read on a connection of their own
        with self._reading() as held:
            self._held = held
            try:
                yield
            finally:
                self._held = None

    @contextmanager
    def _reading(self) -> Iterator[tuple[Reading, ReadModelTables]]:
        """The read models, caught up (the first time with its progress shown), and their tables.

        Within :meth:`one_read`, its snapshot. Else read plainly while the ledger is
        not open and they are current; else through the ledger, which catches them up first.
        """
        if self._held is not None:
            yield self._held
            return
        if self._opened is None and self._current is not None:
            with self._current.reading() as connection, checked_values():
                if connection is not None:
                    yield connection, self._current.tables
                    return
        models = self.models
        if self._catching_up is not None:
            with self._catching_up("Catching up read models") as advance:
                models.catch_up(advance)
            self._catching_up = None
        with models.reading() as session, checked_values():
            yield session, models
