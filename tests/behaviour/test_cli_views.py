"""The read-model commands as a user meets them: portfolio, diff, economics, trail, projections."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from portfolio_ledger.projections.queries import DIFF_FIELDS
from tests.conftest import Cli


@pytest.fixture
def demo(shared_demo: Cli) -> Cli:
    """The demo ledger, made once for the module: the tests given it only read it."""
    return shared_demo


@pytest.fixture
def own_demo(run: Cli) -> Cli:
    """A demo ledger of the test's own, for a test that rebuilds its read models."""
    result = run("demo")
    assert result.exit_code == 0, result.output
    return run


def as_json(run: Cli, *args: str) -> Any:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_as_of_before_and_after_a_demo_reprioritisation(demo: Cli) -> None:
    trail = as_json(demo, "audit", "trail", "--type", "reprioritised")
    change = next(r for r in trail if "unranked" not in r["summary"])  # a re-ranking
    recorded = datetime.fromisoformat(change["recorded_at"])
    old, new = (int(n) for n in change["summary"].removeprefix("rank ").split(" -> "))
    just_before = (recorded - timedelta(microseconds=1)).isoformat()

    before = as_json(demo, "portfolio", "--as-of", just_before)
    after = as_json(demo, "portfolio", "--as-of", recorded.isoformat())
    shown = as_json(demo, "item", "show", change["subject"], "--as-of", just_before)

    rank = {r["key"]: r["priority_rank"] for r in before}
    assert rank[change["subject"]] == old
    assert {r["key"]: r["priority_rank"] for r in after}[change["subject"]] == new
    assert shown["rank"] == old


MOMENT_KEYS = {"as_of", "effective_on"}
FIGURE_NAMES = ("estimated_cost", "whole_life_cost", "authorised_budget", "forecast_cost")
SAME_NAMES = ("key", "kind", "title", "organisation", "stage", "view", "owner", "sponsor",
              "category", "currency", "rag", "forecast_date", "last_status_date", "left_reason",
              "merged_into", "last_decision")  # fmt: skip


def test_item_show_at_a_moment_is_the_object_item_show_gives_now(demo: Cli) -> None:
    now = as_json(demo, "item", "show", "PRJ-001")

    day = datetime.now(UTC).date().isoformat()  # a bare date of today: the end of today
    later = as_json(demo, "item", "show", "PRJ-001", "--as-of", day)
    today = as_json(demo, "item", "show", "PRJ-001", "--effective-on", "2026-06-30")

    assert {k: v for k, v in later.items() if k not in MOMENT_KEYS} == now
    assert later["effective_on"] is None
    assert set(today) == set(now) | MOMENT_KEYS
    for name, value in now.items():
        assert type(today[name]) is type(value) or None in (value, today[name]), name
    assert set(today["authorised_budget"]) == {"amount", "currency"}
    human = demo("item", "show", "PRJ-001", "--as-of", day).output.splitlines()
    assert human.pop(2).split() == [
        "As",
        "at",
        "as",
        "recorded",
        "by",
        f"{day}T23:59:59Z",
    ]
    assert human == demo("item", "show", "PRJ-001").output.splitlines()


def test_item_show_at_a_moment_agrees_with_the_portfolio_then(demo: Cli) -> None:
    trail = as_json(demo, "audit", "trail")
    days = sorted({row["effective_date"] for row in trail})
    moments = [("--effective-on", days[len(days) // 3]), ("--effective-on", days[-1]),
               ("--as-of", trail[len(trail) // 2]["recorded_at"])]  # fmt: skip

    for moment in moments:
        for row in as_json(demo, "portfolio", *moment):
            shown = as_json(demo, "item", "show", row["key"], *moment)

            assert {n: shown[n] for n in SAME_NAMES} == {n: row[n] for n in SAME_NAMES}
            assert shown["rank"] == row["priority_rank"]
            assert shown["last_effective_date"] == row["last_decision_date"]
            # The decision the state stands on: its version and when it was recorded.
            assert shown["version"] == row["version"], (row["key"], moment)
            recorded = datetime.fromisoformat(shown["last_recorded_at"])
            assert recorded == datetime.fromisoformat(row["recorded_at"]), (row["key"], moment)
            assert len(shown["open_escalations"]) == row["open_escalations"]
            for name in FIGURE_NAMES:
                figure, amount = shown[name], row[name]
                if amount is not None:
                    assert Decimal(figure["amount"]) == Decimal(amount), (row["key"], name)
                else:
                    assert figure == row.get(f"{name}_status"), (row["key"], name)


def test_diff_between_two_moments_lists_exactly_what_changed(demo: Cli) -> None:
    trail = as_json(demo, "audit", "trail")
    start, end = trail[60]["recorded_at"], trail[140]["recorded_at"]
    touched = {r["subject"] for r in trail[61:141] if r["subject_kind"] == "item"}

    changes = as_json(demo, "portfolio", "diff", start, end)

    expected = set()
    for key in touched:
        then = demo("item", "show", key, "--as-of", start, "--json")
        now = as_json(demo, "item", "show", key, "--as-of", end)
        if then.exit_code != 0:
            expected.add((key, "joined"))
            continue
        was = json.loads(then.output)
        if now["stage"] == "left" != was["stage"]:
            expected.add((key, "left"))
            continue
        for field in DIFF_FIELDS:  # a figure: its amount and currency, or its status
            shown = "rank" if field == "priority_rank" else field
            if was[shown] != now[shown]:
                expected.add((key, field))
    assert {(c["key"], c["change"]) for c in changes} == expected
    assert expected  # the window is not empty


def test_effective_diff_and_the_human_tables(demo: Cli) -> None:
    result = demo("portfolio", "diff", "--effective", "2000-01-01", "2100-01-01")
    portfolio = demo("portfolio", "--stage", "catalogue")
    economics = demo("economics")
    items = as_json(demo, "items", "list")

    assert result.exit_code == 0
    assert f"{len(items)} joined" in result.output  # every item, from before the first decision
    assert "live" in portfolio.output
    assert "Envelope" in economics.output
    assert "GBP 280,000,000" in economics.output


def test_economics_as_of_the_start_shows_the_first_envelope(demo: Cli) -> None:
    trail = as_json(demo, "audit", "trail", "--item", "PORTFOLIO")
    first = trail[0]

    then = as_json(demo, "economics", "--as-of", first["recorded_at"])
    now = as_json(demo, "economics")
    items = as_json(demo, "items", "list")

    assert then["envelope"] == {"amount": "250000000.00", "currency": "GBP"}
    assert now["envelope"] == {"amount": "280000000.00", "currency": "GBP"}
    assert sum(r["items"] for r in now["totals"] if r["dimension"] == "view") == len(items)


def test_audit_trail_filters_on_the_command_line(demo: Cli) -> None:
    everything = as_json(demo, "audit", "trail")
    by_chair = as_json(demo, "audit", "trail", "--actor", "Helen Carter")
    approvals = as_json(
        demo,
        "audit",
        "trail",
        "--type",
        "approved",
        "--clock",
        "effective",
        "--from",
        "2000-01-01",
        "--to",
        "2100-12-31",
    )
    one_item = as_json(demo, "audit", "trail", "--item", "prj-001")

    assert [r["position"] for r in everything] == list(range(1, len(everything) + 1))
    assert by_chair
    assert {r["actor"] for r in by_chair} == {"Helen Carter"}
    assert {r["event"] for r in approvals} == {"approved"}
    assert {r["subject"] for r in one_item} == {"PRJ-001"}
    assert demo("audit", "trail", "--item", "PRJ-001").exit_code == 0


def test_audit_trail_json_gives_references_and_mandates_as_json(demo: Cli) -> None:
    trail = as_json(demo, "audit", "trail", "--item", "PRJ-002")
    history = {r["position"]: r for r in as_json(demo, "item", "history", "PRJ-002")}

    governed = [r for r in trail if r["authority_detail"] is not None]
    assert governed
    assert any(r["refs"] for r in trail)
    for row in trail:
        assert isinstance(row["refs"], list)
        assert row["refs"] == history[row["position"]]["references"]
        assert row["authority_detail"] == history[row["position"]]["authority_detail"]
    assert all(isinstance(r["authority_detail"], dict) for r in governed)


def test_every_read_model_status_lists_may_be_rebuilt_by_its_name_in_any_case(
    own_demo: Cli,
) -> None:
    """held_values was listed by status but refused by rebuild as 'not one of' the others."""
    names = [s["name"] for s in as_json(own_demo, "projections", "status")]

    for name in names:
        rebuilt = own_demo("projections", "rebuild", name.upper())
        assert rebuilt.exit_code == 0, rebuilt.output
        assert f"Rebuilt {name}" in rebuilt.output


def test_projections_status_and_rebuild(own_demo: Cli) -> None:
    status = as_json(own_demo, "projections", "status")
    rebuilt = own_demo("projections", "rebuild", "audit_trail")
    unknown = own_demo("projections", "rebuild", "nonsense")

    assert {s["lag"] for s in status} == {0}
    assert {s["name"] for s in status} == {
        "portfolio_items",
        "audit_trail",
        "item_timeline",
        "economics",
        "held_values",
    }
    assert rebuilt.exit_code == 0
    assert "Rebuilt audit_trail" in rebuilt.output
    assert unknown.exit_code == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["portfolio", "--as-of", "yesterday"], "is not a time"),
        (["portfolio", "--effective-on", "2026-02-30"], "is not a date"),
        (["portfolio", "diff", "2026-01-01", "soon"], "is not a time"),
        (["economics", "--effective-on", "tomorrow"], "is not a date"),
        (["portfolio", "--as-of", "2026-W49"], "names a week, not a day"),
        (["portfolio", "--effective-on", "2026W49"], "names a week, not a day"),
    ],
)
def test_bad_moments_exit_2(run: Cli, args: list[str], message: str) -> None:
    result = run(*args)

    assert result.exit_code == 2, result.output
    assert message in result.output


@pytest.mark.sqlite_only("a day is read, and refused, before the database is reached")
@pytest.mark.parametrize("week", ["2026-W49", "2026W49"])
def test_a_week_refused_names_its_monday_as_a_day_that_is_taken(run: Cli, week: str) -> None:
    """The refusal of a week suggests its Monday spelt as the week was: 2026W49 is 2026W491,
    not 2026W49-1 (which mixes the two spellings, and is no day)."""
    assert run("init").exit_code == 0
    refused = run("portfolio", "--effective-on", week)
    assert refused.exit_code == 2, refused.output
    said = re.search(r"\((\S+) is Monday\)", refused.output)
    assert said, refused.output
    taken = run("portfolio", "--effective-on", said.group(1), "--json")
    assert taken.exit_code == 0, taken.output


@pytest.mark.parametrize("spelling", ["%Y-%m-%d", "%Y%m%d", "%G-W%V-%u", "%GW%V%u"])
def test_every_spelling_of_a_day_is_the_whole_day(run: Cli, spelling: str) -> None:
    proposed = run(
        "item", "propose", "PRJ-1", "--kind", "project", "--title", "T", "--owner", "O",
        "--sponsor", "S", "--category", "C", "-m", "why",
    )  # fmt: skip
    assert proposed.exit_code == 0, proposed.output
    today = datetime.now(UTC).strftime(spelling)

    listed = as_json(run, "portfolio", "--as-of", today)
    up_to = as_json(run, "audit", "trail", "--to", today)
    from_ = as_json(run, "audit", "trail", "--from", today)

    assert [row["key"] for row in listed] == ["PRJ-1"]
    assert len(up_to) == len(from_) == 1


@pytest.mark.parametrize(
    "args",
    [
        ["portfolio", "--as-of", "2099-01-01"],
        ["portfolio", "--as-of", "2099-01-01T00:00Z"],
        ["economics", "--as-of", "2099-01-01"],
        ["item", "show", "PRJ-001", "--as-of", "2099-01-01"],
        ["portfolio", "diff", "2026-01-01", "2099-01-01"],
    ],
)
def test_a_recorded_moment_after_now_is_refused(demo: Cli, args: list[str]) -> None:
    result = demo(*args)

    assert result.exit_code == 2, result.output
    assert "is in the future: the ledger cannot say what it will have recorded" in result.output


def test_today_and_future_effective_days_are_answered(demo: Cli) -> None:
    today = datetime.now(UTC).date()
    now = as_json(demo, "portfolio")

    assert as_json(demo, "portfolio", "--as-of", today.isoformat()) == now
    assert len(as_json(demo, "portfolio", "--effective-on", "2099-01-01")) == len(now)
    assert as_json(demo, "audit", "trail", "--to", "2099-01-01") == as_json(demo, "audit", "trail")


def test_an_item_that_did_not_exist_yet_is_named(run: Cli) -> None:
    run(
        "item",
        "propose",
        "PRJ-1",
        "--kind",
        "project",
        "--title",
        "T",
        "--owner",
        "O",
        "--sponsor",
        "S",
        "--category",
        "C",
        "-m",
        "why",
    )

    result = run("item", "show", "PRJ-1", "--as-of", "2000-01-01")
    unknown = run("item", "show", "PRJ-2", "--as-of", "2000-01-01")

    assert result.exit_code == 1
    assert "PRJ-1 did not exist yet" in result.output
    assert unknown.exit_code == 1
    assert "no item PRJ-2" in unknown.output


def test_portfolio_envelope_is_an_authorisation(run: Cli) -> None:
    refused = run("portfolio", "envelope", "GBP 1,000,000", "-m", "Plan")
    recorded = run("portfolio", "envelope", "GBP 1,000,000", "--authority", "Board", "-m", "Plan")

    assert refused.exit_code == 2  # --authority left out: a missing option
    assert "name the authority" in refused.output
    assert recorded.exit_code == 0
    assert "portfolio envelope GBP 1,000,000" in recorded.output


def onboard(run: Cli, key: str, budget: str) -> None:
    result = run("item", "onboard", key, "--title", f"Item {key}", "--category", "Data",
                 "--currency", budget[:3], "--stage", "in-delivery", "--budget", budget,
                 "--rag", "amber", "--authority", "PMO", "-m", "baseline")  # fmt: skip
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("envelope", [True, False])
def test_economics_shows_each_currencys_commitment_and_keeps_others_out_of_the_headroom(
    run: Cli, envelope: bool
) -> None:
    if envelope:
        set_it = run("portfolio", "envelope", "GBP 1,000,000", "--authority", "Board", "-m", "P")
        assert set_it.exit_code == 0, set_it.output
    onboard(run, "GBP-1", "GBP 400,000")
    onboard(run, "EUR-1", "EUR 5,000,000")

    committed = as_json(run, "economics")["committed"]
    table = run("economics").output

    assert committed == {"EUR": "5000000.00", "GBP": "400000.00"}
    if envelope:
        section = table[table.index("Envelope ") :]
        assert "Headroom                 GBP 600,000" in section
        eur = "Committed in EUR         EUR 5,000,000: not in the headroom"
        assert f"{eur} (the envelope is in GBP; no currency is converted)" in section
    else:
        section = table[table.index("No portfolio envelope is set") :]
        assert "Committed (open items)   EUR 5,000,000" in section
        assert "GBP 400,000" in section


TRICKY = "Fix [urgent] intake [/x] :smile: [bold]now"


@pytest.mark.parametrize(
    "command", [("item", "show", "PRJ-1"), ("item", "history", "PRJ-1"), ("portfolio",),
                ("audit", "trail"), ("items", "list")],
)  # fmt: skip
def test_text_that_looks_like_markup_is_printed_as_written(
    run: Cli, command: tuple[str, ...]
) -> None:
    # Rich reads "[...]" as markup and ":name:" as an emoji; the record's own words are neither.
    recorded = run("item", "propose", "PRJ-1", "--kind", "project", "--title", TRICKY,
                   "--owner", "O", "--sponsor", "S", "--category", "C", "-m", TRICKY)  # fmt: skip
    assert recorded.exit_code == 0, recorded.output

    result = run(*command)

    assert result.exit_code == 0, result.output
    assert TRICKY in " ".join(result.output.split()) or "[/x]" in result.output
    assert "Traceback" not in result.output
    assert "\U0001f604" not in result.output


@pytest.mark.parametrize("clock", [[], ["--effective"]])
def test_a_diff_from_a_later_moment_to_an_earlier_one_is_refused(
    run: Cli, clock: list[str]
) -> None:
    """Backwards, the diff listed no leavers for the items that did not exist yet at TO."""
    result = run("portfolio", "diff", *clock, "2026-06-30", "2026-01-01")

    assert result.exit_code == 2, result.output
    assert "'2026-06-30' is later than TO '2026-01-01'" in result.output
    assert f"Swap them: 'portfolio diff 2026-01-01 2026-06-30{' '.join(['', *clock])}'" in (
        result.output
    )


def test_as_of_the_recorded_time_item_history_shows_includes_that_decision(demo: Cli) -> None:
    """History shows a recorded time to the second; as of it, the decision is there."""
    history = demo("item", "history", "PRJ-001")
    shown = history.output.split("recorded ", 1)[1].split()[:2]  # ['2026-12-02', '04:17:15Z']
    second = " ".join(shown)
    first = as_json(demo, "audit", "trail", "--item", "PRJ-001")[0]

    item = as_json(demo, "item", "show", "PRJ-001", "--as-of", second)
    minute = as_json(demo, "item", "show", "PRJ-001", "--as-of", second[:16])
    listed = as_json(demo, "portfolio", "--as-of", second.replace(" ", "T"))

    assert first["recorded_at"].startswith(second.replace(" ", "T").removesuffix("Z"))
    assert item["version"] >= 1
    assert minute["version"] >= item["version"]
    assert "PRJ-001" in {row["key"] for row in listed}


def test_audit_trail_to_the_recorded_time_item_history_shows_includes_that_decision(
    demo: Cli,
) -> None:
    """``--to`` a time to the second is the end of that second; ``--from`` it, its start."""
    history = demo("item", "history", "PRJ-001")
    second = " ".join(history.output.split("recorded ", 1)[1].split()[:2])
    first = as_json(demo, "audit", "trail", "--item", "PRJ-001")[0]

    up_to = as_json(demo, "audit", "trail", "--item", "PRJ-001", "--to", second)
    from_it = as_json(demo, "audit", "trail", "--item", "PRJ-001", "--from", second)

    assert first["recorded_at"].startswith(second.replace(" ", "T").removesuffix("Z"))
    assert first["position"] in {row["position"] for row in up_to}
    assert first["position"] in {row["position"] for row in from_it}


def test_the_headroom_says_when_an_open_items_budget_is_withheld(run: Cli) -> None:
    """A withheld budget is not summed as 0 into what is committed, nor the headroom."""
    decided = ("--authority", "Portfolio office", "-m", "Baseline")
    for args in (
        ("portfolio", "envelope", "GBP 10,000,000"),
        ("item", "onboard", "A-1", "--title", "Known", "--category", "Data", "--budget", "4m"),
        ("item", "onboard", "A-2", "--title", "Hidden", "--category", "Data"),
    ):
        assert run(*args, *decided).exit_code == 0
    plain = run("economics", "--by", "view")
    assert run("item", "onboard", "A-3", "--title", "W", "--category", "Data",
               "--budget", "withheld", *decided).exit_code == 0  # fmt: skip

    shown = run("economics", "--by", "view")

    # A-2 is in delivery with no budget on record: what it commits is not known either.
    assert "GBP 4,000,000 (known budgets only; not counted: 1 no budget on record)" in plain.output
    assert "Headroom                 at most GBP 6,000,000" in plain.output
    assert (
        "GBP 4,000,000 (known budgets only; not counted: 1 withheld, 1 no budget on record)"
        in shown.output
    )
    assert "Headroom                 at most GBP 6,000,000" in shown.output


def test_choice_filters_take_comma_separated_values_as_their_help_says(demo: Cli) -> None:
    """--stage, --rag and --kind say 'Repeatable or comma-separated'; commas were refused."""
    repeated = as_json(
        demo, "portfolio", "--stage", "In-Delivery", "--stage", "live",
        "--rag", "red", "--rag", "amber", "--kind", "project", "--kind", "service",
    )  # fmt: skip
    commas = as_json(
        demo, "portfolio", "--stage", "In-Delivery, live", "--rag", "red,AMBER",
        "--kind", "project,service",
    )  # fmt: skip
    refused = demo("portfolio", "--rag", "red,crimson")

    assert commas == repeated
    assert repeated
    assert refused.exit_code == 2
    assert "'crimson' is not one of" in refused.output


def test_stage_takes_every_view_then_every_stage_in_the_domain_s_order(run: Cli) -> None:
    """--stage's choices come from the domain's View and Stage: a stage added there (as
    ``left`` was) is offered with the others, in its place, without the CLI listing it."""
    from portfolio_ledger.domain.lifecycle import Stage, View

    views = [view.value for view in View]
    stages = [stage.value.replace(" ", "-") for stage in Stage if stage.value not in views]
    refused = run("portfolio", "--stage", "lefft")

    assert refused.exit_code == 2
    assert f"'lefft' is not one of {', '.join(map(repr, [*views, *stages]))}" in " ".join(
        refused.output.split()
    )
    assert views[-1] == "left"
    assert f"Only items in this view ({', '.join(views)}) or stage." in " ".join(
        run("portfolio", "--help").output.split()
    )
