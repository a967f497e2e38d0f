"""A decision recorded at a whole second is found and written like any other.

One event in a million is stamped at a whole second (``10:00:09.000000``). On
SQLite its read-model rows held ``2026-12-05 10:00:09``, without the
microseconds every other row has, which sorts before the ``...09.000000`` a
filter binds: ``audit trail --from`` that very second (the instant, inclusive:
docs/verification.md) left it out, as did an export so filtered, and its export
wrote ``...T10:00:09Z`` where docs/verification.md says recorded times have
their microseconds. ``audit trail --json`` and ``item history --json`` wrote it
without them on both databases, so the trail's JSON was not the export's rows
(docs/verification.md, *An item's state from an export*), and the time read
back by ``--as-of`` named the end of that second, not the instant.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import eventsourcing.domain
import pytest

from tests.conftest import Cli

PROPOSE = (
    "item", "propose", "PRJ-1", "--kind", "project", "--title", "Payroll", "--owner", "Dana",
    "--sponsor", "CFO", "--category", "Corporate", "-m", "Contract ends",
)  # fmt: skip


@pytest.fixture
def at_a_whole_second(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every event made meanwhile is stamped at the start of its second."""
    monkeypatch.setattr(
        eventsourcing.domain,
        "datetime_now_with_tzinfo",
        lambda: datetime.now(UTC).replace(microsecond=0),
    )


@pytest.mark.usefixtures("at_a_whole_second")
def test_a_decision_at_a_whole_second_is_found_and_written_with_its_microseconds(
    run: Cli, tmp_path: Path
) -> None:
    assert run(*PROPOSE).exit_code == 0
    [row] = json.loads(run("audit", "trail", "--json").output)
    recorded = row["recorded_at"]
    assert recorded.endswith(".000000Z"), recorded
    [entry] = json.loads(run("item", "history", "PRJ-1", "--json").output)
    assert entry["recorded_at"] == recorded

    second = recorded.removesuffix(".000000Z") + "Z"
    found = json.loads(run("audit", "trail", "--from", second, "--json").output)
    assert [r["position"] for r in found] == [row["position"]]

    out = tmp_path / "from.jsonl"
    exported = run("audit", "export", "--from", second, "--out", str(out))
    assert exported.exit_code == 0, exported.output
    [line] = [json.loads(text) for text in out.read_text(encoding="utf-8").splitlines()]
    assert line["recorded_at"] == recorded
    assert {k: v for k, v in line.items() if k != "row_sha256"} == row
    assert run("audit", "verify-export", str(out)).exit_code == 0
