"""Text that would make a terminal do something when the ledger shows it again.

Before, the C1 control characters (U+0080 to U+009F) were recorded: a title holding
U+009B (CSI, ESC [ in one character) ``2J`` was recorded and printed back raw by
``item show``, the portfolio, the trail and ``economics``, where a terminal that reads C1
controls clears the screen; U+009D (OSC) makes a hidden link. They are refused at input
as the C0 controls (ESC) are, naming the character, and nothing is written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import Result
from openpyxl import load_workbook

from portfolio_ledger.application.commands import fields
from portfolio_ledger.cli import render
from tests.behaviour.returns_mappings import ONE_DEPARTMENT
from tests.behaviour.test_cli import PROPOSE
from tests.conftest import Cli

C1 = {
    "CSI": ("Pay\u009b2Jroll", "U+009B at character 4"),
    "OSC": ("\u009d8;;http://evil.example\u009cPayroll", "U+009D at character 1"),
    "NEL": ("Payroll\u0085replacement", "U+0085 at character 8"),
}


@pytest.fixture(autouse=True)
def _names_judged_afresh() -> Iterator[None]:
    """A name let through by a test's lenient check (``_CONTROLS`` patched) is not remembered.

    ``fields._name_not_blank`` caches what it let through: after such a test, a title
    holding ESC was taken by another module's test in the same process (exit 0, not 2).
    """
    yield
    fields._name_not_blank.cache_clear()


def returned_in(run: Cli, folder: Path) -> Result:
    """``returns import`` of q2.csv with the m.toml mapping, both in ``folder``."""
    return run("returns", "import", str(folder / "q2.csv"), "--mapping", str(folder / "m.toml"),
               "--as-at", "2026-06-30", "--authority", "PMO")  # fmt: skip


def titled(title: str) -> list[str]:
    """``PROPOSE`` with another title."""
    given = list(PROPOSE)
    given[given.index("--title") + 1] = title
    return given


@pytest.mark.parametrize(("title", "said"), C1.values(), ids=C1)
def test_a_c1_control_character_is_refused_as_esc_is(run: Cli, title: str, said: str) -> None:
    result = run(*titled(title))

    assert result.exit_code == 2, result.output
    assert f"--title: contains the control character {said}; remove it" in result.output
    assert run.events() == 0


def test_an_import_line_and_a_return_s_cell_are_held_to_it_too(run: Cli, tmp_path: Path) -> None:
    line = {"command": "person add", "key": "zz", "name": "Dana\u009b2J", "rationale": "x"}
    (tmp_path / "people.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    (tmp_path / "m.toml").write_text(ONE_DEPARTMENT, encoding="utf-8")
    (tmp_path / "q2.csv").write_text("Ref,Project\nA1,Alpha\u009b2J\n", encoding="utf-8")

    imported = run("import", str(tmp_path / "people.jsonl"))
    returned = returned_in(run, tmp_path)

    assert imported.exit_code == 2, imported.output
    assert "line 1: name: contains the control character U+009B at character 5" in imported.output
    assert returned.exit_code == 2, returned.output
    assert (
        "row 2, column Project: title: contains the control character U+009B at character 6"
    ) in returned.output
    assert run.events() == 0


@pytest.mark.parametrize("title", ["Payroll\rRefund to 12-34-56", "Payroll\r\nreplacement"])
def test_a_line_break_is_recorded_exactly_and_confirmed_on_one_line(run: Cli, title: str) -> None:
    """Before, the confirmation printed the title's carriage return as it is: the terminal went
    back to the line's start and wrote the rest over 'Recorded PRJ-042: project proposed:'."""
    result = run(*titled(title), "--request-id", "r-1")
    again = run(*titled(title), "--request-id", "r-1")

    assert result.exit_code == 0, result.output
    shown = " ".join(title.splitlines())
    assert f"Recorded PRJ-042: project proposed: {shown} (category" in result.output
    assert f"PRJ-042: project proposed: {shown} (category" in again.output
    assert "\r" not in result.output + again.output
    recorded = json.loads(run("item", "show", "PRJ-042", "--json").output)
    assert recorded["title"] == title


def test_a_refusal_quoting_a_file_s_text_writes_what_a_terminal_acts_on_as_escapes(
    run: Cli, tmp_path: Path
) -> None:
    """Before, a refusal printed a field's or column's name as the file spelt it: an import
    line's field ESC [ 2 J, a mapping's [columns] name, cleared the screen of whoever read it."""
    line = {"command": "person add", "key": "zz", "name": "Dana", "rationale": "x",
            "\x1b[2Jnote": "y"}  # fmt: skip
    (tmp_path / "people.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    mapping = ONE_DEPARTMENT.replace('title = "Project"', 'title = "Project"\n"\\u202eeltit" = "x"')
    (tmp_path / "m.toml").write_text(mapping, encoding="utf-8")
    (tmp_path / "q2.csv").write_text("Ref,Project\nA1,Alpha\n", encoding="utf-8")

    imported = run("import", str(tmp_path / "people.jsonl"))
    mapped = returned_in(run, tmp_path)
    path = run("--db", str(tmp_path / "a\rDone. Nothing is wrong" / "x.db"), "portfolio")

    assert imported.exit_code == 2, imported.output
    assert (
        'line 1: "\\u001b[2Jnote": is not a field of this command: its name holds U+001B (a '
        "control character), which a screen does not show" in imported.output
    )
    assert mapped.exit_code == 2, mapped.output
    assert "[columns] names \\u202eeltit, which is not an item field" in mapped.output
    assert path.exit_code == 1, path.output
    assert "a\\rDone. Nothing is wrong" in path.output
    for said in (imported, mapped, path):
        assert not {"\x1b", "\r", "\u202e"} & set(said.output)
    assert run.events() == 0


def test_a_return_s_headers_not_read_are_said_as_escapes_where_a_terminal_acts_on_them(
    run: Cli, tmp_path: Path
) -> None:
    """Before, 'Columns not read:' printed a return's headers as they were: ESC and all."""
    (tmp_path / "m.toml").write_text(ONE_DEPARTMENT, encoding="utf-8")
    (tmp_path / "q2.csv").write_text(
        'Ref,Project,\x1b]8;;http://evil.example\x07Notes,"Safe\rEVIL",\u2067Owner\nA1,Alpha,,,\n',
        encoding="utf-8",
        newline="",
    )

    result = returned_in(run, tmp_path)

    assert result.exit_code == 0, result.output
    assert (
        "Columns not read: \\x1b]8;;http://evil.example\\x07Notes, Safe EVIL, \\u2067Owner "
        "(not in the mapping)."
    ) in result.output
    assert not {"\x1b", "\x07", "\r", "\u2067"} & set(result.output)


VIEWS = {
    "item show": ["item", "show", "PRJ-042"],
    "item history": ["item", "history", "PRJ-042"],
    "portfolio": ["portfolio"],
    "audit trail": ["audit", "trail"],
    "audit authority": ["audit", "authority", "PRJ-042"],
    "economics": ["economics", "--by", "category"],
}


@pytest.mark.parametrize("terminal", [True, False], ids=["terminal", "piped"])
@pytest.mark.parametrize("view", VIEWS, ids=VIEWS.keys())
def test_a_control_recorded_before_it_was_refused_is_shown_as_its_escape(
    run: Cli, monkeypatch: pytest.MonkeyPatch, view: str, terminal: bool
) -> None:
    """A ledger made before holds what was taken then: ESC, U+009B. Rich printed it as it was."""
    with monkeypatch.context() as before:  # the check as it was before ESC was refused
        before.setattr(fields, "_CONTROLS", re.compile("[\x00]"))
        given = titled("Pay\x1b[2Jroll\u009b2J")
        given[given.index("--category") + 1] = "Corporate\x1b]8;;http://evil.example\x07"
        assert run(*given).exit_code == 0
    monkeypatch.setattr(render, "_on_terminal", lambda _stream: terminal)

    result = run(*VIEWS[view], env={"COLUMNS": "250"})  # wide: no cell folded

    assert result.exit_code == 0, result.output
    assert not {"\x1b", "\x07", "\u009b"} & set(result.output)
    shown = ["Pay\\x1b[2Jroll\\x9b2J", "Corporate\\x1b]8;;http://evil.example\\x07"]
    assert any(text in result.output for text in shown)  # economics shows the category alone


def test_a_usage_error_and_a_listing_that_finds_nothing_write_controls_as_escapes(
    run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, click's own refusals ('Got unexpected extra argument (...)'), ours raised as
    click's (the actors in the trail, one recorded before ESC was refused), and 'No items
    match: ...' printed the text given, and the text recorded, as they were."""
    with monkeypatch.context() as before:  # the check as it was before ESC was refused
        before.setattr(fields, "_CONTROLS", re.compile("[\x00]"))
        assert run(*PROPOSE, actor="Sam\x1b[8m Patel").exit_code == 0

    extra = run("item", "show", "PRJ-042", "\x1b]8;;http://evil.example\x07")
    actor = run("audit", "trail", "--actor", "Nobo\rdy")  # inside: a filter's ends are trimmed
    nothing = run("items", "list", "--organisation", "HO\u009b2J")

    assert extra.exit_code == 2, extra.output
    assert "unexpected extra argument (\\x1b]8;;http://evil.example\\x07)" in extra.output
    assert actor.exit_code == 1, actor.output
    assert "no decision was recorded by 'Nobo\\rdy'" in actor.output
    assert "actors in the trail: Sam\\x1b[8m Patel" in actor.output
    assert "No items match: no item has organisation HO\\x9b2J" in nothing.output
    for said in (extra, actor, nothing):
        assert not {"\x1b", "\x07", "\r", "\u009b"} & set(said.output)


def test_an_import_names_a_file_named_with_controls_by_their_escapes(
    run: Cli, tmp_path: Path
) -> None:
    """A file's name is any text (a folder others write to): before, 'Checked 1 line of ...'
    printed ESC and CR in it as they were."""
    line = {"command": "person add", "key": "zz", "name": "Dana", "rationale": "x"}
    named = tmp_path / "people\x1b[2J\rq3.jsonl"
    named.write_text(json.dumps(line) + "\n", encoding="utf-8")

    result = run("import", str(named), "--dry-run")

    assert result.exit_code == 0, result.output
    assert "Checked 1 line of " in result.output
    assert "people\\x1b[2J\\rq3.jsonl in " in result.output
    assert not {"\x1b", "\r"} & set(result.output)


@pytest.mark.parametrize("terminal", [True, False], ids=["terminal", "piped"])
def test_a_lone_carriage_return_is_shown_as_the_line_break_it_is(
    run: Cli, monkeypatch: pytest.MonkeyPatch, terminal: bool
) -> None:
    """Rich drops a carriage return: a rationale 'Pay' CR 'roll' was shown as 'Payroll'."""
    given = titled("Payroll replacement")
    given[given.index("-m") + 1] = "Contract ends 2028\rBudget agreed"
    assert run(*given).exit_code == 0
    monkeypatch.setattr(render, "_on_terminal", lambda _stream: terminal)

    result = run("item", "history", "PRJ-042")

    assert result.exit_code == 0, result.output
    assert "Contract ends 2028Budget" not in result.output
    assert re.search(r"Why +Contract ends 2028 *\n", result.output), result.output
    assert "Budget agreed" in result.output
    assert "\r" not in result.output


@pytest.mark.parametrize("terminal", [True, False], ids=["terminal", "piped"])
@pytest.mark.parametrize("view", ["item show", "portfolio", "audit trail"])
def test_an_override_recorded_before_it_was_refused_is_shown_as_its_escape(
    run: Cli, monkeypatch: pytest.MonkeyPatch, view: str, terminal: bool
) -> None:
    """A ledger made before overrides were refused may hold 'Pay' U+202E 'llor', shown as
    'Payroll' (the Trojan Source trick): a view shows the override as its escape."""
    with monkeypatch.context() as before:  # the check as it was before overrides were refused
        before.setattr(fields, "directional_problem", lambda _value: None)
        assert run(*titled("Pay\u202ellor")).exit_code == 0
    monkeypatch.setattr(render, "_on_terminal", lambda _stream: terminal)

    result = run(*VIEWS[view], env={"COLUMNS": "250"})  # wide: no cell folded

    assert result.exit_code == 0, result.output
    assert "Pay\\u202ellor" in result.output
    assert "\u202e" not in result.output


def test_a_workbook_titled_with_a_control_a_ledger_made_before_holds_is_well_formed(
    run: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A listing's title names its filter's value: before, a category holding ESC (recorded
    before ESC was refused) went into the workbook's title as it was, XML no program reads."""
    with monkeypatch.context() as before:  # the check as it was before ESC was refused
        before.setattr(fields, "_CONTROLS", re.compile("[\x00]"))
        given = titled("Payroll")
        given[given.index("--category") + 1] = "Corporate\x1b[2J"
        assert run(*given).exit_code == 0
    out = tmp_path / "items.xlsx"

    result = run("items", "list", "--category", "Corporate\x1b[2J", "--out", str(out))

    assert result.exit_code == 0, result.output
    title = load_workbook(out, read_only=True).properties.title  # ill-formed XML: refused
    assert title == "1 item (category Corporate\ufffd[2J), now"


def test_csv_on_stdout_is_the_text_recorded_as_the_file_has_it(
    run: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """CSV is data, not a table for people: before, piped, click took ESC [ 2 J out of a title
    (a colour code, it thought), so `> view.csv` held "Payroll" where `--out view.csv` held
    the title recorded."""
    with monkeypatch.context() as before:  # the check as it was before ESC was refused
        before.setattr(fields, "_CONTROLS", re.compile("[\x00]"))
        assert run(*titled("Pay\x1b[2Jroll")).exit_code == 0
    out = tmp_path / "view.csv"

    piped = run("portfolio", "--format", "csv")
    written = run("portfolio", "--out", str(out))

    assert piped.exit_code == written.exit_code == 0, piped.output + written.output
    assert "Pay\x1b[2Jroll" in piped.stdout
    assert piped.stdout_bytes == out.read_bytes().removeprefix(b"\xef\xbb\xbf")


WRITTEN = {
    "portfolio": ("portfolio", "--out", "{}.csv"),
    "economics": ("economics", "--out", "{}.csv"),
    "trail": ("audit", "trail", "--out", "{}.csv"),
    "export": ("audit", "export", "--out", "{}.csv"),
    "return": ("portfolio", "export", "--out", "{}.csv"),
    "pack": ("report", "board-pack", "--as-at", "2026-01-01", "--out", "{}.html"),
    "key": ("audit", "keygen", "--name", "ledger.example.org/l", "--out", "{}.key"),
    "receipt": ("audit", "prove", "1", "--out", "{}.json"),
}


@pytest.mark.parametrize("args", WRITTEN.values(), ids=WRITTEN.keys())
def test_a_file_written_named_with_controls_is_confirmed_by_their_escapes(
    run: Cli, tmp_path: Path, args: tuple[str, ...]
) -> None:
    """Found by fuzzing --out (h3): 'Wrote 39 rows to ...', 'Board pack ... written to ...'
    and the others printed the name as given: ESC [2J (on a terminal) cleared the screen,
    U+202E turned the rest of the line; a refusal or an import's note escaped them."""
    key = tmp_path / "signer.key"
    for made in (
        ("person", "add", "zz", "--name", "Dana", "-m", "x", "--authority", "HR"),
        ("audit", "keygen", "--name", "ledger.example.org/l", "--out", str(key)),
        ("audit", "checkpoint", "--key", str(key)),
    ):
        assert run(*made).exit_code == 0
    name = str(tmp_path / "out\x1b[2J\rq\u202e3")

    result = run(*(arg.format(name) for arg in args))

    assert result.exit_code == 0, result.output
    assert "out\\x1b[2J\\rq\\u202e3." in result.output
    assert not {"\x1b", "\r", "\u202e"} & set(result.output)
