"""Every --json writes a time the same way: ISO 8601, in UTC, ending in Z.

The portfolio's listing, the items list and the audit trail wrote
``+00:00`` where ``item show``, ``item history`` and the lists of people and
boards wrote ``Z``: one reader of both had to handle two spellings.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.conftest import Cli

TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


@pytest.fixture(scope="module")
def demo(shared_demo: Cli) -> Cli:
    return shared_demo


def _times(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [t for v in value.values() for t in _times(v)]
    if isinstance(value, list):
        return [t for v in value for t in _times(v)]
    return [value] if isinstance(value, str) and TIME.match(value) else []


@pytest.mark.parametrize(
    "args",
    [
        ["portfolio"],
        ["portfolio", "--as-of", "today"],  # replayed: no texts (the day as the test runs)
        ["items", "list"],
        ["audit", "trail"],
        ["item", "show", "PRJ-001"],
        ["item", "history", "PRJ-001"],
        ["person", "list"],
        ["board", "list"],
    ],
    ids=lambda args: " ".join(args[:2]),
)
def test_every_time_in_json_ends_in_z(demo: Cli, args: list[str]) -> None:
    today = datetime.now(UTC).date().isoformat()  # not as collected: a run may cross midnight
    result = demo(*[today if arg == "today" else arg for arg in args], "--json")

    assert result.exit_code == 0, result.output
    times = _times(json.loads(result.output))
    assert times, "the output holds no time to check"
    assert [t for t in times if not t.endswith("Z")] == []
