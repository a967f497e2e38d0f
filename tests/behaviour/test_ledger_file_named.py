"""Every message about an SQLite ledger's file names it as typed, with where it is if relative.

``init`` named the file relatively in one refusal (``holds another application's
table``, ``--db clash.db``) and absolutely in another (``already holds 1 table``,
``--db foreign.db``), and ``sqlite:///x.db`` relatively where ``x.db`` was absolute.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import Cli


def a_foreign_file(name: str, table: str = "t") -> None:
    with sqlite3.connect(name) as connection:
        connection.execute(f"CREATE TABLE {table} (x)")
    connection.close()


def here(name: str) -> str:
    return str(Path.cwd().resolve() / name)


@pytest.mark.parametrize("typed", ["foreign.db", "sqlite:///foreign.db"])
def test_a_file_of_other_tables_is_named_as_typed_and_where(typed: str) -> None:
    a_foreign_file("foreign.db")

    result = Cli(typed)("init")

    assert result.exit_code != 0
    assert f"SQLite file foreign.db ({here('foreign.db')}) already holds 1 table" in result.output


@pytest.mark.parametrize("typed", ["clash.db", "sqlite:///clash.db"])
def test_a_read_model_s_name_taken_is_named_the_same_way(typed: str) -> None:
    a_foreign_file("clash.db", "portfolio_items")

    result = Cli(typed)("init", "--force")

    assert result.exit_code != 0
    assert f"SQLite file clash.db ({here('clash.db')}) holds another" in result.output


@pytest.mark.parametrize("typed", ["nofolder/x.db", "sqlite:///nofolder/x.db"])
@pytest.mark.parametrize("command", [("init",), ("demo",), ("portfolio",)], ids=" ".join)
def test_a_missing_folder_is_named_the_same_way_by_init_demo_and_a_read(
    typed: str, command: tuple[str, ...]
) -> None:
    result = Cli(typed)(*command)

    assert result.exit_code != 0
    heading = f"cannot open the ledger at SQLite file nofolder/x.db ({here('nofolder/x.db')}): "
    assert heading in result.output


def test_a_ledger_made_is_named_the_same_way_and_an_absolute_path_as_itself() -> None:
    relative = Cli("x.db")("init")
    absolute = Cli(here("y.db"))("init")

    assert f"Ledger ready: SQLite file x.db ({here('x.db')})\n" in relative.output
    assert f"Ledger ready: SQLite file {here('y.db')}\n" in absolute.output
