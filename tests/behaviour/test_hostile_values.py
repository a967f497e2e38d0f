"""Values a user should never have recorded by accident, on the command line and in an import.

Each is refused (exit 2) naming the option or field and what to write, and
nothing is written.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from portfolio_ledger.cli import cli
from tests.behaviour.test_cli import PROPOSE
from tests.conftest import Cli

# pydantic alone reads a number as seconds since 1970 (0 is 1970-01-01, 86400 the day
# after) and takes a time of day at midnight as its day: none of them is YYYY-MM-DD.
NOT_A_DAY = ["0", "-0", "+0", "00", "0.0", "86400", "2026-01-01T00:00", "2026-01-01 00:00:00"]


@pytest.mark.parametrize("given", NOT_A_DAY)
def test_a_day_is_only_ever_read_as_written(run: Cli, given: str) -> None:
    proposed = run(*PROPOSE[:-2], "--effective-date", given)
    deferred = run("item", "defer", "PRJ-042", "--until", given, "--authority", "IC", "-m", "ok")

    assert proposed.exit_code == 2, proposed.output
    assert (
        "--effective-date: must be a real calendar day, YYYY-MM-DD, such as 2026-03-09, "
        f'not the text "{given}"' in proposed.output
    )
    assert deferred.exit_code == 2, deferred.output
    assert "--until: must be a real calendar day, YYYY-MM-DD" in deferred.output
    assert run.events() == 0


def test_an_import_takes_a_day_only_as_written(run: Cli, tmp_path: Path) -> None:
    person = {"command": "person add", "name": "Q", "rationale": "r"}
    lines = [
        {**person, "key": "p0", "effective_date": 0},
        {**person, "key": "p1", "effective_date": "0"},
        {**person, "key": "p2", "effective_date": "2026-01-01T00:00"},
        {**person, "key": "p3", "effective_date": 86400.0},
    ]
    file = tmp_path / "days.jsonl"
    file.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")

    result = run("import", str(file))

    assert result.exit_code == 2, result.output
    for number, shown in enumerate(
        ["the number 0", 'the text "0"', 'the text "2026-01-01T00:00"', "86400.0"], 1
    ):
        assert f"line {number}: effective_date: must be a real calendar day" in result.output
        assert shown in result.output
    assert run.events() == 0


# Each shows nothing: a zero width space, joiner and word joiner, a byte-order mark, the
# marks that set a direction. Text made of them alone (and spaces) is as blank as "   ".
INVISIBLE = ["\u200b", "\u200d", "\u2060", "\ufeff", "\u200f\u200e", " \u200b ", "\u202e"]


@pytest.mark.parametrize("given", INVISIBLE)
def test_text_that_shows_nothing_is_blank(run: Cli, given: str) -> None:
    why = run(*PROPOSE[:13], "-m", given)
    title = run(*PROPOSE[:5], "--title", given, *PROPOSE[7:])
    actor = run(*PROPOSE, actor=given)

    actor_is = "--actor (from $PORTFOLIO_LEDGER_ACTOR)"  # set there, by run(actor=...)
    for result, option in [(why, "--rationale"), (title, "--title"), (actor, actor_is)]:
        assert result.exit_code == 2, result.output
        assert f"{option}: is required and must not be blank" in result.output
        assert "show nothing (U+" in result.output
    assert run.events() == 0


def test_a_value_from_the_environment_is_refused_naming_its_variable(run: Cli) -> None:
    """An actor or role set in the environment was refused as '--actor: ...', an option
    the user never typed: the fix is in the variable, and the refusal names it."""
    from_environment = run(*PROPOSE, actor="Sam\u202e Patel", role="\x1b[1mPMO")
    typed = run(*PROPOSE, "--actor", "Sam\x01", "--role", "PMO")

    assert from_environment.exit_code == 2, from_environment.output
    assert "Error: 2 invalid values; nothing was recorded:" in from_environment.output
    assert "  --actor (from $PORTFOLIO_LEDGER_ACTOR): contains U+202E" in from_environment.output
    assert "  --role (from $PORTFOLIO_LEDGER_ROLE): contains the control character U+001B" in (
        from_environment.output
    )
    assert typed.exit_code == 2, typed.output
    assert "  --actor: contains the control character U+0001" in typed.output
    assert run.events() == 0


# Nor do these, though Unicode files them as marks or letters, not format characters:
# the combining grapheme joiner, a variation selector, the Hangul fillers, a tag space
# (Default_Ignorable_Code_Point, which no font draws); and the blank Braille cell, a symbol
# drawn as nothing.
IGNORABLE = [
    "\u034f", "\ufe0f", "\u3164", "\u115f\u1160", "\uffa0", "\U000e0020", " \u034f ",
    "\u2800", " \u2800\u2800 ",
]  # fmt: skip


@pytest.mark.parametrize("given", IGNORABLE)
def test_text_of_characters_no_font_draws_is_blank(run: Cli, given: str) -> None:
    why = run(*PROPOSE[:13], "-m", given)
    title = run(*PROPOSE[:5], "--title", given, *PROPOSE[7:])

    for result, option in [(why, "--rationale"), (title, "--title")]:
        assert result.exit_code == 2, result.output
        assert f"{option}: is required and must not be blank" in result.output
        assert "show nothing (U+" in result.output
    assert run.events() == 0


def test_text_with_a_direction_mark_in_it_is_recorded_as_written(run: Cli) -> None:
    title = "\u200fمشروع الرواتب\u200f"

    result = run(*PROPOSE[:5], "--title", title, *PROPOSE[7:])
    shown = run("item", "show", "PRJ-042", "--json")

    assert result.exit_code == 0, result.output
    assert json.loads(shown.output)["title"] == title


@pytest.mark.parametrize("command", ["audit export", "items list", "portfolio export"])
@pytest.mark.parametrize("where", ["missing/out.csv", "a-file/out.csv"])
def test_an_out_in_no_folder_is_refused_naming_it(
    run: Cli, tmp_path: Path, command: str, where: str
) -> None:
    run("person", "add", "hcarter", "--name", "Helen Carter", "-m", "Registered")
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    out = tmp_path / where
    extra = ["--mapping", "gmpp"] if command == "portfolio export" else []

    result = run(*command.split(), "--format", "csv", "--out", str(out), *extra)

    assert result.exit_code == 2, result.output  # bad usage of --out (test_out_folder_missing)
    said = " ".join(result.output.split())
    assert f"Invalid value for '--out': the folder {out.parent} does not exist" in said or (
        f"Invalid value for '--out': {out.parent} is not a folder" in said
    )
    assert "Traceback" not in result.output
    assert "Internal error" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix != ".db") == ["a-file"]


def test_a_rebuild_lock_that_cannot_be_opened_is_refused_naming_it(
    sqlite_url: str, tmp_path: Path
) -> None:
    """The lock file an SQLite ledger keeps beside it: here a folder, as if not writable."""
    run = Cli(sqlite_url)
    assert run("person", "add", "hcarter", "--name", "Helen Carter", "-m", "x").exit_code == 0
    lock = tmp_path / "ledger.db.rebuild-lock"
    lock.mkdir()

    result = run("projections", "rebuild")

    assert result.exit_code == 1, result.output
    assert f"the read models' rebuild lock: {lock} cannot be opened" in result.output
    assert f"make the folder {tmp_path} writable" in result.output
    assert "Internal error" not in result.output


READS = [
    ["items", "list"],
    ["portfolio", "--json"],
    ["economics"],
    ["item", "show", "PRJ-042"],
    ["item", "history", "PRJ-042"],
    ["person", "list"],
    ["board", "list"],
    ["authority", "list"],
    ["organisation", "list"],
    ["audit", "trail"],
    ["audit", "digest"],
    ["audit", "verify"],
    ["projections", "status"],
    ["projections", "rebuild"],
    ["portfolio", "diff", "2026-01-01", "2026-02-01"],
]


@pytest.mark.parametrize("args", READS, ids=" ".join)
def test_a_command_that_only_reads_makes_no_ledger_where_there_is_none(
    tmp_path: Path, args: list[str]
) -> None:
    """A mistyped --db is said to be so, not answered as an empty ledger left behind."""
    missing = tmp_path / "typo.db"
    run = Cli(f"sqlite:///{missing}")

    result = run(*args)

    assert result.exit_code == 1, result.output
    assert f"cannot open the ledger at SQLite file {missing}: there is no such file" in (
        result.output
    )
    assert "'portfolio-ledger init'" in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.postgres
@pytest.mark.parametrize("args", READS, ids=" ".join)
def test_nor_in_a_postgresql_schema_that_holds_none(postgres_url: str, args: list[str]) -> None:
    """An empty schema (a mistyped database or search path) was given the ledger's tables."""
    result = Cli(postgres_url)(*args)

    assert result.exit_code == 1, result.output
    assert ": the database holds no ledger, and this command creates none" in result.output
    assert "'portfolio-ledger init'" in result.output
    engine = create_engine(postgres_url)
    try:
        assert inspect(engine).get_table_names() == []
    finally:
        engine.dispose()


def test_nor_in_an_sqlite_file_that_holds_none(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()

    result = Cli(f"sqlite:///{empty}")("items", "list")

    assert result.exit_code == 1, result.output
    assert f"SQLite file {empty}: the database holds no ledger" in result.output
    assert empty.stat().st_size == 0


@pytest.mark.parametrize("named", ["a path", "a URL"])
def test_an_sqlite_file_of_another_application_is_said_to_be_one(
    tmp_path: Path, named: str
) -> None:
    # Refused as holding no ledger, 'record a decision, or run init' (both refused there:
    # it takes init --force); named by a path (--db other.db) the refusal itself failed,
    # 'the database failed: Could not parse SQLAlchemy URL from given URL string'.
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE customers (id INTEGER)")
    connection.close()
    before = other.read_bytes()

    result = Cli(str(other) if named == "a path" else f"sqlite:///{other}")("items", "list")

    assert result.exit_code == 1, result.output
    assert "already holds 1 table (customers) and no ledger" in result.output
    assert "'portfolio-ledger init --force'" in result.output
    assert other.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]


@pytest.mark.postgres
def test_a_postgresql_schema_of_another_application_is_said_to_be_one(postgres_url: str) -> None:
    engine = create_engine(postgres_url)
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE customers (id INTEGER)"))

        result = Cli(postgres_url)("items", "list")

        said = " ".join(result.output.split())
        assert result.exit_code == 1, result.output
        assert "already holds 1 table (customers) and no ledger" in result.output
        # It said "Give --db a new file or an empty database": no file on a server (h1).
        assert "Give --db an empty schema (CREATE SCHEMA name, then ?options=-csearch" in said
        assert "a new file" not in said
        assert inspect(engine).get_table_names() == ["customers"]
    finally:
        engine.dispose()


def test_nor_where_the_default_ledger_would_be(tmp_path: Path) -> None:
    run = Cli("")  # no --db: the default ledger, under XDG_CONFIG_HOME (tmp_path/config)

    result = run("items", "list", env={"PORTFOLIO_LEDGER_DB": None})  # type: ignore[dict-item]

    assert result.exit_code == 1, result.output
    assert "ledger.db: there is no such file" in result.output
    assert not (tmp_path / "config" / "portfolio-ledger").exists()


def test_a_decision_or_init_makes_the_ledger_and_then_it_is_read(tmp_path: Path) -> None:
    for made_by in (["init"], ["person", "add", "hcarter", "--name", "Helen Carter", "-m", "x"]):
        run = Cli(f"sqlite:///{tmp_path / (made_by[0] + '.db')}")
        assert run(*made_by).exit_code == 0
        result = run("person", "list")
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("title=" + "x" * 201, "has 201 characters, and at most 200 are taken: shorten it"),
        ("title=a\x07b", "contains the control character U+0007 at character 2"),
        ("title=\u200b", "show nothing (U+200B ZERO WIDTH SPACE)"),
        ("owner=" + "y" * 100_000, "has 100,000 characters, and at most 200 are taken"),
        ("references=IC\x1b[2J", "contains the control character U+001B"),
        ("objectives=" + "z" * 201, "has 201 characters, and at most 200 are taken"),
    ],
    ids=["long-title", "control", "invisible", "100k-owner", "escape-ref", "long-objective"],
)
def test_a_correction_is_held_to_the_rules_of_the_field_it_corrects(
    run: Cli, change: str, message: str
) -> None:
    """A value the command itself refuses is refused in a correction of what it recorded."""
    assert run(*PROPOSE).exit_code == 0
    before = run.events()

    result = run("decision", "correct", "1", "--set", change, "--authority", "PMO", "-m", "x")

    assert result.exit_code == 2, result.output
    assert f"the corrected {change.partition('=')[0]} " in result.output
    assert message in result.output
    assert len(result.output) < 1000  # the value is shown cut short, not echoed whole
    assert run.events() == before


@pytest.mark.parametrize(
    ("given", "why"),
    [
        ("20260101", ""),
        ("2026-W01-1", ""),  # Python's fromisoformat reads an ISO week day: 2025-12-29
        ("2026-02-30", " (that month has no such day)"),
        ("2026-13-01", " (there is no such month)"),
    ],
)
def test_a_corrected_day_is_read_only_as_written(run: Cli, given: str, why: str) -> None:
    assert run(*PROPOSE).exit_code == 0

    result = run(
        "decision", "correct", "1", "--set", f"effective_date={given}", "--authority", "PMO",
        "-m", "x",
    )  # fmt: skip

    assert result.exit_code == 2, result.output
    assert (
        f"must be a real calendar day, YYYY-MM-DD, such as 2026-03-09, not the text "
        f'"{given}"{why}' in result.output
    )
    assert run.events() == 1


@pytest.mark.parametrize(
    ("given", "why"),
    [("2026-02-30", "that month has no such day"), ("2026-13-01", "there is no such month")],
)
def test_a_recorded_day_the_calendar_lacks_says_which_part_as_a_correction_does(
    run: Cli, given: str, why: str, tmp_path: Path
) -> None:
    # pydantic's reason for a month came to end "of 1-12": --effective-date 2026-13-01 and
    # an import line's said no reason, while a correction's --set said "there is no such month".
    assert run(*PROPOSE).exit_code == 0
    refused = run("item", "report-status", "PRJ-042", "--overall", "amber", "-m", "x",
                  "--effective-date", given)  # fmt: skip
    assert refused.exit_code == 2, refused.output
    assert f'not the text "{given}" ({why})' in refused.output
    line = {"command": "item report-status", "key": "PRJ-042", "overall": "amber",
            "rationale": "x", "effective_date": given}  # fmt: skip
    (tmp_path / "lines.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    imported = run("import", str(tmp_path / "lines.jsonl"))
    assert imported.exit_code == 2, imported.output
    assert f'not the text "{given}" ({why})' in imported.output
    assert run.events() == 1


@pytest.mark.parametrize(
    "args",
    [
        ["items", "list"],
        ["person", "add", "hcarter", "--name", "Helen Carter", "-m", "x"],
        ["import", "-", "--dry-run"],
        ["init"],
    ],
    ids=" ".join,
)
def test_a_ledger_file_name_too_long_for_the_file_system_is_refused(
    tmp_path: Path, args: list[str]
) -> None:
    path = tmp_path / ("a" * 300 + ".db")  # longer than a file name may be (255 bytes)
    run = Cli(f"sqlite:///{path}")
    # A decision to check: an empty standard input is refused before the ledger is opened.
    line = '{"command": "person add", "key": "p1", "name": "N", "rationale": "r"}\n'

    result = (
        run.runner.invoke(cli, args, input=line, env={"PORTFOLIO_LEDGER_DB": run.url})
        if args[0] == "import"
        else run(*args)
    )

    assert result.exit_code == 1, result.output
    assert f"cannot open the ledger at SQLite file {path}: " in result.output
    assert "File name too long" in result.output
    assert "Internal error" not in result.output


def test_text_too_long_says_how_long_it_is_and_what_is_taken(run: Cli, tmp_path: Path) -> None:
    proposed = run(*PROPOSE[:5], "--title", "x" * 250, *PROPOSE[7:])
    line = {"command": "person add", "key": "p1", "name": "n" * 300, "rationale": "r"}
    file = tmp_path / "long.jsonl"
    file.write_text(json.dumps(line) + "\n", encoding="utf-8")
    imported = run("import", str(file))

    assert proposed.exit_code == 2, proposed.output
    assert "--title: has 250 characters, and at most 200 are taken: shorten it" in (proposed.output)
    assert imported.exit_code == 2, imported.output
    assert "line 1: name: has 300 characters, and at most 200 are taken" in imported.output
    assert "String should" not in proposed.output + imported.output
    assert run.events() == 0


@pytest.mark.parametrize(
    "args", [["items", "list"], ["person", "add", "p", "--name", "P", "-m", "x"], ["init"]]
)
@pytest.mark.parametrize("spelt", ["{}", "{}/", "sqlite:///{}", "sqlite:///file:{}?uri=true"])
def test_a_folder_named_as_the_ledger_is_bad_usage_said_to_be_a_folder(
    tmp_path: Path, args: list[str], spelt: str
) -> None:
    """As a pipe or a device named as the ledger is: exit 2 (was 1, as if the ledger refused)."""
    folder = tmp_path / "ledgers"
    folder.mkdir()

    result = Cli(spelt.format(folder))(*args)

    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert "is a folder, not a file: SQLite keeps a ledger in a regular file" in said
    assert f"give the path of the ledger's file in it (e.g. {folder / 'ledger.db'})" in said
    assert "Traceback" not in result.output
    assert list(folder.iterdir()) == []


def test_a_return_not_in_utf_8_names_its_byte_counting_from_one(run: Cli, tmp_path: Path) -> None:
    """As the import does: the first byte of a file is byte 1 (was byte 0, off by one)."""
    header = "gmpp_id,project_name,department,category,report_year,whole_life_cost_gbp_m"
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes(f"{header}\n".encode("utf-16"))
    ansi = tmp_path / "ansi.csv"
    ansi.write_bytes(f"{header}\nX_1,Caf\xe9,CO,C,2024-25,5\n".encode("cp1252"))
    args = ["--mapping", "gmpp", "--as-at", "2025-09-30", "--authority", "A", "--dry-run"]

    first = run("returns", "import", str(utf16), *args)
    second = run("returns", "import", str(ansi), *args)

    assert first.exit_code == 2, first.output
    # UTF-16 is named as such (test_returns_registers.py), not as byte 1 of another encoding
    assert "utf16.csv is UTF-16 text (it starts with a UTF-16 byte-order mark" in first.output
    assert second.exit_code == 2, second.output
    assert f"(byte {len(header) + 9}, on line 2, is 0xe9" in second.output  # after "X_1,Caf"


def test_a_rebuild_refused_a_read_only_ledger_says_to_make_it_writable(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As any write to it does (tests run as root, who may write anything: so pretended)."""
    import os
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from portfolio_ledger.projections import rebuild

    run = Cli(sqlite_url)
    assert run("person", "add", "hcarter", "--name", "Helen Carter", "-m", "x").exit_code == 0
    ledger = tmp_path / "ledger.db"
    readonly = sqlite3.OperationalError("attempt to write a readonly database")

    def refused(*_: object, **__: object) -> int:
        raise OperationalError("CREATE TABLE ...", {}, readonly)

    real_access = os.access

    def access(path: str, mode: int) -> bool:
        return real_access(path, mode) and not (mode & os.W_OK and Path(path) == ledger)

    monkeypatch.setattr(rebuild, "rebuild", refused)
    monkeypatch.setattr(os, "access", access)

    result = run("projections", "rebuild")

    assert result.exit_code == 1, result.output
    assert (
        "the rebuild failed and the previous read models are still in place: the ledger file "
        f"{ledger} is read-only for this user; make it writable (chmod u+w {ledger})"
    ) in result.output
    assert "sqlite3.OperationalError" not in result.output


@pytest.mark.parametrize("key", ["A B", "A/B", "Ä", "K" * 65])
def test_an_organisation_key_not_a_key_is_bad_usage_as_any_key_is(run: Cli, key: str) -> None:
    """Exit 2 naming KEY, as for a person's or board's key (was exit 1, a ledger refusal)."""
    result = run("organisation", "add", key, "--name", "N", "-m", "x")

    assert result.exit_code == 2, result.output
    assert "KEY: " in result.output
    assert "is not a valid organisation key" in result.output
    assert run.events() == 0


def test_a_correction_giving_a_list_for_one_value_is_refused_not_recorded_as_its_repr(
    run: Cli, tmp_path: Path
) -> None:
    """Was recorded: the title "['a', 'b']" (the list as Python writes it)."""
    assert run(*PROPOSE).exit_code == 0
    line = {"command": "decision correct", "position": 1, "changes": {"title": ["x"]},
            "authority": "PMO", "rationale": "x"}  # fmt: skip
    file = tmp_path / "list.jsonl"
    file.write_text(json.dumps(line) + "\n", encoding="utf-8")

    typed = run(
        "decision", "correct", "1", "--set", "title=a", "--set", "title=b", "--authority", "PMO",
        "-m", "x",
    )  # fmt: skip
    imported = run("import", str(file))

    assert typed.exit_code == 2, typed.output
    assert "the corrected title ['a', 'b'] is not valid: it takes one value, not a list of 2" in (
        typed.output
    )
    assert imported.exit_code != 0, imported.output
    assert "line 1: the corrected title ['x'] is not valid: it takes one value" in imported.output
    assert run.events() == 1


def appraised(run: Cli) -> None:
    """PRJ-042 proposed (position 1) and appraised (position 2)."""
    assert run(*PROPOSE).exit_code == 0
    appraised = run(
        "item", "appraise", "PRJ-042", "--estimated-cost", "1", "--expected-benefits", "2",
        "--risk-rating", "low", "--alignment-score", "50", "-m", "x",
    )  # fmt: skip
    assert appraised.exit_code == 0, appraised.output


def test_a_corrected_choice_off_its_scale_names_the_choices(run: Cli) -> None:
    """Was "'purple' is not a valid RiskRating": not what to write instead."""
    appraised(run)

    result = run(
        "decision", "correct", "2", "--set", "risk_rating=purple", "--authority", "PMO", "-m", "x"
    )

    assert result.exit_code == 2, result.output
    assert "'purple' is not one of: low, medium, high, very high" in result.output
    assert run.events() == 2


@pytest.mark.parametrize("given", ["abc", "1.5", "9" * 5000])
def test_a_corrected_whole_number_that_is_none_is_refused_in_plain_words(
    run: Cli, given: str
) -> None:
    """Was Python's 'invalid literal for int() with base 10' or 'sys.set_int_max_str_digits()'."""
    appraised(run)

    result = run(
        "decision", "correct", "2", "--set", f"alignment_score={given}", "--authority", "PMO",
        "-m", "x",
    )  # fmt: skip

    assert result.exit_code == 2, result.output
    assert "is not valid: must be a whole number, such as 3" in result.output
    assert "int()" not in result.output
    assert "sys." not in result.output
    assert len(result.output) < 500
    assert run.events() == 2


def test_an_import_line_correcting_with_a_malformed_value_is_bad_usage(
    run: Cli, tmp_path: Path
) -> None:
    """Exit 2, as 'decision correct --set' gives (was 1: as if the ledger refused it)."""
    assert run(*PROPOSE).exit_code == 0
    line = {"command": "decision correct", "position": 1, "changes": {"effective_date": "0"},
            "authority": "PMO", "rationale": "x"}  # fmt: skip
    file = tmp_path / "bad-day.jsonl"
    file.write_text(json.dumps(line) + "\n", encoding="utf-8")

    result = run("import", str(file))

    assert result.exit_code == 2, result.output
    assert "line 1: the corrected effective_date '0' is not valid" in result.output
    assert run.events() == 1


@pytest.mark.parametrize(
    "args",
    [
        ["audit", "export", "--format", "csv", "--out"],
        ["portfolio", "export", "--mapping", "gmpp", "--out"],
        ["report", "board-pack", "--as-at", "2026-01-01", "--out"],
    ],
    ids=lambda args: " ".join(args[:2]),
)
def test_an_out_name_too_long_for_the_file_system_is_refused(
    run: Cli, tmp_path: Path, args: list[str]
) -> None:
    """Was an internal error (exit 70): OSError ENAMETOOLONG from checking whether it exists."""
    assert run(*PROPOSE).exit_code == 0
    suffix = ".html" if args[0] == "report" else ".csv"
    out = tmp_path / ("o" * 300 + suffix)

    result = run(*args, str(out))

    assert result.exit_code == 1, result.output
    assert f"cannot use {out}: File name too long" in result.output
    assert "Internal error" not in result.output


def test_a_correction_is_held_to_the_rules_of_the_command_that_recorded_it(
    tmp_path: Path,
) -> None:
    """A board's name is at most 100 characters, a person's 200: a correction keeps to each.

    The corrected ``name`` was read as the first command declaring a ``name``
    (person add, 200), so a board could be renamed to what board create refuses.
    """
    run = Cli(f"sqlite:///{tmp_path / 'ledger.db'}")
    assert run("demo").exit_code == 0
    who = ("--actor", "Priya Raman", "--role", "Head of Portfolio Office")
    given = (*who, "--authority", "Articles of association", "-m", "A typing error")
    before = run.events()

    board = run("decision", "correct", "10", "--set", "name=" + "B" * 150, *given)

    assert board.exit_code == 2, board.output
    assert "the corrected name " in board.output
    assert "at most 100" in board.output
    assert run.events() == before
    # Position 1 registers Priya Raman: someone else puts it right (no one corrects their own).
    other = ("--actor", "Helen Carter", "--role", "Chair", *given[4:])
    person = run("decision", "correct", "1", "--set", "name=" + "P" * 150, *other)
    assert person.exit_code == 0, person.output


def test_a_ledger_named_by_an_sqlite_uri_is_read_where_it_is(tmp_path: Path) -> None:
    """``sqlite:///file:PATH?mode=ro&uri=true`` (read only) names the file PATH, which is there."""
    ledger_file = tmp_path / "ledger.db"
    assert Cli(f"sqlite:///{ledger_file}")("demo").exit_code == 0
    run = Cli(f"sqlite:///file:{ledger_file}?mode=ro&uri=true")

    result = run("items", "list", "--limit", "1")

    assert result.exit_code == 0, result.output
    assert "PGM-001" in result.output
    assert "no such file" not in result.output


def test_a_moment_in_the_first_years_is_said_with_its_four_digit_year(run: Cli) -> None:
    """The C library's %Y wrote year 1 as '1': '--as-of 0001-01-01' was said back as
    '1-01-01T23:59:59Z', which no command takes as a moment."""
    assert run(*PROPOSE).exit_code == 0

    listed = run("board", "list", "--as-of", "0001-01-01")
    shown = run("item", "show", "PRJ-042", "--as-of", "0999-06-30T12:00:00Z")

    assert listed.exit_code == 0, listed.output
    assert "0 boards, as recorded by 0001-01-01T23:59:59Z" in listed.output
    assert shown.exit_code == 1, shown.output
    assert "PRJ-042 did not exist yet (as recorded by 0999-06-30T12:00:00Z)" in shown.output


# click kept the last of an option given twice, unsaid: a decision recorded the second
# reason or title and dropped the first, a read answered for the second --offset.
GIVEN_TWICE = {
    "-m twice": (PROPOSE, ["-m", "Second thoughts"], "--rationale/-m"),
    "--title twice": (PROPOSE, ["--title", "Payroll"], "--title"),
    "--effective-date twice": (PROPOSE, ["--effective-date", "2026-01-02"], "--effective-date"),
    "--offset twice": (["items", "list"], ["--offset", "1", "--offset", "2"], "--offset"),
    "--db twice": (["items", "list"], ["--db", "other.db", "--db", "third.db"], "--db"),
    "--db before and after": (["--db", "other.db", "items", "list"], ["--db", "third.db"], "--db"),
}  # fmt: skip


@pytest.mark.parametrize(("args", "more", "named"), GIVEN_TWICE.values(), ids=GIVEN_TWICE.keys())
def test_an_option_of_one_value_given_twice_is_refused_naming_it(
    run: Cli, args: list[str], more: list[str], named: str
) -> None:
    result = run(*args, *more)

    assert result.exit_code == 2, result.output
    assert f"Error: {named} was given twice" in result.output
    assert "it takes one value, and only the last would be used" in result.output
    assert "Give it once." in result.output
    assert run.events() == 0


def test_options_that_repeat_flags_and_one_value_again_may_still_be_given_twice(run: Cli) -> None:
    again = PROPOSE[5:7]  # --title, as PROPOSE gives it
    proposed = run(*PROPOSE, "--ref", "PMO-1", "--ref", "PMO-2", "--json", "--json", *again)
    listed = run("items", "list", "--stage", "pipeline", "--stage", "catalogue", "--json")
    history = run("item", "history", "PRJ-042", "--json")

    assert proposed.exit_code == 0, proposed.output
    assert json.loads(history.output)[0]["references"] == ["PMO-1", "PMO-2"]
    assert listed.exit_code == 0, listed.output
    assert [item["key"] for item in json.loads(listed.output)] == ["PRJ-042"]


@pytest.mark.parametrize("print_sql", [[], ["--print-sql"]], ids=["grant", "print-sql"])
def test_grant_to_a_role_of_no_name_is_refused_naming_it(
    postgres_url: str, print_sql: list[str]
) -> None:
    """'grant ""' was an internal error: quoting the empty name for its message failed."""
    owner = Cli(postgres_url)
    assert owner("init").exit_code == 0

    result = owner("grant", "", *print_sql)

    assert result.exit_code == 2, result.output
    assert "Invalid value for 'ROLE': a role's name cannot be empty" in result.output
    assert "Internal error" not in result.output


LONG_PATH = "/nowhere/" + "x" * 100_000
LONG_PATHS = {
    "--db": (["--db", LONG_PATH, "items", "list"], "cannot open the ledger at SQLite file"),
    "--out": (["items", "list", "--out", LONG_PATH + ".csv"], "Invalid value for '--out'"),
    "import FILE": (["import", LONG_PATH + ".jsonl"], "Invalid value for 'FILE'"),
}


@pytest.mark.parametrize(("args", "named"), LONG_PATHS.values(), ids=LONG_PATHS.keys())
def test_a_path_longer_than_any_is_named_by_its_ends_not_echoed_whole(
    run: Cli, args: list[str], named: str
) -> None:
    """A 100,000-character --db, --out or FILE was echoed whole: 100 kB burying the message."""
    assert run(*PROPOSE).exit_code == 0

    result = run(*args)

    assert result.exit_code in (1, 2), result.output
    assert named in result.output
    assert "/nowhere/" + "x" * 51 + "..." in result.output  # its first 60 characters
    assert "characters)" in result.output
    assert len(result.output) < 1000
    assert run.events() == 1


def test_a_value_that_starts_like_an_option_is_not_taken_for_that_option(run: Cli) -> None:
    """'--owner -mike' with '-m' given twice alike was refused: '-mike' was read as '-m ike'."""
    args = list(PROPOSE)
    args[args.index("--owner") + 1] = "-mike"
    args[args.index("--sponsor") + 1] = "--db=x"
    reason = args[args.index("-m") + 1]
    proposed = run(*args, "-m", reason)

    assert proposed.exit_code == 0, proposed.output
    shown = json.loads(run("item", "show", "PRJ-042", "--json").output)
    assert (shown["owner"], shown["sponsor"]) == ("-mike", "--db=x")
