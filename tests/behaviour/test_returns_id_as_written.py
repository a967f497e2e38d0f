"""A refusal quotes a row's id cell as the return writes it, not as the key it would make.

A register's last row with ``Total`` in its id column was refused quoting ``'TOTAL'``, and
an id written ``tba`` quoting ``'TBA'``: text the reader searches the workbook for and
does not find. The key is still named where it is the key (``item onboard TOTAL``).
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
