"""An export an SQLite ledger gave before 2026-12-05 still verifies after the upgrade.

Until then an SQLite ledger's read models kept a time recorded at a whole second
(``...T00:00:00.000000``, one event in a million) without its microseconds, so an
export wrote it ``...T00:00:00Z``, and ``--from`` that very second left the row out
(``test_whole_second_times``). The upgrade makes the audit trail again with the
microseconds, after which such an export, honest and unaltered, was refused by
``audit verify-export`` (*recorded_at differs*, *the export is incomplete*): a month's
export taken in 2025 failed before a regulator in 2026. It verifies now, each row still
compared, and says how it was read (docs/verification.md, *Checking an export*). Made
here as that version made it: today's export with those times and that row as it wrote
them, the checksums and manifest made again.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import eventsourcing.domain
import pytest

from portfolio_ledger.audit.export import ROW_HASH, jsonl_line, row_hash, text_of
from tests.behaviour.test_export import export, reseal, verify_export
from tests.conftest import Cli

PROPOSE = ("--kind", "project", "--title", "T", "--owner", "O", "--sponsor", "S", "--category", "C")
MOMENTS = {  # the first two at whole seconds, the second the first instant of February
    "PRJ-1": datetime(2025, 1, 31, 12, tzinfo=UTC),
    "PRJ-2": datetime(2025, 2, 1, tzinfo=UTC),
    "PRJ-3": datetime(2025, 2, 3, 10, 0, 0, 250_000, tzinfo=UTC),
}


@pytest.fixture
def recorded(run: Cli, monkeypatch: pytest.MonkeyPatch) -> Cli:
    now = [MOMENTS["PRJ-1"]]
    monkeypatch.setattr(eventsourcing.domain, "datetime_now_with_tzinfo", lambda: now[0])
    for key, moment in MOMENTS.items():
        now[0] = moment
        day = moment.date().isoformat()
        result = run("item", "propose", key, *PROPOSE, "-m", "why", "--effective-date", day)
        assert result.exit_code == 0, result.output
    return run


def as_before_the_upgrade(out: Path, *, left_out: int | None = None) -> None:
    """The export as the version before 2026-12-05 wrote it from an SQLite ledger."""
    rows: list[dict[str, Any]] = []
    for line in out.read_text(encoding="utf-8").splitlines():
        record: dict[str, Any] = json.loads(line)
        if record["position"] == left_out:
            continue
        record["recorded_at"] = record["recorded_at"].replace(".000000Z", "Z")
        record[ROW_HASH] = row_hash([text_of(value) for value in list(record.values())[:-1]])
        rows.append(record)
    out.write_text("".join(jsonl_line(record) for record in rows), encoding="utf-8")
    reseal(out, rows=len(rows), first_position=rows[0]["position"])


def test_an_export_with_times_at_a_whole_second_written_to_the_second_verifies(
    recorded: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "trail.jsonl"
    export(recorded, out, file_format="jsonl")
    as_before_the_upgrade(out)
    assert '"recorded_at":"2025-02-01T00:00:00Z"' in out.read_text(encoding="utf-8")

    checked = verify_export(recorded, out)

    assert checked.exit_code == 0, checked.output
    assert (
        "Times: 2 rows' recorded_at are written to the second (2025-01-31T12:00:00Z, the "
        "ledger's 2025-01-31T12:00:00.000000Z), as an SQLite ledger's exports wrote a time "
        "recorded at a whole second before 2026-12-05: the same instant."
    ) in checked.output


def test_a_month_exported_from_its_first_instant_without_the_row_recorded_then_verifies(
    recorded: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "trail-2025-02.jsonl"
    export(recorded, out, "--from", "2025-02-01", "--to", "2025-02-28", file_format="jsonl")
    as_before_the_upgrade(out, left_out=2)

    checked = verify_export(recorded, out)

    assert checked.exit_code == 0, checked.output
    assert "--from 2025-02-01 left out a row recorded at that very instant" in checked.output


def test_a_time_changed_otherwise_is_still_a_difference(recorded: Cli, tmp_path: Path) -> None:
    out = tmp_path / "trail.jsonl"
    export(recorded, out, file_format="jsonl")
    as_before_the_upgrade(out)
    text = out.read_text(encoding="utf-8").replace("2025-02-01T00:00:00Z", "2025-02-01T00:00:01Z")
    out.write_text(text, encoding="utf-8")
    as_before_the_upgrade(out)

    checked = verify_export(recorded, out)

    assert checked.exit_code == 1, checked.output
    assert "recorded_at differs from the ledger at position 2" in checked.output
