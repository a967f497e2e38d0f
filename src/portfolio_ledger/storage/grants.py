"""Least privilege on PostgreSQL: the application's role appends events, never changes them."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Engine

from portfolio_ledger.application.errors import LeastPrivilegeError
from portfolio_ledger.storage.recorder import LedgerRecorder
from portfolio_ledger.storage.urls import is_postgres, normalise_url


def refuse_unless_postgres(url: str) -> None:
    """Grants are for PostgreSQL; say what protects an SQLite ledger instead."""
    if not is_postgres(normalise_url(url)):
        raise LeastPrivilegeError(
            "grants are for a PostgreSQL ledger; an SQLite ledger is one file, protected by "
            "its file permissions (let only the ledger's users write to it)."
        )


def plan_grants(recorder: object, role: str, *, kept: list[str], owned: list[str]) -> list[str]:
    """The statements that let ``role`` append to this ledger and keep its read models."""
    assert isinstance(recorder, LedgerRecorder)
    engine = recorder.datastore.engine
    assert isinstance(engine, Engine)
    append_only = [
        recorder.events_table.name,
        recorder.chain_table.name,
        recorder.requests_table.name,
        recorder.tree_table.name,
        recorder.checkpoints_table.name,
        recorder.settings_table.name,
    ]
    return least_privilege_statements(engine, role, append_only=append_only, kept=kept, owned=owned)


def least_privilege_statements(
    engine: Engine, role: str, *, append_only: list[str], kept: list[str], owned: list[str]
) -> list[str]:
    """The SQL that lets ``role`` run the ledger on PostgreSQL without changing its record.

    ``append_only`` tables (the events, chain, tree, checkpoints and settings)
    get SELECT and INSERT only; ``kept`` tables (read-model tracking) also
    UPDATE; ``owned`` tables (read models) pass to the role, which rebuilds
    them by swapping in fresh tables. Refuses a role that does not exist, or that owns the events,
    since grants cannot restrict a table's owner.
    """
    quote = engine.dialect.identifier_preparer.quote
    schema = _check_roles(engine, role, append_only[0])

    def names(tables: list[str]) -> str:
        return ", ".join(f"{quote(schema)}.{quote(table)}" for table in tables)

    who = quote(role)
    return [
        f"GRANT USAGE, CREATE ON SCHEMA {quote(schema)} TO {who}",
        f"REVOKE ALL ON TABLE {names(append_only)} FROM PUBLIC, {who}",
        f"GRANT SELECT, INSERT ON TABLE {names(append_only)} TO {who}",
        f"REVOKE ALL ON TABLE {names(kept)} FROM PUBLIC, {who}",
        f"GRANT SELECT, INSERT, UPDATE ON TABLE {names(kept)} TO {who}",
        *(f"ALTER TABLE {names([table])} OWNER TO {who}" for table in owned),
    ]


def _check_roles(engine: Engine, role: str, events_table: str) -> str:
    """Refuse what grants cannot do; the schema the ledger is in."""
    quote = engine.dialect.identifier_preparer.quote
    with engine.connect() as connection:
        schema, user, superuser = connection.execute(
            text(
                "SELECT current_schema(), current_user, rolsuper FROM pg_roles "
                "WHERE rolname = current_user"
            )
        ).one()
        exists = connection.execute(
            text("SELECT 1 FROM pg_roles WHERE rolname = :role"), {"role": role}
        ).first()
        if exists is None:
            raise LeastPrivilegeError(
                f"no role {role!r} on this server; create it first (e.g. CREATE ROLE "
                f"{quote(role)} LOGIN PASSWORD '...'), then run this again."
            )
        owner = connection.execute(
            text(
                "SELECT tableowner FROM pg_tables WHERE schemaname = :schema AND tablename = :name"
            ),
            {"schema": schema, "name": events_table},
        ).scalar()
        member = connection.execute(
            text("SELECT pg_has_role(current_user, :role, 'MEMBER')"), {"role": role}
        ).scalar()
    if owner is None:
        raise LeastPrivilegeError(
            f"no ledger in schema {schema!r} yet; run 'portfolio-ledger init' as its owner first."
        )
    if user != owner and not superuser:
        raise LeastPrivilegeError(
            f"connected as {user!r}, but only the ledger's owner ({owner!r}) or a superuser "
            "can grant on its tables; connect as the owner (--db) and run this again."
        )
    if owner == role:
        raise LeastPrivilegeError(
            f"{role!r} owns the ledger's tables, and grants cannot restrict an owner. Create "
            "the ledger ('portfolio-ledger init') as another role, and run the application "
            f"as {role!r}."
        )
    if not superuser and not member:
        raise _not_a_member(quote(str(user)), quote(role))
    return str(schema)


def _not_a_member(user: str, role: str) -> LeastPrivilegeError:
    """The owner may not hand the read models' tables to a role it is no member of.

    PostgreSQL lets a table's owner make another role its owner only if it is a
    member of that role (or a superuser). Before, the grant ran, failed at its
    first ALTER TABLE ... OWNER TO, and was said as a connection that may not write.
    """
    return LeastPrivilegeError(
        f"connected as {user}, the ledger's owner, but not a member of role {role}: 'grant' "
        f"makes {role} the owner of the read models' tables (so that it can rebuild them), "
        "and PostgreSQL lets a table pass only to a role its owner is a member of. Have a "
        f"superuser run GRANT {role} TO {user} (or run 'grant' connected as a superuser), "
        "then run this again. Nothing was changed."
    )


def execute_all(engine: Engine, statements: list[str]) -> None:
    """Run statements in one transaction: all take effect or none."""
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))
