"""A return's dates written as text: ``YYYY-MM-DD``, and a time of day after it read as its day.

A date cell of a workbook is a date whatever its text looks like; text is
read only as it cannot be misread. A time of day after the date (a PPM
tool's ``2026-09-30 17:00:00``, ``2026-09-30T17:00:00Z``) is left off, as
it is from a workbook's date cell with a time: the field is a day.
"""

from __future__ import annotations

import re
from datetime import date

_TIME = r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s*(?:Z|UTC|[+-]\d{2}(?::?\d{2})?))?)?"
"""A time of day after a date, with any fraction of a second and any offset: not read."""
_ISO = re.compile(rf"(\d{{4}}-\d{{2}}-\d{{2}}){_TIME}", re.IGNORECASE)


def text_date(text: str) -> date:
    """The day ``text`` writes; ValueError saying why it is none."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    found = _ISO.fullmatch(text)
    if found is None:
        raise ValueError(f"{text!r} is not a date (YYYY-MM-DD)")
    try:
        return date.fromisoformat(found[1])
    except ValueError:
        raise ValueError(f"{text!r} is not a date: there is no day {found[1]}") from None
