"""A file of governance lines for the bench's ledger, each leaving nothing without authority.

``python -m bench.governance_lines N FILE``: N lines, importable into the ledger that
``generate.write(..., 10000)`` makes (docs/import.md, "Decisions a governance line leaves
without authority"). Back and forth on the Investment Committee: its limit to GBP 60m and
back to 50m, its quorum to 2 and back to 3, a member appointed and stood down; each dated
the ledger's second day, so that each governing line (five in six) reaches every decision
the committee made, and takes authority from none.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

SAID = {
    "actor": "praman",
    "role": "Head of Portfolio Office",
    "authority": "Scheme of delegation",
    "effective_date": "2025-07-16",
}
CYCLE: list[dict[str, Any]] = [
    {"command": "board set-limit", "key": "IC", "limit": "GBP 60,000,000"},
    {"command": "board set-limit", "key": "IC", "limit": "GBP 50,000,000"},
    {"command": "board set-quorum", "key": "IC", "quorum": 2},
    {"command": "board set-quorum", "key": "IC", "quorum": 3},
    {"command": "board appoint", "key": "IC", "person": "spatel"},
    {"command": "board stand-down", "key": "IC", "person": "spatel"},
]


def lines(count: int) -> Iterator[dict[str, Any]]:
    """The first ``count`` lines of the cycle, repeated."""
    for number in range(count):
        yield {**CYCLE[number % len(CYCLE)], **SAID, "rationale": f"Back and forth {number}."}


def write(path: Path, count: int) -> None:
    """``count`` lines to ``path``, as JSON lines."""
    path.write_text("".join(json.dumps(line) + "\n" for line in lines(count)))


if __name__ == "__main__":
    write(Path(sys.argv[2]), int(sys.argv[1]))
