"""A workbook's number under a format showing it in thousands or millions, read as shown.

A finance sheet keeps 987,654,321 and shows '987.7' under 'Lifecycle Cost ($M)' by the
format '#,##0.0,,'; read as stored, then in the millions the header names (as a mapping
must), every figure was a million times too large. It is read as shown, with the scale it is
shown in (returns/shown.as_shown), which the return applies instead of the mapping's units.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from portfolio_ledger.returns.shown import as_shown


@dataclass
class _Cell:
    number_format: str


@pytest.mark.parametrize(
    ("shown", "stored", "read"),
    [
        ("#,##0.0,,", "987654321", "987.654321"),
        ('#,##0.0,,"M"', "12000000", "12"),
        ('#,##0,"k"', "1200000", "1200"),
        ("0,.00", "1234", "1.234"),
        ('_(* #,##0,_);_(* (#,##0,);_(* "-"??_);_(@_)', "1200000", "1200"),
        ("[$$-409]#,##0.0,,;[Red]-#,##0.0,,", "-5000000", "-5"),
    ],
)
def test_a_number_a_format_shows_in_thousands_or_millions_is_read_as_shown(
    shown: str, stored: str, read: str
) -> None:
    read_so = as_shown(_Cell(shown), Decimal(stored))

    assert read_so == Decimal(read)
    assert read_so * getattr(read_so, "per", 1) == Decimal(stored)  # what it holds, exactly


@pytest.mark.parametrize("shown", ["General", "#,##0", "#,##0.00", '"1,000s" 0', "0.0%", "00000"])
def test_a_number_a_format_shows_whole_is_read_as_stored(shown: str) -> None:
    assert as_shown(_Cell(shown), Decimal(1200000)) == 1200000


@pytest.mark.parametrize(
    ("shown", "stored", "per"),
    [
        ('£#,##0.0"m"', "12.5", 1_000_000),
        ("#,##0.0\\m", "12.5", 1_000_000),
        ('0.0" million"', "2.5", 1_000_000),
        ('#,##0"k"', "850", 1_000),
        ('0.00 "bn"', "1.25", 1_000_000_000),
        ('"£"0.0"m";("£"0.0"m")', "12.5", 1_000_000),
    ],
)
def test_a_unit_a_format_writes_after_the_number_multiplies_it(
    shown: str, stored: str, per: int
) -> None:
    # '£12.5m' as shown, and as the same cell saved to CSV is read: before, 12.5 in the
    # mapping's units (GBP 12.50 where they are units).
    read_so = as_shown(_Cell(shown), Decimal(stored))

    assert read_so == Decimal(stored)
    assert getattr(read_so, "per", None) == per


@pytest.mark.parametrize("shown", ['0 "units"', '0.0 "mths"', '0.0" days"', '"m"0.0'])
def test_text_after_a_number_that_is_no_unit_leaves_it_as_stored(shown: str) -> None:
    assert getattr(as_shown(_Cell(shown), Decimal(12)), "per", None) is None
