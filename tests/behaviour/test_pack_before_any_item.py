"""A board pack of a day before the ledger held any item, on its clock, says why it is empty.

A portfolio loaded from returns today is, on the recorded clock, empty on
every return's date: a pack as at 2024-09-30 with --clock recorded was made
with 0 items and the digest of an empty chain (position=0), and said nothing
of why, where 'portfolio --as-of' explains it. It is still made (the record
as it stood then), with a warning saying when the items begin.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.behaviour.test_board_pack_xlsx import subset
from tests.behaviour.test_returns_gmpp import AS_AT, gmpp_import
from tests.conftest import Cli

DAY = AS_AT["2024-25"]


def test_a_pack_before_the_first_item_warns_naming_the_clock(run: Cli, tmp_path: Path) -> None:
    data = tmp_path / "gmpp.csv"
    subset(data)
    assert gmpp_import(run, "2024-25", file=data).exit_code == 0
    events = run.events()
    out = tmp_path / "pack.html"

    recorded = run("report", "board-pack", "--as-at", DAY, "--clock", "recorded", "--out", str(out))
    effective = run("report", "board-pack", "--as-at", "2024-09-29", "--out", str(out))
    made = run("report", "board-pack", "--as-at", DAY, "--json")
    only_data = run("report", "board-pack", "--as-at", DAY, "--clock", "recorded", "--json")

    assert json.loads(only_data.stdout)["summary"]["items"] == 0  # --json alone: data only
    assert recorded.exit_code == 0, recorded.output
    assert (
        f"Warning: the pack holds no item as at {DAY} on the recorded clock: nothing about an "
        "item had been recorded by the end of that day (UTC)" in recorded.output
    )
    assert f"or --clock effective (decisions in effect by {DAY}, as known now)" in recorded.output
    assert effective.exit_code == 0, effective.output
    assert (
        "Warning: the pack holds no item as at 2024-09-29 on the effective clock: the earliest "
        f"decision on an item takes effect {DAY}. For the portfolio, give a later --as-at"
        in effective.output
    )
    assert out.exists()
    assert run.events() == events
    assert made.exit_code == 0, made.output
    assert "Warning" not in made.output
    assert json.loads(made.stdout)["summary"]["items"] == len(
        subset(tmp_path / "again.csv")["2024-25"]
    )


NONE_YET = (
    "Warning: the pack holds no item: the ledger holds none yet (add one with "
    "'portfolio-ledger item propose' or 'item onboard', or load a portfolio with "
    "'portfolio-ledger returns import' or 'portfolio-ledger import')."
)


def test_a_ledger_of_governance_alone_still_makes_its_pack(run: Cli) -> None:
    """Made, of its governance, and said to hold no item, as 'portfolio' says of it."""
    created = run("board", "create", "PB", "--name", "Portfolio Board", "--terms", "Reviews.",
                  "--unlimited", "--quorum", "1", "--authority", "Charter", "-m", "Set up",
                  "--effective-date", "2024-09-01")  # fmt: skip
    assert created.exit_code == 0, created.output

    made = run("report", "board-pack", "--as-at", DAY, "--out", "pack.html")

    assert made.exit_code == 0, made.output
    assert " ".join(made.output.split()).startswith(NONE_YET)
    assert Path("pack.html").stat().st_size > 0


def test_an_empty_ledger_s_pack_says_it_holds_no_item(run: Cli) -> None:
    """It was written without a word, as if the portfolio were empty (session 65's board
    pack audit); 'portfolio' and 'economics' say the ledger holds none yet."""
    assert run("init").exit_code == 0

    made = run("report", "board-pack", "--as-at", DAY, "--out", "pack.html")
    alone = run("report", "board-pack", "--as-at", DAY, "--json")

    assert made.exit_code == 0, made.output
    assert " ".join(made.output.split()).startswith(NONE_YET)
    assert Path("pack.html").stat().st_size > 0
    assert alone.exit_code == 0, alone.output
    assert "Warning" not in alone.output  # --json alone prints the pack's data only
    assert json.loads(alone.stdout)["summary"]["items"] == 0
