"""The read models' tables and tracking rows made, mended and tidied as a ledger opens.

:func:`set_up` runs only when something is missing (``Projections._intact`` looks first,
without a lock): it makes what a new ledger lacks, begins again a read model found
incomplete, and forgets what an earlier version kept and this one does not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection, func, select, text

from portfolio_ledger.projections.read_models import OBSOLETE_TABLES
from portfolio_ledger.storage.schema_lock import schema_lock
from portfolio_ledger.storage.search_path import tables_present

if TYPE_CHECKING:
    from portfolio_ledger.projections.runner import Projections

EARLIER = " (made by an earlier version of portfolio-ledger)"
"""Said after the name of a read model an earlier version made, begun again."""
LATER = " (made by a later version of portfolio-ledger)"
"""Said after the name of a read model a later version made (a colleague upgraded first)."""


def rebuilt_warning(name: str, where: str) -> str:
    """What is said of a read model found reset as the ledger opened (``setting_up.set_up``)."""
    why = (
        "made by an earlier version of portfolio-ledger"
        if name.endswith(EARLIER)
        else "made by a later version of portfolio-ledger (which rebuilds it again when it "
        "next opens the ledger)"
        if name.endswith(LATER)
        else "incomplete (a table, its tracking row or its position there was missing)"
    )
    name = name.removesuffix(EARLIER).removesuffix(LATER)
    return f"Warning: the read model {name} was {why}; it is being rebuilt from the events{where}."


def set_up(models: Projections) -> list[str]:
    """Create what is missing; begin again any read model found incomplete.

    A read model whose table is gone, or whose tracking row is gone, cannot
    say what it holds: its tables are dropped and made afresh, its position
    set to 0, and the next catch-up replays it from the first event. Done
    under the schema lock, so a second process opening at once waits and
    then finds everything in place. Returns the names of read models that
    held something before (a new ledger's are just created).
    """
    reset = []
    with schema_lock(models.engine) as connection:
        known = {*models.table_names, *OBSOLETE_TABLES, models.tracking.table.name}
        existing = tables_present(connection, known)  # the first schema's (not checkfirst's)
        if models.tracking.table.name not in existing:
            models.tracking.table.create(connection)
        positions = models.tracking.positions(connection)
        _drop_obsolete(models, connection, existing, positions)
        for projection in models.all:
            present = [t for t in projection.tables if t.name in existing]
            tracked = projection.tracking_key in positions
            if tracked and len(present) == len(projection.tables):
                continue
            other = [] if tracked else other_versions(projection.name, positions)
            held = max(
                positions.get(k, 0) for k in (projection.tracking_key, projection.name)
            ) > 0 or any(
                connection.execute(select(func.count()).select_from(t)).scalar_one()
                for t in present
            )
            for table in present:
                table.drop(connection)
            for table in projection.tables:
                table.create(connection)
            models.tracking.begin_again(connection, projection.tracking_key)
            if held:
                later = any(v > projection.schema_version for v in other)
                reset.append(f"{projection.name}{LATER if later else EARLIER if other else ''}")
    return reset


def other_versions(name: str, positions: dict[str, int]) -> list[int]:
    """The schema versions of ``name`` tracked under another key: bare (0.1) is 1."""
    versions = []
    for key in positions:
        base, _, version = key.partition("@v")
        if base == name:
            versions.append(int(version) if version.isdigit() else 1)
    return versions


def _drop_obsolete(
    models: Projections, connection: Connection, existing: set[str], positions: dict[str, int]
) -> None:
    """Remove read models an earlier version kept and this one does not."""
    current = {p.tracking_key for p in models.all}
    # As an earlier version's catch-ups take them: rows in ``all`` order, then the tables.
    rank = {p.name: i for i, p in enumerate(models.all)}
    stale = sorted(
        (key for key in positions if key not in current),
        key=lambda key: rank.get(key.partition("@")[0], len(rank)),
    )
    models.tracking.forget(connection, stale, _renamed(models, stale, positions))
    quote = models.engine.dialect.identifier_preparer.quote
    for name in OBSOLETE_TABLES & existing:
        connection.execute(text(f"DROP TABLE {quote(name)}"))


def _renamed(models: Projections, stale: list[str], positions: dict[str, int]) -> dict[str, str]:
    """Each stale key of a read model still kept, and the key its row takes: its version's.

    The first of a read model's stale keys only, and only if no row has the new key yet.
    """
    keys = {p.name: p.tracking_key for p in models.all}
    taken, renamed = set(positions), {}
    for key in stale:
        later = keys.get(key.partition("@")[0])
        if later is not None and later not in taken:
            renamed[key] = later
            taken.add(later)
    return renamed
