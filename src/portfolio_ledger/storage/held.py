"""Whether a database holds a ledger, found without creating anything.

A command that only reads makes no ledger where there is none, and a dry run or
a copy chooses its way by whether the ledger is there: they ask here first.
"""

from __future__ import annotations

from contextlib import suppress
from typing import cast

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from portfolio_ledger.application.errors import DatabaseUnavailable
from portfolio_ledger.storage.datastore import LedgerDatastore
from portfolio_ledger.storage.errors import cannot_open, is_file_held
from portfolio_ledger.storage.search_path import (
    refuse_a_ledger_further_on,
    table_names,
    tables_present,
)
from portfolio_ledger.storage.urls import normalise_url, sqlite_file

LEDGER_EVENTS = "portfolio_ledger_events"
"""The events table's name (a ledger's, unless its recorder is given another)."""


def held_tables(url: str) -> set[str] | None:
    """The tables of the database at ``url``, found without creating anything; None if unknown.

    Where it holds a ledger, the events table's name alone (what the callers ask then:
    whether a ledger is there, or any table); else every table, to say what is there.
    Refuses an SQLite file another process held past the lock timeout (as opening it
    would, after waiting that long again), and a PostgreSQL search path whose first
    schema holds no ledger while a later one does
    (:func:`~portfolio_ledger.storage.search_path.refuse_a_ledger_further_on`).
    """
    url = normalise_url(url)
    path = sqlite_file(url)  # an SQLite URI's (file:PATH?mode=ro) too
    if path is not None:  # a file not there, or empty, holds none (and asking makes none)
        with suppress(OSError):  # else cannot tell (a name too long): opening it says why
            if not path.is_file() or path.stat().st_size == 0:
                return set()
    engine = cast(Engine, LedgerDatastore(url=url).engine)  # given a URL, always an Engine
    try:
        tables = tables_present(engine, [LEDGER_EVENTS])
        if not tables:  # no ledger: every table, to say what is there instead
            tables = table_names(engine)
            refuse_a_ledger_further_on(engine, LEDGER_EVENTS, tables)
    except SQLAlchemyError as error:
        if is_file_held(error):  # waited the lock timeout once: opening would wait it again
            raise DatabaseUnavailable(cannot_open(url, error)) from None
        return None
    finally:
        engine.dispose()
    return tables


def holds_ledger(url: str, events_table: str = LEDGER_EVENTS) -> bool:
    """Whether the database at ``url`` already holds a ledger (:func:`held_tables`)."""
    tables = held_tables(url)
    return tables is None or events_table in tables  # cannot tell: opening it says why
