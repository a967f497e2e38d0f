"""`audit export` while other processes record decisions: one whole record, up to its digest.

The export takes the ledger's digest first, then (with a signing key) signs a
checkpoint at it, then reads the audit trail up to its position and writes the
file and its manifest. Another process recording a decision at each of those
moments must leave the export complete up to the digest (every row at or before
it, none after), its manifest agreeing with the file, and the pair verifying.
Each test makes the interleaving happen at exactly that moment: the export is
paused there (a hook on the step it has just taken) while another process, a
real one, records a decision through the command line and exits.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from portfolio_ledger.audit import exporting
from portfolio_ledger.audit.digest import current_digest
from tests.behaviour.test_cli import PROPOSE
from tests.conftest import Cli


def _record_elsewhere(url: str, *args: str) -> None:
    """Another process records the decision ``args`` give, and has exited when this returns."""
    env = {
        **os.environ,
        "PORTFOLIO_LEDGER_DB": url,
        "PORTFOLIO_LEDGER_ACTOR": "Sam Patel",
        "PORTFOLIO_LEDGER_ROLE": "PMO",
    }
    done = subprocess.run(
        [sys.executable, "-m", "portfolio_ledger", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr


def _paused_at(monkeypatch: pytest.MonkeyPatch, name: str, url: str, recorded: list[str]) -> None:
    """Pause the export at its step ``name`` while another process records.

    Just after the digest or the checkpoint is taken; just before the file is
    written from the trail's rows (which are read as they are written).
    """
    step: Callable[..., Any] = getattr(exporting, name)
    before = name == "write_export"

    def record() -> None:
        key = f"PRJ-9{len(recorded):02d}"
        _record_elsewhere(url, *(arg if arg != "PRJ-042" else key for arg in PROPOSE))
        recorded.append(key)

    def paused(*args: Any, **kwargs: Any) -> Any:
        if before:
            record()
        done = step(*args, **kwargs)
        if not before:
            record()
        return done

    monkeypatch.setattr(exporting, name, paused)


def _rows(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def _check_whole(run: Cli, out: Path, head: int, subjects: set[str] | None = None) -> None:
    """Every row up to ``head`` (of the subjects, if given), none after; the pair verifies."""
    manifest = json.loads(Path(f"{out}.manifest.json").read_text(encoding="utf-8"))
    rows = _rows(out)
    positions = [row["position"] for row in rows]
    assert manifest["ledger_digest"]["position"] == head
    assert manifest["rows"] == len(rows)
    if subjects is None:
        assert positions == list(range(1, head + 1))
    else:
        assert positions == sorted(positions)
        assert all(position <= head for position in positions)
        assert {row["subject"] for row in rows} <= subjects
    if rows:
        assert (manifest["first_position"], manifest["last_position"]) == (
            positions[0],
            positions[-1],
        )
    checked = run("audit", "verify-export", str(out))
    assert checked.exit_code == 0, checked.output


STEPS = ["current_digest", "checkpoint_at", "write_export"]


@pytest.mark.parametrize("step", STEPS)
def test_a_decision_recorded_by_another_process_mid_export_is_left_for_the_next(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    """Recorded after the digest is taken, after the checkpoint is signed, or as the trail's
    rows are about to be read and written: the export stops at its digest, whole, and
    verifies."""
    run = Cli(db_url)
    assert run("demo").exit_code == 0
    assert run("audit", "keygen").exit_code == 0  # so a checkpoint is signed for the manifest
    head = json.loads(run("audit", "digest", "--json").output)["position"]
    recorded: list[str] = []
    _paused_at(monkeypatch, step, db_url, recorded)
    out = tmp_path / "trail.jsonl"

    result = run("audit", "export", "--out", str(out))

    assert recorded == ["PRJ-900"]
    assert result.exit_code == 0, result.output
    assert f"Ledger digest at export: portfolio-ledger/v1 position={head} " in result.output
    monkeypatch.undo()
    _check_whole(run, out, head)
    # The decision recorded meanwhile is in the next export, which is as whole.
    again = tmp_path / "again.jsonl"
    assert run("audit", "export", "--out", str(again)).exit_code == 0
    _check_whole(run, again, head + 1)
    assert _rows(again)[-1]["subject"] == "PRJ-900"


SLIPPED = ("item", "report-status", "PGM-001", "--overall", "red", "-m", "Slipped a month")


def test_a_filtered_export_while_another_process_records_the_same_item(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The item's rows up to the digest, each of them, and not the one recorded after it."""
    run = Cli(db_url)
    assert run("demo").exit_code == 0
    head = json.loads(run("audit", "digest", "--json").output)["position"]
    whole = tmp_path / "whole.jsonl"
    assert run("audit", "export", "--out", str(whole)).exit_code == 0
    expected = [r["position"] for r in _rows(whole) if r["subject"] == "PGM-001"]
    assert expected
    step = current_digest

    def then_record(*args: Any, **kwargs: Any) -> Any:
        done = step(*args, **kwargs)
        _record_elsewhere(db_url, *SLIPPED)
        return done

    monkeypatch.setattr(exporting, "current_digest", then_record)
    out = tmp_path / "pgm.jsonl"

    result = run("audit", "export", "--item", "PGM-001", "--out", str(out))

    assert result.exit_code == 0, result.output
    monkeypatch.undo()
    assert [r["position"] for r in _rows(out)] == expected
    _check_whole(run, out, head, subjects={"PGM-001"})
