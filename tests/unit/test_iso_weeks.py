"""A day written as ISO 8601 writes it is read; a week alone refused; other digits not read."""

from __future__ import annotations

from datetime import date

import pytest

from portfolio_ledger.returns.dates import text_date
from portfolio_ledger.returns.iso_weeks import iso_day


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-03-31", date(2026, 3, 31)),
        ("20260331", date(2026, 3, 31)),
        ("2026-W13-5", date(2026, 3, 27)),
        ("2026w135", date(2026, 3, 27)),
        ("31/03/2026", None),
    ],
)
def test_a_day_written_as_iso_8601_writes_it(text: str, day: date | None) -> None:
    assert iso_day(text) == day


def test_a_week_with_its_day_in_other_digits_is_not_read_as_a_day() -> None:
    # Arabic-Indic digits: int() reads them, date.fromisoformat does not; neither does a week.
    assert iso_day("٢٠٢٦-W13-5") is None
    with pytest.raises(ValueError, match="its digits are not 0 to 9"):
        text_date("٢٠٢٦-W13-5")
