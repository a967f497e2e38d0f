"""An id a spreadsheet took for a day, saved as CSV as the day it shows, is refused as a date.

Typed ``1-10`` (or ``1.1``), Excel keeps 1 October and shows it ``1-Oct``; saved as CSV
the cell is that text, which was read as the id ``1-OCT`` (the workbook's date cell is
refused). With make_keys, a day saved as ``01/10/2024`` was made the key ``01-10-2024``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.behaviour.returns_mappings import ONE_DEPARTMENT
from tests.behaviour.test_returns_refusals import refused, write
from tests.conftest import Cli


@pytest.mark.parametrize(
    "day",
    [
        *["1-Oct", "01-Oct", "Oct-24", "01.Okt", "01/10/2024"],
        *["2027/12/31", "2027/1/5", "2027.12.31", "2027-12-31"],  # year first (Japan, Sweden)
    ],
)
def test_an_id_saved_as_the_day_a_spreadsheet_showed_is_refused(run: Cli, day: str) -> None:
    Path("m.toml").write_text("make_keys = true\n" + ONE_DEPARTMENT, encoding="utf-8")
    path = write("q3.csv", "Ref,Project", "P-1,Alpha", f"{day},Beta")

    message = " ".join(refused(run, path, "--mapping", "m.toml", as_at="2026-09-30").split())

    assert f"row 3, column Ref: cell A3 holds a date ({day!r}), not an id" in message
    assert "format the column as Text, type its ids again" in message


@pytest.mark.parametrize(
    "key",
    [
        *["1.2.3", "MAY-1", "OCT-2024-01", "P-10", "2024-001", "2024.1.2.3", "2024.13.1"],
        *["SEP-23", "DEC-10", "MAR.01"],  # a month's letters in capitals: an id's
        *["2024.1.2", "2024-1-2"],  # WBS ids: a day shown with '.' or '-' has two digits each
    ],
)
def test_an_id_that_is_no_day_is_read(run: Cli, key: str) -> None:
    Path("m.toml").write_text(ONE_DEPARTMENT, encoding="utf-8")
    path = write("q3.csv", "Ref,Project", f"{key},Beta")

    result = run("returns", "import", str(path), "--mapping", "m.toml",
                 "--as-at", "2026-09-30", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 0, result.output
