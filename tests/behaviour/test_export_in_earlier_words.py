"""An export made before a change of the summary's words still verifies against the ledger.

A decision's summary is computed from its event, and an export keeps the
words of the version that made it. Version 2 said a value none ``none``
(``organisation none -> CORP``); version 3 says it as the ledger does (``no
organisation -> CORP``). An export made by version 2 is not altered: its
summaries are that version's words for the same events. Version 3 said a board
with no limit ``limit no limit``; version 4 ``no limit``. Version 4 said an item's
onboarding without the forecast date it joined with; version 5 says it. Version 5
separated a corrected list's values by ``; ``, as it separated the fields a correction
changes (``objectives Net zero -> A; B``); version 6 by ``, ``. A summary that is
neither this version's nor an earlier version's words for the event at its
position is still a difference.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from portfolio_ledger.audit.export import ROW_HASH, csv_line, jsonl_line, row_hash, text_of
from portfolio_ledger.domain.change_words import WORDS, change_words, worded_as
from portfolio_ledger.domain.clock import utc_today
from portfolio_ledger.storage.urls import normalise_url
from tests.behaviour.test_export import export, reseal, verify_export
from tests.conftest import Cli

V2 = {
    "no organisation -> CORP": "organisation none -> CORP",
    "no sponsor -> Dana Okafor": "sponsor  -> Dana Okafor",  # onboarded with the sponsor ''
}


def history(run: Cli) -> None:
    """An item with no organisation and no sponsor, moved to CORP and given a sponsor."""
    for args in (
        ("item", "onboard", "PRJ-2", "--title", "Estates", "--category", "Corporate",
         "--budget", "GBP 250", "--authority", "Baseline", "-m", "Onboarded"),
        ("item", "transfer", "PRJ-2", "--to", "CORP", "-m", "Machinery of government"),
        ("item", "amend", "PRJ-2", "--sponsor", "Dana Okafor", "-m", "Named"),
    ):  # fmt: skip
        result = run(*args)
        assert result.exit_code == 0, result.output


BOARD = ("--authority", "Articles", "-m", "Constituted")
V3 = {
    "X (X1) constituted: no limit, quorum 1": "X (X1) constituted: limit no limit, quorum 1",
    "no limit -> GBP 5": "limit no limit -> GBP 5",
}  # the third, 'limit GBP 5 -> no limit', reads the same in both


def boards(run: Cli) -> None:
    """A board made with no limit, given one, then none again."""
    for args in (
        ("board", "create", "X1", "--name", "X", "--terms", "t", "--quorum", "1", "--unlimited"),
        ("board", "set-limit", "X1", "--limit", "GBP 5"),
        ("board", "set-limit", "X1", "--unlimited"),
    ):
        result = run(*args, *BOARD)
        assert result.exit_code == 0, result.output


def reword(out: Path, words: dict[str, str]) -> None:
    """Each summary in ``words`` as ``words`` has it, the row checksums and manifest made again.

    An export made by the version before has exactly these bytes.
    """
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    rows: list[str] = []
    for line in lines:
        record: dict[str, Any] = json.loads(line)
        record["summary"] = words.get(record["summary"], record["summary"])
        record[ROW_HASH] = row_hash([text_of(value) for value in list(record.values())[:-1]])
        rows.append(jsonl_line(record))
    out.write_text("".join(rows), encoding="utf-8")
    reseal(out)


def exported_in(run: Cli, tmp_path: Path, words: dict[str, str], *args: str) -> Any:
    """The ledger's trail exported as JSON Lines, its summaries put in ``words``, verified."""
    out = tmp_path / "trail.jsonl"
    export(run, out, file_format="jsonl")
    reword(out, words)
    return run("audit", "verify-export", str(out), *args)


def test_an_export_in_the_words_of_version_2_verifies_and_says_so(run: Cli, tmp_path: Path) -> None:
    history(run)

    checked = exported_in(run, tmp_path, V2)

    assert checked.exit_code == 0, checked.output
    assert (
        "holds exactly the 3 rows its filters (none: every row) select there, value for value "
        "(a summary in this version's words or an earlier one's: Words, below)."
    ) in checked.output
    assert (
        "Words: 2 rows' summaries are in the words of version 2 (portfolio-ledger's until "
        "2026-12-03" in checked.output
    )
    assert "each is word for word what that version said" in checked.output
    assert f"this version's words are version {WORDS}" in checked.output


def test_a_board_with_no_limit_says_no_limit(run: Cli) -> None:
    boards(run)

    trail = run("audit", "trail", "--json")

    assert [row["summary"] for row in json.loads(trail.stdout)] == [*V3, "limit GBP 5 -> no limit"]


def test_an_export_in_the_words_of_version_3_verifies_and_says_so(run: Cli, tmp_path: Path) -> None:
    boards(run)

    checked = exported_in(run, tmp_path, V3)

    assert checked.exit_code == 0, checked.output
    assert "Words: 2 rows' summaries are in the words of version 3 (portfolio-ledger's " in (
        checked.output
    )
    assert "until 2026-12-04, when a board with no limit was said" in checked.output
    # Version 2 said a board with no limit so too: the export may be of either.
    assert "values unquoted; version 2 worded them alike): each is word for word" in (
        checked.output
    )


def test_one_row_in_earlier_words_is_said_as_one(run: Cli, tmp_path: Path) -> None:
    history(run)

    checked = exported_in(
        run, tmp_path, {"no organisation -> CORP": "organisation none -> CORP"}, "--json"
    )

    assert checked.exit_code == 0, checked.output
    [words] = [said for said in json.loads(checked.stdout)["proven"] if "Words:" in said]
    assert words.startswith("Words: 1 row's summary is in the words of version 2 (")
    assert "): it is word for word what that version said of the ledger's event" in words


def test_an_export_in_todays_words_says_nothing_of_words(run: Cli, tmp_path: Path) -> None:
    history(run)

    checked = exported_in(run, tmp_path, {})

    assert checked.exit_code == 0, checked.output
    assert "Words:" not in checked.output
    assert "select there, value for value.\n" in checked.output


@pytest.mark.parametrize(
    ("summary", "forged"),
    [
        # Neither version's words for this event: the organisation changed.
        ("no organisation -> CORP", "organisation none -> OPS"),
        # Version 2's words for the other event, at this one's position.
        ("no organisation -> CORP", "sponsor none -> Dana Okafor"),
        # Version 2's words, had the sponsor been none rather than empty.
        ("no sponsor -> Dana Okafor", "sponsor none -> Dana Okafor"),
    ],
)
def test_a_summary_in_no_versions_words_for_its_event_is_a_difference(
    run: Cli, tmp_path: Path, summary: str, forged: str
) -> None:
    history(run)

    checked = exported_in(run, tmp_path, {summary: forged})

    assert checked.exit_code == 1, checked.output
    assert "summary differs from the ledger at position" in checked.output
    assert forged in checked.output
    assert "and no earlier version worded that event so" in checked.output


def test_a_csv_export_in_version_2s_words_verifies_too(run: Cli, tmp_path: Path) -> None:
    history(run)
    out = tmp_path / "trail.csv"
    export(run, out)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        header, *rows = csv.reader(handle)
    summary = header.index("summary")
    lines = [csv_line(header)]
    for cells in rows:  # no cell here starts as a formula would, so none was neutralised
        cells[summary] = V2.get(cells[summary], cells[summary])
        lines.append(csv_line([*cells[:-1], row_hash(cells[:-1])]))
    out.write_text("\ufeff" + "".join(lines), encoding="utf-8", newline="")
    reseal(out)

    checked = verify_export(run, out)

    assert checked.exit_code == 0, checked.output
    assert "Words: 2 rows' summaries" in checked.output


@pytest.mark.parametrize(
    ("name", "before", "after", "v2"),
    [
        ("organisation", None, "CORP", "organisation none -> CORP"),
        ("sponsor", "", "Dana Okafor", "sponsor  -> Dana Okafor"),
        ("sponsor", "Dana Okafor", None, "sponsor Dana Okafor -> none"),
        ("merged_into", "PRJ-1", None, "merged into PRJ-1 -> none"),
        ("budget", None, "GBP 5", "budget none -> GBP 5"),
    ],
)
def test_version_2s_words_are_kept_as_they_were(
    name: str, before: str | None, after: str | None, v2: str
) -> None:
    with worded_as(2):
        assert change_words(name, before, after) == v2
    assert change_words(name, before, after) != v2


def test_no_version_is_made_up() -> None:
    with pytest.raises(ValueError, match="no summary was ever worded as version 1"):
        worded_as(1).__enter__()


ONBOARDED = (
    "project onboarded in delivery: Roads (category Transport); baseline: whole-life cost "
    "GBP 1,500,000; RAG amber{}; from Q3 return as at 2025-06-30"
)
V4 = {ONBOARDED.format("; forecast date 2027-03-31"): ONBOARDED.format("")}


def onboarded(run: Cli) -> None:
    """An item onboarded with a forecast date, as a return's row onboards one."""
    result = run(
        "item", "onboard", "P-1", "--title", "Roads", "--category", "Transport",
        "--stage", "in-delivery", "--whole-life-cost", "GBP 1500000", "--rag", "amber",
        "--forecast-date", "2027-03-31", "--source", "Q3 return as at 2025-06-30",
        "--effective-date", "2025-06-30", "--authority", "PMO", "-m", "Joined",
    )  # fmt: skip
    assert result.exit_code == 0, result.output


def test_an_onboarding_says_its_forecast_date(run: Cli) -> None:
    # It was said without it: the trail and 'item history' showed the date an item
    # joined with nowhere, and its first slip as a report's date alone.
    onboarded(run)

    trail = run("audit", "trail", "--json")

    assert [row["summary"] for row in json.loads(trail.stdout)] == [*V4]
    assert "forecast date 2027-03-31; from Q3 return" in run("item", "history", "P-1").output


def test_an_export_in_the_words_of_version_4_verifies_and_says_so(run: Cli, tmp_path: Path) -> None:
    onboarded(run)

    checked = exported_in(run, tmp_path, V4)

    assert checked.exit_code == 0, checked.output
    assert "Words: 1 row's summary is in the words of version 4 (portfolio-ledger's " in (
        checked.output
    )


CORRECTED = "corrects position 1 (proposed): objectives Net zero -> {}"
V5 = {CORRECTED.format("A, B"): CORRECTED.format("A; B")}


def corrected_objectives(run: Cli) -> None:
    """A proposal's objectives corrected to two, ``--set`` once for each."""
    for args in (
        ("item", "propose", "P-1", "--kind", "project", "--title", "Roads", "--owner", "O",
         "--sponsor", "S", "--category", "Transport", "--objective", "Net zero", "-m", "Need"),
        ("decision", "correct", "1", "--set", "objectives=A", "--set", "objectives=B",
         "--authority", "PMO", "-m", "Minutes name two"),
    ):  # fmt: skip
        result = run(*args)
        assert result.exit_code == 0, result.output


def test_an_export_in_the_words_of_version_5_verifies_and_says_so(run: Cli, tmp_path: Path) -> None:
    corrected_objectives(run)
    trail = run("audit", "trail", "--json")
    assert json.loads(trail.stdout)[1]["summary"] == CORRECTED.format("A, B")

    checked = exported_in(run, tmp_path, V5)

    assert checked.exit_code == 0, checked.output
    assert "Words: 1 row's summary is in the words of version 5 (portfolio-ledger's " in (
        checked.output
    )


LISTED = "objectives Modernise legacy estate -> {}"
TOLD = [
    (("Cut cost by GBP 1,000,000, yearly", "Retire 3 systems"),
     '"Cut cost by GBP 1,000,000, yearly", Retire 3 systems',
     "Cut cost by GBP 1,000,000, yearly, Retire 3 systems"),
    (("Net zero", "Digital"), "Net zero, Digital", "Net zero, Digital"),
    (('"Quoted" aim',), '"""Quoted"" aim"', '"Quoted" aim'),
    ((), "no objectives", "no objectives"),
]  # fmt: skip
"""Objectives amended to: this version's words, and version 6's (which joined them unquoted)."""


def amended(run: Cli, objectives: tuple[str, ...]) -> None:
    """A proposal's objective amended to ``objectives`` (``--no-objectives`` for none)."""
    given = [arg for name in objectives for arg in ("--objective", name)] or ["--no-objectives"]
    for args in (
        ("item", "propose", "P-1", "--kind", "project", "--title", "Roads", "--owner", "O",
         "--sponsor", "S", "--category", "Transport", "--objective", "Modernise legacy estate",
         "-m", "Need"),
        ("item", "amend", "P-1", *given, "-m", "Minutes"),
    ):  # fmt: skip
        result = run(*args)
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("objectives", "words", "v6"), TOLD)
def test_an_amendment_tells_a_lists_values_apart(
    run: Cli, tmp_path: Path, objectives: tuple[str, ...], words: str, v6: str
) -> None:
    # Version 6 joined them by ', ' unquoted: one objective holding a comma read as two.
    amended(run, objectives)

    trail = run("audit", "trail", "--json")
    assert json.loads(trail.stdout)[1]["summary"] == LISTED.format(words)

    checked = exported_in(run, tmp_path, {LISTED.format(words): LISTED.format(v6)})
    assert checked.exit_code == 0, checked.output
    if words == v6:
        assert "Words:" not in checked.output
    else:
        assert "Words: 1 row's summary is in the words of version 6 (portfolio-ledger's " in (
            checked.output
        )
        assert "until 2026-12-06, when a list's values were unquoted" in checked.output
        # Versions 2 to 5 said it so too (it is no value none): an export of any of them.
        assert "; versions 2, 3, 4 and 5 worded it alike): it is word for word" in checked.output


def listed(run: Cli) -> None:
    """A person holding two roles, a delegation of two categories, an approval on conditions."""
    board = ("--present", "ann", "--vote", "ann=for", "--actor", "ann")
    for args in (
        ("person", "add", "ann", "--name", "Ann", "--authority", "Articles", "-m", "R"),
        ("person", "add", "bob", "--name", "Bob", "--holds", "Head, North", "--holds", "CFO",
         "--authority", "Articles", "-m", "R"),
        ("board", "create", "X1", "--name", "X", "--terms", "t", "--quorum", "1", "--unlimited",
         "--authority", "Articles", "-m", "C"),
        ("board", "appoint", "X1", "ann", "--as", "chair", "--authority", "Articles", "-m", "A"),
        ("authority", "delegate", "D-1", "--board", "X1", "--to", "bob", "--limit", "GBP 5",
         "--category", "Transport, roads", "--category", "Health", *board, "-m", "D"),
        ("item", "propose", "P-1", "--kind", "project", "--title", "Roads", "--owner", "O",
         "--sponsor", "S", "--category", "Transport", "-m", "Need"),
        ("item", "appraise", "P-1", "--estimated-cost", "100", "--expected-benefits", "200",
         "--risk-rating", "low", "--alignment-score", "50", "-m", "Case"),
        ("item", "approve", "P-1", "--budget", "100", "--board", "X1", *board,
         "--condition", "Report monthly; escalate overruns", "--condition", "Gate review, Q3",
         "-m", "Approved"),
    ):  # fmt: skip
        result = run(*args)
        assert result.exit_code == 0, result.output


V6 = {
    'Bob (bob) registered; holds "Head, North", CFO': (
        "Bob (bob) registered; holds Head, North, CFO"
    ),
    'X1 delegated to bob up to GBP 5 for "Transport, roads", Health, valid from {}': (
        "X1 delegated to bob up to GBP 5 for Transport, roads, Health, valid from {}"
    ),
    'approved with budget GBP 100; conditions: Report monthly; escalate overruns, "Gate review, '
    'Q3"': "approved with budget GBP 100; conditions: Report monthly; escalate overruns; Gate "
    "review, Q3",
}
"""Each list-holding summary other than an amendment's, and version 6's words for it."""


def test_every_list_a_summary_says_tells_its_values_apart(run: Cli, tmp_path: Path) -> None:
    # A role, a category or a condition holding a comma (a condition '; ', which version
    # 6 put between conditions) read as two.
    listed(run)
    today = utc_today().isoformat()
    v6 = {now.format(today): then.format(today) for now, then in V6.items()}

    summaries = [row["summary"] for row in json.loads(run("audit", "trail", "--json").stdout)]
    assert set(v6) <= set(summaries), summaries

    checked = exported_in(run, tmp_path, v6)
    assert checked.exit_code == 0, checked.output
    assert "Words: 3 rows' summaries are in the words of version 6 (portfolio-ledger's " in (
        checked.output
    )


@pytest.mark.parametrize(
    "forged",
    [
        # Version 6's words for other objectives: the record changed, not its words.
        LISTED.format("Cut cost by GBP 1,000,000, yearly, Retire 4 systems"),
        # This version's words, the quotes moved: two objectives said as one, and another.
        LISTED.format('Cut cost by GBP 1, "000,000, yearly", Retire 3 systems'),
    ],
)
def test_a_list_in_no_versions_words_for_its_event_is_a_difference(
    run: Cli, tmp_path: Path, forged: str
) -> None:
    amended(run, TOLD[0][0])

    checked = exported_in(run, tmp_path, {LISTED.format(TOLD[0][1]): forged})

    assert checked.exit_code == 1, checked.output
    assert "summary differs from the ledger at position" in checked.output
    assert "and no earlier version worded that event so" in checked.output


def test_a_trail_made_in_version_6s_words_is_made_again_in_these(run: Cli) -> None:
    amended(run, TOLD[0][0])
    engine = create_engine(normalise_url(run.url))
    try:
        with engine.begin() as connection:  # as version 6 left it: its words, tracked @v6
            connection.execute(
                text("UPDATE audit_trail SET summary = :was WHERE position = 2"),
                {"was": LISTED.format(TOLD[0][2])},
            )
            connection.execute(
                text(
                    "UPDATE portfolio_ledger_tracking SET application_name = 'audit_trail@v6' "
                    "WHERE application_name LIKE 'audit_trail%'"
                )
            )
    finally:
        engine.dispose()

    opened = run("audit", "trail", "--json")

    assert opened.exit_code == 0, opened.output
    assert "read model audit_trail was made by an earlier version" in opened.stderr
    assert json.loads(opened.stdout)[1]["summary"] == LISTED.format(TOLD[0][1])
    assert run("audit", "verify", "--read-models").exit_code == 0
