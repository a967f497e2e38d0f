"""What a money column's header says its figures are counted in, held against the units read.

A register's header often says its scale: ``Lifecycle Cost ($M)``,
``WLC (GBP k)``, ``Cost (£'000)``, ``whole_life_cost_gbp_m``. Read in other
units (a mapping that gives none reads units), every figure is a thousand or a
million times wrong, and nothing else would show it. So a return whose header
says other units than those it is read in is refused, unless ``--units`` says
on the command line how to read it.
"""

from __future__ import annotations

import re

from portfolio_ledger.application.errors import InvalidInput
from portfolio_ledger.application.returns import FIGURES
from portfolio_ledger.returns.mapping import UNITS, ReturnMapping

_NAMED = {
    "millions": frozenset({"m", "mm", "mn", "mln", "million", "millions"}),
    "thousands": frozenset({"k", "000", "000s", "thousand", "thousands"}),
}
"""The words of a header that say its scale ('$M' is the word 'm', '£'000' the word '000')."""


def header_units(header: str) -> str | None:
    """The units a column's header names (``millions``, ``thousands``); None if it names none."""
    words = set(re.split(r"[^0-9a-z]+", header.casefold()))
    named = [units for units, said in _NAMED.items() if words & said]
    return named[0] if len(named) == 1 else None


def check_units(mapping: ReturnMapping, file_name: str) -> None:
    """Refuse a money column whose header names other units than the mapping reads it in."""
    for name in FIGURES:
        column = mapping.columns.get(name)
        said = header_units(column) if column else None
        if said is None or said == mapping.units:
            continue
        wrong = UNITS[said] // UNITS[mapping.units] or UNITS[mapping.units] // UNITS[said]
        times = f"{wrong:,} times too {'small' if UNITS[said] > UNITS[mapping.units] else 'large'}"
        raise InvalidInput(
            f"{file_name}: the column {column!r} ({name}) says its money is in {said}, and "
            f"the {mapping.name} mapping reads it in {mapping.units}, so every figure would be "
            f'read {times}. Add units = "{said}" to the mapping (or give --units {said}); '
            f"if its figures are in {mapping.units} whatever the header says, give --units "
            f"{mapping.units}"
        )
