"""A PostgreSQL server's time limits on a session, said as the setting to change.

A role, a database or a server may bound how long a statement runs
(``statement_timeout``) and how long a session may sit in a transaction between
statements (``idle_in_transaction_session_timeout``) or between transactions
(``idle_session_timeout``). A command of the ledger's that meets one is ended by
the server: before, the user read *the database failed: canceling statement due to
statement timeout ... check the database and re-run the command*, or, while the
ledger opened, *Check the URL ... that it is running and reachable*, where running it
again fails the same way and the server was reachable. Now the setting is named,
with the fix: a longer limit for the ledger's role, or none in the URL's options.

Known by the error's SQLSTATE where it is the limit's own (``25P03``, ``57P05``),
so a server whose messages are in another language (``lc_messages``) is
answered alike; a cancelled statement (``57014``) is the statement timeout's
only by its English words, as an administrator's cancel gives the same code:
in other words, both are named.
"""

from __future__ import annotations

_OWN_CODES = {"25P03": "due to idle-in-transaction timeout", "57P05": "due to idle-session timeout"}
"""The SQLSTATEs that are a time limit's own, by the English words the limit ends with."""
CANCELLED = "57014"
"""query_canceled: the statement timeout's, or an administrator's cancel (pg_cancel_backend)."""

_LIMITS = {
    "due to statement timeout": (
        "statement_timeout",
        (
            "it ends a statement that runs longer (the ledger's rebuilds, imports, exports and "
            "reports of a large ledger run for seconds; a statement waiting for a lock counts)"
        ),
    ),
    "due to idle-in-transaction timeout": (
        "idle_in_transaction_session_timeout",
        (
            "it ends a session whose transaction waits longer between statements (a command "
            "works between its reads: opening the ledger, making a report, writing to a pipe "
            "that is not read)"
        ),
    ),
    "due to idle-session timeout": (
        "idle_session_timeout",
        "it ends a session that waits longer between transactions",
    ),
}


def server_time_limit(
    reason: str, written: str, user: str | None, sqlstate: str | None = None
) -> str | None:
    """Which time limit of the server's ended the command, and the fix; None if none did.

    ``written`` says what became of the command's writes ("Nothing more was written");
    ``user`` is the role the URL connects as, if it names one; ``sqlstate`` the error's.
    """
    said = reason.lower()
    role = f'"{user}"' if user else "ROLE"
    for words, (setting, rule) in _LIMITS.items():
        if words in said or _OWN_CODES.get(sqlstate or "") == words:
            return (
                f"{reason}: the PostgreSQL server's {setting} (set for the server, this "
                f"database or this role, or in the URL's options) ended the command: {rule}. "
                f"{written}. Give the ledger's role a longer one (ALTER ROLE {role} SET "
                f"{setting} = '10min', or 0 for none) or set it in the URL "
                f"(?options=-c{setting}%3D0), and run the command again."
            )
    if sqlstate == CANCELLED:
        return (
            f"{reason}: the PostgreSQL server cancelled the command's statement (SQLSTATE "
            f"{CANCELLED}): its statement_timeout ended it, or an administrator cancelled it "
            f"(pg_cancel_backend). {written}. If it was the time limit, give the ledger's "
            f"role a longer one (ALTER ROLE {role} SET statement_timeout = '10min', or 0 for "
            "none) or set it in the URL (?options=-cstatement_timeout%3D0); then run the "
            "command again."
        )
    return None
