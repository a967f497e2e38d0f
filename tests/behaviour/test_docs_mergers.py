"""The merger rule both ways, read from the docs alone.

docs/events.md (``ItemLeft``, ``ItemRejected``, ``ItemCancelled``, ``ItemRetired``;
*Putting the record right*), docs/governance.md (an item's merger, *the other way
round*) and docs/import.md promise: an item is merged (``item leave X --merged-into
T``) only into an item in the portfolio on the merger's day, and T is not rejected,
cancelled, retired, nor leaves, on or before the day another item was merged into it,
whichever is recorded first; by a decision, a correction or an import's line, each
refused with exit 1 and nothing written, naming both items, the days and the fix
(*so close PRJ-2 after 2026-03-01 (--effective-date), or correct PRJ-1's merger
first*). The expected answers were worked out from those pages before the software
was run: the day itself and the day after, each closing decision, the merger
recorded first and last, a correction of either side, an import's lines (and its
refusal in fields, not options).

Ledger: PRJ-1 and PRJ-2 join on 2026-01-05; PRJ-1 is merged into PRJ-2 on
MERGER_DAY unless a test says otherwise.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli

JOIN_DAY = "2026-01-05"
MERGER_DAY = "2026-03-01"
DAY_BEFORE = "2026-02-28"
DAY_AFTER = "2026-03-02"
WHY = ["--authority", "Portfolio Board", "-m", "Decided at the board"]
CLOSE = {"reject": "rejected", "cancel": "cancelled", "retire": "retired"}
"""Each closing command and the word its refusal says (events.md's example for reject)."""
STAGE_FOR = {"reject": None, "cancel": "in-delivery", "retire": "live", "leave": "in-delivery"}
"""The stage T joins at so that the command is open to it: proposed (None) to be rejected."""


def said(result: Any) -> str:
    """The output with its lines joined, as a reader reads a wrapped message."""
    return " ".join(result.output.split())


def ok(result: Any) -> dict[str, Any]:
    assert result.exit_code == 0, result.output
    recorded: dict[str, Any] = json.loads(result.stdout) if result.stdout.startswith("{") else {}
    return recorded


def join(run: Cli, key: str, stage: str | None = "in-delivery", day: str = JOIN_DAY) -> None:
    """KEY joins on DAY: proposed (stage None) or onboarded at STAGE."""
    if stage is None:
        result = run("item", "propose", key, "--kind", "project", "--title", f"Title {key}",
                     "--owner", "Olu", "--sponsor", "Sade", "--category", "ICT",
                     "-m", "Proposed", "--effective-date", day)  # fmt: skip
    else:
        result = run("item", "onboard", key, "--title", f"Title {key}", "--category", "ICT",
                     "--stage", stage, "--authority", "PMO baseline", "-m", "Baseline",
                     "--effective-date", day)  # fmt: skip
    assert result.exit_code == 0, result.output


def decide(run: Cli, verb: str, key: str, day: str, *more: str) -> Any:
    """`item VERB KEY` with effect from DAY, in words under the Portfolio Board."""
    return run("item", verb, key, *more, *WHY, "--effective-date", day, "--json")


def close(run: Cli, verb: str, key: str, day: str) -> Any:
    """Reject, cancel, retire KEY, or record that it left (completed), from DAY."""
    more = ["--reason", "completed"] if verb == "leave" else []
    return decide(run, verb, key, day, *more)


def merge(run: Cli, key: str, into: str, day: str = MERGER_DAY) -> Any:
    return decide(run, "leave", key, day, "--reason", "merged", "--merged-into", into)


def position(result: Any) -> int:
    return int(ok(result)["position"])


def correct(run: Cli, at: int, *sets: str) -> Any:
    options = [part for field in sets for part in ("--set", field)]
    return run("decision", "correct", str(at), *options, "--authority", "PMO procedure",
               "-m", "Minutes say otherwise")  # fmt: skip


def record(run: Cli) -> tuple[str, str]:
    """The whole trail and the ledger's digest, as a reader compares them."""
    trail = run("audit", "trail", "--json")
    digest = run("audit", "digest", "--json")
    assert trail.exit_code == 0, trail.output
    assert digest.exit_code == 0, digest.output
    return trail.stdout, digest.stdout


def refused(run: Cli, result: Any, before: tuple[str, str], *words: str) -> str:
    """Exit 1, every word in the message, no traceback, the trail and digest unchanged."""
    assert result.exit_code == 1, result.output
    message = said(result)
    for word in words:
        assert word in message, message
    assert "Traceback" not in result.output
    assert record(run) == before
    return message


def ledger(run: Cli, target_stage: str | None) -> None:
    join(run, "PRJ-1")
    join(run, "PRJ-2", target_stage)


# --- The merger recorded first: T's closing is held to it --------------------------------


@pytest.mark.parametrize("verb", ["reject", "cancel", "retire"])
def test_the_item_merged_into_is_not_closed_on_the_mergers_day_but_is_the_day_after(
    run: Cli, verb: str
) -> None:
    """'not rejected, cancelled or retired ... on or before the merger's day'."""
    ledger(run, STAGE_FOR[verb])
    ok(merge(run, "PRJ-1", "PRJ-2"))
    before = record(run)

    on_the_day = close(run, verb, "PRJ-2", MERGER_DAY)
    refused(run, on_the_day, before,
            f"PRJ-2 cannot be {CLOSE[verb]} with effect from {MERGER_DAY}",
            f"PRJ-1 was merged into PRJ-2 with effect from {MERGER_DAY}",
            f"PRJ-2 would be {CLOSE[verb]} by then",
            f"close PRJ-2 after {MERGER_DAY} (--effective-date)",
            "or correct PRJ-1's merger first")  # fmt: skip

    ok(close(run, verb, "PRJ-2", DAY_AFTER))


def test_the_item_merged_into_is_not_closed_before_the_mergers_day_either(run: Cli) -> None:
    """events.md's own example: rejected from 2026-02-01, a month before the merger."""
    ledger(run, None)
    ok(merge(run, "PRJ-1", "PRJ-2"))
    before = record(run)

    result = close(run, "reject", "PRJ-2", "2026-02-01")
    refused(run, result, before,
            "PRJ-2 cannot be rejected with effect from 2026-02-01: PRJ-1 was merged into "
            "PRJ-2 with effect from 2026-03-01, and PRJ-2 would be rejected by then",
            "so close PRJ-2 after 2026-03-01 (--effective-date), or correct PRJ-1's merger "
            "first")  # fmt: skip


def test_the_item_merged_into_does_not_leave_on_the_mergers_day_but_may_the_day_after(
    run: Cli,
) -> None:
    """'... nor leaves the portfolio, on or before the merger's day': any reason."""
    ledger(run, "in-delivery")
    join(run, "PRJ-3")
    ok(merge(run, "PRJ-1", "PRJ-2"))
    before = record(run)

    for more in (["--reason", "completed"], ["--reason", "merged", "--merged-into", "PRJ-3"]):
        result = decide(run, "leave", "PRJ-2", MERGER_DAY, *more)
        refused(run, result, before,
                f"PRJ-1 was merged into PRJ-2 with effect from {MERGER_DAY}",
                f"PRJ-2 after {MERGER_DAY}", "correct PRJ-1's merger first")  # fmt: skip

    # A chain: PRJ-2, merged into, merges on into PRJ-3 the day after.
    ok(merge(run, "PRJ-2", "PRJ-3", DAY_AFTER))


def test_the_latest_merger_into_it_bounds_the_closing_and_its_fix_works(run: Cli) -> None:
    """Two items merged into T: T closes after the later merger's day, the day the
    refusal names (docs do not say which merger a refusal names: the fix must hold)."""
    ledger(run, None)
    join(run, "PRJ-3")
    ok(merge(run, "PRJ-1", "PRJ-2", MERGER_DAY))
    later = position(merge(run, "PRJ-3", "PRJ-2", "2026-04-01"))
    before = record(run)

    message = refused(run, close(run, "reject", "PRJ-2", "2026-03-15"), before,
                      "PRJ-3 was merged into PRJ-2 with effect from 2026-04-01",
                      "close PRJ-2 after 2026-04-01")  # fmt: skip
    assert "correct PRJ-3's merger first" in message, message
    refused(run, close(run, "reject", "PRJ-2", "2026-04-01"), before, "PRJ-2 after 2026-04-01")

    # governance.md: that one corrected alone, the next refusal names the one before it.
    ok(correct(run, later, "effective_date=2026-01-31"))
    refused(run, close(run, "reject", "PRJ-2", "2026-02-01"), record(run),
            f"PRJ-1 was merged into PRJ-2 with effect from {MERGER_DAY}",
            f"close PRJ-2 after {MERGER_DAY}")  # fmt: skip
    ok(close(run, "reject", "PRJ-2", DAY_AFTER))


def test_its_fix_correct_the_merger_first_then_close_it(run: Cli) -> None:
    """'... or correct PRJ-1's merger first': the merger moved before the closing day."""
    ledger(run, None)
    merger = position(merge(run, "PRJ-1", "PRJ-2"))
    before = record(run)
    refused(run, close(run, "reject", "PRJ-2", "2026-02-01"), before, "PRJ-2")

    ok(correct(run, merger, "effective_date=2026-01-31"))
    refused(run, close(run, "reject", "PRJ-2", "2026-01-31"), record(run), "2026-01-31")
    ok(close(run, "reject", "PRJ-2", "2026-02-01"))


def test_its_other_fix_correct_the_merger_to_another_item_then_close_it(run: Cli) -> None:
    """'(to another item, or an earlier day ...)': merged into PRJ-3 instead."""
    ledger(run, None)
    join(run, "PRJ-3")
    merger = position(merge(run, "PRJ-1", "PRJ-2"))
    before = record(run)
    refused(run, close(run, "reject", "PRJ-2", MERGER_DAY), before, "PRJ-2")

    ok(correct(run, merger, "merged_into=PRJ-3"))
    ok(close(run, "reject", "PRJ-2", MERGER_DAY))


# --- The closing recorded first: the merger is held to it --------------------------------


@pytest.mark.parametrize("verb", ["reject", "cancel", "retire", "leave"])
def test_an_item_closed_first_takes_no_merger_on_its_closing_day_but_does_the_day_before(
    run: Cli, verb: str
) -> None:
    """'in the portfolio on the effective date: not one that had left it ... nor one
    rejected, cancelled or retired by then': whichever is recorded first."""
    ledger(run, STAGE_FOR[verb])
    join(run, "PRJ-3")
    ok(close(run, verb, "PRJ-2", MERGER_DAY))
    before = record(run)

    result = merge(run, "PRJ-1", "PRJ-2", MERGER_DAY)
    refused(run, result, before, "PRJ-1 cannot be merged into PRJ-2")
    if verb != "leave":  # closed: the fix names the day too, as the other way round does
        refused(run, result, before, "so name that item, or, if PRJ-1 was merged before "
                f"PRJ-2 was {CLOSE[verb]}, give that day (--effective-date)")  # fmt: skip

    ok(merge(run, "PRJ-3", "PRJ-2", DAY_BEFORE))


# --- Corrections -------------------------------------------------------------------------


def test_a_closing_corrected_to_the_mergers_day_is_refused_to_the_day_after_recorded(
    run: Cli,
) -> None:
    """'nor has such a decision corrected to that day or earlier': events.md's
    *corrected so, position 7 (rejected) on PRJ-2 would be refused: PRJ-1 was merged
    into PRJ-2 ...*."""
    ledger(run, None)
    ok(merge(run, "PRJ-1", "PRJ-2"))
    rejection = position(close(run, "reject", "PRJ-2", "2026-04-01"))
    before = record(run)

    for day in (MERGER_DAY, "2026-02-01"):
        result = correct(run, rejection, f"effective_date={day}")
        refused(run, result, before,
                f"corrected so, position {rejection} (rejected) on PRJ-2 would be refused",
                f"PRJ-1 was merged into PRJ-2 with effect from {MERGER_DAY}",
                f"close PRJ-2 after {MERGER_DAY} (--set effective_date=DAY)")  # fmt: skip

    ok(correct(run, rejection, f"effective_date={DAY_AFTER}"))


def test_a_merger_corrected_to_on_or_after_the_closing_day_is_refused(run: Cli) -> None:
    """'the item a merger names (its merged_into, or its effective_date, corrected) one
    in the portfolio on the merger's day'."""
    ledger(run, None)
    merger = position(merge(run, "PRJ-1", "PRJ-2"))
    ok(close(run, "reject", "PRJ-2", "2026-04-01"))
    before = record(run)

    for day in ("2026-04-01", "2026-04-02"):
        result = correct(run, merger, f"effective_date={day}")
        refused(run, result, before,
                f"corrected so, position {merger} (left the portfolio) on PRJ-1 would itself "
                "be refused: PRJ-1 cannot be merged into PRJ-2: PRJ-2 was rejected by",
                "give that day (--set effective_date=DAY)")  # fmt: skip

    ok(correct(run, merger, "effective_date=2026-03-31"))


def test_a_merger_corrected_to_name_an_item_closed_by_then_is_refused(run: Cli) -> None:
    ledger(run, None)
    join(run, "PRJ-3", None)
    ok(close(run, "reject", "PRJ-3", MERGER_DAY))
    merger = position(merge(run, "PRJ-1", "PRJ-2"))
    before = record(run)

    result = correct(run, merger, "merged_into=PRJ-3")
    refused(run, result, before, "PRJ-3")


# --- An import's lines -------------------------------------------------------------------


def lines(path: Path, *objects: dict[str, Any]) -> str:
    path.write_text("".join(json.dumps(o) + "\n" for o in objects), encoding="utf-8")
    return str(path)


def line(command: str, key: str, day: str, **fields: Any) -> dict[str, Any]:
    return {"command": command, "key": key, "authority": "Portfolio Board",
            "rationale": "Decided", "effective_date": day, **fields}  # fmt: skip


MERGER_LINE = line("item leave", "PRJ-1", MERGER_DAY, reason="merged into another item",
                   merged_into="PRJ-2")  # fmt: skip


def test_an_import_rejecting_the_item_merged_into_on_the_day_is_refused_whole(
    run: Cli, tmp_path: Path
) -> None:
    """A line sees every line before it; the whole file is one transaction, exit 1."""
    ledger(run, None)
    before = record(run)
    file = lines(tmp_path / "d.jsonl", MERGER_LINE, line("item reject", "PRJ-2", MERGER_DAY))

    for dry in ([], ["--dry-run"]):
        result = run("import", file, *dry)
        message = refused(run, result, before, "line 2",
                          f"PRJ-2 cannot be rejected with effect from {MERGER_DAY}",
                          f"PRJ-1 was merged into PRJ-2 with effect from {MERGER_DAY}",
                          "correct PRJ-1's merger first")  # fmt: skip
        # import.md: rules written for the command line name fields, not options.
        assert "--effective-date" not in message, message
        assert '"effective_date"' in message, message

    fixed = lines(tmp_path / "e.jsonl", MERGER_LINE, line("item reject", "PRJ-2", DAY_AFTER))
    assert run("import", fixed).exit_code == 0


def test_an_import_line_closing_an_item_a_recorded_merger_went_into_is_refused(
    run: Cli, tmp_path: Path
) -> None:
    ledger(run, "live")
    ok(merge(run, "PRJ-1", "PRJ-2"))
    before = record(run)
    for command, extra in (("item retire", {}), ("leave", {"reason": "completed"})):
        file = lines(tmp_path / "r.jsonl", line(command, "PRJ-2", DAY_BEFORE, **extra))
        refused(run, run("import", file), before, "line 1",
                f"PRJ-1 was merged into PRJ-2 with effect from {MERGER_DAY}",
                f'close PRJ-2 after {MERGER_DAY} ("effective_date")')  # fmt: skip


def test_an_import_merging_into_an_item_an_earlier_line_closed_is_refused(
    run: Cli, tmp_path: Path
) -> None:
    """Whichever is recorded first: here the closing, on an earlier line."""
    ledger(run, "in-delivery")
    before = record(run)
    file = lines(tmp_path / "c.jsonl", line("item cancel", "PRJ-2", MERGER_DAY), MERGER_LINE)
    message = refused(run, run("import", file), before, "line 2",
                      "PRJ-1 cannot be merged into PRJ-2",
                      'if PRJ-1 was merged before PRJ-2 was cancelled, give that day '
                      '("effective_date")')  # fmt: skip
    assert "--effective-date" not in message, message

    earlier = dict(MERGER_LINE, effective_date=DAY_BEFORE)
    ok_file = lines(tmp_path / "d.jsonl", line("item cancel", "PRJ-2", MERGER_DAY), earlier)
    assert run("import", ok_file).exit_code == 0


def test_an_import_line_correcting_a_closing_to_the_mergers_day_is_refused(
    run: Cli, tmp_path: Path
) -> None:
    ledger(run, None)
    ok(merge(run, "PRJ-1", "PRJ-2"))
    rejection = position(close(run, "reject", "PRJ-2", "2026-04-01"))
    before = record(run)
    fix = {
        "command": "decision correct",
        "position": rejection,
        "authority": "PMO procedure",
        "rationale": "Minutes say so",
        "changes": {"effective_date": MERGER_DAY},
    }
    file = lines(tmp_path / "f.jsonl", fix)
    message = refused(run, run("import", file), before, "line 1",
                      f"position {rejection} (rejected) on PRJ-2 would be refused",
                      f"PRJ-1 was merged into PRJ-2 with effect from {MERGER_DAY}",
                      f'close PRJ-2 after {MERGER_DAY} ("changes": {{"effective_date": '
                      '"DAY"})')  # fmt: skip
    assert "--set" not in message, message  # import.md: fields, not options

    fine = lines(tmp_path / "g.jsonl", dict(fix, changes={"effective_date": DAY_AFTER}))
    assert run("import", fine).exit_code == 0


def test_a_return_leaving_out_an_item_merged_into_does_not_make_it_leave_by_that_day(
    run: Cli,
) -> None:
    """events.md: ``ItemLeft`` is recorded by ``returns import`` too (``--missing leave``):
    held to the same rule, refused (exit 1, nothing written), and recorded the day after."""
    ledger(run, "in-delivery")
    join(run, "PRJ-3")
    ok(merge(run, "PRJ-1", "PRJ-2"))
    Path("r.toml").write_text('[columns]\nkey = "key"\ntitle = "title"\n', encoding="utf-8")
    Path("r.csv").write_text("key,title\nPRJ-3,Title PRJ-3\n", encoding="utf-8")
    before = record(run)

    def leave_missing(day: str) -> Any:
        return run("returns", "import", "r.csv", "--mapping", "r.toml", "--as-at", day,
                   "--authority", "PMO", "--missing", "leave")  # fmt: skip

    refused(run, leave_missing(MERGER_DAY), before,
            f"PRJ-1 was merged into PRJ-2 with effect from {MERGER_DAY}",
            "correct PRJ-1's merger first",
            f"close PRJ-2 after {MERGER_DAY} (import with --missing report, then 'item leave "
            "PRJ-2' later)")  # fmt: skip
    assert leave_missing(DAY_AFTER).exit_code == 0
    [left] = [i for i in json.loads(run("portfolio", "--json").stdout) if i["key"] == "PRJ-2"]
    assert (left["view"], left["left_reason"]) == ("left", "no longer reported")
