"""How far each projection has read, moved only by a conditional update.

eventsourcing-sqlalchemy's tracking recorder checks for a position and then
writes it, so two processes catching up the same projection can both apply
an event. Here a projection claims a page of events with one UPDATE that
succeeds only if its position is still the one it read; on PostgreSQL the
row lock makes the loser wait and then find the position moved, on SQLite
the database write lock does the same. The claim is the first write of the
transaction that writes the projection's rows, so both commit or neither.
"""

from __future__ import annotations

from typing import Any, cast

from eventsourcing.persistence import IntegrityError, Tracking
from eventsourcing_sqlalchemy.recorders import SQLAlchemyTrackingRecorder
from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError as SAIntegrityError
from sqlalchemy.orm import Session

from portfolio_ledger.application.persistence import create_tables


class ProjectionTracking(SQLAlchemyTrackingRecorder):
    """The library's tracking table, one row per projection, with a race-free position update."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.table = self.tracking_table

    def create_table(self) -> None:
        """Create the tracking table if need be, even with other processes doing the same."""
        assert self.datastore.engine is not None
        create_tables(cast(Engine, self.datastore.engine), [*self.tables, self.tracking_table])

    def ensure(self, names: list[str]) -> None:
        """Give each projection a row at position 0 if it has none."""
        with self.transaction(commit=False) as session:
            missing = [name for name in names if name not in self.positions(session)]
        for name in missing:
            try:
                with self.transaction(commit=True) as session:
                    session.execute(
                        self.table.insert().values(application_name=name, notification_id=0)
                    )
            except (SAIntegrityError, IntegrityError):
                pass  # another process made it first: the same row either way

    def positions(self, session: Session) -> dict[str, int]:
        """Every projection's position."""
        rows = session.execute(select(self.table.c.application_name, self.table.c.notification_id))
        return {name: position or 0 for name, position in rows}

    def claim(self, session: Session, name: str, expected: int, new: int) -> bool:
        """Move ``name`` from ``expected`` to ``new``; False if someone else moved it."""
        result = session.execute(
            update(self.table)
            .where(self.table.c.application_name == name)
            .where(self.table.c.notification_id == expected)
            .values(notification_id=new)
        )
        return bool(getattr(result, "rowcount", 0) == 1)

    def reset(self, session: Session, name: str, position: int) -> None:
        """Set ``name``'s position outright (used when a rebuilt model is swapped in)."""
        session.execute(
            update(self.table)
            .where(self.table.c.application_name == name)
            .values(notification_id=position)
        )

    def _insert_tracking(self, session: Session, tracking: Tracking) -> None:
        # The library's own entry point, made safe: advance only forwards, in
        # one statement, so a concurrent writer cannot slip in between.
        result = session.execute(
            update(self.table)
            .where(self.table.c.application_name == tracking.application_name)
            .where(self.table.c.notification_id < tracking.notification_id)
            .values(notification_id=tracking.notification_id)
        )
        if getattr(result, "rowcount", 0) != 1:
            raise IntegrityError(
                f"{tracking.application_name} is already at or past {tracking.notification_id}"
            )
