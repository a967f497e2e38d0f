"""A read the server refused because the role may not read a table of the ledger's.

A role given SELECT alone (a reader, an auditor) reads the ledger; where it lacks
SELECT on a table (never granted it, or a read model rebuilt since: the rebuild
makes fresh tables, with the privileges the schema's defaults give them), the
refusal was said as "this connection may not write to the database ... so nothing
can be recorded through it", for a command that records nothing.
"""

from __future__ import annotations

_READS = ("SELECT", "WITH")


def refused_read(error: BaseException, first: str) -> str | None:
    """What to say of ``error`` if it refused a read of a table (else None)."""
    if "permission denied for table" not in first.lower() or not _a_read(error):
        return None
    return (
        f"this connection's role may not read a table of the ledger's ({first}), so this "
        "command cannot answer; nothing was written. Ask the ledger's owner to grant the role "
        "SELECT on the ledger's tables, with default privileges for the tables the read "
        "models' owner makes when it rebuilds them (docs/verification.md, \"Least privilege "
        'on PostgreSQL", a role that reads)'
    )


def _a_read(error: BaseException) -> bool:
    """Whether the statement refused (SQLAlchemy keeps it) reads: a SELECT or a share lock."""
    seen: BaseException | None = error
    while seen is not None:
        statement = getattr(seen, "statement", None)
        if isinstance(statement, str):
            words = statement.lstrip().upper()
            return words.startswith(_READS) or (
                words.startswith("LOCK TABLE") and words.endswith("IN ACCESS SHARE MODE")
            )
        seen = seen.__cause__
    return False


def cannot_keep_checkpoints(recorder: object) -> str | None:
    """Why a PostgreSQL connection could not keep a checkpoint signed now (None if it could).

    A role given SELECT alone (an auditor), a read-only transaction or a standby. An
    export that found a signing key at hand tried to sign one and was refused
    whole; an SQLite ledger opened read-only was already told apart by its URL.
    """
    from sqlalchemy import text
    from sqlalchemy.engine import Engine

    from portfolio_ledger.storage.recorder import LedgerRecorder

    assert isinstance(recorder, LedgerRecorder)
    engine = recorder.datastore.engine
    if not isinstance(engine, Engine) or engine.dialect.name != "postgresql":
        return None
    with engine.connect() as connection:
        insert, read_only, standby = connection.execute(
            text(
                "SELECT has_table_privilege(:table, 'INSERT'), "
                "current_setting('transaction_read_only') = 'on', pg_is_in_recovery()"
            ),
            {"table": recorder.checkpoints_table.name},
        ).one()
    why = ("a standby server" if standby else "a read-only transaction" if read_only else None) or (
        None if insert else "its role may not insert checkpoints"
    )
    return None if why is None else f"this connection may not write to the ledger ({why})"
