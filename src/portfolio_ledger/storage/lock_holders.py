"""The PostgreSQL sessions in a command's way, as a refusal names them.

Each is named by its process, user, program, state (since when, its last query)
and what it holds (the tables, or a lock of the ledger's), so that whoever reads
the refusal can tell another portfolio-ledger command from a report tool or an
administrator's session left in a transaction.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any


def described(rows: Any, untabled: str, doing: str = "holding") -> tuple[str, list[int]]:
    """The sessions of ``rows`` (a row a lock), each named with what it holds; their processes.

    ``doing`` is what each does with its tables: holding them, or waiting to take them.
    """
    by_process: dict[int, list[Any]] = {}
    for row in rows:
        by_process.setdefault(row["pid"], []).append(row)
    named = "; ".join(_holder(held, untabled, doing) for held in by_process.values())
    return named, sorted(by_process)


def _holder(held: list[Any], untabled: str, doing: str) -> str:
    """One session in the way: its process, user, program, state, and what it holds."""
    row = held[0]
    tables = [r["what"] for r in held if r["what"]]
    what = [f"the table{'s' if len(tables) > 1 else ''} {', '.join(tables)}"] if tables else []
    if any(not r["what"] for r in held):
        what.append(untabled)
    program = f", {row['application_name']}" if row["application_name"] else ""
    return (
        f"PostgreSQL process {row['pid']} (user {row['usename']}{program}; "
        f"{_doing(row)}), {doing} {' and '.join(what)}"
    )


_HIDDEN = "<insufficient privilege>"
"""What pg_stat_activity shows for another user's session's query, unless the role may see it."""


def _doing(row: Any) -> str:
    """What the session is doing: its state, since when, and its last query; or who may see it."""
    if row["query"] == _HIDDEN:
        return (
            f"role {row['me']} may not see what that session is doing: PostgreSQL shows another "  # noqa: S608 - words, not SQL run
            "user's state and query only to a superuser or a member of pg_read_all_stats; "
            "an administrator can see them with SELECT state, xact_start, query FROM "
            f"pg_stat_activity WHERE pid = {row['pid']}"
        )
    started = row["xact_start"]
    since = f" since {started.astimezone(UTC):%Y-%m-%d %H:%M:%S}Z" if started else ""
    query = f", last query {row['query']!r}" if row["query"] else ""
    return f"{row['state'] or 'state unknown'}{since}{query}"
