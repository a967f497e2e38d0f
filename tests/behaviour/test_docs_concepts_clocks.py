"""docs/concepts.md's *Two clocks*, checked through the command line, from the docs alone.

The effective date (when a decision took effect, as the decider says) and the
recorded time (when the ledger stored it); ``--effective-on DAY`` asks what had
taken effect by DAY as known now, ``--as-of TIME`` what the ledger said at TIME.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest

from tests.behaviour.concepts_ledger import (
    TODAY,
    TOMORROW,
    appraise,
    approve,
    approved_ledger,
    day,
    governance,
    ok,
    propose,
    refused,
    said,
    shown,
)
from tests.conftest import DATABASES, Cli, a_database

approved = pytest.fixture(name="approved")(approved_ledger)


@pytest.fixture(scope="module", params=DATABASES)
def proposed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Cli]:
    """PRJ-1 proposed on day 1, nothing else: made once for the module's tests that only
    read it (or are refused, which writes nothing: ``refused`` checks). A database of its
    own, as ``module_db_url`` gives (that one holds the module's ``shared_demo``)."""
    with a_database(request.param, tmp_path_factory) as url:
        run = Cli(url)
        propose(run, "PRJ-1")
        yield run


def test_an_effective_date_may_be_past_or_today_never_future(run: Cli) -> None:
    """ "It may be in the past, never in the future ... not given, it is today"."""
    propose(run, "PRJ-1")
    message = refused(run, 2, "item", "reprioritise", "PRJ-1", "--rank", "2", "--authority",
                      "IC", "-m", "Later", "--effective-date", TOMORROW)  # fmt: skip
    assert TOMORROW in message
    ok(run, "item", "reprioritise", "PRJ-1", "--rank", "2", "--authority", "IC", "-m", "Now")
    assert shown(run, "PRJ-1")["last_effective_date"] == TODAY


def test_no_decision_takes_effect_before_the_one_that_made_its_item(run: Cli) -> None:
    """ "No decision takes effect before the one that made its item": the record refuses it."""
    propose(run, "PRJ-1", on=10)
    message = refused(run, 1, "item", "appraise", "PRJ-1", "--estimated-cost", "1",
                      "--expected-benefits", "2", "--risk-rating", "low", "--alignment-score",
                      "5", "-m", "Case", "--effective-date", day(9))  # fmt: skip
    assert "PRJ-1" in message
    assert day(10) in message


@pytest.mark.parametrize(
    "decision",
    [
        (
            "appraise",
            "--estimated-cost",
            "1",
            "--expected-benefits",
            "2",
            "--risk-rating",
            "low",
            "--alignment-score",
            "5",
        ),
        ("reprioritise", "--rank", "1", "--authority", "IC"),
        ("amend", "--title", "Renamed"),
        ("transfer", "--to", "CORP"),
        ("leave", "--reason", "stopped", "--authority", "IC"),
    ],
    ids=lambda decision: decision[0],
)
def test_a_decision_before_its_item_names_both_fixes_whatever_the_decision(
    proposed: Cli, decision: tuple[str, ...]
) -> None:
    """docs/events.md, *Effective order*: "Such a decision is refused, exit 1, naming both
    fixes". A reprioritisation, an amendment, a transfer or a leaving dated before the
    proposal named only the later date, not the correction of the proposal's."""
    action, *options = decision
    said_ = refused(proposed, 1, "item", action, "PRJ-1", *options, "-m", "Early",
                    "--effective-date", day(0))  # fmt: skip
    message = " ".join(said_.split())

    assert f"give an effective date of {day(1)} or later" in message
    assert "or, if PRJ-1 was made earlier than its record says, correct the date of" in message
    assert f"--set effective_date={day(0)}" in message


def test_a_late_decision_is_checked_against_the_item_as_it_stood(run: Cli) -> None:
    """ "the late one is checked against the item as it stood on its effective date": an
    approval dated before the appraisal is refused, one dated after it is taken."""
    governance(run)
    propose(run, "PRJ-1", on=1)
    appraise(run, "PRJ-1", on=10)
    before = run.events()
    early = approve(run, "PRJ-1", on=5)
    assert early.exit_code == 1, early.output
    assert "PRJ-1" in early.output
    assert run.events() == before
    assert approve(run, "PRJ-1", on=11).exit_code == 0


def test_every_later_decision_is_checked_again_after_a_late_one(approved: Cli) -> None:
    """ "with every later decision checked again after it": a rejection dated before the
    approval would leave the approval approving a rejected item, so it is refused."""
    message = refused(approved, 1, "item", "reject", "PRJ-1", "--authority", "IC", "-m", "No",
                      "--effective-date", day(2))  # fmt: skip
    assert "PRJ-1" in message
    assert shown(approved, "PRJ-1")["stage"] == "approved"


def test_the_item_is_the_fold_in_effective_order_on_both_clocks(approved: Cli) -> None:
    """Minutes typed in late: the state is the fold in effective order; ``--as-of`` a moment
    before they were typed in is what the ledger said then, ``--effective-on`` what had
    taken effect by a day, as known now."""
    assert said(approved, "PRJ-1", "reprioritise", 20, "--rank", "7").exit_code == 0
    before_late = shown(approved, "PRJ-1")["last_recorded_at"]
    assert said(approved, "PRJ-1", "reprioritise", 10, "--rank", "3").exit_code == 0
    assert shown(approved, "PRJ-1")["rank"] == 7
    assert shown(approved, "PRJ-1", "--effective-on", day(15))["rank"] == 3
    assert shown(approved, "PRJ-1", "--effective-on", day(5))["rank"] is None
    then = shown(approved, "PRJ-1", "--as-of", before_late, "--effective-on", day(15))
    assert then["rank"] is None
    assert (then["as_of"] is not None, then["effective_on"]) == (True, day(15))
    one_clock = shown(approved, "PRJ-1", "--effective-on", day(15))
    assert one_clock["as_of"] is None
    assert "as_of" not in shown(approved, "PRJ-1") or shown(approved, "PRJ-1")["as_of"] is None


def test_version_without_a_moment_counts_every_decision(approved: Cli) -> None:
    """Without a moment ``version`` is how many decisions the item has had; at a moment,
    that of the decision the state stands on (the last in effect)."""
    assert said(approved, "PRJ-1", "reprioritise", 20, "--rank", "7").exit_code == 0
    assert said(approved, "PRJ-1", "reprioritise", 10, "--rank", "3").exit_code == 0
    assert shown(approved, "PRJ-1")["version"] == 5
    assert shown(approved, "PRJ-1", "--as-of", TODAY)["version"] == 4


def test_the_recorded_time_is_the_ledgers_own_and_never_goes_back(approved: Cli) -> None:
    """ "the recorded time: ... from the ledger's own clock, in UTC, never set by a caller,
    and never earlier than the ledger's previous event"."""
    assert said(approved, "PRJ-1", "reprioritise", 2, "--rank", "3").exit_code == 0
    rows = json.loads(ok(approved, "audit", "trail", "--json").output)
    times = [row["recorded_at"] for row in sorted(rows, key=lambda row: row["position"])]
    assert times == sorted(times)
    assert all(time.endswith("Z") for time in times)
    refused(approved, 2, "item", "reprioritise", "PRJ-1", "--rank", "4", "--authority", "IC",
            "-m", "Backdated", "--recorded-at", "2020-01-01T00:00:00Z")  # fmt: skip


def test_a_time_without_fractions_means_the_end_of_its_second(proposed: Cli) -> None:
    """``--as-of`` the recorded time as ``item history`` shows it (to the second) includes
    the decision; the instant just before it was recorded does not."""
    recorded = datetime.fromisoformat(shown(proposed, "PRJ-1")["proposed_at"])
    second = recorded.strftime("%Y-%m-%d %H:%M:%SZ")
    assert shown(proposed, "PRJ-1", "--as-of", second)["stage"] == "proposed"
    before = (recorded - timedelta(microseconds=1)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    message = refused(proposed, 1, "item", "show", "PRJ-1", "--as-of", before)
    assert "PRJ-1" in message


def test_moments_before_the_ledger_are_answered(run: Cli) -> None:
    """ "portfolio and economics are empty and say when the first decision was recorded or
    takes effect (exit 0) ... item show KEY is refused, exit 1, saying the item did not
    exist yet"."""
    propose(run, "PRJ-1", on=10)
    for moment, first in (
        (("--as-of", "2000-01-01"), TODAY),
        (("--effective-on", day(9)), day(10)),
    ):
        for command in ("portfolio", "economics"):
            result = ok(run, command, *moment)
            assert "PRJ-1" not in result.output
            assert "first" in result.output or "earliest" in result.output
            assert first in result.output
        message = refused(run, 1, "item", "show", "PRJ-1", *moment)
        assert "PRJ-1" in message
        assert "not exist" in message


def test_an_onboarded_item_asked_of_before_it_joined_is_not_said_to_be_proposed(
    run: Cli,
) -> None:
    """ "item show KEY is refused, exit 1, saying the item did not exist yet and where to see
    when it joined the ledger (proposed or onboarded)": an item onboarded, never proposed,
    was sent to see 'when it was proposed'."""
    ok(run, "item", "onboard", "PRJ-1", "--title", "Under way", "--category", "Infra",
       "--stage", "in-delivery", "--authority", "PMO baseline", "-m", "Baseline",
       "--effective-date", day(10))  # fmt: skip

    message = " ".join(refused(run, 1, "item", "show", "PRJ-1", "--effective-on", day(9)).split())

    assert "when it was proposed" not in message
    assert (
        f"PRJ-1 did not exist yet (in effect on {day(9)}); see when it joined the ledger "
        "(proposed or onboarded) with 'portfolio-ledger item history PRJ-1'."
    ) in message


def test_a_recorded_moment_after_now_is_refused_an_effective_day_answered(proposed: Cli) -> None:
    """ "A moment on the recorded clock after now ... is refused with exit 2 ... A date of
    today is the end of today and is taken. A day on the effective clock after today ...
    is answered"."""
    refused(proposed, 2, "portfolio", "--as-of", TOMORROW)
    now = json.loads(ok(proposed, "portfolio", "--json").output)
    today = json.loads(ok(proposed, "portfolio", "--json", "--as-of", TODAY).output)
    later = json.loads(ok(proposed, "portfolio", "--json", "--effective-on", TOMORROW).output)
    assert [row["key"] for row in now] == [row["key"] for row in today] == ["PRJ-1"]
    assert [row["key"] for row in later] == ["PRJ-1"]


@pytest.mark.parametrize(
    ("moment", "said_"),
    [
        ("2026-W49", ""),
        ("2025-02-29", "2025-02 has no day 29 (it has 28)"),
        ("2026-13-01", "there is no month 13"),
        ("2026-12-02x10:00", ""),
        ("2026-12-02T10:00.5", ""),
        ("2026-12-02T10:00:01.Z", ""),
    ],
)
def test_a_moment_of_another_form_is_usage(proposed: Cli, moment: str, said_: str) -> None:
    """A week without its weekday, a day the calendar lacks, ``x`` between day and time,
    a fraction of a minute and a fraction without digits are refused, exit 2."""
    for option in ("--as-of", "--effective-on"):
        message = refused(proposed, 2, "portfolio", option, moment)
        assert said_ in message


def test_a_day_in_any_iso_spelling_is_the_whole_day(run: Cli) -> None:
    """ "2026-12-01, 20261201, 2026-W49-2, each meaning the whole day"."""
    propose(run, "PRJ-1", on=10)
    compact = day(10).replace("-", "")
    assert shown(run, "PRJ-1", "--effective-on", compact)["stage"] == "proposed"
    week = datetime.fromisoformat(day(10)).strftime("%G-W%V-%u")
    assert shown(run, "PRJ-1", "--effective-on", week)["stage"] == "proposed"


def test_a_trail_row_holds_the_item_as_known_after_it_was_recorded(approved: Cli) -> None:
    """ "An audit trail row's stage, rag ... are the item as known just after the row was
    recorded, on the latest day, not the item on the row's effective date"."""
    for on, rag in ((20, "green"), (30, "red"), (25, "amber")):
        ok(approved, "item", "report-status", "PRJ-1", "--overall", rag, "-m", f"Report {rag}",
           "--effective-date", day(on))  # fmt: skip
    rows = json.loads(ok(approved, "audit", "trail", "--item", "PRJ-1", "--json").output)
    late = max(rows, key=lambda row: row["position"])
    assert (late["effective_date"], late["rag"]) == (day(25), "red")
    amber = json.loads(ok(approved, "audit", "trail", "--rag", "amber", "--json").output)
    assert amber == []
    assert shown(approved, "PRJ-1", "--effective-on", day(26))["rag"] == "amber"


def test_before_the_first_decision_within_its_second_says_it_apart(proposed: Cli) -> None:
    """Asked of an instant in the second the first decision was recorded, but before it,
    ``portfolio`` and ``economics`` say when it was recorded with its fraction: *recorded
    07:19:09Z*, beside *nothing had been recorded by 07:19:09.5Z*, would read as the
    ledger contradicting itself (07:19:09Z, given back, names the end of that second)."""
    recorded = datetime.fromisoformat(shown(proposed, "PRJ-1")["proposed_at"])
    if recorded.microsecond == 0:
        pytest.skip("recorded at the start of a second: no instant of it comes before")
    asked = recorded.replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%S.0Z")
    exact = recorded.strftime("%Y-%m-%dT%H:%M:%S.%f").rstrip("0") + "Z"
    for command in ("portfolio", "economics"):
        result = ok(proposed, command, "--as-of", asked)
        assert f"recorded {exact}" in result.output, result.output


def test_the_demos_late_reprioritisation_gives_two_versions(shared_demo: Cli) -> None:
    """ "in the demo, PRJ-021's reprioritisation recorded after a later status report gives
    version 6 without a moment and 5 with --as-of now"."""
    assert shown(shared_demo, "PRJ-021")["version"] == 6
    assert shown(shared_demo, "PRJ-021", "--as-of", TODAY)["version"] == 5
