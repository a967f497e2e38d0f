"""Read models that need writing on a database this connection may only read.

An auditor is often given a ledger read-only: a copy opened with the SQLite
URI's ``mode=ro``, a file they may not write, a PostgreSQL role with SELECT
alone, a read-only transaction or a standby server. The events are read
without the read models (``audit verify``, ``audit digest``),
so those go on working. The portfolio's views and the audit trail need the
read models: where they must first be written (made by an earlier version and
so rebuilt, or behind the events) the command is refused saying so, and how
to go on. (On an SQLite file the views read a copy instead: cli/copies.py.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, select, text
from sqlalchemy.engine import Connection, Engine

from portfolio_ledger.application.ports import ReadModelError
from portfolio_ledger.projections.status import ProjectionStatus
from portfolio_ledger.storage.errors import first_line
from portfolio_ledger.storage.search_path import table_names

if TYPE_CHECKING:
    from portfolio_ledger.projections.base import Projection
    from portfolio_ledger.projections.runner import Projections

APP = "portfolio-ledger"

_EVENTS_ALONE = (
    "The events are untouched, and 'audit verify' and 'audit digest' read them without the "
    "read models."
)


class ReadModelsUnwritable(ReadModelError):  # noqa: N818 - a finding, named for what it means
    """Read models that must be written first, on a database this connection may not write."""

    def __init__(self, what: str, engine: Engine, error: BaseException) -> None:
        self.what = what
        super().__init__(
            f"cannot use the read models: {what}, and this connection may not write to the "
            f"database ({first_line(error)}). "
            f"{_owned_by_another(engine, error) or _how_to_go_on(engine)}. {_EVENTS_ALONE}"
        )


def _as_found(models: Projections, connection: Connection) -> tuple[set[str], dict[str, int]]:
    """The tables there, and the tracking positions by key."""
    present = table_names(connection)
    tracked = models.tracking.positions(connection) if models.tracking.table.name in present else {}
    return set(present), tracked


def _stale(models: Projections, present: set[str], tracked: dict[str, int]) -> list[str]:
    """The read models that must be rebuilt before use: untracked, or a table missing."""
    return [
        p.name
        for p in models.all
        if p.tracking_key not in tracked or any(t.name not in present for t in p.tables)
    ]


def _made_by(projection: Projection, tracked: dict[str, int]) -> str | None:
    """Which other version made ``projection``'s tables ("an earlier", "a later"); else None."""
    from portfolio_ledger.projections.setting_up import other_versions

    found = other_versions(projection.name, tracked)
    if not found:
        return None
    return "a later" if any(v > projection.schema_version for v in found) else "an earlier"


def status_as_found(models: Projections) -> list[ProjectionStatus]:
    """Each read model as a read-only connection finds it, those to rebuild said so.

    'projections status' shows the read models as they are; before, where one needed
    rebuilding on a connection that may only read, it was refused.
    """
    with models.engine.connect() as connection:
        present, tracked = _as_found(models, connection)
        stale = _stale(models, present, tracked)
        head = models.ledger.event_count()
        found = []
        for p in models.all:
            rows = (
                connection.execute(select(func.count()).select_from(p.table)).scalar_one()
                if p.table.name in present
                else 0
            )
            made = _made_by(p, tracked)
            why = "missing or incomplete" if made is None else f"made by {made} version of {APP}"
            found.append(
                ProjectionStatus(
                    name=p.name,
                    position=tracked.get(p.tracking_key, 0),
                    head=head,
                    rows=int(rows),
                    one_row_per_event=p.one_row_per_event,
                    stale=why if p.name in stale else None,
                )
            )
    return found


def set_up_refused(models: Projections, error: BaseException) -> ReadModelsUnwritable:
    """The read models a read-only connection found missing or made by an earlier version."""
    with models.engine.connect() as connection:
        present, tracked = _as_found(models, connection)
    names = _stale(models, present, tracked)
    made = {_made_by(p, tracked) for p in models.all if p.name in names}
    listed = ", ".join(names) or "the read models"
    why = (
        f"made by {next(iter(made))} version of {APP}"
        if len(made) == 1 and None not in made
        else f"missing or incomplete (or made by another version of {APP})"
        if "a later" in made
        else f"missing or incomplete (or made by an earlier version of {APP})"
    )
    what = (
        f"the read model{'s' if len(names) != 1 else ''} {listed} must be rebuilt from the "
        f"events first ({why})"
    )
    return ReadModelsUnwritable(what, models.engine, error)


def catch_up_refused(
    behind: int | None, engine: Engine, error: BaseException
) -> ReadModelsUnwritable:
    """The read models behind the events, on a connection that may not write them."""
    what = (
        f"the read models are {behind:,} event{'s' if behind != 1 else ''} behind the ledger"
        if behind
        else "the read models are behind the ledger's events"
    )
    return ReadModelsUnwritable(what, engine, error)


def _how_to_go_on(engine: Engine) -> str:
    if engine.url.get_backend_name() == "sqlite":
        return (
            "Open the ledger once with write access (give --db the file's path, sqlite:///PATH, "
            "as a user who may write the file and its folder): any command then brings the "
            "read models up to date. Or back it up to a file of your own (docs/verification.md, "
            '"Backing up and restoring a ledger") and read that'
        )
    return (
        "Connect once as a role that may write the read models (the ledger's owner, or a role "
        "given 'portfolio-ledger grant'), not in a read-only transaction or on a standby: any "
        "command then brings the read models up to date"
    )


def _owned_by_another(engine: Engine, error: BaseException) -> str | None:
    """A granted role refused a read model's table that another role owns: who rebuilt it.

    'grant' makes the application's role the read models' owner; a rebuild by the
    ledger's owner since (or any other role) swapped in fresh tables of its own, and
    the granted role was told to connect as "a role given 'portfolio-ledger grant'":
    itself. None where that is not the case (or cannot be read).
    """
    denied = first_line(error).partition("permission denied for table ")[2].strip()
    if not denied or engine.url.get_backend_name() != "postgresql":
        return None
    try:
        with engine.connect() as connection:
            user, granted, owner = connection.execute(
                text(
                    "SELECT current_user, has_table_privilege('portfolio_ledger_events', "
                    "'INSERT'), (SELECT tableowner FROM pg_tables WHERE schemaname = "
                    "current_schema() AND tablename = :table)"
                ),
                {"table": denied},
            ).one()
    except Exception:  # noqa: BLE001 - only a better hint; the refusal stands as it is
        return None
    if not granted or owner is None or owner == user:
        return None
    return (
        f"The table {denied} is {owner}'s, not {user}'s, which 'portfolio-ledger grant' made "
        f"the read models' owner: {owner} rebuilt the read models since, and a rebuild makes "
        f"fresh tables, owned by whoever runs it. Have the ledger's owner run "
        f"'portfolio-ledger grant {user}' again, and rebuild them as {user} from then on"
    )
