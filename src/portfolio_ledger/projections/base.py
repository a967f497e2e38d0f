"""What a projection is: SQL tables, and how a page of events changes them."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from sqlalchemy import MetaData, Table
from sqlalchemy.orm import Session

from portfolio_ledger.domain.decision import DecisionEvent
from portfolio_ledger.projections.state import ItemState


@dataclass(frozen=True, slots=True)
class Applied:
    """One event at its ledger position, with what it was about and the state it left.

    ``state`` and ``previous`` are the item's state just after and just
    before the event; both are None for events that are not about an item
    (and ``previous`` is None for a proposal).
    """

    position: int
    event: DecisionEvent
    subject: str
    state: ItemState | None = None
    previous: ItemState | None = None


class Projection(ABC):
    """A read model kept in SQL tables and moved forward a page of events at a time."""

    name: ClassVar[str]
    """The projection's name: its tracking key and the name of its main table."""

    def __init__(self, metadata: MetaData, suffix: str = "") -> None:
        self.suffix = suffix
        self.tables = self.define_tables(metadata, suffix)

    @property
    def table(self) -> Table:
        """The main table."""
        return self.tables[0]

    @abstractmethod
    def define_tables(self, metadata: MetaData, suffix: str) -> list[Table]:
        """Define the projection's tables (main table first), names ending in ``suffix``."""

    @abstractmethod
    def apply(self, session: Session, page: Sequence[Applied]) -> None:
        """Change the tables for these events, in ledger order, in the open transaction."""
