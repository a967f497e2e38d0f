"""Scales a money column's header may name that no mapping reads, and why each is refused."""

from __future__ import annotations

from portfolio_ledger.returns.mapping import UNITS, ReturnMapping

UNREAD = {
    "billions": (10**9, "millions"),
    "crores": (10**7, "millions"),
    "lakhs": (10**5, "thousands"),
    "ten thousands": (10**4, "thousands"),  # 万, as Chinese and Japanese budgets count
    "ten millions": (10**7, "millions"),  # 千万
    "hundred millions": (10**8, "millions"),  # 億, 亿
}
"""Scales a header may name that no mapping reads: each one's size, and the units to convert to."""


def unread(mapping: ReturnMapping, file_name: str, name: str, column: str, said: str) -> str:
    """Why a column headed in billions, crores, lakhs or 万 is refused: no mapping reads them."""
    size, into = UNREAD[said]
    read = UNITS[mapping.units]
    times = (
        f"{max(size, read) // min(size, read):,} times too {'small' if size > read else 'large'}"
    )
    add = "" if mapping.units == into else f' and add units = "{into}" to the mapping'
    return (
        f"{file_name}: the column {column} ({name}) says its money is in {said}, and the "
        f"{mapping.name} mapping reads it in {mapping.units}, so every figure would be read "
        f"{times}; a mapping reads units, thousands or millions, not {said}. Convert the "
        f"column to {into} in the return (each figure times {size // UNITS[into]:,}, its "
        f"header with it){add}; if its figures are in {mapping.units} whatever the header "
        f"says, give --units {mapping.units}"
    )
