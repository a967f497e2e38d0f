"""A row with no id whose name leads to the key another row gives as its id."""

from __future__ import annotations

from tests.behaviour.test_returns_messy import register
from tests.behaviour.test_returns_refusals import write
from tests.conftest import Cli


def test_a_name_that_makes_an_id_given_on_another_row_is_not_said_to_be_that_rows_name(
    run: Cli,
) -> None:
    # Row 3's name makes ROADS-BRIDGES, row 2's id. It was refused as "its name 'Roads &
    # Bridges' is also on row 2", though row 2 is named otherwise.
    path = write(
        "ids.csv",
        "key,title,category",
        "ROADS-BRIDGES,Roads and Bridges Programme,Infrastructure",
        ",Roads & Bridges,Infrastructure",
    )

    result = run("returns", "import", str(path), "--mapping", register(), "--as-at",
                 "2026-09-30", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 2, result.output
    assert "is also on row 2" not in result.output
    assert (
        "row 3: no id; its name, 'Roads & Bridges', gives the key ROADS-BRIDGES, which row 2 "
        "('Roads and Bridges Programme') gives as its id; give the row its id" in result.output
    )
    assert run.events() == 0
