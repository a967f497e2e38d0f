"""A rebuild and an incremental catch-up leave every read-model table with exactly the same rows.

On the demo ledger (items of several organisations, figures withheld, a
record put right, minutes typed in late) and on a generated benchmark
history, on SQLite and on PostgreSQL. Pages are made small (and each folded
in parts), so both paths cross many page boundaries (the economics buckets
and the current items are carried from page to page); the catch-up also
takes its long pages.
"""

from __future__ import annotations

import gc
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy
from sqlalchemy import event, text

from bench import generate
from portfolio_ledger.application import commands as c
from portfolio_ledger.application.importer import run_import
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.cli.imports import read_lines
from portfolio_ledger.projections import rebuild as rebuilding
from portfolio_ledger.projections import replay, runner
from portfolio_ledger.projections.base import Applied
from portfolio_ledger.projections.runner import Projections
from tests.builders import DAY0, approved_item, propose, who
from tests.conftest import snapshot
from tests.ledger_copies import copy_of, demo


@pytest.fixture(autouse=True)
def _small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rebuilding, "PAGE_SIZE", 377)
    monkeypatch.setattr(rebuilding, "FOLD_AT_ONCE", 101)  # pages folded and written in parts
    monkeypatch.setattr(runner, "PAGE_SIZE", 53)


def caught_up_from_nothing(url: str) -> dict[str, list[tuple[object, ...]]]:
    """Every read-model row after dropping the read models and catching up page by page."""
    ledger, models = open_ledger(url)
    tables = [t.name for p in models.all for t in p.tables] + [models.tracking.table.name]
    quote = models.engine.dialect.identifier_preparer.quote
    with models.engine.begin() as connection:
        for name in tables:
            connection.execute(text(f"DROP TABLE {quote(name)}"))
    ledger.close()
    ledger, models = open_ledger(url)
    try:
        models.bulk_backlog = 10**9  # in place, never by rebuilding
        models.catch_up()
        assert {s.lag for s in models.status()} == {0}
        return snapshot(models)
    finally:
        ledger.close()


def rebuilt(url: str) -> dict[str, list[tuple[object, ...]]]:
    """Every read-model row after a full rebuild."""
    ledger, models = open_ledger(url)
    try:
        assert models.rebuild() == ledger.event_count()
        return snapshot(models)
    finally:
        ledger.close()


def ledger_with_late_reports(url: str) -> None:
    """A 1,500-line generated history imported, then 150 of its status reports sent again late.

    A build for ledger_copies.copy_of (its files are written in the working directory),
    which copies a ledger as ``open_ledger`` sets it up: the read models' tables are
    made at the end, empty, as a test's first ``open_ledger`` made them.
    """
    history, late = Path("decisions.jsonl"), Path("late.jsonl")
    generate.write(history, 1500)
    late.write_text("".join(f"{line}\n" for line in generate.recorded_late(history, 150)))
    ledger = PortfolioLedger(url)
    for file in (history, late):
        assert not run_import(ledger, read_lines(file, {})).refusals
    ledger.close()
    ledger, models = open_ledger(url)
    assert {s.lag for s in models.status()} == {1650}  # made, not caught up
    ledger.close()


def test_the_demo_ledger_rebuilt_equals_it_caught_up(
    db_url: str, request: pytest.FixtureRequest
) -> None:
    copy_of(demo, db_url, request)  # the demo as recorded: a copy of the module's
    ledger, models = open_ledger(db_url)
    as_recorded = snapshot(models)  # caught up decision by decision as the demo recorded
    ledger.close()

    from_rebuild = rebuilt(db_url)
    in_place = caught_up_from_nothing(db_url)

    assert as_recorded["audit_trail"]
    assert any(row for row in as_recorded["audit_trail"] if row[15] is not None)  # a correction
    assert from_rebuild == as_recorded
    assert in_place == as_recorded


def test_a_generated_history_rebuilt_equals_it_caught_up(db_url: str, tmp_path: Path) -> None:
    history = tmp_path / "decisions.jsonl"
    generate.write(history, 2500)
    ledger = PortfolioLedger(db_url)
    imported = run_import(ledger, read_lines(history, {}))
    ledger.close()
    assert imported.recorded == 2500
    assert not imported.refusals

    in_place = caught_up_from_nothing(db_url)
    from_rebuild = rebuilt(db_url)

    assert len(in_place["audit_trail"]) == 2500
    assert from_rebuild == in_place


def test_an_import_into_a_small_ledger_is_caught_up_by_rebuilding(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    history = tmp_path / "decisions.jsonl"
    generate.write(history, 1200)
    rebuilds: list[int] = []
    rebuild = rebuilding.rebuild

    def counted(models: Projections, *args: object, **options: object) -> int:
        rebuilds.append(1)
        return rebuild(models, *args, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(rebuilding, "rebuild", counted)
    monkeypatch.setattr(runner, "BULK_BACKLOG", 1000)
    ledger, models = open_ledger(db_url)  # read models attached: the import catches them up
    try:
        run_import(ledger, read_lines(history, {}))
        assert rebuilds == [1]
        assert {s.lag for s in models.status()} == {0}
        caught_up = snapshot(models)
    finally:
        ledger.close()

    assert caught_up_from_nothing(db_url) == caught_up


def test_events_read_as_rows_are_the_events_the_library_maps(
    db_url: str, request: pytest.FixtureRequest
) -> None:
    copy_of(demo, db_url, request)  # the demo: a copy of the module's
    ledger, models = open_ledger(db_url)
    try:
        notifications = ledger.recorder.select_notifications(start=1, limit=10_000)
        with models.engine.connect() as connection:
            rows = models.replayer.rows(connection, 1, 10_000)
        reader = models.replayer._events
        events = [reader.event(row) for row in rows]
    finally:
        ledger.close()

    expected = [ledger.mapper.to_domain_event(n) for n in notifications]
    assert [row[0] for row in rows] == [n.id for n in notifications]
    assert [type(e) for e in events] == [type(e) for e in expected]
    assert [vars(e) for e in events] == [vars(e) for e in expected]


def test_an_envelope_recorded_late_is_rebuilt_as_it_was_caught_up(
    ledger: PortfolioLedger, projections: Projections, db_url: str
) -> None:
    def envelope(amount: str, days: int) -> c.SetEnvelope:
        return c.SetEnvelope.model_validate(
            {"envelope": amount, **who(effective_date=DAY0 + timedelta(days=days))}
        )

    ledger.handle(envelope("GBP 5,000,000", 10))
    approved_item(ledger, "PRJ-001")
    ledger.handle(envelope("GBP 7,000,000", 20))
    ledger.handle(envelope("GBP 6,000,000", 15))  # minutes typed in late: the portfolio refolds
    projections.catch_up()
    caught_up = snapshot(projections)

    assert len(caught_up["portfolio_envelopes"]) > 3  # the late one closed and re-added rows
    assert rebuilt(db_url) == caught_up
    assert caught_up_from_nothing(db_url) == caught_up


def test_decisions_recorded_late_are_rebuilt_as_caught_up_closing_rows_by_index(
    db_url: str, request: pytest.FixtureRequest
) -> None:
    # A late decision closes its item's open rows. A rebuild's fresh timeline has its
    # secondary indexes built at the end; without the one closing looks rows up by, each
    # close read the whole table (a rebuild of 104,876 events, 4,876 late: 169 s, not 35).
    copy_of(ledger_with_late_reports, db_url, request)
    ledger, models = open_ledger(db_url)
    statements: list[str] = []
    event.listen(models.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    try:
        models.rebuild()
        from_rebuild = snapshot(models)
    finally:
        ledger.close()

    shadow = next(s for s in statements if s.startswith("UPDATE") and "item_timeline__r" in s)
    indexed = next(s for s in statements if "CREATE INDEX" in s and "item_timeline__r" in s)
    assert "_current" in indexed  # the first index built: the one closing needs
    assert statements.index(indexed) < statements.index(shadow)
    assert sum(row[-1] is not None for row in from_rebuild["item_timeline"]) >= 150  # closed
    assert caught_up_from_nothing(db_url) == from_rebuild


def test_late_decisions_are_folded_and_written_a_bounded_number_of_states_at_a_time(
    db_url: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A late decision carries every state of its item from the point it changed: a rebuild
    # of a million events with 47,523 late status reports held 398 MB, a thousand events'
    # states at once. Rebuild and catch-up now write a part once it makes STATES_AT_ONCE.
    copy_of(ledger_with_late_reports, db_url, request)
    budget = 40
    monkeypatch.setattr(replay, "STATES_AT_ONCE", budget)
    written: list[list[int]] = []  # each part's states, event by event
    given: list[list[Applied]] = []  # each part as given: emptied once the next is asked for
    replay_page, apply_page = rebuilding.Shadows.replay, Projections._apply

    def replayed(shadows: rebuilding.Shadows, session: object, page: list[Applied]) -> None:
        written.append([len(a.timeline) for a in page])
        given.append(page)
        replay_page(shadows, session, page)  # type: ignore[arg-type]

    def applied(models: Projections, page: list[Applied], *args: object) -> None:
        written.append([len(a.timeline) for a in page])
        given.append(page)
        apply_page(models, page, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(rebuilding.Shadows, "replay", replayed)
    monkeypatch.setattr(Projections, "_apply", applied)

    from_rebuild = rebuilt(db_url)
    assert written
    assert all(sum(part[:-1]) < budget for part in written)  # full only with its last event
    assert any(len(part) < 101 and sum(part) >= budget for part in written)  # cut by states
    assert not any(given)  # none held once used
    written.clear()
    assert caught_up_from_nothing(db_url) == from_rebuild
    assert all(sum(part[:-1]) < budget for part in written)
    assert any(sum(part) >= budget for part in written)
    assert not any(given)


def test_decisions_recorded_during_a_rebuild_are_in_the_rows_it_writes_at_the_end(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A rebuild keeps the current items and the totals in memory and writes them once, as it
    # swaps; events recorded after its last full page are replayed there, and count too.
    history = tmp_path / "decisions.jsonl"
    generate.write(history, 1500)
    ledger = PortfolioLedger(db_url)
    run_import(ledger, read_lines(history, {}))
    ledger.close()
    swap = rebuilding._swap

    def late(models: Projections, *args: object) -> int:
        models.ledger.handle(propose("PRJ-LATE"))  # recorded after the pages, before the swap
        return swap(models, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(rebuilding, "_swap", late)
    from_rebuild = rebuilt(db_url)
    monkeypatch.setattr(rebuilding, "_swap", swap)

    assert any(row[1] == "PRJ-LATE" for row in from_rebuild["portfolio_items"])
    assert caught_up_from_nothing(db_url) == from_rebuild


def test_a_rebuild_collects_young_cycles_between_pages_and_none_after_the_last(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "history.jsonl"
    generate.write(file, 1200)
    ledger = PortfolioLedger(sqlite_url)
    assert not run_import(ledger, read_lines(file, {})).refusals
    ledger.close()
    collections: list[tuple[int, ...]] = []
    monkeypatch.setattr(rebuilding, "COLLECT_EVERY", 400)
    monkeypatch.setattr(gc, "collect", lambda *generation: collections.append(generation))

    rebuilt(sqlite_url)  # pages end at 377, 754, 1131, 1200

    # Past 400 and 800: the objects made since (long-lived states are not walked again);
    # past 1200, the last page, none.
    assert collections == [(1,), (1,)]


def test_a_rebuild_drops_the_old_read_models_without_overwriting_their_pages(
    sqlite_url: str, request: pytest.FixtureRequest
) -> None:
    copy_of(demo, sqlite_url, request)  # the demo: a copy of the module's
    ledger, models = open_ledger(sqlite_url)
    statements: list[str] = []
    with models.engine.connect() as connection:
        default = connection.exec_driver_sql("PRAGMA secure_delete").scalar()
    sqlalchemy.event.listen(
        models.engine,
        "before_cursor_execute",
        lambda _c, _cursor, statement, *_: statements.append(statement),
    )
    try:
        models.rebuild()
    finally:
        ledger.close()

    drops = [n for n, s in enumerate(statements) if s.startswith("DROP TABLE")]
    fast = statements.index("PRAGMA secure_delete=FAST")
    restored = statements.index(f"PRAGMA secure_delete={default}", fast)
    assert fast < drops[0]
    assert drops[-1] < restored  # SQLite's own setting for anything else
