"""A lifecycle refusal reads as English and names each stage as users see it.

``item go-live`` refused with "cannot take live PRJ-1" (the action's words,
``take live``, put before the key), and ``item leave`` with "cannot record as
leaving the portfolio PRJ-1"; the rules said ``in-delivery`` where every table
and ``item show`` say the stage ``in delivery``.
"""

from __future__ import annotations

from tests.conftest import Cli

ONBOARD = (
    "--title", "Payroll", "--category", "Corporate", "--effective-date", "2026-01-05",
    "--authority", "PMO", "-m", "Baseline",
)  # fmt: skip


def _said(output: str) -> str:
    return " ".join(output.split())


def _onboarded(run: Cli, key: str, stage: str) -> None:
    result = run("item", "onboard", key, "--stage", stage, *ONBOARD)
    assert result.exit_code == 0, result.output


def test_go_live_refused_says_put_the_item_live(run: Cli) -> None:
    _onboarded(run, "PRJ-1", "paused")

    refused = run("item", "go-live", "PRJ-1", "--authority", "PMO", "-m", "Service accepted")

    assert refused.exit_code != 0, refused.output
    assert (
        "cannot put PRJ-1 live: it is paused; only items approved or in delivery can go live."
    ) in _said(refused.output)


def test_go_live_with_no_authority_says_put_the_item_live(run: Cli) -> None:
    _onboarded(run, "PRJ-1", "in-delivery")

    refused = run("item", "go-live", "PRJ-1", "-m", "Service accepted")

    assert refused.exit_code != 0, refused.output
    assert "to put PRJ-1 live name the authority it is decided under" in _said(refused.output)


def test_leaving_twice_says_record_the_item_as_leaving(run: Cli) -> None:
    _onboarded(run, "PRJ-1", "in-delivery")
    leave = ("item", "leave", "PRJ-1", "--reason", "stopped", "--authority", "PMO", "-m", "Done")
    assert run(*leave).exit_code == 0

    refused = run(*leave)

    assert refused.exit_code != 0, refused.output
    assert "cannot record PRJ-1 as leaving the portfolio: it is left;" in _said(refused.output)


def test_a_rule_names_the_stage_in_delivery_as_users_see_it(run: Cli) -> None:
    _onboarded(run, "PRJ-1", "live")

    refused = run("item", "pause", "PRJ-1", "--authority", "PMO", "-m", "Audit")
    shown = run("item", "pause", "--help")

    assert refused.exit_code != 0, refused.output
    assert (
        "cannot pause PRJ-1: it is live; only items approved or in delivery can be paused."
    ) in _said(refused.output)
    assert "in-delivery" not in refused.output
    assert "Pause KEY, an item approved or in delivery." in _said(shown.output)
