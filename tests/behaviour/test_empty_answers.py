"""An empty answer says why: the moment before anything, or nothing known of what was asked."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from portfolio_ledger.domain.clock import utc_text
from tests.conftest import Cli


def onboard(run: Cli, key: str, effective: str) -> None:
    result = run(
        "item",
        "onboard",
        key,
        "--title",
        "Alpha",
        "--category",
        "Infra",
        "--stage",
        "in-delivery",
        "--rag",
        "green",
        "--authority",
        "PMO",
        "-m",
        "baseline",
        "--effective-date",
        effective,
    )
    assert result.exit_code == 0, result.output


@pytest.fixture
def one_item(run: Cli) -> Cli:
    onboard(run, "A1", "2026-01-10")
    return run


@pytest.mark.parametrize(
    ("moment", "said"),
    [
        (["--effective-on", "2026-01-09"], "No item had taken effect by 2026-01-09"),
        (["--as-of", "2000-01-01"], "No item had been recorded by 2000-01-01T23:59:59Z "),
    ],
)
def test_economics_before_any_item_says_what_portfolio_says(
    one_item: Cli, moment: list[str], said: str
) -> None:
    economics = one_item("economics", *moment)
    portfolio = one_item("portfolio", *moment)

    assert economics.exit_code == 0, economics.output
    assert said in economics.output
    assert economics.output == portfolio.output
    assert "holds none yet" not in economics.output


@pytest.mark.parametrize("command", ["portfolio", "economics", "portfolio open"])
def test_before_the_first_item_with_governance_recorded_it_says_no_item_not_nothing(
    run: Cli, command: str
) -> None:
    """docs/concepts.md, *Moments before the ledger*: asked of a moment after a person was
    registered but before the first item, it said 'Nothing had been recorded by ...', which
    the person's registration, recorded then, belies."""
    registered = run("person", "add", "hcarter", "--name", "Helen Carter", "-m", "Registered",
                     "--json")  # fmt: skip
    assert registered.exit_code == 0, registered.output
    between = json.loads(registered.stdout)["recorded_at"]
    onboard(run, "A1", "2026-01-10")

    result = run(*command.split(), "--as-of", between)

    assert result.exit_code == 0, result.output
    assert "Nothing had been recorded" not in result.output
    said = utc_text(datetime.fromisoformat(between), asked=True)  # 19:23:28.02615Z, not ...150Z
    assert f"No item had been recorded by {said} (the recorded clock): " in result.output


@pytest.mark.parametrize("command", ["portfolio", "economics"])
def test_before_the_first_record_the_hint_is_an_option_of_the_command_run(
    one_item: Cli, command: str
) -> None:
    # economics --as-of before the first record said to run 'portfolio --effective-on DAY'.
    yesterday = (datetime.now(UTC).date() - timedelta(days=1)).isoformat()
    result = one_item(command, "--as-of", yesterday)

    assert result.exit_code == 0, result.output
    assert f"ask with '--effective-on {yesterday}' instead of --as-of." in result.output
    assert "'portfolio --effective-on" not in result.output


def test_economics_before_the_envelope_took_effect_says_none_stood_then(one_item: Cli) -> None:
    """Asked of a day before the envelope took effect, it said none is set, and to set one."""
    envelope = one_item("portfolio", "envelope", "GBP 1m", "--authority", "Board", "-m", "Plan",
                        "--effective-date", "2026-02-01")  # fmt: skip
    assert envelope.exit_code == 0, envelope.output

    then = one_item("economics", "--effective-on", "2026-01-31")
    now = one_item("economics")

    assert then.exit_code == 0, then.output
    assert "No portfolio envelope stood then (in effect on 2026-01-31)." in then.output
    assert "is set" not in then.output
    assert "Envelope                 GBP 1,000,000" in now.output


def test_the_earliest_effective_day_is_as_corrected(one_item: Cli) -> None:
    trail = json.loads(one_item("audit", "trail", "--item", "A1", "--json").output)
    corrected = one_item(
        "decision",
        "correct",
        str(trail[0]["position"]),
        "--set",
        "effective_date=2025-12-01",
        "--authority",
        "PMO",
        "-m",
        "baseline date was 1 Dec",
    )
    assert corrected.exit_code == 0, corrected.output

    listed = json.loads(one_item("portfolio", "--effective-on", "2025-12-01", "--json").output)
    before = one_item("portfolio", "--effective-on", "2025-11-30")
    rebuilt = one_item("projections", "rebuild")
    after_rebuild = one_item("portfolio", "--effective-on", "2025-11-30")

    assert [row["key"] for row in listed] == ["A1"]
    said = "the earliest decision on an item takes effect 2025-12-01."
    assert said in before.output
    assert rebuilt.exit_code == 0, rebuilt.output
    assert said in after_rebuild.output


@pytest.fixture(scope="module")
def demo(shared_demo: Cli) -> Cli:
    """The demo ledger, shared by the module's tests (which never write to it)."""
    return shared_demo


UNKNOWN = [
    (["--item", "PRJ-0001"], "nothing has been recorded on PRJ-0001: no item, person, board"),
    (["--type", "aproved"], "no kind of decision is called 'aproved' (did you mean approved"),
    (["--organisation", "NOPE"], "no item has ever had organisation NOPE; organisations in"),
    (["--category", "Infrastructur"], "no item has ever had category Infrastructur;"),
    (["--actor", "hcarter"], "hcarter is the key of Helen Carter, and the trail keeps the name"),
    (["--actor", "Nobody"], "no decision was recorded by 'Nobody'; actors in the trail: "),
]


@pytest.mark.parametrize(("filters", "said"), UNKNOWN)
@pytest.mark.parametrize("form", [[], ["--json"]])
def test_a_trail_filter_naming_what_the_ledger_never_held_is_refused(
    demo: Cli, filters: list[str], said: str, form: list[str]
) -> None:
    result = demo("audit", "trail", *filters, *form)

    # A kind of decision is the ledger's word, not the record's: one that is none is typed
    # wrong (2), as an unknown --stage is; the rest name what the record never held (1).
    assert result.exit_code == (2 if filters[0] == "--type" else 1), result.output
    assert said in " ".join(result.output.split())
    assert result.stdout == ""
    assert "Traceback" not in result.output


BLANK = [
    ["audit", "trail", "--item", ""],
    ["audit", "trail", "--actor", " "],
    ["audit", "trail", "--type", ""],
    ["audit", "export", "--format", "csv", "--out", "x.csv", "--item", ""],
    ["portfolio", "--organisation", ","],
    ["economics", "--category", ""],
    ["items", "list", "--category", "Digital", "--category", " "],
    ["report", "board-pack", "--as-at", "2026-06-30", "--json", "--organisation", ""],
    ["report", "board-pack", "--as-at", "2026-06-30", "--json", "--board", ""],  # for no board
    ["authority", "list", "--board", ""],  # listed every board's delegations
    ["authority", "list", "--to", ""],
]


@pytest.mark.parametrize("command", BLANK, ids=lambda command: " ".join(command[:2]))
def test_a_filter_given_blank_is_refused_not_read_as_no_filter(
    demo: Cli, command: list[str]
) -> None:
    # As with --item "$KEY" and KEY unset: it answered for every subject, as if for one.
    result = demo(*command)

    assert result.exit_code == 2, result.output
    assert f"{command[-1]!r} is blank: give what to select, or leave the option out" in (
        " ".join(result.output.split())
    )
    assert result.stdout == ""
    assert not Path("x.csv").exists()


@pytest.mark.parametrize(("filters", "said"), UNKNOWN[:3])
def test_an_export_filter_naming_what_the_ledger_never_held_writes_nothing(
    demo: Cli, filters: list[str], said: str
) -> None:
    result = demo("audit", "export", "--format", "csv", *filters, "--out", "x.csv")

    assert result.exit_code == (2 if filters[0] == "--type" else 1), result.output
    assert said in " ".join(result.output.split())
    assert "Nothing was written." in result.output
    assert not Path("x.csv").exists()
    assert not Path("x.csv.manifest.json").exists()


@pytest.mark.parametrize(
    "filters",
    [
        ["--item", "prj-001"],
        ["--actor", "helen carter"],
        ["--type", "went-live"],
        ["--organisation", "ddat"],
    ],
)
def test_a_known_filter_value_matching_nothing_in_the_range_is_an_empty_trail(
    demo: Cli, filters: list[str]
) -> None:
    result = demo("audit", "trail", *filters, "--from", "2000-01-01", "--to", "2000-01-02")

    assert result.exit_code == 0, result.output
    assert result.output.startswith("Audit trail: 0 events\n")


@pytest.mark.parametrize(
    "args",
    [
        ("portfolio",),
        ("economics",),
        ("audit", "trail"),
        ("report", "board-pack", "--as-at", "2026-12-01", "--json"),
    ],
    ids=lambda args: args[0],
)
def test_an_organisation_given_by_its_name_is_told_its_key(
    shared_demo: Cli, args: tuple[str, ...]
) -> None:
    """'No item has organisation Digital, Data and Technology' said nothing of DDAT, its key."""
    result = shared_demo(*args, "--organisation", "digital, data and technology")

    assert result.exit_code != 0 or "No items match" in result.output, result.output
    assert "(digital, data and technology is the name of DDAT: give the key)" in result.output, (
        result.output
    )


@pytest.mark.parametrize(
    "args",
    [
        ("portfolio",),
        ("economics",),
        ("report", "board-pack", "--as-at", "2026-12-01", "--json"),
    ],
    ids=lambda args: args[0],
)
def test_an_organisation_on_the_list_with_no_item_yet_is_said_to_be(
    run: Cli, args: tuple[str, ...]
) -> None:
    """It said 'no item has organisation OPS; organisations in the ledger: A', as if OPS were
    unknown, though 'organisation add' had put it on the ledger's list (h4, session 66)."""
    added = run("organisation", "add", "OPS", "--name", "Operations", "-m", "Listed")
    assert added.exit_code == 0, added.output
    onboard(run, "A1", "2026-01-10")

    result = run(*args, "--organisation", "ops")

    assert result.exit_code != 0 or "No items match" in result.output, result.output
    said = " ".join(result.output.split())
    assert "no item has organisation ops (OPS is on the organisation list, with no item yet)" in (
        said
    )


def test_an_empty_range_on_one_clock_says_what_the_other_clock_holds(demo: Cli) -> None:
    """'What was decided in June' on the default (recorded) clock of a ledger whose June
    decisions were recorded later answered 'Audit trail: 0 events' and nothing else."""
    effective = demo("audit", "trail", "--from", "2026-06-01", "--to", "2026-06-30",
                     "--clock", "effective", "--json")  # fmt: skip
    found = len(json.loads(effective.stdout))
    assert found > 0

    result = demo("audit", "trail", "--from", "2026-06-01", "--to", "2026-06-30", "--json")

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []
    assert result.stderr == (
        f"No event matches on the recorded clock (--clock recorded); {found} matching events "
        "took effect in those days: add --clock effective to see them.\n"
    )


def test_an_empty_export_on_one_clock_says_what_the_other_clock_holds(demo: Cli) -> None:
    """An export of June on the default (recorded) clock wrote 0 rows and said nothing of
    the decisions that took effect in June, as the trail does."""
    effective = demo("audit", "trail", "--from", "2026-06-01", "--to", "2026-06-30",
                     "--clock", "effective", "--json")  # fmt: skip
    found = len(json.loads(effective.stdout))

    result = demo("audit", "export", "--from", "2026-06-01", "--to", "2026-06-30",
                  "--out", "june.csv")  # fmt: skip

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Exported 0 rows (no rows match) to june.csv")
    assert result.stderr == (
        f"No event matches on the recorded clock (--clock recorded); {found} matching events "
        "took effect in those days: add --clock effective to export them.\n"
    )


@pytest.mark.parametrize(
    ("command", "doing"), [(("audit", "trail", "--json"), "see"), (("audit", "export"), "export")]
)
def test_the_other_clocks_hint_after_times_names_the_days_it_takes(
    demo: Cli, command: tuple[str, ...], doing: str
) -> None:
    """After --from and --to given as times, the hint said to add --clock effective, which
    then refused them ('a day is asked, not a moment'): it names the days to give."""
    out = ("--out", f"{doing}.csv") if doing == "export" else ()
    times = ("--from", "2026-06-01T10:00Z", "--to", "2026-06-30T10:00:00+00:00")

    result = demo(*command, *times, *out)

    assert result.exit_code == 0, result.output
    assert result.stderr.endswith(
        "took effect in those days: add --clock effective, with the days (--from 2026-06-01 "
        f"--to 2026-06-30), to {doing} them.\n"
    )
    followed = demo("audit", "trail", "--json", "--clock", "effective",
                    "--from", "2026-06-01", "--to", "2026-06-30")  # fmt: skip
    assert followed.exit_code == 0, followed.output
    assert json.loads(followed.stdout) != []


def test_the_diffs_hint_after_times_names_the_days_it_takes(demo: Cli) -> None:
    """'portfolio diff 2026-03-31T10:00Z 2026-06-30T10:00Z' said to run the same with
    --effective, which refuses a time: the hint names the days."""
    result = demo("portfolio", "diff", "2026-03-31T10:00Z", "2026-06-30T10:00Z")

    assert result.exit_code == 0, result.output
    said = "Decisions did take effect between those days: "
    assert f"{said}'portfolio diff 2026-03-31 2026-06-30 --effective'.)" in result.output
    followed = demo("portfolio", "diff", "2026-03-31", "2026-06-30", "--effective")
    assert followed.exit_code == 0, followed.output


def test_the_actors_a_refusal_lists_are_told_apart(run: Cli) -> None:
    # 'actors in the trail: Okafor, Dana, Sam Patel' read as three actors where two are.
    for key, actor in (("A1", "Okafor, Dana"), ("A2", "Sam Patel")):
        proposed = run("item", "propose", key, "--kind", "project", "--title", key,
                       "--owner", "O", "--sponsor", "S", "--category", "C", "-m", "Proposed",
                       actor=actor)  # fmt: skip
        assert proposed.exit_code == 0, proposed.output

    result = run("audit", "trail", "--actor", "Nobody")

    assert result.exit_code == 1, result.output
    assert 'actors in the trail: "Okafor, Dana", Sam Patel.' in " ".join(result.output.split())
