"""Times and days given as a careless or hostile user gives them, on both databases.

What the two clocks take is in docs/concepts.md (*Two clocks*, *Both clocks, in
SQL*). Here: an instant finer than the microsecond the ledger records to, the same
instant written in several offsets between two decisions recorded in one second, a
value thousands of characters long, a time where a day is asked, a year after 9999,
``person list`` asked of a moment, and a PostgreSQL time setting from the client's
environment (``PGTZ``) that names nothing.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.conftest import Cli

PROPOSE = ("--kind", "project", "--title", "T", "--owner", "O", "--sponsor", "S")


def propose(run: Cli, key: str, *extra: str) -> None:
    result = run("item", "propose", key, *PROPOSE, "--category", "C", "-m", "why", *extra)
    assert result.exit_code == 0, result.output


def two_in_one_second(run: Cli, tmp_path: Path) -> list[datetime]:
    """Two proposals imported together (one transaction: microseconds apart); their times."""
    lines = tmp_path / "two.jsonl"
    fields = {"command": "item propose", "kind": "project", "title": "T", "owner": "O",
              "sponsor": "S", "category": "C", "rationale": "why"}  # fmt: skip
    lines.write_text(
        "".join(json.dumps({**fields, "key": key}) + "\n" for key in ("PRJ-1", "PRJ-2")),
        encoding="utf-8",
    )
    imported = run("import", str(lines))
    assert imported.exit_code == 0, imported.output
    return [datetime.fromisoformat(row["recorded_at"]) for row in trail(run)]


def trail(run: Cli, *args: str) -> list[dict[str, str]]:
    result = run("audit", "trail", *args, "--json")
    assert result.exit_code == 0, result.output
    rows: list[dict[str, str]] = json.loads(result.stdout)
    return rows


def subjects(run: Cli, *args: str) -> list[str]:
    return [row["subject"] for row in trail(run, *args)]


def keys(run: Cli, *args: str) -> list[str]:
    result = run("portfolio", *args, "--json")
    assert result.exit_code == 0, result.output
    return [item["key"] for item in json.loads(result.stdout)]


def written(moment: datetime) -> str:
    """A recorded time as ``--json`` writes it, to the microsecond, with Z."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


# -- what a refusal quotes ------------------------------------------------------------------------

LONG = "2026-12-01" * 1000


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["portfolio", "--as-of", LONG], "--as-of"),
        (["economics", "--effective-on", LONG], "--effective-on"),
        (["audit", "trail", "--from", LONG], "--from"),
        (["audit", "trail", "--clock", "effective", "--to", LONG], "--to"),
        (["report", "board-pack", "--as-at", LONG, "--json"], "--as-at"),
        (["item", "show", "PRJ-1", "--as-of", "2025-02-29T" + LONG], "--as-of"),
        (["portfolio", "diff", LONG, "2026-01-01"], "FROM"),
    ],
)
def test_a_moment_thousands_of_characters_long_is_quoted_cut(
    run: Cli, args: list[str], option: str
) -> None:
    """Echoed whole (10,000 characters) it buried the refusal, as a recorded date's never was."""
    propose(run, "PRJ-1")

    result = run(*args)

    assert result.exit_code == 2, result.output
    assert f"Invalid value for {option}" in result.output.replace("'", "")
    assert re.search(r"'(2025-02-29T)?2026-12-01[0-9-]*\.\.\. ", result.output)  # its start
    assert len(result.output) < 1_000
    assert run.events() == 1


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["portfolio", "--effective-on", "2026-12-06T23:00-05:00"],
            "give the day alone, 2026-12-06",
        ),
        (
            ["audit", "trail", "--clock", "effective", "--from", "2026-12-01 10:00"],
            "alone, 2026-12-01",
        ),
        (["report", "board-pack", "--as-at", "2026-12-01T00:00Z", "--json"], "alone, 2026-12-01"),
        (["portfolio", "--effective-on", "10000-01-01"], "the calendar ends with year 9999"),
        (["portfolio", "--as-of", "10000-01-01T00:00Z"], "the calendar ends with year 9999"),
    ],
)
def test_a_time_where_a_day_is_asked_or_a_year_past_9999_says_why(
    run: Cli, args: list[str], said: str
) -> None:
    """As recording says of ``--effective-date 2026-12-06T10:00Z``; before: only *not a date*."""
    propose(run, "PRJ-1")

    result = run(*args)

    assert result.exit_code == 2, result.output
    assert said in " ".join(result.output.split())
    assert "Traceback" not in result.output


# -- an instant finer than a microsecond ----------------------------------------------------------


def test_a_range_from_an_instant_past_a_microsecond_leaves_out_the_decision_before_it(
    run: Cli, tmp_path: Path
) -> None:
    """Python reads ``.092937001`` as .092937: ``--from`` it took in the decision recorded then.

    The ledger records to the microsecond, so an instant between two microseconds begins
    with the next one; a view or range up to it (``--to``, ``--as-of``) ends with the one
    before, as it did.
    """
    first, _ = two_in_one_second(run, tmp_path)
    exact = written(first)
    past = exact.removesuffix("Z") + "001Z"  # a nanosecond after the first was recorded

    assert subjects(run, "--from", exact) == ["PRJ-1", "PRJ-2"]
    assert subjects(run, "--from", past) == ["PRJ-2"]
    assert subjects(run, "--to", past) == ["PRJ-1"]
    assert keys(run, "--as-of", past) == ["PRJ-1"]
    backwards = run("audit", "trail", "--from", past, "--to", exact)
    assert backwards.exit_code == 2, backwards.output
    assert "is later than --to" in backwards.output


def test_an_export_from_an_instant_past_a_microsecond_made_before_still_verifies(
    run: Cli, tmp_path: Path
) -> None:
    """An export an earlier version made holds the decision recorded at the microsecond read."""
    first, _ = two_in_one_second(run, tmp_path)
    past = written(first).removesuffix("Z") + "001Z"
    then, now = tmp_path / "then.csv", tmp_path / "now.csv"
    made = run("audit", "export", "--out", str(then), "--from", written(first))
    assert made.exit_code == 0, made.output
    manifest_file = Path(f"{then}.manifest.json")
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    manifest["filters"]["from"] = past  # as a manifest written then records it: the text given
    manifest_file.write_text(json.dumps(manifest), encoding="utf-8")
    assert run("audit", "export", "--out", str(now), "--from", past).exit_code == 0

    then_checked = run("audit", "verify-export", str(then))
    now_checked = run("audit", "verify-export", str(now))

    assert then_checked.exit_code == 0, then_checked.output
    assert f"--from {past} was read as the microsecond before it" in " ".join(
        then_checked.output.split()
    )
    assert now_checked.exit_code == 0, now_checked.output
    assert "microsecond before" not in now_checked.output


# -- one instant, written several ways ------------------------------------------------------------


def test_one_instant_between_two_decisions_of_one_second_is_one_answer_however_written(
    run: Cli, tmp_path: Path
) -> None:
    first, second = two_in_one_second(run, tmp_path)
    between = first + (second - first) / 2
    assert first < between < second
    zones = [timedelta(0), timedelta(hours=14), timedelta(hours=-12), timedelta(hours=5.75)]
    spellings = [between.astimezone(timezone(offset)).isoformat() for offset in zones]
    spellings += [written(between), written(between).replace("T", " ").lower()]

    for spelling in spellings:
        assert keys(run, "--as-of", spelling) == ["PRJ-1"], spelling
        assert subjects(run, "--to", spelling) == ["PRJ-1"], spelling
        assert subjects(run, "--from", spelling) == ["PRJ-2"], spelling


# -- governance at a moment -----------------------------------------------------------------------


def test_person_list_at_a_moment_says_the_moment_as_board_list_does(run: Cli) -> None:
    """``0 people`` before anyone was registered read as a ledger with nobody in it."""
    added = run("person", "add", "hcarter", "--name", "Helen Carter", "-m", "Registered")
    assert added.exit_code == 0, added.output

    before = run("person", "list", "--as-of", "2020-01-01")
    on_a_day = run("person", "list", "--effective-on", "2020-01-01")
    now = run("person", "list")

    assert before.output.splitlines()[0] == "0 people, as recorded by 2020-01-01T23:59:59Z"
    assert on_a_day.output.splitlines()[0] == "0 people, in effect on 2020-01-01"
    assert now.output.splitlines()[0] == "1 person"


# -- the client's environment on PostgreSQL -------------------------------------------------------


def with_option(url: str, option: str) -> str:
    """``url`` with one more of libpq's ``options``."""
    parsed = make_url(url)
    options = f"{parsed.query['options']} {option}"
    return parsed.update_query_dict({"options": options}).render_as_string(hide_password=False)


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("variable", "value", "fix"),
    [
        ("PGTZ", "garbage", "PGTZ=UTC"),
        ("PGTZ", "", "PGTZ=UTC"),
        ("PGDATESTYLE", "garbage", "PGDATESTYLE=ISO"),
    ],
)
def test_a_time_setting_in_the_environment_the_server_refuses_is_named(
    postgres_url: str, variable: str, value: str, fix: str
) -> None:
    """Said before as an unreachable server: *check the URL ... that it is running*."""
    run = Cli(postgres_url)
    propose(run, "PRJ-1")

    read = run("portfolio", env={variable: value})
    recorded = run("item", "propose", "PRJ-2", *PROPOSE, "--category", "C", "-m", "why",
                   env={variable: value})  # fmt: skip
    url_said = run("portfolio", "--db", with_option(postgres_url, "-ctimezone=garbage"))

    for result in (read, recorded):
        assert result.exit_code == 1, result.output
        words = " ".join(result.output.split())
        assert f"the environment variable {variable} is {value!r}" in words
        assert f"unset {variable}" in words
        assert fix in words
        assert "running and reachable" not in words
    assert run.events() == 1
    assert url_said.exit_code == 1, url_said.output
    assert "Check the URL" in url_said.output
