"""PostgreSQL sessions of the ledger's read their times in ISO, whatever the server's DateStyle.

psycopg reads a ``timestamptz`` the server sends as text only in the ISO
style: under another (``SQL, DMY``, ``German``, ``Postgres``: a server's,
a database's or a role's setting, or ``-cdatestyle=...`` in the URL's
options) it stops with "can't parse timestamptz with DateStyle", and every
command that reads a recorded time failed there with an internal error
where SQLite answered. So each connection asks for ISO output as it opens,
after the URL's own options (the last setting of a name wins, and one a
client sends outranks a database's or role's); the order of day and month
that DateStyle also holds (``DMY``) is the server's still, and the ledger
sends no date it would change.
"""

from __future__ import annotations

from sqlalchemy.engine import URL

ISO_OUTPUT = "-cDateStyle=ISO"


def with_iso_dates(url: URL, given: object = None) -> str:
    """The connection's libpq ``options``: those given (else the URL's), then ISO output."""
    said = given if given is not None else url.query.get("options", ())
    parts = [said] if isinstance(said, str) else [str(part) for part in said]  # type: ignore[attr-defined]
    return " ".join([*(part for part in parts if part.strip()), ISO_OUTPUT])
