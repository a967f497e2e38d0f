"""A refusal quotes a row's id cell as the return writes it, not as the key it would make.

A register's last row with ``Total`` in its id column was refused quoting ``'TOTAL'``, and
an id written ``tba`` quoting ``'TBA'``: text the reader searches the workbook for and
does not find; so were a total's row with an id (``no item in the ledger has its id,
TOTAL``) and an id two rows give (``row 3: P-1 is also on row 2`` for a cell ``p-1``).
The key is still named where it is the key (``item onboard TOTAL``), and beside the id
where the cell writes it otherwise (``its id, 'p-1', makes the key P-1``).
SQLite and PostgreSQL; nothing is written.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.behaviour.returns_mappings import ONE_DEPARTMENT
from tests.behaviour.test_returns_refusals import refused, write
from tests.conftest import Cli


@pytest.mark.parametrize("written", ["Total", "total", "Totaal", "Sum"])
def test_a_totals_id_is_quoted_as_its_cell_writes_it(run: Cli, written: str) -> None:
    Path("m.toml").write_text(ONE_DEPARTMENT, encoding="utf-8")
    path = write("q3.csv", "Ref,Project", "P-1,Alpha", f"{written},")

    message = " ".join(refused(run, path, "--mapping", "m.toml", as_at="2026-09-30").split())

    assert f"row 3: it looks like a total, not an item ({written!r})" in message
    assert f"'portfolio-ledger item onboard {written.upper()} ...'" in message


@pytest.mark.parametrize("written", ["tba", "Tbc", "new"])
def test_a_placeholder_id_is_quoted_as_its_cell_writes_it(run: Cli, written: str) -> None:
    Path("m.toml").write_text(ONE_DEPARTMENT, encoding="utf-8")
    path = write("q3.csv", "Ref,Project", "P-1,Alpha", f"{written},Beta")

    message = " ".join(refused(run, path, "--mapping", "m.toml", as_at="2026-09-30").split())

    assert f"row 3: its id, {written!r}, is a word for an id not given yet" in message


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("Total", "its id, 'Total', makes the key TOTAL, which no item in the ledger has"),
        ("tot-1", "its id, 'tot-1', makes the key TOT-1, which no item in the ledger has"),
        ("TOT-1", "no item in the ledger has its id, 'TOT-1'"),
    ],
)
def test_a_total_named_rows_id_is_quoted_as_its_cell_writes_it(
    run: Cli, written: str, said: str
) -> None:
    # Was "no item in the ledger has its id, TOTAL" for a cell reading Total.
    Path("m.toml").write_text(ONE_DEPARTMENT, encoding="utf-8")
    path = write("q3.csv", "Ref,Project", "P-1,Alpha", f"{written},Total")

    message = " ".join(refused(run, path, "--mapping", "m.toml", as_at="2026-09-30").split())

    assert f"row 3: it looks like a total, not an item (its name is 'Total'), and {said}:" in (
        message
    )
    assert f"'portfolio-ledger item onboard {written.upper()} --title \"Total\" ...'" in message


@pytest.mark.parametrize(
    ("rows", "said"),
    [
        (
            ("P-1,Alpha", "p-1,Beta"),
            (
                "row 3: its id, 'p-1', makes the key P-1, as row 2's ('P-1') does; an item "
                "appears once in a return"
            ),
        ),
        (
            ("P-1,Alpha", "P-1,Beta"),
            "row 3: its id, 'P-1', is also on row 2; an item appears once in a return",
        ),
        (
            ("p-1,Alpha", "p-1,Alpha"),
            (
                "row 3: its id, 'p-1', makes the key P-1, as row 2's ('p-1') does, and every "
                "column read is the same: the row is there twice; delete one"
            ),
        ),
        (
            ("roads-bridges,Roads", ",Roads & Bridges"),
            (
                "row 3: no id; its name, 'Roads & Bridges', gives the key ROADS-BRIDGES, which "
                "row 2 ('Roads') makes of its id, 'roads-bridges'; give the row its id"
            ),
        ),
        (
            (",Roads & Bridges", "roads-bridges,Roads"),
            (
                "row 3: its id, 'roads-bridges', makes the key ROADS-BRIDGES, which row 2, with "
                "no id, gets from its name ('Roads & Bridges'); give that row its id"
            ),
        ),
    ],
)
def test_a_duplicate_id_is_quoted_as_its_cells_write_it(
    run: Cli, rows: tuple[str, str], said: str
) -> None:
    # Was "row 3: P-1 is also on row 2", naming the key, which no cell of 'p-1' reads.
    Path("m.toml").write_text(ONE_DEPARTMENT, encoding="utf-8")
    path = write("q3.csv", "Ref,Project", *rows)

    message = " ".join(refused(run, path, "--mapping", "m.toml", as_at="2026-09-30").split())

    assert said in message
