"""Two board packs tabled at once into one file: the pack left there is the one last recorded.

``report board-pack --record --out FILE`` puts its document in place, then records
it on the board; if the record fails, the file that was there before is put
back (docs/reports.md). Two run at once for the same meeting, into the same
file, each took the file there as its own "before". A real process tabled its
pack just as this one was recording: its record made this one's fail (the
board changed since it was read), and this one then put back the file it had
found (none, or an earlier pack), over the other's. The ledger held the other's
pack as tabled, and the document it names was gone. The interleaving is forced:
the other process runs just before this one appends its record, until it ends
or waits for this one.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from portfolio_ledger.storage.recorder import LedgerRecorder
from tests.behaviour.test_board_pack_record import GOVERNANCE
from tests.behaviour.test_files_written_at_once import _blocked_or_done
from tests.conftest import Cli
from tests.reliability.conftest import recorded_on_first_call


def _tabling(url: str, out: Path, meeting: str) -> tuple[str, ...]:
    return ("--db", url, "report", "board-pack", "--as-at", "2025-06-30", "--board", "IC",
            "--record", "--actor", "Priya Raman", "--role", "PMO", "--effective-date", meeting,
            "--out", str(out))  # fmt: skip


@pytest.fixture
def ledger(run: Cli, tmp_path: Path) -> Cli:
    lines = tmp_path / "governance.jsonl"
    lines.write_text("\n".join(json.dumps(line) for line in GOVERNANCE) + "\n", encoding="utf-8")
    assert run("import", str(lines)).exit_code == 0
    return run


def _packs(run: Cli) -> list[dict[str, Any]]:
    shown = run("board", "show", "IC", "--json")
    assert shown.exit_code == 0, shown.output
    return list(json.loads(shown.stdout)["packs"])


@pytest.mark.parametrize("before", ["no file", "an earlier pack"])
def test_a_pack_tabled_by_another_process_meanwhile_is_left_in_place(
    ledger: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, before: str
) -> None:
    out = tmp_path / "ic.html"
    if before == "an earlier pack":
        tabled = ledger(*_tabling(ledger.url, out, "2025-07-01")[2:])
        assert tabled.exit_code == 0, tabled.output
    others: list[subprocess.Popen[str]] = []

    def other_tables() -> None:
        """Just before this pack's record is appended: the other's pack, to the same file."""
        tabling = _tabling(ledger.url, out, "2025-07-02")
        others.append(
            subprocess.Popen(
                [sys.executable, "-m", "portfolio_ledger", *tabling],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
        _blocked_or_done(others[0])

    recorded_on_first_call(monkeypatch, LedgerRecorder, "appending", other_tables)
    mine = ledger(*_tabling(ledger.url, out, "2025-07-03")[2:])
    monkeypatch.undo()
    _, err = others[0].communicate(timeout=300)

    assert others[0].returncode == 0, err
    assert "Traceback" not in mine.output
    packs = _packs(ledger)
    last = max(packs, key=lambda pack: datetime.fromisoformat(pack["recorded_at"]))
    # The file in place is the pack the ledger recorded last as tabled, whichever it is.
    assert out.is_file(), f"the pack recorded last (tabled {last['tabled_on']}) is not at --out"
    assert hashlib.sha256(out.read_bytes()).hexdigest() == last["sha256"]
    assert mine.exit_code == 0, mine.output  # its record waited for the other's file, or went first
    assert len(packs) == (3 if before == "an earlier pack" else 2)
