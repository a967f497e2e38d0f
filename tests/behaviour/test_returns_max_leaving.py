"""``--max-leaving N``: a return whose missing items would leave, more than N, records nothing.

A scheduled job imports each week's export with ``--missing leave``. An export
cut short at a row's end (a PPM tool's job timing out; a CSV cut mid-row is
refused on its own) has every item after the cut missing, and they all left
the portfolio, exit 0: 1,022 of 2,048 projects in a year of weekly exports
(found by h5), each to be annulled by hand. With ``--max-leaving`` the job says
how many may leave; more refuse the whole return, nothing recorded, on SQLite
and PostgreSQL.
"""

from __future__ import annotations

from tests.behaviour.test_returns_refusals import GOOD, HEADER, refused, returns_import, write
from tests.conftest import Cli

ONE_MORE = (
    "HMRC_0001,Customs Platform,HMRC,Information and Communications Technology (ICT),"
    "2024-25,120.5,,GREEN"
)


def test_more_items_leaving_than_max_leaving_refuses_the_return(run: Cli) -> None:
    assert returns_import(run, write("2024.csv", HEADER, *GOOD, ONE_MORE)).exit_code == 0
    cut = write("2025.csv", HEADER, GOOD[0])  # two of three rows gone: an export cut short

    message = refused(
        run, cut, "--missing", "leave", "--max-leaving", "1", code=1, as_at="2025-09-30"
    )

    said = " ".join(message.split())
    assert "2 items are not in the return and would leave the portfolio" in said
    assert "more than --max-leaving 1 allows; nothing was recorded" in said
    assert "check the return is whole and its filter" in said


def test_as_many_as_max_leaving_leave(run: Cli) -> None:
    assert returns_import(run, write("2024.csv", HEADER, *GOOD, ONE_MORE)).exit_code == 0
    before = run.events()

    result = returns_import(
        run, write("2025.csv", HEADER, GOOD[0]), "--missing", "leave", "--max-leaving", "2",
        as_at="2025-09-30",
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert run.events() > before
    assert '"stage": "left"' in run("item", "show", "DFE_0017", "--json").stdout


def test_max_leaving_without_missing_leave_is_refused_as_usage(run: Cli) -> None:
    message = refused(run, write("2024.csv", HEADER, *GOOD), "--max-leaving", "1")

    assert "give --missing leave too, or leave --max-leaving out" in " ".join(message.split())
