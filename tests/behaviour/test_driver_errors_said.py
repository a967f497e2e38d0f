"""The database driver's own errors, on the paths that read through its cursor, said in words.

Verification, the export and the read models' listings read through the driver's
cursor (or an SQLite connection of their own), not SQLAlchemy's result: a damaged
page of an SQLite file or a PostgreSQL lock timeout there raised the driver's own
error, which was an internal error (exit 70). Each is said as the same error
through SQLAlchemy is: what happened, why, what to do; exit 1, nothing written.
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.conftest import Cli
from tests.pg_schemas import schema_of

PAGE = 4096


def _leaf_pages(file: Path, table: str) -> list[int]:
    """The numbers of a table's leaf pages (SQLite's dbstat), in order."""
    with sqlite3.connect(file) as connection:
        rows = connection.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno",
            (table,),
        ).fetchall()
    connection.close()
    return [page for (page,) in rows]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    file = tmp_path_factory.mktemp("demo") / "ledger.db"
    assert Cli(f"sqlite:///{file}")("demo").exit_code == 0
    return file


def _damaged(demo: Path, folder: Path, table: str) -> Path:
    """A copy of the demo with a page in the middle of ``table`` overwritten."""
    copy = folder / "damaged.db"
    shutil.copy(demo, copy)
    pages = _leaf_pages(copy, table)
    assert len(pages) >= 3
    with copy.open("r+b") as handle:
        handle.seek((pages[len(pages) // 2] - 1) * PAGE)
        handle.write(b"\xff" * PAGE)
    return copy


DAMAGED = {
    "verify, an event's page": ("portfolio_ledger_events", ("audit", "verify")),
    "export, an event's page": ("portfolio_ledger_events", ("audit", "export", "--out", "x.jsonl")),
    "digest, an event's page": ("portfolio_ledger_events", ("audit", "digest")),
    "trail, a trail page": ("audit_trail", ("audit", "trail", "--limit", "100000")),
    "ranking, a listed item's page": ("portfolio_items_listed", ("portfolio", "ranking")),
}


@pytest.mark.parametrize(("table", "args"), DAMAGED.values(), ids=DAMAGED.keys())
def test_a_damaged_page_read_through_the_driver_is_said_not_an_internal_error(
    demo: Path, tmp_path: Path, table: str, args: tuple[str, ...]
) -> None:
    damaged = _damaged(demo, tmp_path, table)
    before = damaged.read_bytes()

    result = Cli(f"sqlite:///{damaged}")(*args)

    said = " ".join(result.output.split())
    assert "Internal error" not in said
    if result.exit_code == 0:  # the page was not needed (a listing served from elsewhere)
        return
    assert result.exit_code == 1, result.output
    assert "database disk image is malformed: the SQLite file is damaged" in said
    assert "restore the ledger from a copy that verifies" in said
    assert "[SQL:" not in said
    assert "(sqlite3." not in said
    assert damaged.read_bytes() == before


def test_verify_and_a_signed_export_of_a_damaged_event_page_refuse(
    demo: Path, tmp_path: Path
) -> None:
    """Not a page they may pass over: verification reads every event, and so does the
    export's signed checkpoint, which vouches for the whole chain before it signs."""
    damaged = _damaged(demo, tmp_path, "portfolio_ledger_events")
    run = Cli(f"sqlite:///{damaged}")
    assert run("audit", "keygen").exit_code == 0
    out = tmp_path / "x.jsonl"

    for args in (("audit", "verify"), ("audit", "export", "--out", str(out))):
        result = run(*args)

        assert result.exit_code == 1, result.output
        assert "the SQLite file is damaged" in result.output
    assert not out.exists()


@pytest.mark.postgres
@pytest.mark.parametrize("args", [("audit", "verify"), ("audit", "export", "--out", "x.jsonl")])
def test_a_lock_timeout_on_postgresql_is_said_with_what_to_do(
    postgres_url: str, args: tuple[str, ...]
) -> None:
    """Another session holds the chain's table exclusively (an ALTER, a VACUUM FULL).

    The wait is the ledger's lock timeout (0.5 s here), whatever lock_timeout the URL sets.
    """
    assert Cli(postgres_url)("demo").exit_code == 0
    holder = create_engine(make_url(postgres_url).set(query={}))
    try:
        with holder.begin() as connection:
            connection.execute(text(f'SET LOCAL search_path = "{schema_of(postgres_url)}"'))
            connection.execute(text("LOCK TABLE portfolio_ledger_chain IN ACCESS EXCLUSIVE MODE"))

            result = Cli(postgres_url)(*args, env={"PORTFOLIO_LEDGER_LOCK_TIMEOUT": "0.5"})
    finally:
        holder.dispose()

    said = " ".join(result.output.split())
    assert result.exit_code == 1, result.output
    assert "Internal error" not in said
    assert "is busy: a lock this command needed is held by PostgreSQL process" in said
    assert "holding the table portfolio_ledger_chain, and was not let go within 0.5 s" in said
    assert "then run the command again" in said


@pytest.mark.parametrize(
    "args",
    [
        ("items", "list"),
        ("audit", "digest"),
        ("audit", "verify"),
        ("import", "--dry-run"),
        ("init",),
    ],
)
def test_a_postgresql_driver_not_installed_is_said_on_every_command(
    args: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by fuzzing with the README's install (``pip install -e .``, no driver): only
    ``init`` and ``import`` said *needs the driver 'psycopg', which is not installed*; a
    read command or a dry run was *Internal error: ModuleNotFoundError* (exit 70)."""
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg: ModuleNotFoundError
    line = (
        '{"command": "person add", "key": "np", "name": "N", "authority": "HR", "rationale": "r"}'
    )
    (tmp_path / "people.jsonl").write_text(line + "\n", encoding="utf-8")
    file = (str(tmp_path / "people.jsonl"),) if args[0] == "import" else ()

    result = Cli("postgresql://postgres@127.0.0.1:1/nowhere")(*args, *file)

    said = " ".join(result.output.split())
    assert result.exit_code == 1, result.output
    assert "Internal error" not in said
    assert (
        "needs the driver 'psycopg', which is not installed; install it with: pip install" in said
    )
