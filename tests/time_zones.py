"""The machine put in another time zone for a test: ``TZ`` and ``PGTZ``, read again.

``time.tzset`` makes Python read ``TZ`` again: ``Cli(..., env={"TZ": zone})`` alone
sets the variable, but ``date.today()`` and ``datetime.now()`` stay in the zone the
process began in, so a test given only that checks nothing of the zone. A module
imports the fixture by name (``from tests.time_zones import time_zone``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest


@pytest.fixture
def time_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """Set the machine's zone (``TZ``) and a PostgreSQL session's (``PGTZ``) to one zone."""

    def set_zone(zone: str) -> None:
        monkeypatch.setenv("TZ", zone)
        monkeypatch.setenv("PGTZ", zone)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()
