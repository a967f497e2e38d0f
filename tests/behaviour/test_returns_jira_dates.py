"""A date with its month named between slashes, as Jira exports one (``31/Mar/2027 12:00 AM``).

Jira's CSV export writes its dates ``dd/MMM/yy h:mm a`` (or with the year in full): the month
is named, so the date is no one's guess, as ``31-Mar-2027`` is. Before, such a date was
refused as "not a date (YYYY-MM-DD)", under every ``dates``, with advice to spell each cell
in the mapping, and one with a year of two digits was not told that was why.
"""

from __future__ import annotations

from pathlib import Path

from tests.behaviour.test_returns_other_shapes import (
    DATED,
    dated_return,
    forecast_date,
    import_return,
)
from tests.behaviour.test_returns_refusals import refused
from tests.conftest import Cli


def test_a_date_with_its_month_named_between_slashes_is_read(run: Cli) -> None:
    written = ["31/Mar/2027 12:00 AM", "30/Jun/2027", "1/Sep/2026 5:30 PM"]

    import_return(run, dated_return(*written), DATED)

    read = ["2027-03-31", "2027-06-30", "2026-09-01"]
    assert [forecast_date(run, f"R-{n}") for n in range(1, 4)] == read


def test_one_with_a_year_of_two_digits_is_refused_saying_so(run: Cli) -> None:
    Path("mapping.toml").write_text(DATED, encoding="utf-8")

    message = refused(run, dated_return("31/Mar/27 12:00 AM"), "--mapping", "mapping.toml")

    assert "'31/Mar/27 12:00 AM' is not a date: a year of two digits is not read" in message
