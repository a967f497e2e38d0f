"""What a new user met walking README.md and every command's --help, put right.

A reference list a reader could not split, a mistyped command given no
suggestion, options and commands that did not say what they were, help
examples the ledger refused on the day they were read, and database URLs with
too few slashes that made a file or named nothing typed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from portfolio_ledger.cli import cli
from tests.behaviour.test_help import help_example
from tests.behaviour.test_read_only_ledgers import as_a_user
from tests.conftest import Cli
from tests.test_readme import tour_commands

PROPOSAL = (
    "item", "propose", "PRJ-042", "--kind", "project", "--title", "Payroll replacement",
    "--owner", "Dana Okafor", "--sponsor", "CFO", "--category", "Corporate systems",
    "-m", "Payroll contract ends March 2028",
)  # fmt: skip


def test_item_history_shows_each_reference_on_a_row_of_its_own(run: Cli) -> None:
    # Joined with ", ", "budget GBP 1,200,000.00, ref X" could be one reference or
    # two or three: the comma in the amount read as the end of one.
    refs = ("budget GBP 1,200,000.00", "ref X", "IC minutes, item 4")
    proposed = run(*PROPOSAL, *(arg for ref in refs for arg in ("--ref", ref)))
    assert proposed.exit_code == 0, proposed.output

    shown = run("item", "history", "PRJ-042")

    assert shown.exit_code == 0, shown.output
    lines = [line.strip() for line in shown.output.splitlines()]
    assert [line for line in lines if line.startswith("Ref")] == [
        "Ref 1      budget GBP 1,200,000.00",
        "Ref 2      ref X",
        "Ref 3      IC minutes, item 4",
    ]
    assert "1,200,000.00, ref X" not in shown.output
    history = json.loads(run("item", "history", "PRJ-042", "--json").output)
    assert history[0]["references"] == list(refs)  # the JSON is as it was


def test_one_reference_is_a_ref_and_none_a_dash(run: Cli) -> None:
    assert run(*PROPOSAL, "--ref", "IC minutes, item 4").exit_code == 0
    assert run("item", "reprioritise", "PRJ-042", "--rank", "1", "--authority", "PDG",
               "-m", "Ranked").exit_code == 0  # fmt: skip

    lines = [line.strip() for line in run("item", "history", "PRJ-042").output.splitlines()]

    assert [line for line in lines if line.startswith("Ref")] == [
        "Ref        IC minutes, item 4",
        "Refs       -",
    ]


@pytest.mark.parametrize(
    ("typed", "wrong", "meant"),
    [(["portfolo"], "portfolo", "portfolio"),
     (["item", "histroy", "PRJ-042"], "histroy", "history"),
     (["audit", "trial"], "trial", "trail")],
)  # fmt: skip
def test_a_mistyped_command_is_answered_with_the_one_meant(
    typed: list[str], wrong: str, meant: str
) -> None:
    # A real process, as a user runs it: click suggested only among the commands
    # already loaded, and the top group and 'item' load theirs when asked for one.
    result = subprocess.run(
        [sys.executable, "-m", "portfolio_ledger", *typed],
        capture_output=True, text=True, check=False,
    )  # fmt: skip

    assert result.returncode == 2
    assert f"No such command '{wrong}'." in result.stderr
    assert f"Did you mean '{meant}'?" in result.stderr
    assert "Traceback" not in result.stderr


def test_help_prints_the_default_ledger_s_path_whole(tmp_path: Path) -> None:
    # README: "portfolio-ledger --help prints the exact path". It was wrapped with the
    # epilog, at a '-' in a folder's name: copied, the path had a space in it.
    config = tmp_path / "a-long-folder-name" / "with-hyphens-in-it" / "and-more-of-them"
    env = {**os.environ, "XDG_CONFIG_HOME": str(config), "COLUMNS": "60"}
    result = subprocess.run(
        [sys.executable, "-m", "portfolio_ledger", "--help"],
        capture_output=True, text=True, check=False, env=env,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert f"{config}/portfolio-ledger/ledger.db" in result.stdout.splitlines()[-1]


def commands(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, command in group.commands.items():
        yield (*path, name)
        if isinstance(command, click.Group):
            yield from commands(command, (*path, name))


def command_at(path: tuple[str, ...]) -> click.Command:
    command: click.Command = cli.loaded()
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    return command


EVERY_COMMAND = list(commands(cli.loaded()))


@pytest.mark.parametrize("path", EVERY_COMMAND, ids=" ".join)
def test_every_option_says_what_it_is_for(path: tuple[str, ...]) -> None:
    # 'item appraise --risk-rating' and 'item escalate --severity' listed their
    # choices and nothing else.
    command = command_at(path)

    unsaid = [
        option.opts for option in command.params
        if isinstance(option, click.Option) and not option.hidden and not option.help
    ]  # fmt: skip
    assert unsaid == []


@pytest.mark.parametrize("path", EVERY_COMMAND, ids=" ".join)
def test_every_command_is_listed_with_its_first_line_whole(path: tuple[str, ...]) -> None:
    # Click ends a listing's line at the first word ending in '.': 'item propose'
    # was listed as "Propose a new programme, project or service under KEY (e.g."
    command = command_at(path)
    first = " ".join((command.help or "").split("\n\n")[0].split())

    assert command.get_short_help_str(limit=1000) == first


def test_every_organisation_filter_says_the_same() -> None:
    # 'report board-pack --organisation' said only "Only items of this organisation",
    # where it reads the value as every other filter does (any case, a name with commas
    # whole), as their help says.
    said = {
        option.help
        for path in EVERY_COMMAND
        for option in command_at(path).params
        if isinstance(option, click.Option) and option.multiple and "--organisation" in option.opts
    }

    assert len(said) == 1, said


def test_a_listing_s_page_options_say_their_defaults() -> None:
    # '--limit N  Show at most N rows' and '--offset N  Skip the first N rows' left a
    # reader to guess what leaving them out does.
    pages = [
        option.help
        for path in EVERY_COMMAND
        for option in command_at(path).params
        if isinstance(option, click.Option) and option.opts[0] in {"--limit", "--offset"}
        and option.metavar == "N"
    ]  # fmt: skip

    assert len(pages) > 2
    assert [said for said in pages if "Default: " not in str(said)] == []


@pytest.mark.parametrize("path", [("item", "onboard"), ("item", "report-status")])
def test_each_figure_that_may_be_withheld_says_so(path: tuple[str, ...]) -> None:
    # 'item onboard --forecast-cost' takes 'withheld' and 'not known', as its
    # --whole-life-cost and --budget and report-status's figures do, and said nothing of it.
    figures = [o for o in command_at(path).params if getattr(o, "metavar", None) == "AMOUNT"]

    assert figures
    assert [o.opts for o in figures if "(or 'withheld', 'not known')" not in str(o.help)] == []


@pytest.mark.parametrize("path", [("item", "recommend-action"), ("item", "measure-benefit")])
def test_a_dated_help_example_is_recorded_as_given(run: Cli, path: tuple[str, ...]) -> None:
    # 'recommend-action' gave --due 2026-07-31 and no --effective-date (so today's,
    # after it: refused); 'measure-benefit' an effective date in 2027 (the future).
    onboarded = run(
        "item", "onboard", "PRJ-042", "--title", "Payroll replacement", "--category", "ERP",
        "--stage", "in-delivery", "--effective-date", "2026-01-05", "--authority", "PMO",
        "-m", "Baseline",
    )  # fmt: skip
    assert onboarded.exit_code == 0, onboarded.output

    example = help_example(run, *path)
    result = run(*example)

    assert result.exit_code == 0, (example, result.output)


@pytest.mark.parametrize(
    "path",
    [
        ("item", "fund"),
        ("authority", "revoke"),
        ("item", "recommend-action"),
        ("item", "measure-benefit"),
    ],
)
def test_a_help_example_runs_as_printed_after_the_readme_tour(
    run: Cli, path: tuple[str, ...]
) -> None:
    # 'item fund' funded PRJ-042 under DEL-001, which in the tour covers Infrastructure
    # only (to GBP 1,000,000), and PRJ-042 is Corporate systems: refused. 'authority revoke'
    # counted praman, whom the tour never registers; 'recommend-action' and
    # 'measure-benefit' took effect before the tour's PRJ-042 was proposed, or approved.
    tour = tour_commands()
    approved = next(n for n, argv in enumerate(tour) if argv[:2] == ["item", "approve"])
    for argv in tour[: approved + 1]:
        assert run(*argv).exit_code == 0, argv

    example = help_example(run, *path)
    result = run(*example)

    assert result.exit_code == 0, (example, result.output)


HOST_REFUSED = (
    "sqlite://demo.db names no file: what follows sqlite:// up to the next '/' is a host, "
    "and an SQLite ledger has none; an SQLite file is sqlite:///PATH, three slashes "
    "(sqlite:///demo.db), or just its path (demo.db)"
)


@pytest.mark.parametrize(
    ("typed", "fix"),
    [
        ("sqlite:demo.db", "three slashes (sqlite:///demo.db), or just its path (demo.db)"),
        ("sqlite:/demo.db", "sqlite:///PATH, three slashes (sqlite:////demo.db)"),
        ("SQLite:demo.db", "sqlite:///PATH, three slashes (sqlite:///demo.db)"),
        ("postgresql:test", "a PostgreSQL server is postgresql://USER@HOST:PORT/DATABASE"),
        ("postgres:test", "a PostgreSQL server is postgresql://USER@HOST:PORT/DATABASE"),
        ("sqlite://demo.db", HOST_REFUSED),
        ("sqlite://data/demo.db", "(sqlite:///data/demo.db), or just its path (data/demo.db)"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("command", [("init",), ("items", "list")])
def test_a_url_with_too_few_slashes_is_refused_and_nothing_made(
    tmp_path: Path, typed: str, fix: str, command: tuple[str, ...]
) -> None:
    # Read as a path, 'init' made a file named 'sqlite:demo.db'; 'sqlite://demo.db' was
    # refused as an in-memory ledger, naming nothing typed; 'sqlite://data/demo.db' failed
    # as "Invalid SQLite URL" (exit 1) and 'sqlite:/demo.db' said to create a folder 'sqlite:'.
    (tmp_path / "data").mkdir()
    before = sorted(tmp_path.rglob("*"))

    result = Cli(typed)(*command)

    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert fix in said
    assert typed.rsplit("//", maxsplit=1)[-1] in said
    assert "Traceback" not in said
    assert sorted(tmp_path.rglob("*")) == before


def test_a_file_named_like_a_url_is_still_a_path_given_as_one(tmp_path: Path) -> None:
    result = Cli("./sqlite:demo.db")("init")

    assert result.exit_code == 0, result.output
    assert (tmp_path / "sqlite:demo.db").is_file()


def test_a_ledger_in_a_folder_this_user_may_not_write_is_refused_saying_what_to_do(
    tmp_path: Path,
) -> None:
    # It said "cannot create the ledger file ...: the folder ... is not writable", and
    # stopped: the rule, not the fix.
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        made = [as_a_user(str(folder / "ledger.db"), "init"),
                as_a_user(str(folder / "ledger.db"), "item", "propose", "PRJ-1", *PROPOSAL[3:],
                          "--actor", "A", "--role", "R")]  # fmt: skip
    finally:
        folder.chmod(0o755)

    for result in made:
        assert result.returncode == 1, result.stderr
        said = " ".join(result.stderr.split())
        assert (
            f"cannot create the ledger file {folder / 'ledger.db'}: the folder {folder} is not "
            "writable by this user; make it writable, or choose a file in a folder you can "
            "write to"
        ) in said
        assert "Traceback" not in said
    assert list(folder.iterdir()) == []
