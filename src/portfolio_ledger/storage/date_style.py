"""PostgreSQL sessions of the ledger's read times in ISO and text in UTF-8, whatever the server's.

psycopg reads a ``timestamptz`` the server sends as text only in the ISO
style: under another DateStyle (``SQL, DMY``, ``German``, ``Postgres``: a
server's, a database's or a role's setting, or ``-cdatestyle=...`` in the
URL's options) it stopped with "can't parse timestamptz with DateStyle", and
every command that reads a recorded time failed there with an internal error
where SQLite answered. So each connection asks for ISO output as it opens,
after the URL's own options (the last setting of a name wins, and one a
client sends outranks a database's or a role's); the order of day and month
that DateStyle also holds (``DMY``) stays the server's, and the ledger sends
no date it would change. Likewise its client encoding is UTF-8, as a
libpq parameter (which also outranks ``PGCLIENTENCODING``): under ``LATIN1``
an item whose title holds an emoji could be neither read (exit 1) nor
recorded (an internal error), where SQLite takes any text.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import URL

ISO_OUTPUT = "-cDateStyle=ISO"
UTF8 = "UTF8"


def with_iso_dates(url: URL, arguments: dict[str, Any]) -> dict[str, Any]:
    """``arguments`` with libpq's ``options`` (given, else the URL's, then ISO) and UTF-8."""
    said = arguments.get("options", url.query.get("options", ()))
    parts = [said] if isinstance(said, str) else [str(part) for part in said]
    given = [part for part in parts if part.strip()]
    return {**arguments, "options": " ".join([*given, ISO_OUTPUT]), "client_encoding": UTF8}
