"""A bulk import rebuilds the read models as it goes, from the events it stores (``follow.py``).

The rows must be exactly those a rebuild and a page-by-page catch-up write;
the read models are committed with the events, caught up; a refused or dry
import leaves every table as it was; an import that meets another process's
rebuild catches up after, as before. On SQLite and on PostgreSQL, with pages
made small so the import crosses many of them.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect

from bench import generate
from portfolio_ledger.application import batch
from portfolio_ledger.application.importer import run_import
from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.cli.imports import read_lines
from portfolio_ledger.projections import event_reader, follow
from portfolio_ledger.projections import rebuild as rebuilding
from portfolio_ledger.storage.datastore import rebuild_lock
from tests.behaviour.test_rebuild_equals_catch_up import caught_up_from_nothing, rebuilt
from tests.conftest import Cli, snapshot
from tests.ledger_copies import copy_of

BACKLOG = 400


@pytest.fixture(autouse=True)
def _small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "FLUSH_EVERY", 97)
    monkeypatch.setattr(rebuilding, "PAGE_SIZE", 151)


@pytest.fixture
def decoded(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The ledger positions of the stored events read back and decoded, as they are."""
    positions: list[int] = []
    event = event_reader.EventReader.event

    def counting(reader: event_reader.EventReader, row: event_reader.StoredRow) -> Any:
        if row[0]:  # not an aggregate's event loaded (no position) to fold a late one again
            positions.append(row[0])
        return event(reader, row)

    monkeypatch.setattr(event_reader.EventReader, "event", counting)
    return positions


def history(tmp_path: Path, size: int = 1500) -> list[str]:
    """A generated history's lines, and a status report put in late at its end."""
    file = tmp_path / "generated.jsonl"
    generate.write(file, size)
    lines = file.read_text().splitlines()
    reports = [json.loads(line) for line in lines if '"item report-status"' in line]
    late = dict(reports[len(reports) // 2])
    late["effective_date"] = (
        date.fromisoformat(late["effective_date"]) - timedelta(days=1)
    ).isoformat()
    late["overall"] = "red" if late["overall"] != "red" else "amber"
    return [*lines, json.dumps(late)]


def imported(url: str, lines: list[str], tmp_path: Path, *, write: bool = True) -> Any:
    """Import the lines in bulk, read models attached: the result and the tables right after."""
    file = tmp_path / f"import-{len(lines)}.jsonl"
    file.write_text("\n".join(lines) + "\n")
    ledger, models = open_ledger(url)
    try:
        models.bulk_backlog = BACKLOG
        result = run_import(ledger, read_lines(file, {}), bulk=True, write=write)
        lags = {status.lag for status in models.status()}
        return result, lags, snapshot(models), _table_names(models)
    finally:
        ledger.close()


def _table_names(models: Any) -> set[str]:
    return set(inspect(models.engine).get_table_names())


Begun = tuple[list[str], dict[str, list[tuple[object, ...]]], set[str]]


def first_lines_imported(url: str) -> Begun:
    """A build for ledger_copies.copy_of: a :func:`history`'s first 300 lines imported.

    Its lines, and every read model's rows and the tables right after (:func:`imported`).
    """
    lines = history(Path.cwd())
    _, _, rows, tables = imported(url, lines[:300], Path.cwd())
    return lines, rows, tables


@pytest.fixture
def begun(db_url: str, request: pytest.FixtureRequest) -> Begun:
    """The test database a copy of :func:`first_lines_imported`'s ledger: what it returned.

    Built once per module and database kind, with this module's small pages.
    """
    built: Begun = copy_of(first_lines_imported, db_url, request)
    return built


def test_a_bulk_import_into_a_new_ledger_rebuilds_its_read_models_from_its_own_events(
    db_url: str, tmp_path: Path, decoded: list[int]
) -> None:
    lines = history(tmp_path)
    result, lags, followed, _ = imported(db_url, lines, tmp_path)

    assert not result.refusals, result.refusals[:3]
    assert lags == {0}  # committed with the events: nothing left for the catch-up
    assert decoded == []  # into an empty ledger: followed from the first page, nothing read back
    assert followed == rebuilt(db_url) == caught_up_from_nothing(db_url)
    assert any(row for row in followed["item_timeline"] if row[-1] is not None)  # the late one


def test_an_import_into_a_ledger_that_holds_events_replays_them_first(
    db_url: str, tmp_path: Path, begun: Begun, decoded: list[int]
) -> None:
    lines, _, _ = begun  # the first 300 imported (small: caught up after, decision by decision)
    first, rest = lines[:300], lines[300:]
    decoded.clear()

    result, lags, followed, _ = imported(db_url, rest, tmp_path)

    assert not result.refusals
    assert result.recorded == len(rest)
    assert lags == {0}
    assert decoded[: len(first)] == list(range(1, len(first) + 1))  # the stored ones, from 1
    assert len(decoded) < len(first) + BACKLOG + 97
    assert followed == rebuilt(db_url) == caught_up_from_nothing(db_url)


@pytest.mark.parametrize("how", ["refused", "dry run"])
def test_a_refused_or_dry_import_leaves_every_table_as_it_was(
    db_url: str, tmp_path: Path, begun: Begun, how: str
) -> None:
    lines, before, tables = begun  # the first 300 imported
    rest = lines[300:]
    if how == "refused":
        rest = [*rest, '{"command": "item approve", "key": "NO-SUCH-ITEM", "budget": "1"}']

    result, lags, after, tables_after = imported(db_url, rest, tmp_path, write=how == "refused")

    assert bool(result.refusals) == (how == "refused")
    assert result.lines == len(rest)
    assert lags == {0}
    assert after == before
    assert tables_after == tables  # no fresh tables left behind


def test_an_import_that_meets_a_rebuild_catches_up_after_it(
    db_url: str, tmp_path: Path, decoded: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    @contextmanager
    def held_elsewhere(*_args: object, **_kwargs: object) -> Iterator[bool]:
        yield False

    monkeypatch.setattr(follow, "rebuild_lock", held_elsewhere)
    lines = history(tmp_path)

    result, lags, caught_up, _ = imported(db_url, lines, tmp_path)

    assert not result.refusals
    assert lags == {0}
    assert len(decoded) >= result.recorded  # every event read back by the catch-up after
    assert caught_up == rebuilt(db_url)


def test_the_rebuild_lock_is_not_waited_for_when_asked_not_to(db_url: str) -> None:
    ledger, models = open_ledger(db_url)
    try:
        with rebuild_lock(models.engine) as held:
            assert held
            with rebuild_lock(models.engine, wait=False) as second:
                assert not second
        with rebuild_lock(models.engine, wait=False) as free:
            assert free
    finally:
        ledger.close()


def test_a_followed_import_through_the_wal_leaves_it_emptied(
    sqlite_url: str, tmp_path: Path
) -> None:
    # With the file held open by another connection, a bulk import goes through the WAL.
    lines = history(tmp_path)
    assert Cli(sqlite_url)("init").exit_code == 0  # a ledger in WAL mode
    reader = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"))
    try:
        reader.execute("SELECT count(*) FROM sqlite_master").fetchall()  # opens the WAL

        result, lags, _, _ = imported(sqlite_url, lines, tmp_path)

        assert not result.refusals
        assert lags == {0}
        wal = Path(f"{sqlite_url.removeprefix('sqlite:///')}-wal")
        assert wal.stat().st_size <= 64 * 1024
    finally:
        reader.close()


def test_read_models_ahead_of_the_ledger_are_not_replaced_but_reported(
    db_url: str, tmp_path: Path, begun: Begun
) -> None:
    lines, _, _ = begun  # the first 300 imported
    ledger, models = open_ledger(db_url)
    with models.tracking.transaction(commit=True) as session:
        models.tracking.reset(session, models.audit_trail.tracking_key, 10**6)
    ledger.close()

    result, _, _, _ = imported(db_url, lines[300:], tmp_path)

    assert not result.refusals
    assert result.recorded == len(lines) - 300  # the events are recorded
    assert result.warning is not None
    assert "say they have read up to position 1,000,000" in result.warning
