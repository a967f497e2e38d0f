"""An id kept as a number under a format of zeros and separators, read as Excel shows it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from portfolio_ledger.returns.shown import zero_padded


@dataclass
class _Cell:
    value: object
    number_format: str


@pytest.mark.parametrize(
    ("value", "shown", "read"),
    [
        (5000001234, "000-000000000", "005-000001234"),
        (5000001234, "000\\-000000000", "005-000001234"),
        (123456789, "000-00-0000", "123-45-6789"),
        (12345, "00000-0000", "00001-2345"),
        (2025551234, '"("000") "000-0000', "(202) 555-1234"),
        (123456789012, "000-000", "123456789-012"),
        (123, "00000", "00123"),
    ],
)
def test_an_id_under_zeros_and_separators_is_read_as_shown(
    value: int, shown: str, read: str
) -> None:
    # The IT Dashboard's UII 005-000001234, typed as a number and shown by its format,
    # was read as 5000001234: another key than the CSV export's, so another item.
    assert zero_padded(_Cell(value, shown)) == read


@pytest.mark.parametrize("shown", ["#,##0", "0.00", '0000" units"', "0", "General", "0-0;0"])
def test_other_formats_leave_the_number_as_it_is(shown: str) -> None:
    assert zero_padded(_Cell(1234, shown)) is None
