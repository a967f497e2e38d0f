"""Rows not what they seem: a name giving another row's id, a CSV row split by a comma."""

from __future__ import annotations

import json

from tests.behaviour.test_returns_messy import register
from tests.behaviour.test_returns_refusals import write
from tests.conftest import Cli


def test_a_name_that_makes_an_id_given_on_another_row_is_not_said_to_be_that_rows_name(
    run: Cli,
) -> None:
    # Row 3's name makes ROADS-BRIDGES, row 2's id. It was refused as "its name 'Roads &
    # Bridges' is also on row 2", though row 2 is named otherwise.
    path = write(
        "ids.csv",
        "key,title,category",
        "ROADS-BRIDGES,Roads and Bridges Programme,Infrastructure",
        ",Roads & Bridges,Infrastructure",
    )

    result = run("returns", "import", str(path), "--mapping", register(), "--as-at",
                 "2026-09-30", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 2, result.output
    assert "is also on row 2" not in result.output
    assert (
        "row 3: no id; its name, 'Roads & Bridges', gives the key ROADS-BRIDGES, which row 2 "
        "('Roads and Bridges Programme') gives as its id; give the row its id" in result.output
    )
    assert run.events() == 0


def test_a_csv_row_split_by_an_unquoted_comma_is_refused_whatever_where_keeps(
    run: Cli,
) -> None:
    # Split, the row's category cell held ' bridges', so --where category=Infrastructure
    # left it out without a word, and --missing leave recorded its item as leaving.
    mapping = register("organisation")
    header = "key,title,category,organisation"
    first = write(
        "q2.csv", header, "K-1,Rail,Infrastructure,DfT", 'K-2,"Roads, bridges",Infrastructure,DfT'
    )
    assert run("returns", "import", str(first), "--mapping", mapping, "--as-at", "2026-06-30",
               "--authority", "PMO").exit_code == 0  # fmt: skip
    before = run.events()
    split = write(
        "q3.csv", header, "K-1,Rail,Infrastructure,DfT", "K-2,Roads, bridges,Infrastructure,DfT"
    )

    result = run("returns", "import", str(split), "--mapping", mapping, "--as-at", "2026-09-30",
                 "--authority", "PMO", "--where", "category=Infrastructure",
                 "--missing", "leave")  # fmt: skip

    assert result.exit_code == 2, result.output
    assert "row 3: cell E3 ('DfT') is beyond the header's last column" in result.output
    assert run.events() == before


def test_an_id_an_earlier_row_gets_from_its_name_says_to_give_that_row_its_id(run: Cli) -> None:
    # Was 'ROADS-BRIDGES is also on row 2; an item appears once in a return (... --where
    # COLUMN=VALUE)', though row 2 gives no id: its name made the key.
    path = write(
        "ids.csv",
        "key,title,category",
        ",Roads & Bridges,Infrastructure",
        "ROADS-BRIDGES,Roads and Bridges Programme,Infrastructure",
    )

    result = run("returns", "import", str(path), "--mapping", register(), "--as-at",
                 "2026-09-30", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 2, result.output
    assert (
        "row 3: its id, 'ROADS-BRIDGES', is also the key row 2, which has no id, gets from "
        "its name ('Roads & Bridges'); give that row its id" in result.output
    )
    assert run.events() == 0


def test_an_item_missing_whose_name_a_new_row_has_is_named_beside_that_row(run: Cli) -> None:
    # A register gave K-2 a new id, K-9, in its next return: the dry run listed K-9 as
    # new and K-2 as missing, leaving, with nothing to say they may be one item.
    mapping = register()
    first = write("q2.csv", "key,title,category", "K-1,Rail,Transport", "K-2,Roads,Transport")
    assert run("returns", "import", str(first), "--mapping", mapping, "--as-at", "2026-06-30",
               "--authority", "PMO").exit_code == 0  # fmt: skip
    before = run.events()
    second = write("q3.csv", "key,title,category", "K-1,Rail,Transport", "K-9,ROADS,Transport")
    options = ("returns", "import", str(second), "--mapping", mapping, "--as-at", "2026-09-30",
               "--authority", "PMO", "--missing", "leave", "--dry-run")  # fmt: skip

    shown = run(*options)
    found = json.loads(run(*options, "--json").stdout)

    assert shown.exit_code == 0, shown.output
    assert (
        "Missing, and a row under another key has the name: 1. If one is the same item under a "
        "new id" in shown.output
    )
    assert "K-2  Roads  3    K-9 (joins now)  2026-09-30" in shown.output
    assert [(m["key"], m["new_key"], m["new_row"]) for m in found["missing"]] == [("K-2", "K-9", 3)]
    assert run.events() == before


def test_an_item_re_keyed_a_return_before_is_still_named_beside_its_new_key(run: Cli) -> None:
    # K-2 came back as K-9 in June's return, imported with --missing report (the default):
    # both stayed in the portfolio. From the next return on, K-9 was no longer new, so K-2
    # was listed as missing with nothing said, while Roads' money was counted twice.
    mapping, options = register("forecast_cost"), ("--authority", "PMO")
    q1 = write("q1.csv", "key,title,category,forecast_cost", "K-1,Rail,T,100", "K-2,Roads,T,50")
    q2 = write("q2.csv", "key,title,category,forecast_cost", "K-1,Rail,T,100", "K-9,Roads,T,50")
    q3 = write("q3.csv", "key,title,category,forecast_cost", "K-1,Rail,T,100", "K-9,Roads,T,50")
    for path, as_at in ((q1, "2026-03-31"), (q2, "2026-06-30")):
        done = run("returns", "import", str(path), "--mapping", mapping, "--as-at", as_at, *options)
        assert done.exit_code == 0, done.output

    shown = run("returns", "import", str(q3), "--mapping", mapping, "--as-at", "2026-09-30",
                *options)  # fmt: skip

    assert shown.exit_code == 0, shown.output
    assert "Missing, and a row under another key has the name: 1." in shown.output
    assert "Both stay in the portfolio until one leaves: if they are one item, its money is " in (
        shown.output
    )
    assert "K-2  Roads  3    K-9 (in the ledger already)  2026-06-30" in shown.output
    assert "--effective-date DAY', DAY as under Leave on (the day NEW joined" in shown.output
    economics = json.loads(
        run("economics", "--effective-on", "2026-09-30", "--stage", "pipeline", "--json").output
    )
    counted = [row for row in economics["totals"] if row["dimension"] == "view"]
    assert [(row["items"], row["forecast_cost"]) for row in counted] == [(3, "200.00")]  # twice


def test_a_new_row_of_a_missing_items_name_is_named_before_an_older_item_of_that_name(
    run: Cli,
) -> None:
    # Two items are called Roads (K-2, K-5). K-2 came back as K-9: the return's first
    # row named Roads is K-5's, in the ledger all along, so K-2 was listed beside K-5
    # and K-9, joining now, was not named at all.
    mapping = register()
    first = write("q2.csv", "key,title,category", "K-1,Rail,T", "K-2,Roads,T", "K-5,Roads,T")
    assert run("returns", "import", str(first), "--mapping", mapping, "--as-at", "2026-06-30",
               "--authority", "PMO").exit_code == 0  # fmt: skip
    second = write("q3.csv", "key,title,category", "K-1,Rail,T", "K-5,Roads,T", "K-9,Roads,T")
    options = ("returns", "import", str(second), "--mapping", mapping, "--as-at", "2026-09-30",
               "--authority", "PMO", "--dry-run")  # fmt: skip

    shown = run(*options)
    found = json.loads(run(*options, "--json").stdout)

    assert shown.exit_code == 0, shown.output
    assert "K-2  Roads  4    K-9 (joins now)" in shown.output
    assert [(m["key"], m["new_key"], m["new_row"], m["new_joins"]) for m in found["missing"]] == [
        ("K-2", "K-9", 4, True)
    ]


def _re_keyed(run: Cli, *between: str) -> tuple[str, ...]:
    """K-2 came back as K-9 in June's return (--missing report); September's options."""
    mapping, options = register(), ("--authority", "PMO")
    q1 = write("q1.csv", "key,title,category", "K-1,Rail,T", "K-2,Roads,T")
    q2 = write("q2.csv", "key,title,category", "K-1,Rail,T", "K-9,Roads,T")
    for path, as_at in ((q1, "2026-03-31"), (q2, "2026-06-30")):
        done = run("returns", "import", str(path), "--mapping", mapping, "--as-at", as_at, *options)
        assert done.exit_code == 0, done.output
    if between:
        assert run(*between).exit_code == 0
    return ("returns", "import", str(write("q3.csv", "key,title,category", "K-1,Rail,T",
            "K-9,Roads,T")), "--mapping", mapping, "--as-at", "2026-09-30", *options)  # fmt: skip


def test_the_leaving_advised_for_a_key_that_joined_before_is_the_day_it_joined(run: Cli) -> None:
    # The advice said --effective-date 2026-09-30 (this return's date), though K-9 had
    # replaced K-2 since June: the day it joined is the day K-2 was replaced.
    options = _re_keyed(run)

    found = json.loads(run(*options, "--dry-run", "--json").stdout)

    [missing] = found["missing"]
    assert [missing[k] for k in ("new_key", "new_joined", "leave_on")] == [
        "K-9", "2026-06-30", "2026-06-30"
    ]  # fmt: skip
    left = run("item", "leave", "K-2", "--reason", "merged", "--merged-into", "K-9",
               "--effective-date", "2026-06-30", "--authority", "PMO", "-m", "K-9")  # fmt: skip
    assert left.exit_code == 0, left.output  # the advice is one the ledger takes


def test_when_the_old_key_has_a_decision_after_the_new_one_joined_the_returns_date_is_given(
    run: Cli,
) -> None:
    later = ("item", "report-status", "K-2", "--overall", "amber", "--authority", "PMO",
             "-m", "Q3 check", "--effective-date", "2026-07-31")  # fmt: skip
    options = _re_keyed(run, *later)

    shown = " ".join(run(*options, "--dry-run").output.split())
    found = json.loads(run(*options, "--dry-run", "--json").stdout)

    assert (
        "2026-09-30 (this return's date: K-2 has decisions after K-9 joined on 2026-06-30, so "
        "the ledger cannot say when it was replaced)" in shown
    )
    assert found["missing"][0]["leave_on"] == "2026-09-30"


def test_once_the_old_key_s_leaving_is_recorded_the_advice_is_the_correction(run: Cli) -> None:
    # Imported with --missing leave, K-2 left, no longer reported, in that import; the
    # table printed after it still said to import with --missing report and record
    # 'item leave K-2 --reason merged', which the ledger refuses: K-2 has left.
    mapping = register()
    first = write("q2.csv", "key,title,category", "K-1,Rail,T", "K-2,Roads,T")
    assert run("returns", "import", str(first), "--mapping", mapping, "--as-at", "2026-06-30",
               "--authority", "PMO").exit_code == 0  # fmt: skip
    second = write("q3.csv", "key,title,category", "K-1,Rail,T", "K-9,Roads,T")

    shown = run("returns", "import", str(second), "--mapping", mapping, "--as-at", "2026-09-30",
                "--authority", "PMO", "--missing", "leave")  # fmt: skip

    said = " ".join(shown.output.split())
    assert shown.exit_code == 0, shown.output
    assert (
        "This import recorded each as leaving, no longer reported: if one is the same item "
        "under a new id, correct its leaving to a merger ('decision correct POSITION --set "
        "reason=merged --set merged_into=NEW', POSITION its leaving's in 'item history OLD'; "
        "and --set effective_date=DAY where Leave on is a day before this return's)"
    ) in said
    assert "import the return with --missing report" not in said
    history = json.loads(run("item", "history", "K-2", "--json").output)
    position = history[-1]["position"]
    corrected = run("decision", "correct", str(position), "--set", "reason=merged", "--set",
                    "merged_into=K-9", "--authority", "PMO", "-m", "K-9 is K-2")  # fmt: skip
    assert corrected.exit_code == 0, corrected.output  # the advice is one the ledger takes
