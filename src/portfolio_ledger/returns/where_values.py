"""The values a mapping's ``[where]`` keeps a column's rows by."""

from __future__ import annotations

from typing import Any

from portfolio_ledger.application.returns import plain_spaces


def where_values(value: Any, key: str, refuse: Any) -> tuple[str, ...]:
    """A filter's values: text, or a whole number as its digits (``"Fiscal Year" = [2025]``).

    A column of years or codes holds numbers, and TOML writes them without quotes; a cell
    of ``2025`` (text in a CSV, a number in a workbook) is read as the text ``2025``.
    """
    values = value if isinstance(value, list) else [value]
    if not values:
        raise refuse(
            f"{key} lists no value, so no row would be read: give the values of the rows to "
            'read ([where] "Status" = ["Active"]), or take the line out to read every row'
        )
    if not all(isinstance(v, str | int) and not isinstance(v, bool) for v in values):
        raise refuse(f"{key} must be text, a whole number (2025) or a list of them")
    return tuple(plain_spaces(str(v)) for v in values)
