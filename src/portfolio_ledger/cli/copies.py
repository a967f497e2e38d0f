"""Commands on an SQLite ledger opened read-only that need to write: done on a copy of it.

A dry run writes and rolls back; a view reads the read models, which must
first be written where they are behind the events or were made by an earlier
version. On a ledger opened read-only (``mode=ro``, ``immutable=1``, a file
this user may not write) each works on a copy taken now with SQLite's backup,
in a temporary folder removed afterwards, and says so; the ledger is only
read. See storage/read_only_copy.py.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from portfolio_ledger.application.errors import DatabaseUnavailable
    from portfolio_ledger.cli.context import LedgerContext
    from portfolio_ledger.storage.read_only_copy import Purpose


def copy_for_dry_run(context: LedgerContext) -> AbstractContextManager[LedgerContext] | None:
    """A dry run's context on a copy of the ledger, if it is an SQLite file opened read-only."""
    from portfolio_ledger.storage.read_only_copy import DRY_RUN, read_only_file

    path = read_only_file(context.named_url())
    if path is None:
        return None

    def say(size: str) -> None:
        click.echo(
            f"Note: {path} is opened read-only, so the dry run checks each line against "
            f"a copy of the ledger taken now ({size}, in a temporary folder, removed "
            "afterwards); the ledger is only read.",
            err=True,
        )

    return _on_a_copy(context, path, DRY_RUN, say)


def copy_for_views(context: LedgerContext, kept: ExitStack) -> LedgerContext | None:
    """A view's context on a copy of the ledger, held in ``kept``, if the views need one.

    They do where the ledger is an SQLite file opened read-only and its read models
    must be written before they are read (made by an earlier version, or behind the
    events). Before, such a view was refused, and the user told to copy the ledger by
    hand (a backup made before an upgrade, say).
    """
    from portfolio_ledger.projections.read_models import CurrentReadModels
    from portfolio_ledger.storage.held import holds_ledger
    from portfolio_ledger.storage.read_only_copy import VIEWS, read_only_file

    path = read_only_file(context.named_url())
    if path is None or not holds_ledger(context.named_url()):
        return None  # not read-only, or not a ledger: opening it says what it is
    current = CurrentReadModels.at(context.url)
    if current is None:
        return None
    try:
        with current.reading() as connection:
            if connection is not None:
                return None  # current: read as they are
    finally:
        current.close()

    def say(size: str) -> None:
        click.echo(
            f"Note: {path} is opened read-only, and its read models must be brought up to "
            "date before they can be read (rebuilt after an upgrade, or caught up with its "
            f"events), so this command reads a copy of the ledger taken now ({size}, in a "
            "temporary folder, removed afterwards), brought up to date there; the ledger is "
            "only read. Opened once with write access, the ledger's own read models are "
            "brought up to date and no copy is needed.",
            err=True,
        )

    copy = kept.enter_context(_on_a_copy(context, path, VIEWS, say))
    return None if copy is context else copy


def no_room_in_the_copy(copy: LedgerContext, error: BaseException) -> DatabaseUnavailable | None:
    """A view's error where its copy filled the temporary folder, said so; else None.

    The ledger opened read-only is only read: a database that is full is the copy's (its
    read models brought up to date there, or SQLite's temporary files beside it). Before,
    it read 'the disk holding the ledger is full ... Free some space there', or the
    driver's words alone, of a disk with room on it.
    """
    from portfolio_ledger.application.errors import DatabaseUnavailable
    from portfolio_ledger.storage.read_only_copy import VIEWS, no_room
    from portfolio_ledger.storage.urls import sqlite_file

    why, file = _full(error), sqlite_file(copy.url)
    if why is None or file is None or copy.copy_of is None:
        return None
    return DatabaseUnavailable(no_room(copy.copy_of, None, file.parent.parent, why, VIEWS))


def _full(error: BaseException | None) -> str | None:
    """SQLite's words where ``error`` (or one it was raised from) says the database is full."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        code = getattr(error, "sqlite_errorcode", None)  # sqlite3's errors carry it
        if isinstance(code, int) and code & 0xFF == sqlite3.SQLITE_FULL:
            return str(error)
        error = error.__cause__ or error.__context__
    return None


@contextmanager
def _on_a_copy(
    context: LedgerContext, path: Path, purpose: Purpose, say: Callable[[str], None]
) -> Iterator[LedgerContext]:
    """A context on a copy of the ledger at ``path`` (``context`` where it cannot be read)."""
    from portfolio_ledger.application.errors import DatabaseUnavailable
    from portfolio_ledger.cli.context import LedgerContext
    from portfolio_ledger.storage.read_only_copy import copy_folder, copy_of, no_room

    try:
        made = copy_folder()
    except OSError as error:  # no temporary folder this user may write
        tried = None if error.filename is None else Path(error.filename).parent
        why = error.strerror or str(error)  # the folder is named apart
        raise DatabaseUnavailable(no_room(path, None, tried, why, purpose)) from None
    with made as folder:
        copy = copy_of(context.named_url(), path, Path(folder), say, purpose)
        if copy is None:  # unreadable: the ledger itself says why
            yield context
            return
        scratch = LedgerContext(db=f"sqlite:///{copy}", adopt=context.adopt, copy_of=path)
        try:
            yield scratch
        finally:
            scratch.close()
