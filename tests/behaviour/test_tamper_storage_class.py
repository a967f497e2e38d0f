"""Tampering that leaves a value in another SQLite storage class, caught where it was made.

SQLite keeps any value in any column: an edit through SQL can leave text
where the ledger wrote bytes (``||`` always makes text), bytes where it
wrote text, or text that is not UTF-8, which sqlite3 cannot read as text at
all. ``audit verify`` must name the position and what is wrong there, as
for any other change, not stop as if it were a bug of its own; and the
same bytes kept as text are the same record. SQLite only: PostgreSQL's
columns refuse such values. A file damaged past SQLite's reading (cut short,
its header overwritten) is named as damaged, with the fix, by every command.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from tests.behaviour.test_tamper import (
    CHAIN,
    EVENTS,
    TREE,
    History,
    build_history,
    caught,
    tampering,
    verified,
)
from tests.conftest import Cli


@pytest.fixture
def run(sqlite_url: str) -> Cli:
    """The CLI on an SQLite file of this test's own."""
    return Cli(sqlite_url)


@pytest.fixture
def history(run: Cli) -> History:
    """A ledger to tamper with."""
    return build_history(run)


# Each: the SQL (":p" the position), and what verification must name there.
CHANGES = {
    "tree hash zeroed with ||": (
        f"UPDATE {TREE} SET hashes = substr(hashes, 1, 16) || zeroblob(16) WHERE position = :p",
        "tree altered",
    ),
    "state prefixed with a byte that is not UTF-8, as text": (
        f"UPDATE {EVENTS} SET state = CAST(x'ff' || state AS TEXT) WHERE id = :p",
        "changed",
    ),
    "topic overwritten with bytes": (
        f"UPDATE {EVENTS} SET topic = x'ff00' WHERE id = :p",
        "changed",
    ),
    "topic overwritten with text that is not UTF-8": (
        f"UPDATE {EVENTS} SET topic = CAST(x'c3' AS TEXT) WHERE id = :p",
        "changed",
    ),
    "aggregate id rewritten as its hex text": (
        f"UPDATE {EVENTS} SET originator_id = hex(originator_id) WHERE id = :p",
        "inserted",
    ),
    "chain link written as bytes that are not UTF-8": (
        f"UPDATE {CHAIN} SET hash = x'ff' || hash WHERE position = :p",
        "changed",
    ),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_value_left_in_another_storage_class_is_caught_at_its_position(
    run: Cli, history: History, change: str
) -> None:
    sql, kind = CHANGES[change]
    with tampering(run.url) as connection:
        connection.execute(text(sql), {"p": history.middle})

    verdict = caught(run)

    assert verdict.where == (history.middle, kind)
    assert "Internal error" not in verdict.output


def test_the_same_bytes_kept_as_text_are_the_same_record(run: Cli, history: History) -> None:
    with tampering(run.url) as connection:
        connection.execute(
            text(f"UPDATE {TREE} SET hashes = CAST(hashes AS TEXT) WHERE position = :p"),
            {"p": history.middle},
        )
        connection.execute(
            text(f"UPDATE {EVENTS} SET state = CAST(state AS TEXT) WHERE id = :p"),
            {"p": history.middle},
        )

    verified(run)


def test_proofs_and_export_checks_read_a_tampered_tree_row_without_failing(
    run: Cli, history: History, tmp_path: Path
) -> None:
    exported = tmp_path / "trail.csv"
    assert run("audit", "export", "--format", "csv", "--out", str(exported)).exit_code == 0
    with tampering(run.url) as connection:
        connection.execute(
            text(f"UPDATE {TREE} SET hashes = CAST(x'ff' || hashes AS TEXT) WHERE position = :p"),
            {"p": history.middle},
        )

    checked = run("audit", "verify-export", str(exported))
    proved = run("audit", "prove", str(history.middle))

    assert checked.exit_code == 1, checked.output
    assert f"position {history.middle}: tree altered" in checked.output
    for result in (checked, proved):
        assert "Internal error" not in result.output
        assert "Traceback" not in result.output


def test_states_kept_as_text_are_replayed_as_the_same_events_not_an_internal_error(
    run: Cli, history: History, tmp_path: Path
) -> None:
    # audit verify took them for the same record, but every replay of them (the
    # read-model check, verify-export, a rebuild, item history) read the state with
    # bytes(value) and stopped: "Internal error: TypeError: string argument without
    # an encoding", exit 70.
    exported = tmp_path / "trail.csv"
    assert run("audit", "export", "--out", str(exported)).exit_code == 0
    shown = {
        "trail": ("audit", "trail", "--json"),
        "items": ("items", "list", "--json"),
        "history": ("item", "history", "PRJ-001", "--json"),
    }
    before = {name: run(*args).stdout for name, args in shown.items()}
    with tampering(run.url) as connection:
        connection.execute(text(f"UPDATE {EVENTS} SET state = CAST(state AS TEXT)"))

    results = [
        run("audit", "verify", "--read-models"),
        run("audit", "verify-export", str(exported)),
        run("projections", "rebuild"),
        run("audit", "verify", "--read-models"),
    ]

    for result in results:
        assert result.exit_code == 0, result.output
        assert "Internal error" not in result.output
    assert {name: run(*args).stdout for name, args in shown.items()} == before
    decided = run(
        "item", "reprioritise", "PRJ-001", "--rank", "2", "--authority", "IC", "-m", "Now",
        env={"PORTFOLIO_LEDGER_ACTOR": "Sam Patel", "PORTFOLIO_LEDGER_ROLE": "PMO"},
    )  # fmt: skip
    assert decided.exit_code == 0, decided.output


@pytest.mark.parametrize("damage", ["cut to half its size", "its header overwritten"])
def test_a_damaged_ledger_file_is_named_as_damaged_with_the_fix(
    run: Cli, history: History, damage: str
) -> None:
    # Before, the message said to check the URL and, "for a server, that it is
    # running and reachable": nothing about a damaged file, or restoring it.
    path = Path(run.url.removeprefix("sqlite:///"))
    assert path.is_file(), run.url
    if damage.startswith("cut"):
        with path.open("r+b") as file:
            file.truncate(path.stat().st_size // 2)
    else:
        with path.open("r+b") as file:
            file.write(b"\xff" * 100)
    size = path.stat().st_size

    for args in (("audit", "verify"), ("audit", "digest"), ("items", "list")):
        result = run(*args)
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        assert "the SQLite file is damaged" in result.output
        assert "Nothing was written" in result.output
        assert "restore the ledger from a copy that verifies against your latest" in result.output
        assert "for a server" not in result.output
    assert path.stat().st_size == size
