"""A PostgreSQL session refused for a setting libpq took from the client's environment.

libpq sends ``PGTZ`` and ``PGDATESTYLE`` as settings of the session it
opens, and the server refuses the whole connection if one names nothing it knows
(``PGTZ=garbage``, ``PGTZ=`` set empty, a zone misspelt). The ledger reads every
time in UTC and asks for ISO dates whatever they say (``storage/date_style.py``),
but the refusal came first, and was said as an unreachable server: *Check the URL
... and that it is running*, which it was.
"""

from __future__ import annotations

import os
import re

_REFUSED = re.compile(r'invalid value for parameter "(\w+)": "(.*?)"', re.DOTALL)
"""How PostgreSQL refuses a setting it does not know the value of, as the session opens."""

_FROM_THE_ENVIRONMENT = {
    "timezone": ("PGTZ", "UTC", "reads and says every time in UTC"),
    "datestyle": ("PGDATESTYLE", "ISO", "reads every time in the ISO style"),
}
"""The time settings libpq takes from the environment: its variable, a value every server
takes, and what the ledger does whatever the variable says."""


def refused_setting(reason: str) -> str | None:
    """Why the session was refused, if for a setting the environment gave; None otherwise.

    A setting refused that the environment did not give (``-ctimezone=...`` in the
    URL's options, a role's setting) is the URL's or the server's: None.
    """
    found = _REFUSED.search(reason)
    if found is None:
        return None
    parameter, value = found.groups()
    known = _FROM_THE_ENVIRONMENT.get(parameter.lower())
    if known is None or os.environ.get(known[0]) != value:
        return None
    variable, example, regardless = known
    return (
        f"the environment variable {variable} is {value!r}, which the server takes as no "
        f"{parameter} (libpq sends it as the session opens, and the server refused the "
        f"connection for it). Nothing was read or written. The ledger {regardless} "
        f"whatever {variable} says: unset it (unset {variable}), or set a value the server "
        f"knows ({variable}={example})."
    )
