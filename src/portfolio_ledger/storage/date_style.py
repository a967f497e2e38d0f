"""PostgreSQL sessions of the ledger's read times in ISO and text in UTF-8, whatever the server's.

psycopg reads a ``timestamptz`` the server sends as text only in the ISO
style: under another DateStyle (``SQL, DMY``, ``German``, ``Postgres``: a
server's, a database's or a role's setting, or ``-cdatestyle=...`` in the
URL's options) it stopped with "can't parse timestamptz with DateStyle", and
every command that reads a recorded time failed there with an internal error
where SQLite answered. So each connection asks for ISO output as it opens,
after the URL's own options (the last setting of a name wins, and one a
client sends outranks a database's or a role's). libpq also sends
``PGDATESTYLE`` from the client's environment, as a setting of its own that the
server applies after every option: so each engine's new connection is also
checked as it opens, and set to ISO if it is not (:func:`keep_iso_dates`). The
order of day and month that DateStyle also holds (``DMY``) stays the server's,
and the ledger sends no date it would change. Likewise its client encoding is UTF-8, as a
libpq parameter (which also outranks ``PGCLIENTENCODING``): under ``LATIN1``
an item whose title holds an emoji could be neither read (exit 1) nor
recorded (an internal error), where SQLite takes any text. A database whose
own encoding is not UTF-8 cannot hold such text at all: no ledger is made there,
and one an older version made there is read and verified but not written to.
Its strings are standard (``standard_conforming_strings`` on, as an option of the
same kind): under ``off`` (an old server's habit, a role's or database's setting)
psycopg escaped each Merkle tree row's bytes once too often, so the ledger stored
the text of the hex escape (66 bytes for 32) and the next command found its tree
rows missing: every decision after the first process was refused. And its
transactions are read committed unless the ledger asks for more
(``default_transaction_isolation``): under a role's ``serializable`` two decisions
recorded at once failed (*could not serialize access*), where the ledger's own append
lock already puts them one after the other.
"""

from __future__ import annotations

import os
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import URL, Connection, Engine

from portfolio_ledger.application.errors import DatabaseUnavailable

ISO_OUTPUT = "-cDateStyle=ISO"
STANDARD_STRINGS = "-cstandard_conforming_strings=on"
READ_COMMITTED = "-cdefault_transaction_isolation=read\\ committed"
"""libpq's options: a space in a value is escaped with a backslash."""
SESSION_OPTIONS = f"{ISO_OUTPUT} {STANDARD_STRINGS} {READ_COMMITTED}"
"""What every connection asks for after the URL's own options (the last setting wins)."""
UTF8 = "UTF8"


def with_iso_dates(url: URL, arguments: dict[str, Any]) -> dict[str, Any]:
    """``arguments`` with libpq's ``options`` (given, else the URL's, then ours) and UTF-8.

    Ours are :data:`SESSION_OPTIONS`: ISO dates, standard strings, read committed.

    With no ``options`` given or in the URL, ``PGOPTIONS``'s, as libpq takes it when it is
    sent none: the ``options`` sent for ISO had it dropped, so ``PGOPTIONS=-csearch_path=
    team_a`` went unheard and a decision made a new ledger in the database's ``public``.
    """
    said = arguments.get("options", url.query.get("options", os.environ.get("PGOPTIONS", "")))
    parts = [said] if isinstance(said, str) else [str(part) for part in said]
    given = [part for part in parts if part.strip()]
    return {**arguments, "options": " ".join([*given, SESSION_OPTIONS]), "client_encoding": UTF8}


def keep_iso_dates(engine: Engine) -> Engine:
    """``engine``, each of whose PostgreSQL connections is in ISO DateStyle as it opens.

    Whatever ``PGDATESTYLE`` says: libpq sends it after the ``options`` that ask for
    ISO, and the server applies it last, so under ``PGDATESTYLE='SQL, DMY'`` every
    command that read a recorded time failed with an internal error.
    """
    if engine.dialect.name == "postgresql":
        event.listen(engine, "connect", _in_iso_dates)
    return engine


def _in_iso_dates(driver_connection: Any, _record: object) -> None:
    """Set a new connection's DateStyle to ISO if the server says it is not (one round trip)."""
    said = driver_connection.info.parameter_status("DateStyle") or ""
    if str(said).upper().startswith("ISO"):
        return
    with driver_connection.cursor() as cursor:
        cursor.execute("SET DateStyle TO ISO")
    driver_connection.commit()  # not undone by the rollback that ends the first use


def refuse_a_database_not_in_utf8(connection: Connection) -> None:
    """Refuse to make a ledger in a PostgreSQL database whose own encoding is not UTF-8.

    Its events are bytes and would be stored, but its read models are text: an
    emoji, or any letter ``LATIN1`` lacks, could never be written there, and every
    later command would say the read models could not catch up. So the ledger's
    tables are not made there at all, and the refusal says how to make one that can.
    """
    encoding = str(connection.execute(text("SHOW server_encoding")).scalar())
    if encoding.upper().replace("-", "") == UTF8:
        return
    name = connection.execute(text("SELECT current_database()")).scalar()
    raise DatabaseUnavailable(
        f"the PostgreSQL database {name} is encoded in {encoding}, which cannot hold every "
        "text a decision may carry (an emoji, most of the world's scripts), so the ledger's "
        "views could not be kept there; nothing was created or written. Keep the ledger in "
        f"a database made in UTF-8: CREATE DATABASE {name}_ledger ENCODING 'UTF8' "
        "TEMPLATE template0"
    )


def refuse_to_record_outside_utf8(connection: Connection) -> None:
    """Refuse to record in a ledger (an older version made) in a database not in UTF-8.

    Its events, bytes, were stored, but a text ``LATIN1`` lacks never reached the
    read models, and from then on they could not catch up: every listing failed
    after a decision recorded with a warning. The server says its encoding as the
    session opens, so asking costs nothing. Reads and ``audit verify`` go on working;
    the refusal says how to move the ledger, the same ledger, to a UTF-8 database.
    """
    driver = connection.connection.driver_connection
    encoding = str(driver.info.parameter_status("server_encoding") or UTF8)  # type: ignore[union-attr]
    if encoding.upper().replace("-", "") == UTF8:
        return
    name, schema = connection.execute(text("SELECT current_database(), current_schema()")).one()
    raise DatabaseUnavailable(
        f"the PostgreSQL database {name} is encoded in {encoding}, which cannot hold every "
        "text a decision may carry (an emoji, most of the world's scripts): a decision "
        "recorded there could leave the ledger's views unable to catch up, so nothing is "
        "recorded in it; nothing was written, and its decisions can still be read and "
        f"verified. {_moved(name, schema)}"
    )


def text_it_cannot_hold(error: BaseException, connection: Connection) -> str | None:
    """Why the read models cannot take a text an older version recorded; None if not that.

    PostgreSQL's ``untranslatable_character`` (22P05): the database is not in UTF-8,
    and an event holds a letter its encoding lacks. Before, every listing said the
    driver's words alone, not that the events are intact nor how to go on.
    """
    seen: BaseException | None = error
    while seen is not None:  # eventsourcing's own errors hold SQLAlchemy's as their cause
        driver = getattr(seen, "orig", None) or seen
        if getattr(driver, "sqlstate", None) == "22P05":
            break
        seen = seen.__cause__
    else:
        return None
    name, schema = connection.execute(text("SELECT current_database(), current_schema()")).one()
    reason = str(driver).splitlines()[0]
    return (
        f"{reason}: the PostgreSQL database {name} is not encoded in UTF-8 and cannot hold a "
        "text recorded in the ledger (by an earlier version, which did not refuse it), so "
        "its views cannot catch up. The events themselves are intact ('portfolio-ledger "
        f"audit verify'). {_moved(name, schema)}: its views catch up there"
    )


def _moved(name: str, schema: str) -> str:
    """How to move the ledger, the same ledger (events and chain unchanged), to UTF-8."""
    return (
        "Move the ledger, as it is, to a database made in UTF-8: CREATE DATABASE "
        f"{name}_ledger ENCODING 'UTF8' TEMPLATE template0, then pg_dump -n {schema} this "
        "database and restore the dump there (docs/verification.md, 'Backing up and "
        "restoring a ledger'), and give --db the new database"
    )
