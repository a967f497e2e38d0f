"""On PostgreSQL, a read model's table another session holds is waited for a bounded time.

A session holding a read model's table against writes in a transaction left
open (``LOCK TABLE``, a ``CREATE INDEX`` not yet committed) used to make a
decision's catch-up, and every read after it, wait for ever, saying nothing;
one holding it exclusively (``ALTER TABLE``, ``VACUUM FULL``) made every read
wait so. Two real sessions force the interleaving: the holder takes the lock
before the commands run, and lets go only after them.
"""

from __future__ import annotations

from sqlalchemy import text

from tests.conftest import Cli
from tests.reliability.test_setup_lock import PERSON, run_beside, session


def test_a_table_held_against_writes_delays_the_read_models_not_the_decision(
    postgres_url: str,
) -> None:
    run = Cli(postgres_url)
    assert run("person", "add", "hc", "--name", "H", "--holds", "Chair", "-m", "R").exit_code == 0
    with session(postgres_url) as holder:
        holder.execute(text("LOCK TABLE audit_trail IN SHARE MODE"))  # as CREATE INDEX takes
        pid = holder.execute(text("SELECT pg_backend_pid()")).scalar_one()

        recorded = run_beside(run, holder, *PERSON)  # before: waited until the holder let go
        trail = run_beside(run, holder, "audit", "trail")

    assert recorded.exit_code == 0, recorded.output
    assert "Recorded zoe" in recorded.stdout
    assert "the read models could not catch up" in recorded.stderr
    assert f"held by PostgreSQL process {pid} " in recorded.stderr
    assert "holding the table audit_trail" in recorded.stderr
    assert run.events() == 2  # the decision stands
    assert trail.exit_code == 1, trail.output
    assert "Traceback" not in trail.output
    assert "the read models are behind the ledger's latest decisions" in trail.output
    assert f"PostgreSQL process {pid} " in trail.output
    caught_up = run("audit", "trail")  # let go: the next command catches up
    assert caught_up.exit_code == 0, caught_up.output
    assert "2 events" in caught_up.output


def test_a_table_held_exclusively_refuses_a_read_naming_the_holder(postgres_url: str) -> None:
    run = Cli(postgres_url)
    assert run("person", "add", "hc", "--name", "H", "--holds", "Chair", "-m", "R").exit_code == 0
    with session(postgres_url) as holder:
        holder.execute(text("LOCK TABLE portfolio_items IN ACCESS EXCLUSIVE MODE"))  # as ALTER
        pid = holder.execute(text("SELECT pg_backend_pid()")).scalar_one()

        listed = run_beside(run, holder, "items", "list")  # before: waited until it let go

    assert listed.exit_code == 1, listed.output
    assert "Traceback" not in listed.output
    assert "cannot read the ledger at " in listed.output
    assert ": a lock the read needs is held by" in listed.output
    assert f"PostgreSQL process {pid} " in listed.output
    assert "holding the table portfolio_items" in listed.output
    assert f"pg_terminate_backend({pid})" in listed.output
    assert run("items", "list").exit_code == 0  # let go: read as ever
