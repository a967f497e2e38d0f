"""Settings read from ``PORTFOLIO_LEDGER_*`` environment variables that hold a number.

One reader for all of them: a value that is not a plain number in range is
refused with a message naming the variable, the value, what it takes and an
example, never silently replaced by the default. Unset or blank means the
default. Light to import: the command line checks every one before it starts.
"""

from __future__ import annotations

import os

MAX_DIGITS = 18
"""Digits a setting may have: any larger number is no sensible setting (and Python refuses to
read numbers of thousands of digits)."""


class NumberSetting:
    """A setting that is a number: its variable, default, range and how to write it.

    A plain class (not a dataclass or named tuple): made as the command line starts.
    """

    def __init__(
        self,
        variable: str,
        *,
        default: float,
        takes: str,
        example: str,
        whole: bool = False,
        above: float | None = None,
        below: float | None = None,
    ) -> None:
        self.variable = variable
        self.default = default
        self.takes = takes
        """What it takes, in words."""
        self.example = example
        self.whole = whole
        self.above = above
        """The value must be greater than this (None: 0 or more)."""
        self.below = below
        """The value must be less than this (None: no limit)."""

    def value(self) -> float:
        """The value set, or the default if unset or blank; InvalidSetting if it cannot be."""
        number, problem = self._read()
        if problem is not None:
            from portfolio_ledger.application.errors import InvalidSetting

            raise InvalidSetting(problem)
        return number

    def problem(self) -> str | None:
        """What is wrong with the value set, if anything."""
        return self._read()[1]

    def _read(self) -> tuple[float, str | None]:
        raw = os.environ.get(self.variable, "").strip()
        if not raw:
            return self.default, None
        digits = raw if self.whole else raw.replace(".", "", 1)
        if raw.isascii() and digits.isdigit() and len(digits) <= MAX_DIGITS:
            number = int(raw) if self.whole else float(raw)
            if (self.above is None or number > self.above) and (
                self.below is None or number < self.below
            ):
                return number, None
        default = int(self.default) if self.default == int(self.default) else self.default
        return self.default, (
            f"{self.variable}={raw if len(raw) <= 40 else raw[:37] + '...'!r} is not a setting "
            "the ledger can take: it takes "
            f"{self.takes}, written as plain digits (e.g. {self.variable}={self.example}); "
            f"set it so, or unset it for the default ({default})"
        )


LOCK_TIMEOUT = NumberSetting(
    "PORTFOLIO_LEDGER_LOCK_TIMEOUT",
    default=30.0,
    takes="how long a writer waits for another, in seconds, more than 0 and less than 86400",
    example="5 or 2.5",
    above=0,
    below=86_400,
)
BULK_IMPORT_BYTES = NumberSetting(
    "PORTFOLIO_LEDGER_BULK_IMPORT_BYTES",
    default=16 * 1024 * 1024,
    takes="the size in bytes from which a file is imported in bulk, a whole number",
    example="16777216 for 16 MiB",
    whole=True,
)
NUMBER_SETTINGS = (LOCK_TIMEOUT, BULK_IMPORT_BYTES)
"""Every number setting: the command line checks them all before it starts."""


def settings_problem() -> str | None:
    """What is wrong with the first number setting set to something the ledger cannot take."""
    for setting in NUMBER_SETTINGS:
        problem = setting.problem()
        if problem is not None:
            return problem
    return None
