"""Filters that ignore case do so for every letter, on SQLite as on PostgreSQL.

SQLite's own ``lower()`` folds only ASCII letters: 'Zoë Ångström' and
'ZOË ÅNGSTRÖM' were the same actor on PostgreSQL and two on SQLite, so the
same question had two answers, and SQLite's contradicted the check before it
(which said the value was held).
"""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from tests.conftest import Cli


def test_an_actor_and_a_category_match_in_any_case_with_letters_beyond_ascii(run: Cli) -> None:
    proposed = run(
        "item", "propose", "UNI-1", "--kind", "project", "--title", "Égalité des chances",
        "--owner", "Zoë Ångström", "--sponsor", "Directrice", "--category", "Égalité",
        "-m", "Proposed", actor="Zoë Ångström", role="Directrice",
    )  # fmt: skip
    assert proposed.exit_code == 0, proposed.output

    for actor in ("ZOË ÅNGSTRÖM", "zoë ångström", "Zoë Ångström"):
        trail = run("audit", "trail", "--actor", actor, "--json")
        assert trail.exit_code == 0, trail.output
        assert [row["subject"] for row in json.loads(trail.output)] == ["UNI-1"]
    for category in ("ÉGALITÉ", "égalité"):
        listed = run("portfolio", "--category", category, "--json")
        assert listed.exit_code == 0, listed.output
        assert [row["key"] for row in json.loads(listed.output)] == ["UNI-1"]
        trail = run("audit", "trail", "--category", category, "--json")
        assert trail.exit_code == 0, trail.output
        assert len(json.loads(trail.output)) == 1


def test_a_value_matches_itself_whatever_its_letters_on_either_database(run: Cli) -> None:
    # Python's str.lower() ends a Greek word with a final sigma (U+03C2); PostgreSQL's lower()
    # gives the plain one (U+03C3). Folding the value asked for in Python and the column in SQL
    # missed on PostgreSQL the very text the item holds: both are folded by one lower() now.
    proposed = run(
        "item", "propose", "GRC-1", "--kind", "project", "--title", "Οδός",
        "--owner", "Owner", "--sponsor", "Sponsor", "--category", "ΟΔΟΣ",
        "--organisation", "ΥΠΟΥΡΓΕΙΟ ΟΙΚΟΝΟΜΙΚΩΝ", "-m", "Proposed",
        actor="ΝΙΚΟΣ", role="Director",
    )  # fmt: skip
    assert proposed.exit_code == 0, proposed.output

    for category in ("ΟΔΟΣ", "οδος"):
        listed = run("portfolio", "--category", category, "--json")
        assert listed.exit_code == 0, listed.output
        assert [row["key"] for row in json.loads(listed.output)] == ["GRC-1"]
    listed = run("portfolio", "--organisation", "ΥΠΟΥΡΓΕΙΟ ΟΙΚΟΝΟΜΙΚΩΝ", "--json")
    assert [row["key"] for row in json.loads(listed.output)] == ["GRC-1"], listed.output
    for actor in ("ΝΙΚΟΣ", "Νικος"):
        trail = run("audit", "trail", "--actor", actor, "--json")
        assert trail.exit_code == 0, trail.output
        assert [row["subject"] for row in json.loads(trail.output)] == ["GRC-1"]


def test_a_name_typed_with_combining_accents_finds_the_same_name_written_composed(
    run: Cli,
) -> None:
    # A Mac's keyboard, or a file saved there, may give "é" as "e" and a combining acute
    # (NFD); most others give the one character (NFC). They display alike, so they are one
    # name to a filter, whichever way round it was recorded and asked for.
    composed, decomposed = "Défense numérique", "De\u0301fense nume\u0301rique"
    for key, category in (("NFC-1", composed), ("NFD-1", decomposed)):
        proposed = run(
            "item", "propose", key, "--kind", "project", "--title", "Accents",
            "--owner", "Owner", "--sponsor", "Sponsor", "--category", category,
            "--organisation", category, "-m", "Proposed",
        )  # fmt: skip
        assert proposed.exit_code == 0, proposed.output

    for asked in (composed, decomposed, decomposed.upper()):
        for option in ("--category", "--organisation"):
            listed = run("portfolio", option, asked, "--json")
            assert listed.exit_code == 0, listed.output
            assert sorted(row["key"] for row in json.loads(listed.output)) == ["NFC-1", "NFD-1"]
        trail = run("audit", "trail", "--category", asked, "--json")
        assert trail.exit_code == 0, trail.output
        assert len(json.loads(trail.output)) == 2


def test_a_category_recorded_with_spaces_around_it_is_found_by_its_name(run: Cli) -> None:
    # A name is kept exactly as given (tests/reliability/test_hostile_input.py); the command
    # line strips what it is given, so " Digital " could never be asked for.
    proposed = run(
        "item", "propose", "SPC-1", "--kind", "project", "--title", "Spaced",
        "--owner", "Owner", "--sponsor", "Sponsor", "--category", " Digital ",
        "--organisation", "  DDAT", "-m", "Proposed",
    )  # fmt: skip
    assert proposed.exit_code == 0, proposed.output

    for options in (("--category", "digital"), ("--organisation", "DDAT"),
                    ("--category", " Digital ", "--organisation", "ddat ")):  # fmt: skip
        listed = run("portfolio", *options, "--json")
        assert listed.exit_code == 0, listed.output
        assert [row["key"] for row in json.loads(listed.output)] == ["SPC-1"]
        trail = run("audit", "trail", *options, "--json")
        assert trail.exit_code == 0, trail.output
        assert len(json.loads(trail.output)) == 1
    economics = json.loads(run("economics", "--category", "Digital", "--json").output)
    assert {row["items"] for row in economics["totals"]} == {1}


def test_a_name_with_a_comma_is_matched_whole_and_commas_still_separate_names(run: Cli) -> None:
    # "Repeatable or comma-separated" split every value at its commas, so a department
    # named as the UK names them could never be asked for.
    defra = "Department for Environment, Food & Rural Affairs"
    for key, organisation in (("ENV-1", defra), ("HMR-1", "HMRC"), ("DWP-1", "DWP")):
        proposed = run(
            "item", "propose", key, "--kind", "project", "--title", key, "--owner", "Owner",
            "--sponsor", "Sponsor", "--category", "Land, water", "--organisation", organisation,
            "-m", "Proposed",
        )  # fmt: skip
        assert proposed.exit_code == 0, proposed.output

    def keys(*options: str) -> list[str]:
        listed = run("portfolio", *options, "--json")
        assert listed.exit_code == 0, listed.output
        return sorted(row["key"] for row in json.loads(listed.output))

    assert keys("--organisation", defra.upper()) == ["ENV-1"]
    assert keys("--organisation", "HMRC,dwp") == ["DWP-1", "HMR-1"]
    assert keys("--category", "land, water", "--organisation", defra, "--organisation",
                "HMRC") == ["ENV-1", "HMR-1"]  # fmt: skip
    trail = run("audit", "trail", "--organisation", defra, "--json")
    assert [row["subject"] for row in json.loads(trail.output)] == ["ENV-1"]
    assert keys("--organisation", "HMRC,NOPE") == ["HMR-1"]
    none = run("portfolio", "--organisation", "Department for Education, NOPE")
    assert "no item has organisation Department for Education, NOPE" in none.output


def test_every_spelling_of_a_value_in_any_case_is_found_alike_on_either_database(
    run: Cli,
) -> None:
    # With two items spelling one value in two cases, PostgreSQL's lower() (which
    # follows the server's locale: capital dotted I is plain i, capital sigma always the
    # medial one) and Python's (on SQLite: i and a combining dot, a final sigma) found
    # different items. One rule now folds both sides, on both databases: Python's
    # str.casefold (Unicode's caseless match).
    spellings = {
        "GR-1": "ΟΔΟΣ", "GR-2": "οδος", "TR-1": "İnşaat", "TR-2": "İNŞAAT",
        "TR-3": "inşaat", "DE-1": "Straße", "DE-2": "STRASSE", "AS-1": "K", "AS-2": "\u212a",
    }  # fmt: skip
    for key, category in spellings.items():
        proposed = run(
            "item", "propose", key, "--kind", "project", "--title", key, "--owner", "O",
            "--sponsor", "S", "--category", category, "-m", "Proposed",
        )  # fmt: skip
        assert proposed.exit_code == 0, proposed.output
    expected = {
        "ΟΔΟΣ": ["GR-1", "GR-2"], "οδοσ": ["GR-1", "GR-2"], "İnşaat": ["TR-1", "TR-2"],
        "i̇nşaat": ["TR-1", "TR-2"], "inşaat": ["TR-3"], "INŞAAT": ["TR-3"],
        "strasse": ["DE-1", "DE-2"], "STRAẞE": ["DE-1", "DE-2"], "k": ["AS-1", "AS-2"],
    }  # fmt: skip
    for asked, keys in expected.items():
        for moment in ((), ("--effective-on", "2999-01-01")):
            listed = run("portfolio", "--category", asked, *moment, "--json")
            assert listed.exit_code == 0, listed.output
            assert sorted(row["key"] for row in json.loads(listed.output)) == keys, asked
        trail = run("audit", "trail", "--category", asked, "--json")
        assert trail.exit_code == 0, trail.output
        assert sorted(row["subject"] for row in json.loads(trail.output)) == keys, asked
        economics = run("economics", "--category", asked, "--json")
        assert economics.exit_code == 0, economics.output
        totals = json.loads(economics.output)["totals"]
        assert [row["items"] for row in totals if row["dimension"] == "view"] == [len(keys)]


def test_spellings_are_read_from_a_few_rows_and_a_past_value_is_still_found(run: Cli) -> None:
    # Reading the spellings a column holds from the audit trail (a row per event) or the
    # item timeline (a row per state) scanned a million rows on every filtered query; they
    # are kept once each in held_values. A value held only in the past is still found.
    before = run(
        "item", "propose", "OLD-1", "--kind", "project", "--title", "Old", "--owner", "O",
        "--sponsor", "S", "--category", "Légacy", "--organisation", "Départ",
        "-m", "Proposed", "--effective-date", "2024-01-02",
    )  # fmt: skip
    assert before.exit_code == 0, before.output
    amended = run("item", "amend", "OLD-1", "--category", "Nouveau", "-m", "Renamed")
    assert amended.exit_code == 0, amended.output
    statements: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        statements.append(" ".join(statement.split()))

    event.listen(Engine, "before_cursor_execute", seen)
    try:
        trail = run("audit", "trail", "--category", "LÉGACY", "--actor", "SAM PATEL", "--json")
        past = run(
            "portfolio", "--category", "légacy", "--organisation", "DÉPART",
            "--effective-on", "2024-06-01", "--json",
        )  # fmt: skip
        now = run("portfolio", "--category", "légacy")
    finally:
        event.remove(Engine, "before_cursor_execute", seen)
    assert trail.exit_code == 0, trail.output
    assert [row["event"] for row in json.loads(trail.output)] == ["proposed"]
    assert past.exit_code == 0, past.output
    assert [row["key"] for row in json.loads(past.output)] == ["OLD-1"]
    assert "no item has category" in now.output
    spellings = re.compile(r"SELECT DISTINCT (audit_trail|item_timeline)\.(actor|organis|categ)")
    assert [s for s in statements if spellings.match(s)] == []


@pytest.mark.parametrize(
    ("held", "asked", "listed"),
    [
        # 'organisations in the ledger: A, A, B' read as three names where two are held.
        (("A, B", "A"), "B", 'A, "A, B"'),
        # '"A' and 'B"' were listed '"A, B"', the words of one name 'A, B' quoted.
        (('"A', 'B"'), "Z", '"""A", B"'),
    ],
)
def test_the_names_held_are_told_apart_a_comma_or_a_quote_in_them(
    run: Cli, held: tuple[str, str], asked: str, listed: str
) -> None:
    for number, organisation in enumerate(held, 1):
        proposed = run(
            "item", "propose", f"Q-{number}", "--kind", "project", "--title", "Q",
            "--owner", "Owner", "--sponsor", "Sponsor", "--category", "C",
            "--organisation", organisation, "-m", "Proposed",
        )  # fmt: skip
        assert proposed.exit_code == 0, proposed.output

    none = run("portfolio", "--organisation", asked)

    assert f"no item has organisation {asked}; organisations in the ledger: {listed}" in (
        none.output
    )


def test_a_listings_title_tells_the_categories_given_apart(run: Cli) -> None:
    # 'category Transport, roads, Health' read as three categories where two were given.
    for key, category in (("R-1", "Transport, roads"), ("H-1", "Health")):
        proposed = run(
            "item", "propose", key, "--kind", "project", "--title", key, "--owner", "Owner",
            "--sponsor", "Sponsor", "--category", category, "-m", "Proposed",
        )  # fmt: skip
        assert proposed.exit_code == 0, proposed.output

    listed = run("portfolio", "--category", "Transport, roads", "--category", "Health")
    totals = run("economics", "--category", "Transport, roads", "--category", "Health")

    assert listed.exit_code == 0, listed.output
    assert '2 items (category "Transport, roads", Health), now' in listed.output
    assert totals.exit_code == 0, totals.output
    assert 'Portfolio economics (category "Transport, roads", Health), now' in totals.output
