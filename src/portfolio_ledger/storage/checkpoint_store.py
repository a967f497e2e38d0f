"""The checkpoints the ledger signed, and its settings: both kept as rows that are never changed.

A setting is changed by adding its next revision, so the table keeps who
asked for what when, and the ledger's role needs only INSERT and SELECT on
it, as on the checkpoints.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, func, insert, select

from portfolio_ledger.application.ports import AppendHook, IssuedCheckpoint

if TYPE_CHECKING:
    from eventsourcing_sqlalchemy.datastore import Transaction
    from sqlalchemy.orm import Session

    from portfolio_ledger.application.ports import Head


class CheckpointKeeping:
    """The checkpoint- and settings-keeping half of the recorder (see :class:`CheckpointStore`)."""

    checkpoints_table: Table
    settings_table: Table
    appended_hook: AppendHook | None = None

    if TYPE_CHECKING:

        def transaction(self, commit: bool = True) -> Transaction:
            """The recorder's: a transaction on the ledger's database."""

        def _claim(self, session: Session) -> Head:
            """The recorder's: take the append lock; the head."""

    def keep_checkpoint(self, checkpoint: IssuedCheckpoint) -> IssuedCheckpoint:
        """Keep a checkpoint (in the open transaction, if any); the one kept if already there."""
        table = self.checkpoints_table
        with self.transaction(commit=True) as session:
            kept = session.execute(
                select(table).where(
                    table.c.tree_size == checkpoint.tree_size, table.c.key_id == checkpoint.key_id
                )
            ).first()
            if kept is not None:
                return _issued(kept)
            session.execute(
                insert(table).values(
                    tree_size=checkpoint.tree_size,
                    key_id=checkpoint.key_id,
                    note=checkpoint.note,
                    issued_at=checkpoint.issued_at,
                )
            )
        return checkpoint

    def issued_checkpoints(self, key_id: str | None = None) -> list[IssuedCheckpoint]:
        """The checkpoints kept (by this key, if given), smallest tree first."""
        table = self.checkpoints_table
        query = select(table).order_by(table.c.tree_size, table.c.key_id)
        if key_id is not None:
            query = query.where(table.c.key_id == key_id)
        with self.transaction(commit=False) as session:
            return [_issued(row) for row in session.execute(query)]

    def latest_checkpoint(
        self, key_id: str | None = None, upto: int | None = None
    ) -> IssuedCheckpoint | None:
        """The checkpoint kept with the largest tree (by this key, of at most ``upto`` events)."""
        table = self.checkpoints_table
        query = select(table).order_by(table.c.tree_size.desc()).limit(1)
        if key_id is not None:
            query = query.where(table.c.key_id == key_id)
        if upto is not None:
            query = query.where(table.c.tree_size <= upto)
        with self.transaction(commit=False) as session:
            row = session.execute(query).first()
        return None if row is None else _issued(row)

    def setting(self, name: str) -> str | None:
        """A setting's current value: its latest revision's, if it was ever set."""
        table = self.settings_table
        query = (
            select(table.c.value)
            .where(table.c.name == name)
            .order_by(table.c.revision.desc())
            .limit(1)
        )
        with self.transaction(commit=False) as session:
            value = session.execute(query).scalar()
        return None if value is None else str(value)

    def change_setting(self, name: str, value: str) -> None:
        """Set a setting: its next revision, kept beside the earlier ones.

        Under the append lock, so two changes at once take the next revisions
        in turn (each read apart, both took the same one, and the second
        failed on the table's key with the driver's words).
        """
        table = self.settings_table
        with self.transaction(commit=True) as session:
            self._claim(session)
            latest = session.execute(
                select(func.max(table.c.revision)).where(table.c.name == name)
            ).scalar()
            session.execute(
                insert(table).values(
                    name=name,
                    revision=int(latest or 0) + 1,
                    value=value,
                    changed_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                )
            )

    def when_appended(self, hook: AppendHook | None) -> None:
        """Call ``hook`` in each appending transaction, after its events are appended."""
        self.appended_hook = hook


def _issued(row: Any) -> IssuedCheckpoint:
    return IssuedCheckpoint(
        tree_size=int(row.tree_size), key_id=row.key_id, note=row.note, issued_at=row.issued_at
    )
