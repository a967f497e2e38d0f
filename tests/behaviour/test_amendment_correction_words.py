"""A correction of what an amendment changed says to annul it, not that it says nothing of it.

``decision correct POSITION --set objectives=Water`` on a 'details amended' that set
the item's objectives was refused saying "'details amended' says nothing of
objectives: check the field's name, or correct the decision that says it": the
amendment says them (in its ``changes``), and no other decision does. What an
amendment changed is put right by annulling it and recording it again; a detail it
did not change is still said to be none of its.
"""

from __future__ import annotations

from tests.conftest import Cli


def amended(run: Cli) -> None:
    """N-1 onboarded serving Net zero (position 1), its objectives amended (position 2)."""
    for args in (
        ("item", "onboard", "N-1", "--title", "Item", "--category", "Digital",
         "--objective", "Net zero", "--authority", "PMO", "-m", "baseline"),
        ("item", "amend", "N-1", "--objective", "Digital", "--objective", "Skills",
         "-m", "realigned"),
    ):  # fmt: skip
        result = run(*args)
        assert result.exit_code == 0, result.output


def test_correcting_what_an_amendment_changed_says_to_annul_it(run: Cli) -> None:
    amended(run)

    result = run("decision", "correct", "2", "--set", "objectives=Water",
                 "--authority", "PMO", "-m", "wrong list")  # fmt: skip

    assert result.exit_code == 1, result.output
    assert "says nothing of objectives" not in result.output
    assert "What it says of objectives is put right by annulling the decision" in result.output
    shown = run("item", "show", "N-1", "--json")
    assert '"Skills"' in shown.output  # nothing written


def test_a_detail_the_amendment_did_not_change_is_none_of_its(run: Cli) -> None:
    amended(run)

    result = run("decision", "correct", "2", "--set", "title=Other",
                 "--authority", "PMO", "-m", "wrong title")  # fmt: skip

    assert result.exit_code == 2, result.output  # no field of the decision: bad usage
    assert "'details amended' says nothing of title" in result.output
