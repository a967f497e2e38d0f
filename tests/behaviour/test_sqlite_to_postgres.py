"""A ledger moved from an SQLite file to PostgreSQL, as docs/verification.md says.

The page said how to back a ledger up and restore it on each database, but not how a
team that began on an SQLite file moves to a server; what an operator tried first,
``audit export`` then ``import``, records nothing (each row refused as no decision).
The page's block is run here as written, but for the server's URL, into a database of
the test's own: the copy must be the same ledger (the minutes' digest, the signed
checkpoint, an export and a receipt made before the move hold on it), a request id sent
again there finds its recording, and the next decision takes the next position.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import make_url

from tests.behaviour.test_backup_restore import (  # noqa: F401 - a fixture
    POSTGRES,
    _evidence,
    _is_the_same_ledger,
    _libpq,
    another_database,
)
from tests.behaviour.test_proofs import PROPOSE, signed_ledger
from tests.behaviour.test_tamper import first_part
from tests.conftest import Cli

pytestmark = pytest.mark.postgres

PAGE = Path(__file__).parents[2] / "docs" / "verification.md"
SERVER = "postgresql://postgres@db.example/portfolio"
"""The server the page's block names, replaced by the test's own database."""


def _the_pages_block() -> str:
    """The ``sh`` block under the page's *From SQLite to PostgreSQL* paragraph."""
    text = PAGE.read_text(encoding="utf-8")
    start = text.index("**From SQLite to PostgreSQL: copy the record's tables.**")
    found = re.search(r"```sh\n(.*?)```", text[start:], re.DOTALL)
    assert found is not None, "the paragraph has no sh block"
    return found.group(1)


def _run_the_block(block: str, database: str, folder: Path) -> None:
    """The block in bash, in ``folder``, with ``portfolio-ledger`` this Python's."""
    if shutil.which("sqlite3") is None or shutil.which("psql") is None:
        pytest.skip("the sqlite3 shell and psql are needed to run the page's block")
    assert block.count(SERVER) >= 3, block
    script = block.replace(SERVER, _libpq(POSTGRES, database))
    cli = f'portfolio-ledger() {{ "{sys.executable}" -m portfolio_ledger "$@"; }}\n'
    done = subprocess.run(
        ["bash", "-e", "-c", cli + script],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "The ledger still holds exactly the history of the digest given" in done.stdout


def test_an_sqlite_ledger_copied_to_postgresql_as_the_page_says_is_the_same_ledger(
    sqlite_url: str,
    tmp_path: Path,
    another_database: str,  # noqa: F811 - the fixture
) -> None:
    assert sqlite_url == f"sqlite:///{tmp_path / 'ledger.db'}"  # the block's ledger.db
    signed = signed_ledger(Cli(sqlite_url), tmp_path, first_part)
    once = signed(*PROPOSE[:2], "PRJ-800", *PROPOSE[2:], "--request-id", "r-800")
    assert once.exit_code == 0, once.output
    evidence = _evidence(signed)

    _run_the_block(_the_pages_block(), another_database, tmp_path)

    url = make_url(POSTGRES).set(database=another_database)
    server = Cli(url.update_query_dict({"options": "-csearch_path=ledger"}).render_as_string())
    _is_the_same_ledger(server, signed, evidence)
    again = server(*PROPOSE[:2], "PRJ-800", *PROPOSE[2:], "--request-id", "r-800")
    assert again.exit_code == 0, again.output
    assert "Already recorded (request r-800)" in again.output
    head = server.events()
    after = server(*PROPOSE[:2], "PRJ-801", *PROPOSE[2:])
    assert after.exit_code == 0, after.output
    assert f"ledger position {head + 1}," in after.output
