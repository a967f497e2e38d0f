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

from typing import Any

from eventsourcing_sqlalchemy.recorders import SQLAlchemyTrackingRecorder
from sqlalchemy import Connection, delete, select, update
from sqlalchemy.orm import Session


class ProjectionTracking(SQLAlchemyTrackingRecorder):
    """The library's tracking table, one row per projection, with a race-free position update."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.table = self.tracking_table

    def begin_again(self, connection: Connection, name: str) -> None:
        """Put ``name`` at position 0, making its row if it has none (under the schema lock)."""
        moved = connection.execute(
            update(self.table)
            .where(self.table.c.application_name == name)
            .values(notification_id=0)
        )
        if getattr(moved, "rowcount", 0) != 1:
            connection.execute(self.table.insert().values(application_name=name, notification_id=0))

    def forget(
        self, connection: Connection, names: list[str], renamed: dict[str, str] | None = None
    ) -> None:
        """Remove the rows of projections that are no more (under the schema lock).

        One at a time, in the order given (the order catch-ups claim them): deleted
        in one statement they were locked in the order they lie in the table, and
        an earlier version's catch-up still running deadlocked with the upgrade
        (``tests/reliability/test_upgrade_beside_a_catch_up.py``). A row ``renamed``
        names (an earlier version's key of a read model kept) becomes the new key's, at
        position 0: an update, which the role ``grant`` gives the application may make,
        where a delete it may not (``tests/behaviour/test_upgrade_as_the_granted_role.py``).
        """
        later = renamed or {}
        for name in names:
            row = self.table.c.application_name == name
            if name in later:
                connection.execute(
                    update(self.table)
                    .where(row)
                    .values(application_name=later[name], notification_id=0)
                )
            else:
                connection.execute(delete(self.table).where(row))

    def positions(self, session: Session | Connection) -> dict[str, int]:
        """Every projection's position; a row with none (NULL) is as good as no row.

        The ledger never writes NULL (a read model begun again is at 0). One put
        there behind its back says nothing of what the read model holds, so it is
        begun again like a read model whose tracking row is gone: taken as 0, no
        claim from 0 could ever match it, and every catch-up retried forever.
        """
        rows = session.execute(select(self.table.c.application_name, self.table.c.notification_id))
        return {name: position for name, position in rows if position is not None}

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
