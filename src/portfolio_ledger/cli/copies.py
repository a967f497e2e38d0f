"""Commands on an SQLite ledger opened read-only that need to write: done on a copy of it.

A dry run writes and rolls back; a view reads the read models, which must
first be written where they are behind the events or were made by an earlier
version. On a ledger opened read-only (``mode=ro``, ``immutable=1``, a file
this user may not write) each works on a copy taken now with SQLite's backup,
in a temporary folder removed afterwards, and says so; the ledger is only
read. See storage/read_only_copy.py.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
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
    from portfolio_ledger.storage.datastore import holds_ledger
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


@contextmanager
def _on_a_copy(
    context: LedgerContext, path: Path, purpose: Purpose, say: Callable[[str], None]
) -> Iterator[LedgerContext]:
    """A context on a copy of the ledger at ``path`` (``context`` where it cannot be read)."""
    from portfolio_ledger.application.errors import DatabaseUnavailable
    from portfolio_ledger.cli.context import LedgerContext
    from portfolio_ledger.storage.read_only_copy import copy_of, no_room

    try:
        made = tempfile.TemporaryDirectory(prefix="portfolio-ledger-copy-")
    except OSError as error:  # no temporary folder this user may write
        tried = None if error.filename is None else Path(error.filename).parent
        raise DatabaseUnavailable(no_room(path, None, tried, str(error), purpose)) from None
    with made as folder:
        copy = copy_of(context.named_url(), path, Path(folder), say, purpose)
        if copy is None:  # unreadable: the ledger itself says why
            yield context
            return
        scratch = LedgerContext(db=f"sqlite:///{copy}", adopt=context.adopt)
        try:
            yield scratch
        finally:
            scratch.close()
