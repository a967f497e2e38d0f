"""A PostgreSQL URL whose search path names no schema this role can use: which, and what to do.

The refusal names the schemas the search path names and the one to create: before, it
said *Create the schema first (CREATE SCHEMA name)*, and an operator who had mistyped the
schema in ``-csearch_path`` was left to find the name in the URL.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from portfolio_ledger.domain.errors import LedgerError
from portfolio_ledger.storage.date_style import keep_iso_dates
from portfolio_ledger.storage.urls import connect_args, describe_url, normalise_url, sqlite_file

NO_SCHEMA = "3F000"
"""PostgreSQL's SQLSTATE when the search path names no schema that exists (invalid_schema_name)."""


@dataclass(frozen=True, slots=True)
class _Searched:
    """What a connection's search path names, as the server reads it."""

    role: str
    quoted_role: str
    names: dict[str, str]
    """Each schema the path names, in order: its name as SQL quotes it where it must."""
    barred: tuple[str, ...]
    """Those that exist but this role may not use (no USAGE privilege), in order."""


def no_schema(url: str, reason: str | None = None) -> str:
    """A PostgreSQL URL whose search path names no schema that exists: what to do.

    Or none this role may use: PostgreSQL leaves a schema the role has no USAGE on out
    of its search path, as if it did not exist, and creating it would fail.
    """
    said = f" (the server says: {reason})" if reason else ""
    searched = _searched(url)
    if searched is not None and searched.barred:
        role, schema = searched.role, searched.barred[0]
        grant = f"GRANT USAGE ON SCHEMA {searched.names[schema]} TO {searched.quoted_role}"
        return (
            f"cannot open the ledger at {describe_url(url)}: the schema {schema} its search "
            f"path names exists, but role {role} may not use it{said}: the role has no USAGE "
            "privilege on it, so the server leaves it out of the search path. Ask the ledger's "
            f"owner to run "
            f"'portfolio-ledger grant {shlex.quote(role)}' (or {grant}), "
            "or connect as a role that may use it"
        )
    named = list(searched.names.items()) if searched is not None else []
    which = f" ({', '.join(name for name, _ in named)})" if named else ""
    create = f"CREATE SCHEMA {named[0][1]}" if named else "CREATE SCHEMA name"
    return (
        f"cannot open the ledger at {describe_url(url)}: no schema its search path names "
        f"exists{which}{said}. Create the schema first ({create}), or name one that exists "
        "(?options=-csearch_path%3Dname in --db or PORTFOLIO_LEDGER_DB)"
    )


def schema_missing(url: str) -> bool:
    """Whether ``url`` is a PostgreSQL server's whose search path names no schema that exists."""
    url = normalise_url(url)
    if sqlite_file(url) is not None or not url.startswith("postgresql"):
        return False
    engine = keep_iso_dates(create_engine(make_url(url), connect_args=connect_args(make_url(url))))
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT current_schema()")).scalar() is None
    except SQLAlchemyError:
        return False  # cannot tell: opening it says why
    finally:
        engine.dispose()


_NAMED = text(
    "SELECT n.name, quote_ident(n.name), s.oid IS NOT NULL "
    "AND NOT has_schema_privilege(s.oid, 'USAGE') "
    "FROM unnest(CAST(:names AS text[])) WITH ORDINALITY AS n(name, place) "
    "LEFT JOIN pg_namespace s ON s.nspname = n.name ORDER BY n.place"
)
"""Each schema named, as SQL quotes it, and whether it exists but this role may not use it."""


def _searched(url: str) -> _Searched | None:
    """What the search path of a connection to ``url`` names; None if the server cannot tell."""
    try:
        parsed = make_url(normalise_url(url))
        engine = keep_iso_dates(create_engine(parsed, connect_args=connect_args(parsed)))
    except (LedgerError, ArgumentError, ValueError, ImportError):
        return None
    try:
        with engine.connect() as connection:
            role, quoted_role, setting = connection.execute(
                text(
                    "SELECT current_user, quote_ident(current_user), current_setting('search_path')"
                )
            ).one()
            names = _search_path(str(setting), str(role))
            rows = connection.execute(_NAMED, {"names": names}).all()
    except SQLAlchemyError:
        return None  # cannot tell: the message for a schema missing stands
    finally:
        engine.dispose()
    return _Searched(
        str(role),
        str(quoted_role),
        {str(name): str(quoted) for name, quoted, _ in rows},
        tuple(str(name) for name, _, barred in rows if barred),
    )


def _search_path(setting: str, role: str) -> list[str]:
    """The schemas a ``search_path`` setting names, in order (``"$user"`` is ``role``)."""
    names = []
    for quoted, plain in re.findall(r'"((?:[^"]|"")*)"|([^,\s"]+)', setting):
        name = quoted.replace('""', '"') if not plain else plain.lower()
        names.append(role if name == "$user" else name)
    return names
