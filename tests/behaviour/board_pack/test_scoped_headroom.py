"""A view of some items gives the portfolio's headroom: the envelope less every open item's.

The envelope is the whole portfolio's. ``economics --organisation DDAT`` and a
board pack of DDAT gave the envelope less what DDAT's items commit: a headroom
of GBP 141m on the demo where the portfolio had GBP 41.5m left, as if no other
organisation committed anything. Now the headroom is every open item's, and
what these items commit is on a line of its own.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from tests.behaviour.board_pack.tools import Pack, Page, money


def _lines(output: str) -> dict[str, str]:
    """The envelope's lines of economics' table output, by label."""
    return {
        m[1]: m[2] for m in re.finditer(r"^  (\S[^\n]*?)\s{2,}(GBP [^\n]*)$", output, re.MULTILINE)
    }


def test_economics_of_some_items_gives_the_portfolio_s_headroom_and_theirs_apart(
    pack: Pack,
) -> None:
    every = pack.json("economics")
    these = pack.json("economics", "--organisation", "DDAT")
    all_committed = Decimal(every["committed"]["GBP"])
    envelope = Decimal(every["envelope"]["amount"])
    assert Decimal(these["committed"]["GBP"]) < all_committed  # other organisations commit

    assert these["envelope"] == every["envelope"]
    assert {k: Decimal(v) for k, v in these["portfolio_committed"].items()} == {
        "GBP": all_committed
    }
    assert "portfolio_committed" not in every
    lines = _lines(pack.run("economics", "--organisation", "DDAT").output)
    assert lines == {
        "Envelope": money(envelope),
        "Committed (all open items)": money(all_committed),
        "Headroom": money(envelope - all_committed),
        "Committed by these items": money(these["committed"]["GBP"]),
    }
    assert _lines(pack.run("economics").output) == {
        "Envelope": money(envelope),
        "Committed (open items)": money(all_committed),
        "Headroom": money(envelope - all_committed),
    }


def test_a_pack_of_some_organisations_gives_the_portfolio_s_headroom(
    pack: Pack, tmp_path: Path
) -> None:
    day = pack.today.isoformat()
    every = pack.json("economics", "--effective-on", day)
    these = pack.json("economics", "--effective-on", day, "--organisation", "DDAT")
    all_committed = Decimal(every["committed"]["GBP"])
    headroom = Decimal(every["envelope"]["amount"]) - all_committed
    chosen = ("report", "board-pack", "--as-at", day, "--organisation", "DDAT", "--reproducible")

    for name in ("ddat.html", "ddat.xlsx"):
        assert pack.run(*chosen, "--out", str(tmp_path / name)).exit_code == 0
    rows = Page((tmp_path / "ddat.html").read_text(encoding="utf-8")).rows("envelope")
    summary = pack.json(*chosen)["summary"]

    assert rows["Committed (all open items)"] == [money(all_committed)]
    assert rows["Headroom"] == [money(headroom)]
    assert rows["Committed by these items"] == [money(these["committed"]["GBP"])]
    assert Decimal(summary["envelope"]["headroom"]) == headroom
    assert Decimal(summary["envelope"]["committed_by_these"]) == Decimal(these["committed"]["GBP"])
    sheet = load_workbook(tmp_path / "ddat.xlsx")["Pack"]
    fields = {row[0]: row[1] for row in sheet.iter_rows(values_only=True)}
    assert Decimal(str(fields["Headroom"])) == headroom
    assert Decimal(str(fields["Committed in GBP (all open items)"])) == all_committed
    assert Decimal(str(fields["Committed in GBP (these items)"])) == Decimal(
        these["committed"]["GBP"]
    )


def test_a_pack_of_every_item_says_nothing_of_these_items(pack: Pack) -> None:
    rows = Page(pack.html).rows("envelope")

    assert "Committed (open items)" in rows
    assert "Committed by these items" not in rows
    summary = pack.json("report", "board-pack", "--as-at", pack.today.isoformat())["summary"]
    assert summary["envelope"]["committed_by_these"] is None
