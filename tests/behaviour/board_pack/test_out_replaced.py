"""A board pack's --out replaces a file already there, as docs/concepts.md and reports.md say.

concepts.md said that a file a command writes, there already without --overwrite, is
exit 2 on every command; the pack takes no --overwrite and is made again from the ledger,
so it replaces the file (a table's --out does too, docs/tables.md). The page now says
which commands refuse, and this keeps the pack's side of it.
"""

from __future__ import annotations

from pathlib import Path

from portfolio_ledger.domain.clock import utc_today
from tests.conftest import Cli

REGISTERED = ("person", "add", "hcarter", "--name", "Helen Carter", "-m", "Registered")


def test_a_pack_over_a_file_already_there_replaces_it_whole(run: Cli, tmp_path: Path) -> None:
    assert run(*REGISTERED).exit_code == 0
    out = tmp_path / "pack.html"
    out.write_text("last month's pack", encoding="utf-8")

    result = run("report", "board-pack", "--as-at", utc_today().isoformat(), "--out", str(out))

    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_an_export_over_a_file_already_there_is_refused_without_overwrite(
    run: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "trail.csv"
    out.write_text("kept", encoding="utf-8")
    assert run(*REGISTERED).exit_code == 0

    result = run("audit", "export", "--format", "csv", "--out", str(out))

    assert result.exit_code == 2, result.output
    assert out.read_text(encoding="utf-8") == "kept"
