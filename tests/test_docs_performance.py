"""docs/performance.md's commands run as written from a clean clone, in the order given."""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).parents[1] / "docs" / "performance.md"
READS = re.compile(r"bench\.(?:ops rebuild_writes sqlite:///|write_paths )(\S+)")
"""The two lines that read a ledger's read models, and the ledger they name."""


def running_it() -> list[str]:
    """The lines of the block under "Running it", continuations joined, comments cut."""
    section = DOC.read_text(encoding="utf-8").split("## Running it", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0].replace("\\\n", " ")
    return [line.split("  #", 1)[0].strip() for line in block.splitlines() if line.strip()]


def test_each_file_a_running_it_line_reads_is_made_by_a_line_before_it() -> None:
    """'bench.ops rebuild_writes sqlite:///ledger.db' and 'bench.write_paths ledger.db' came
    first, reading a ledger.db no line made: from a clean clone, each ended in a traceback
    (sqlite3's 'unable to open database file'). On bulk_append's x.db, whose read models
    nothing builds, write_paths ends in a TypeError and rebuild_writes times 0 rows: they
    now follow the lines that make x.db and rebuild its read models."""
    made: dict[str, str] = {}  # a file, and what it holds: "history", "events", "read models"
    lines = running_it()
    for line in lines:
        if found := re.search(r"generate\.write\(Path\('([^']+)'\)", line):
            made[found[1]] = "history"
        elif found := re.search(r"bench\.ops bulk_append sqlite:///(\S+) (\S+)$", line):
            assert made.get(found[2]) == "history", line
            made[found[1]] = "events"
        elif found := re.search(r"portfolio-ledger --db (\S+) projections rebuild$", line):
            assert made.get(found[1]) == "events", line
            made[found[1]] = "read models"
        elif found := READS.search(line):
            assert made.get(found[1]) == "read models", line
    assert sum("rebuild_writes" in line or "write_paths" in line for line in lines) == 2


def test_the_profile_of_the_append_is_of_an_import_into_a_new_ledger() -> None:
    """It imported into x.db, the ledger "Running it"'s bulk_append line had just filled
    with the same file: run as written after it, the profile was of an import that
    appended nothing (16 s in reading back the items, 'Batch.flush' nowhere), not of the
    append whose shares the table gives."""
    text = DOC.read_text(encoding="utf-8")
    command = text.split("Command (from the clone, after generating the file", 1)[1]
    [ledger] = re.findall(r"PortfolioLedger\('sqlite:///([^']+)'\)", command.split("```")[1])
    written = [line for line in running_it() if f"sqlite:///{ledger}" in line]
    assert not written, written
    assert f"new file, `{ledger}`" in " ".join(command.split("```")[0].split())


def test_the_board_pack_s_figures_from_the_run_above_are_that_run_s() -> None:
    """The page's "The board pack" gave 4.78 s and 136 MB at 1,000 items, 5.59 s and 200 MB at
    10,000 as "the run above", whose table (the quiet run's, at 0378c4a) says 1.47 s and
    137 MB, 2.70 s and 205 MB: figures of no run the page shows, or its history."""
    text = DOC.read_text(encoding="utf-8")
    run = text.split("### Where each target stands", 1)[1].split("**After the run**", 1)[0]
    rows = re.findall(
        r"\| board pack \(HTML, ([\d,]+) items\) \| ([\d.]+ s) \|.*\| (\d+ MB) \|", run
    )
    pack = " ".join(text.split("## The board pack", 1)[1].split("\n\n", 2)[1].split())
    said = re.search(r"met in the run above \(([^)]*)\)", pack)
    assert said, pack
    assert len(rows) == 2
    (small, small_s, small_mb), (large, large_s, large_mb) = rows
    assert said[1] == (
        f"{small_s} and {small_mb} at {small} items, {large_s} and {large_mb} at {large}"
    )
