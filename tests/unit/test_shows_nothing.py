"""Which number formats show a workbook cell's value as nothing (returns.shown.shows_nothing)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from portfolio_ledger.returns.shown import shows_nothing

ACCOUNTING = '_(* #,##0_);_(* (#,##0);_(* "-"??_);_(@_)'


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (1200, ";;;"),
        ("text", ";;;"),
        (date(2026, 1, 1), ";;;"),
        (0, "0;-0;;@"),  # zero's section empty
        (0, '0;-0;" "'),  # a space is a blank
        (-1, "0;"),  # negative's section empty
        (0, "0;-0;"),
        (1, '""'),
        (1, "* "),  # filled with spaces
        (1, "[$-409]"),  # a locale alone
        (1, "_)"),  # a padding alone
    ],
)
def test_formats_that_show_nothing(value: Any, shown: str) -> None:
    assert shows_nothing(value, shown)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0, "General"),
        (1, ""),
        (0, "#,##0"),
        (5, "0;-0;;@"),
        (-5, "0;-0;;@"),
        ("text", "0;-0;;@"),
        ("text", "0;0;0"),  # no text section: text shows as typed
        (0, "0;-0"),  # zero takes the first section
        (-1, "0"),
        (0, ACCOUNTING),  # a dash
        (date(2026, 1, 1), "yyyy-mm-dd"),
        (1, "[$€-2]"),  # a currency sign
        (1, "[h]"),  # hours elapsed
        (1, "[>100]0;;;"),  # a condition chooses the section: not judged
        (True, ";;;"),  # a boolean is not a number
        (1, "@"),
        (1, "*-"),  # filled with dashes
        (1, '\\"'),
        (1, None),
    ],
)
def test_formats_that_show_the_value(value: Any, shown: Any) -> None:
    assert not shows_nothing(value, shown)
