"""The README's two set-up commands are the ones CI runs."""

from __future__ import annotations

import json
import re
import shlex
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.ledger_copies import copy_of

ROOT = Path(__file__).parents[1]


def shell_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", quick_start, re.DOTALL)]


def test_the_quick_start_has_exactly_two_commands() -> None:
    blocks = shell_blocks()

    assert len(blocks) == 2
    assert all("\n" not in block for block in blocks)
    assert blocks[0].endswith("portfolio-ledger demo")
    assert blocks[1].endswith("pytest")


def test_the_quick_start_counts_what_the_demo_records() -> None:
    from portfolio_ledger.demo.data import LEAVERS, ONBOARDED, ORGANISATIONS, PORTFOLIO

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = " ".join(text.split("## Quick start", 1)[1].split("\n## ", 1)[0].split())
    words = {2: "two", 3: "three", 4: "four", 5: "five"}

    assert f"{len(PORTFOLIO)} items of {words[len(ORGANISATIONS)]} organisations" in quick_start
    assert f"{words[len(ONBOARDED)]} items join already under way" in quick_start
    assert f"{words[len(LEAVERS)]} leave the portfolio" in quick_start


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")

    assert f'bash -c "{shell_blocks()[1]}"' in ci


def test_every_event_class_is_documented() -> None:
    import portfolio_ledger.domain.boards
    import portfolio_ledger.domain.delegations
    import portfolio_ledger.domain.events
    import portfolio_ledger.domain.organisations
    import portfolio_ledger.domain.people
    import portfolio_ledger.domain.portfolio
    import portfolio_ledger.domain.record_keeping
    from portfolio_ledger.domain.decision import DecisionEvent

    modules = (
        portfolio_ledger.domain.events,
        portfolio_ledger.domain.portfolio,
        portfolio_ledger.domain.people,
        portfolio_ledger.domain.boards,
        portfolio_ledger.domain.delegations,
        portfolio_ledger.domain.organisations,
        portfolio_ledger.domain.record_keeping,
    )
    classes = [
        value
        for module in modules
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, DecisionEvent)
        and value.__module__ == module.__name__
        and value.__name__
        not in {"ItemEvent", "PersonEvent", "BoardEvent", "DelegationEvent", "RecordKeeping"}
    ]
    vocabulary = (ROOT / "docs" / "events.md").read_text(encoding="utf-8")
    assert len(classes) >= 27
    for event_class in classes:
        assert f"| `{event_class.__name__}` |" in vocabulary, event_class.__name__


def test_the_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    [example] = re.findall(r"```python\n(.*?)```", text, re.DOTALL)
    monkeypatch.chdir(tmp_path)

    exec(compile(example, "README.md", "exec"), {})  # noqa: S102 - our own README

    assert (tmp_path / "portfolio.db").exists()


def test_the_exit_codes_named_are_every_one_the_command_line_ends_with() -> None:
    from portfolio_ledger.cli.errors import INTERNAL, INTERRUPTED

    text = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    named = text.split("Exit codes:", 1)[1].split("## ", 1)[0]
    concepts = (ROOT / "docs" / "concepts.md").read_text(encoding="utf-8")
    table = concepts.split("## Errors and exit codes", 1)[1]

    for code in (0, 1, 2, INTERNAL, INTERRUPTED):
        assert f"`{code}`" in named, code
        assert f"\n| {code} |" in table, code


def test_the_money_paragraph_names_every_shorthand_an_amount_may_use() -> None:
    from portfolio_ledger.domain.money import UNITS, parse_amount

    text = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    paragraph = text.split("Money is exact", 1)[1].split("**", 1)[0]
    written = re.findall(r"`([^`]+)`", paragraph)

    for unit, factor in UNITS.items():
        examples = [w for w in written if re.fullmatch(rf"[\d.]+{unit}", w)]
        assert examples, unit
        for example in examples:
            amount, _ = parse_amount(example)
            assert amount == Decimal(example.removesuffix(unit)) * factor


def test_the_evidence_block_says_where_the_key_file_it_reads_comes_from() -> None:
    """`--key ledger.pub` runs only if the reader was told to make ledger.pub first."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("**Evidence for auditors.**", 1)[1].split("```sh\n", 1)[1].split("```")[0]
    lines = block.splitlines()
    first_use = next(i for i, line in enumerate(lines) if "--key ledger.pub" in line)
    keygen = next(i for i, line in enumerate(lines) if "audit keygen" in line)
    told = [line for line in lines[keygen:first_use] if "ledger.pub" in line]
    assert told, "the README reads --key ledger.pub before saying how ledger.pub is made"
    assert any("signing.key.pub" in line for line in told)


def evidence_lines() -> list[str]:
    """The lines of the block under "Evidence for auditors", its comment lines among them."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("**Evidence for auditors.**", 1)[1].split("```sh\n", 1)[1].split("```")[0]
    return block.splitlines()


def as_the_shell_reads(line: str, folder: Path) -> tuple[list[str], str | None]:
    """A line's argv, each "$(cat FILE)" given FILE's text (none where no FILE: as cat
    leaves it), and the file its output is sent to with '>', if any."""

    def cat(match: re.Match[str]) -> str:
        path = folder / match[1]
        return shlex.quote(path.read_text(encoding="utf-8").strip() if path.exists() else "")

    argv = shlex.split(re.sub(r'"\$\(cat ([^)]+)\)"', cat, line), comments=True)[1:]
    if ">" not in argv:
        return argv, None
    return argv[: argv.index(">")], argv[argv.index(">") + 1]


def test_the_evidence_block_runs_in_order_on_the_tour_s_ledger(
    tour: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It read digest-2026-10.txt and checkpoint-2026-10.txt, which no line wrote: run as
    written after the tour, 'audit verify --digest' was refused (exit 2: the digest given is
    empty), as was 'audit verify-export --digest', and 'audit consistency' (exit 1: no
    checkpoint file). Each file a line reads is now written by a line before it, ledger.pub
    too (keygen's output: it was a copy the reader was asked to make, h5)."""
    run = tour
    monkeypatch.chdir(tmp_path)
    lines = evidence_lines()
    assert lines[-1].startswith("portfolio-ledger grant ")  # PostgreSQL's, for a role made first

    for line in lines[:-1]:
        assert not line.lstrip().startswith("#"), line  # a step for the reader to do by hand
        argv, out = as_the_shell_reads(line, tmp_path)
        result = run(*argv)
        assert result.exit_code == 0, (line, result.output)
        if out:
            (tmp_path / out).write_text(result.stdout, encoding="utf-8")
    assert {"receipt.json", "proof.json", "prj-042.csv.manifest.json"} <= {
        p.name for p in tmp_path.iterdir()
    }


def the_tour(url: str) -> None:
    """The tour's commands run in order on a new ledger at ``url`` (a template's build)."""
    run = Cli(url)
    for argv in tour_commands():
        result = run(*argv)
        assert result.exit_code == 0, (argv, result.output)


@pytest.fixture
def tour(run: Cli, request: pytest.FixtureRequest) -> Cli:
    """The CLI on a copy of the tour's ledger (and its signing key), the tour run once a module.

    test_the_tour_runs_in_order_on_a_new_ledger runs the tour itself, on a new ledger.
    """
    copy_of(the_tour, run.url, request)
    return run


def tour_commands() -> list[list[str]]:
    """The tour's commands, in order: who governs, the item's proposal to approval, reading it
    back, its two clocks and the board pack (its files written where the test runs), as argv."""
    text = (ROOT / "README.md").read_text(encoding="utf-8").split("## A tour", 1)[1]
    blocks = re.findall(r"```(?:sh|console)\n(.*?)```", text, re.DOTALL)
    wanted = ["person add", "$ portfolio-ledger item propose", "item show PRJ-042"]
    wanted += ["--as-of 2026", "board-pack"]
    chosen = [next(b for b in blocks if word in b) for word in wanted]
    lines = "\n".join(chosen).replace("\\\n", " ").splitlines()
    commands = [part.strip().removeprefix("$ ") for line in lines for part in line.split(";")]
    return [
        shlex.split(command, comments=True)[1:]
        for command in commands
        if command.startswith("portfolio-ledger ")
    ]


def test_the_tour_runs_in_order_on_a_new_ledger(
    run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tour's governance took effect on the day it was run, so its board pack as at
    2026-11-30 for IC was refused (IC did not exist yet) and so was 'board show IC
    --effective-on 2026-06-30'; its governance is now dated as it would be minuted. 'item show
    PRJ-042 --effective-on 2026-03-31' asked for a day before the item was proposed."""
    argvs = tour_commands()
    monkeypatch.chdir(tmp_path)
    assert ["report", "board-pack", "--as-at", "2026-11-30", "--board", "IC", "--record",
            "--out", "ic.pdf"] in argvs  # fmt: skip

    for argv in argvs:
        result = run(*argv)
        assert result.exit_code == 0, (argv, result.output)
    assert {"pack.html", "pack.xlsx", "ic.pdf", "pack.pdf"} <= {p.name for p in tmp_path.iterdir()}


def console_block(after: str) -> list[tuple[list[str], str]]:
    """The commands of the console block after a heading, each with the output shown for it."""
    text = (ROOT / "README.md").read_text(encoding="utf-8").split(after, 1)[1]
    block = re.findall(r"```console\n(.*?)```", text, re.DOTALL)[0].replace("\\\n", " ")
    shown: list[tuple[list[str], str]] = []
    for line in block.splitlines():
        if line.startswith("$ portfolio-ledger "):
            shown.append((shlex.split(line[2:])[1:], ""))
        else:
            argv, output = shown[-1]
            shown[-1] = (argv, output + line + "\n")
    return shown


def test_the_refusals_shown_are_what_the_tour_s_ledger_says(
    tour: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Walked in order, the tour (its item onboarded, moved and left too) reaches 'When the
    ledger says no' with PRJ-042 approved, as the refusals shown there have it."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    as_it_is = text.split("**A portfolio as it is.**", 1)[1].split("```sh\n", 1)[1]
    lines = as_it_is.split("```", 1)[0].replace("\\\n", " ").splitlines()
    later = [shlex.split(part)[1:] for line in lines for part in line.split(";") if part.strip()]
    monkeypatch.chdir(tmp_path)
    for argv in later:  # on the tour's ledger
        result = tour(*argv)
        assert result.exit_code == 0, (argv, result.output)

    refusals = console_block("**When the ledger says no**")
    assert len(refusals) == 3
    for argv, shown in refusals:
        result = tour(*argv)
        assert result.exit_code != 0, argv
        assert " ".join(result.output.split()) == " ".join(shown.split()), argv


def test_the_command_table_names_every_decision_on_items_and_governance() -> None:
    """A reader of the table learns of each recording command (item amend was missing)."""
    from portfolio_ledger.cli import cli

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split("| command | records |", 1)[1].split("\n\n", 1)[0]
    firsts = [row.split("|")[1] for row in table.splitlines()[2:]]
    groups = cli.loaded().commands
    reads = {"show", "history", "list"}
    for group in ("item", "person", "board", "authority", "organisation"):
        for name in set(groups[group].commands) - reads:  # type: ignore[attr-defined]
            assert any(
                re.search(rf"\b{group}\b", cell) and re.search(rf"`?\b{name}\b", cell)
                for cell in firsts
            ), f"{group} {name}"


def test_a_moment_quoted_in_the_docs_is_written_as_the_command_line_prints_it() -> None:
    """'as recorded by ...' in a title prints its time as YYYY-MM-DDTHH:MM:SSZ (the docs had
    '2026-12-03T04:36:49.999999+00:00', a form no command prints), or with the fraction of
    a second asked (YYYY-MM-DDTHH:MM:SS.fZ)."""
    from datetime import datetime

    from portfolio_ledger.application.selection import Moment

    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    said = re.compile(r"as recorded by (\d{4}-[^\s)`]+)")
    quoted = [found for page in pages for found in said.findall(page.read_text(encoding="utf-8"))]
    assert quoted
    for moment in quoted:
        asked = datetime.fromisoformat(moment)
        if "." not in moment:  # a second means its end; an instant, with its fraction, itself
            asked = asked.replace(microsecond=999999)
        assert Moment(as_of=asked).describe() == f"as recorded by {moment}"


def test_the_returns_example_runs_from_the_repository_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It named gmpp_2024_2026.csv, which is in tests/data, and ran into the tour's ledger,
    whose organisations refuse the return's 174 rows of other departments."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("**Returns from spreadsheets.**", 1)[1].split("```sh\n", 1)[1]
    lines = block.split("```", 1)[0].replace("\\\n", " ").splitlines()
    argvs = [shlex.split(line)[1:] for line in lines if line.strip()]
    monkeypatch.chdir(ROOT)
    tour = Cli(f"sqlite:///{tmp_path / 'tour.db'}")
    assert [argv[:2] for argv in argvs] == [["--db", "gmpp.db"]] * 3

    said = []
    for given in argvs:
        argv = [str(tmp_path / a) if a in {"gmpp.db", "gmpp.xlsx"} else a for a in given]
        result = tour(*argv)
        assert result.exit_code == 0, (argv, result.output[:2000])
        said.append(result.output)
    assert "Recorded 213 events" in said[0]
    assert "19 new, 142 changed, 28 unchanged" in said[1]
    assert (tmp_path / "gmpp.xlsx").exists()


def test_portfolio_open_is_as_the_tour_shows_it_on_a_demo_run_on_2026_12_05(run: Cli) -> None:
    """The tour's 'portfolio open' on the demo: its sentence named the second command
    'item recommend-action' where the ledger says 'portfolio-ledger item recommend-action',
    its first recommend-action had no -m (refused, exit 2, run as written), and the second
    was not given, only its due day."""
    from datetime import date

    from portfolio_ledger.bootstrap import open_ledger
    from portfolio_ledger.demo.story import record_demo

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    part = text.split("Only the items that may hold something open", 1)[1]
    part = part.split("The board pack flags each overdue action", 1)[0]
    prose = " ".join(part.split())
    said = prose.split("`portfolio open` says *", 1)[1].split("*;", 1)[0]
    recommended = re.findall(r"`(item recommend-action [^`]*)`", prose)
    table = part.split("```\n", 2)[1]
    shown_json = json.loads(prose.split("a day old then: `", 1)[1].split("`", 1)[0])
    ledger, _ = open_ledger(run.url)
    try:  # the demo's dates end on the day it is run: the README's run, 2026-12-05
        record_demo(ledger, today=date(2026, 12, 5))
    finally:
        ledger.close()

    nothing = run("portfolio", "open")
    alone = run("portfolio", "open", "--effective-on", "2026-07-19", "--organisation", "DDAT",
                "--json")  # fmt: skip
    recorded = [run(*shlex.split(command)) for command in recommended]
    listed = run("portfolio", "open", "--effective-on", "2026-09-30")

    assert " ".join(nothing.output.split()) == said
    assert json.loads(alone.stdout) == [shown_json]
    assert len(recorded) == 2
    assert all(result.exit_code == 0 for result in recorded), [r.output for r in recorded]
    assert listed.output == table


def test_the_tours_proposal_to_approval_prints_what_the_readme_shows(run: Cli) -> None:
    """Each line the console block shows for PRJ-042's proposal, appraisal and approval (its
    versions and ledger positions after the governance block), but the recorded time."""
    text = (ROOT / "README.md").read_text(encoding="utf-8").split("## A tour", 1)[1]
    block = next(b for b in re.findall(r"```sh\n(.*?)```", text, re.DOTALL) if "person add" in b)
    for line in block.replace("\\\n", " ").splitlines():
        if line.startswith("portfolio-ledger "):
            result = run(*shlex.split(line)[1:])
            assert result.exit_code == 0, (line, result.output)
    when = re.compile(r"recorded \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ")

    shown = console_block("Propose an item under a key")
    assert [argv[:2] for argv, _ in shown] == [["item", "propose"], ["item", "appraise"],
                                               ["item", "approve"]]  # fmt: skip
    for argv, output in shown:
        result = run(*argv)
        assert result.exit_code == 0, (argv, result.output)
        assert when.sub("T", result.output) == when.sub("T", output).rstrip("\n") + "\n", argv
