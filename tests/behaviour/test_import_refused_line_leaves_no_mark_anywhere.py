"""A refused line leaves no mark, wherever the batch keeps what it decided.

``test_import_refused_line_leaves_no_mark`` imports its cases into a ledger that
holds the items and governance already. Here the same cases are judged where
the batch's own state is all there is, and pressed: the whole file in one
import (each aggregate made by the batch, not yet in the database when its line
is refused), a dry run, the refused line twice in a row, the batch's pages,
kept-whole bound and look-ahead made tiny (each aggregate kept without its
decisions, so a refused line first loads it whole again), a bulk import that
rebuilds the read models as it goes, and a refused renaming of a person, which
the next registration's namesake check reads through every person the batch
holds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from portfolio_ledger.application import batch, importer, repository
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.bootstrap import open_ledger
from tests.behaviour.test_import_refused_line_leaves_no_mark import (
    CASES,
    POOL,
    SETUP,
    check_without_each_refused_line,
    correct,
    imported,
    person,
    refused_lines,
)
from tests.conftest import Cli, snapshot

BULK = {"PORTFOLIO_LEDGER_BULK_IMPORT_BYTES": "1"}
"""Every file a bulk import, its read models rebuilt as it goes (``projections/follow.py``)."""


def read_models(url: str) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every read model table."""
    ledger, projections = open_ledger(url)
    try:
        return snapshot(projections)
    finally:
        ledger.close()


@pytest.fixture(params=["as shipped", "squeezed"])
def squeezed(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """As shipped; or a page every 2 events, nothing kept whole, 3 lines looked ahead."""
    if request.param == "squeezed":
        monkeypatch.setattr(batch, "FLUSH_EVERY", 2)
        monkeypatch.setattr(repository, "KEPT_DECISIONS", 0)
        monkeypatch.setattr(importer, "CHECKED_AHEAD", 3)


@pytest.fixture(params=["import", "--dry-run", "bulk"])
def options(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The import's options: none, a dry run, or none as a bulk import."""
    if request.param == "bulk":
        for name, value in BULK.items():
            monkeypatch.setenv(name, value)
    return ["--dry-run"] if request.param == "--dry-run" else []


@pytest.mark.usefixtures("squeezed")
@pytest.mark.parametrize("case", sorted(CASES))
def test_in_one_file_with_what_it_decides_on(
    case: str, options: list[str], run: Cli, tmp_path: Path
) -> None:
    lines, refused, first = CASES[case]
    assert run("init").exit_code == 0
    before = read_models(run.url)

    result = imported(run, tmp_path, [*SETUP, *lines], *options)

    assert result.exit_code == 1, result.output
    assert refused_lines(result.output) == [n + len(SETUP) for n in refused], result.output
    assert first in " ".join(result.output.split())
    assert run.events() == 0
    assert read_models(run.url) == before
    kept = imported(run, tmp_path, SETUP)
    assert kept.exit_code == 0, kept.output
    assert "PRJ-1" in run("items", "list").output


@pytest.mark.usefixtures("squeezed")
@pytest.mark.parametrize("case", sorted(CASES))
def test_refused_twice_in_a_row(case: str, run: Cli, tmp_path: Path) -> None:
    lines, refused, _ = CASES[case]
    assert imported(run, tmp_path, SETUP).exit_code == 0

    result = imported(run, tmp_path, [lines[0], lines[0], *lines[1:]])

    assert refused_lines(result.output) == [1, 2, *[n + 1 for n in refused[1:]]], result.output
    assert run.events() == len(SETUP)


@pytest.mark.usefixtures("squeezed")
@pytest.mark.parametrize("case", sorted(CASES))
def test_each_file_less_a_refused_line_alike_in_one_file(case: str, run: Cli) -> None:
    opened = PortfolioLedger(run.url)  # empty: the batch holds all it decides on
    try:
        check_without_each_refused_line(opened, [*SETUP, *CASES[case][0], *POOL])
    finally:
        opened.close()


@pytest.mark.usefixtures("squeezed")
def test_a_person_renamed_by_a_refused_line_keeps_their_name(run: Cli, tmp_path: Path) -> None:
    assert imported(run, tmp_path, SETUP).exit_code == 0
    # Refused once made on jmoss (position 3): a person does not correct their own record.
    renamed = {**correct(3, actor="jmoss", name="Zed Quill"), "role": "PMO"}
    namesake = {**person("zquill"), "name": "Zed Quill"}  # no one else is so named

    result = imported(run, tmp_path, [renamed, namesake], "--dry-run")

    assert refused_lines(result.output) == [1], result.output
    assert "jmoss" in result.output
