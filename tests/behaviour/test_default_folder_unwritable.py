"""The default ledger's folder that cannot be made is said so, and where it comes from.

A cron job or a container whose home cannot be written, or an
``XDG_CONFIG_HOME`` under a file, got *cannot use FOLDER: Not a directory.
Check the path (its length, its folder, who may write there)*: no word of
the default ledger, nor of ``--db``. A command that only reads makes no
folder, and says there is no ledger, as before.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from portfolio_ledger.cli import cli

pytestmark = pytest.mark.sqlite_only(
    "the default ledger is an SQLite file; refused before any database is opened"
)

PROPOSE = (
    "item", "propose", "PRJ-042", "--kind", "project", "--title", "Payroll",
    "--owner", "Dana Okafor", "--sponsor", "CFO", "--category", "Corporate systems",
    "-m", "Payroll contract ends",
)  # fmt: skip


def under_a_file(tmp_path: Path, *args: str) -> tuple[int, str]:
    """The command with no --db, its XDG_CONFIG_HOME a folder under a file."""
    (tmp_path / "notes.txt").write_text("a file, not a folder")
    env = {
        "PORTFOLIO_LEDGER_DB": None,
        "XDG_CONFIG_HOME": str(tmp_path / "notes.txt" / "config"),
        "PORTFOLIO_LEDGER_ACTOR": "cron",
        "PORTFOLIO_LEDGER_ROLE": "PMO",
    }
    done = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    return done.exit_code, done.output


@pytest.mark.parametrize("args", [("init",), PROPOSE])
def test_a_default_folder_that_cannot_be_made_is_said_with_the_way_round(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    status, said = under_a_file(tmp_path, *args)

    assert status == 1, said
    assert "the folder of the default ledger" in said
    assert "$XDG_CONFIG_HOME/portfolio-ledger" in said
    assert "--db or PORTFOLIO_LEDGER_DB" in said
    assert "nothing was written" in said


def test_a_read_makes_no_folder_and_says_there_is_no_ledger(tmp_path: Path) -> None:
    status, said = under_a_file(tmp_path, "items", "list")

    assert status == 1, said
    assert "there is no such file" in said
