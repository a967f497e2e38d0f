"""A Merkle tree an earlier version stored as text is said to be so, not the record altered.

Before 2026-12-07, on a PostgreSQL server whose ``standard_conforming_strings`` was off
(a role's or database's setting), the ledger stored each tree row as the text of its
hashes' hex escape (``\\x`` and the hex digits: 66 bytes for 32). ``audit verify`` then
said *it was written outside portfolio-ledger ... The record was altered outside
portfolio-ledger*: an auditor read tampering where the ledger's own rows were stored
wrong. Now it says what the rows hold, that the events are not shown altered, and
verification.md gives the SQL that puts them in binary, after which the ledger verifies
and records again. The rows are made as that version made them (the text form of each).
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.conftest import ROOT, Cli
from tests.pg_schemas import admin_engine, schema_of

PROPOSE = ("item", "propose", "PRJ-{}", "--kind", "project", "--title", "T", "--owner", "O",
           "--sponsor", "S", "--category", "C", "--actor", "A", "--role", "R",
           "-m", "Need")  # fmt: skip


def _page_s_sql() -> str:
    """The SQL verification.md gives under 'A Merkle tree stored as text'."""
    page = (ROOT / "docs" / "verification.md").read_text(encoding="utf-8")
    section = page.split("**A Merkle tree stored as text.**", 1)[1]
    return section.split("```sql\n", 1)[1].split("```", 1)[0]


def _proposed(run: Cli, number: int) -> None:
    result = run(*(part.format(number) for part in PROPOSE))
    assert result.exit_code == 0, result.output


@pytest.mark.postgres
def test_a_tree_stored_as_text_is_named_so_and_put_right_by_the_page_s_sql(
    postgres_ledger_url: str,
) -> None:
    run = Cli(postgres_ledger_url)
    for number in (1, 2, 3):
        _proposed(run, number)
    schema = schema_of(postgres_ledger_url)
    with admin_engine().begin() as connection:
        connection.execute(text(f'SET LOCAL search_path TO "{schema}"'))
        as_text = "convert_to('\\x' || encode(hashes, 'hex'), 'UTF8')"  # as they were stored
        connection.execute(text(f"UPDATE portfolio_ledger_tree SET hashes = {as_text}"))

    verified = run("audit", "verify")

    said = " ".join(verified.output.split())
    assert verified.exit_code == 1, said
    assert "FAILED at position 1: tree stored as text." in said
    assert "standard_conforming_strings was off" in said
    assert "altered outside portfolio-ledger" not in said
    assert "written outside portfolio-ledger" not in said
    assert "docs/verification.md" in said

    with admin_engine().begin() as connection:
        connection.execute(text(f'SET LOCAL search_path TO "{schema}"'))
        assert connection.execute(text(_page_s_sql())).rowcount == 3
    assert run("audit", "verify").exit_code == 0
    _proposed(run, 4)
