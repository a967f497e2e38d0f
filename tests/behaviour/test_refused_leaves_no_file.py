"""A refused command into an SQLite file not there yet leaves no file behind.

An import into a plain path builds its ledger beside it (storage/staging.py),
but one into an SQLite URL with options (``?timeout=5``) or an SQLite URI is
opened in place, and so is a single decision: refused (an item not in the
ledger, a line not JSON), they left a ledger file with tables and nothing
recorded, and the next read command found a ledger where none had been made.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.conftest import Cli

APPRAISE = {"command": "appraise", "key": "PRJ-042", "estimated_cost": "1200000",
            "expected_benefits": "2100000", "risk_rating": "medium", "alignment_score": 72,
            "actor": "spatel", "role": "PMO", "rationale": "Reviewed"}  # fmt: skip
"""A line refused by the ledger: no such item."""
NO_SUCH_ITEM = ("item", "appraise", "NOPE-1", "--estimated-cost", "1", "--expected-benefits", "2",
                "--risk-rating", "low", "--alignment-score", "3", "-m", "Reviewed")  # fmt: skip


@pytest.mark.parametrize("form", ["sqlite:///{}?timeout=5", "sqlite:///file:{}?uri=true", "{}"])
@pytest.mark.parametrize("line", [json.dumps(APPRAISE), "not json"], ids=["refused", "not-json"])
def test_a_refused_import_into_a_new_file_leaves_none(tmp_path: Path, form: str, line: str) -> None:
    ledger = tmp_path / "ledgers" / "new.db"
    ledger.parent.mkdir()
    file = tmp_path / "d.jsonl"
    file.write_text(line + "\n", encoding="utf-8")

    refused = Cli(form.format(ledger))("import", str(file))

    assert refused.exit_code in {1, 2}, refused.output
    assert "nothing from" in refused.output
    assert list(ledger.parent.iterdir()) == []


def test_a_refused_decision_into_a_new_file_leaves_none_and_one_recorded_stays(
    tmp_path: Path,
) -> None:
    ledger = tmp_path / "new.db"
    run = Cli(str(ledger))

    refused = run(*NO_SUCH_ITEM)
    assert refused.exit_code == 1, refused.output
    assert list(tmp_path.iterdir()) == []

    proposed = run("item", "propose", "P-1", "--kind", "project", "--title", "T", "--owner", "O",
                   "--sponsor", "S", "--category", "C", "-m", "Proposed")  # fmt: skip
    assert proposed.exit_code == 0, proposed.output
    again = run(*NO_SUCH_ITEM)
    assert again.exit_code == 1, again.output
    assert run.events() == 1


def _made(path: Path) -> None:
    with closing(sqlite3.connect(path)) as made:
        made.execute("PRAGMA journal_mode=WAL")
        made.execute("CREATE TABLE portfolio_ledger_events (id INTEGER PRIMARY KEY)")
        made.commit()


def test_a_file_another_connection_has_open_or_one_holding_events_is_left(
    tmp_path: Path,
) -> None:
    from portfolio_ledger.storage.staging import remove_unrecorded

    held = tmp_path / "held.db"
    _made(held)
    with closing(sqlite3.connect(held)) as other:
        other.execute("SELECT count(*) FROM portfolio_ledger_events").fetchone()  # in the WAL
        remove_unrecorded(held)
        assert held.exists()
    recorded = tmp_path / "recorded.db"
    _made(recorded)
    with closing(sqlite3.connect(recorded)) as writing:
        writing.execute("INSERT INTO portfolio_ledger_events VALUES (1)")
        writing.commit()
    remove_unrecorded(recorded)
    assert recorded.exists()

    remove_unrecorded(held)  # no one has it open now, and nothing is recorded in it
    assert sorted(path.name for path in tmp_path.iterdir()) == ["recorded.db"]
