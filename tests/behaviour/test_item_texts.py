"""``item show`` and ``portfolio --json`` print the texts ``portfolio_items`` keeps: the same bytes.

Before the texts, ``item show`` folded the item's events through the domain
and ``portfolio --json`` converted every value of every row; both paths are
still there (for ``--as-of``, and for read models behind the ledger), so
each output read from the texts is compared with the one those paths print:
for every item of the demo and of a generated history (caught up page by
page, rebuilt, then moved on by one decision), with filters, pages, moments
and the other formats, on SQLite and PostgreSQL. A ledger whose
``portfolio_items`` was made before the texts rebuilds it once, and says so.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest
from sqlalchemy import create_engine, text

from bench import generate
from portfolio_ledger.application.importer import run_import
from portfolio_ledger.application.item_views import ItemView
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.application.selection import Moment
from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.cli.imports import read_lines
from portfolio_ledger.domain.item import PortfolioItem
from portfolio_ledger.domain.keys import item_id
from portfolio_ledger.projections import portfolio_items, queries, runner
from portfolio_ledger.projections.read_side import ReadSide
from portfolio_ledger.storage.urls import normalise_url
from tests.conftest import Cli
from tests.ledger_copies import copy_of, demo

LISTINGS = [
    ("portfolio", "--json"),
    ("portfolio", "--format", "json", "--limit", "7", "--offset", "3"),
    ("portfolio", "--json", "--offset", "100000"),
    ("portfolio", "--json", "--stage", "in-delivery"),
    ("portfolio", "--json", "--organisation", "dfe", "--rag", "red"),
    ("portfolio", "--json", "--kind", "project", "--category", "Data"),
    ("portfolio", "--json", "--stage", "closed", "--stage", "proposed"),
    ("portfolio", "--json", "--effective-on", "2026-03-31"),
    ("portfolio", "--format", "csv"),
    ("portfolio",),
    ("items", "list", "--json"),
]


@contextmanager
def before_the_texts(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The read side as it was: items folded from their events, listings from their rows."""
    with monkeypatch.context() as patched:
        patched.setattr(ReadSide, "shown", lambda _self, _keys: None)
        patched.setattr(ReadSide, "listed", lambda _self, _moment, _where=None: None)
        yield


def keys(url: str) -> list[str]:
    """Every item's key, as the read models list them."""
    ledger, models = open_ledger(url)
    try:
        return [state["key"] for state in ReadSide(ledger, models).portfolio(Moment())]
    finally:
        ledger.close()


def assert_items_shown_as_folded(url: str, every: int = 1) -> None:
    """Each item's record from the texts equals the one the ledger folds from its events."""
    ledger, models = open_ledger(url)
    try:
        folded = ReadSide(ledger, models)
        wanted = [s["key"] for s in folded.portfolio(Moment())][::every]
        assert wanted
        for key in wanted:
            with models.reading() as session:
                (shown,) = queries.shown(session, models, [item_id(key).hex])
            kept = json.loads(shown)
            view = folded.item(key)
            assert kept == view.as_json(), key
            assert ItemView.from_json(kept) == view, key
    finally:
        ledger.close()


def assert_outputs_unchanged(
    run: Cli, monkeypatch: pytest.MonkeyPatch, commands: list[tuple[str, ...]]
) -> None:
    """Each command prints the same bytes from the texts as before them."""
    now = [run(*command) for command in commands]
    with before_the_texts(monkeypatch):
        before = [run(*command) for command in commands]
    for command, new, old in zip(commands, now, before, strict=True):
        assert new.exit_code == old.exit_code == 0, (command, new.output)
        assert new.output == old.output, command


def test_the_demo_prints_the_same_from_the_texts(
    run: Cli, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    copy_of(demo, run.url, request)  # the demo, caught up (tests/ledger_copies.py)
    shows = [
        (*show, key, *extra)
        for key in keys(run.url)
        for show in [("item", "show")]
        for extra in [(), ("--json",)]
    ]
    shows += [
        ("item", "show", "pgm-002", "--effective-on", "2026-03-31", "--json"),
        ("item", "show", "PGM-002", "--as-of", datetime.now(UTC).date().isoformat()),
    ]

    assert_outputs_unchanged(run, monkeypatch, LISTINGS + shows)
    assert_items_shown_as_folded(run.url)


def test_text_beyond_ascii_prints_the_same_from_the_texts(
    run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, title in [
        ("PRJ-001", "Café systèmes — £2m «phase 2»"),
        ("PRJ-002", 'Quotes " and \\ back\tslash, a tab and 日本語'),
    ]:
        proposed = run(
            "item", "propose", key, "--kind", "project", "--title", title, "--owner", "Zoë Ødegård",
            "--sponsor", "CFO", "--category", "Données", "--objective", "Ünïcode ✓",
            "-m", "Ça marche?",
        )  # fmt: skip
        assert proposed.exit_code == 0, proposed.output
    commands = [("portfolio", "--json"), ("items", "list", "--json")]
    commands += [("item", "show", key, *extra) for key in ("PRJ-001", "PRJ-002")
                 for extra in [(), ("--json",)]]  # fmt: skip

    assert_outputs_unchanged(run, monkeypatch, commands)
    assert "Café systèmes" in run("portfolio", "--json").output
    assert_items_shown_as_folded(run.url)


def test_the_shown_record_is_the_view_s_json_in_its_order(
    run: Cli, request: pytest.FixtureRequest
) -> None:
    # ``ItemView.json_of`` (what a rebuild writes) makes the record without the view itself.
    copy_of(demo, run.url, request)
    ledger = PortfolioLedger(run.url)
    try:
        for key in keys(run.url):
            item: PortfolioItem = ledger.repository.get(item_id(key))
            made, viewed = ItemView.json_of(item), ItemView.of(item).as_json()
            assert list(made.items()) == list(viewed.items()), key
            assert orjson.dumps(made) == orjson.dumps(viewed), key
    finally:
        ledger.close()


def test_an_unknown_item_is_not_found_from_the_texts(
    run: Cli, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    copy_of(demo, run.url, request)  # the demo, caught up

    now = run("item", "show", "PRJ-404")
    with before_the_texts(monkeypatch):
        before = run("item", "show", "PRJ-404")

    assert now.exit_code == before.exit_code != 0
    assert "no item PRJ-404" in now.output
    assert now.output == before.output


def test_a_generated_history_prints_the_same_from_the_texts(
    run: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Caught up in two pages as 3,000 lines were in pages of 1,000 (a page, then a long one):
    # a third of the items, each of the listings as (non-)empty as with 3,000.
    monkeypatch.setattr(runner, "PAGE_SIZE", 300)
    history = tmp_path / "decisions.jsonl"
    generate.write(history, 1000)
    ledger = PortfolioLedger(run.url)
    assert not run_import(ledger, read_lines(history, {})).refusals
    ledger.close()
    assert run("portfolio").exit_code == 0  # caught up, page by page
    some = keys(run.url)[::7]
    shows = [("item", "show", key, *extra) for key in some for extra in [(), ("--json",)]]

    assert_outputs_unchanged(run, monkeypatch, LISTINGS + shows)
    assert_items_shown_as_folded(run.url)

    monkeypatch.setattr(portfolio_items, "TEXTS_CHUNK", 7)  # several chunks, one short
    assert run("projections", "rebuild").exit_code == 0  # written once, at the rebuild's end
    assert_outputs_unchanged(run, monkeypatch, LISTINGS[:1] + shows)
    assert_items_shown_as_folded(run.url)

    moved = run(
        "item", "reprioritise", some[0], "--rank", "9999",
        "--authority", "Portfolio Direction Group",
        "-m", "Moved up.",
    )  # fmt: skip
    assert moved.exit_code == 0, moved.output
    assert_outputs_unchanged(run, monkeypatch, LISTINGS[:1] + shows[:2])
    assert_items_shown_as_folded(run.url, every=50)


CURRENT = f"portfolio_items@v{portfolio_items.PortfolioItems.schema_version}"
"""The name ``portfolio_items`` is tracked under by this version."""


def look_like_version_2(url: str) -> None:
    """``portfolio_items`` as version 2 left it: tracked as ``@v2``, without its texts."""
    engine = create_engine(normalise_url(url))
    try:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "UPDATE portfolio_ledger_tracking SET application_name = 'portfolio_items@v2' "
                    f"WHERE application_name = '{CURRENT}'"
                )
            )
            connection.execute(text("DROP TABLE portfolio_items_shown"))
            connection.execute(text("DROP TABLE portfolio_items_listed"))
    finally:
        engine.dispose()


def test_portfolio_items_of_version_2_are_rebuilt_with_their_texts(
    run: Cli, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    copy_of(demo, run.url, request)
    before = run("portfolio", "--json").output
    shown = run("item", "show", "PGM-002").output
    look_like_version_2(run.url)

    upgraded = run("portfolio", "--json")

    assert upgraded.exit_code == 0
    assert (
        "the read model portfolio_items was made by an earlier version of portfolio-ledger; "
        "it is being rebuilt from the events" in upgraded.stderr
    )
    assert upgraded.stdout == before
    assert run("item", "show", "PGM-002").output == shown
    assert_items_shown_as_folded(run.url)
    assert_outputs_unchanged(run, monkeypatch, [("portfolio", "--json")])


def look_like_version_3(url: str) -> None:
    """``portfolio_items`` as version 3 left it: its listed texts without the portfolio's order."""
    engine = create_engine(normalise_url(url))
    try:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "UPDATE portfolio_ledger_tracking SET application_name = 'portfolio_items@v3' "
                    f"WHERE application_name = '{CURRENT}'"
                )
            )
            connection.execute(text("DROP TABLE portfolio_items_listed"))
            connection.execute(
                text(
                    "CREATE TABLE portfolio_items_listed "
                    "(item_id VARCHAR(32) PRIMARY KEY, listed TEXT NOT NULL)"
                )
            )
    finally:
        engine.dispose()


def test_portfolio_items_of_version_3_are_rebuilt_with_their_order(
    run: Cli, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    copy_of(demo, run.url, request)
    before = run("portfolio", "--json").output
    look_like_version_3(run.url)

    upgraded = run("portfolio", "--json")

    assert upgraded.exit_code == 0
    assert "portfolio_items was made by an earlier version" in upgraded.stderr
    assert upgraded.stdout == before
    assert_outputs_unchanged(run, monkeypatch, LISTINGS)


def test_the_listing_reads_its_texts_in_order_without_a_sort(
    run: Cli, request: pytest.FixtureRequest
) -> None:
    """Along an index of the order alone, on both databases: no sort, and no texts in an index.

    An index holding the texts too (SQLite's until portfolio_items@v7) spilled
    them to overflow pages, read no faster and doubled what a rebuild writes.
    """
    copy_of(demo, run.url, request)
    ledger, models = open_ledger(run.url)
    try:
        with models.reading() as session:
            connection = session.connection()
            sqlite = connection.dialect.name == "sqlite"
            listed = connection.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                "AND tbl_name = 'portfolio_items_listed' AND sql IS NOT NULL"
                if sqlite
                else "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = "
                "current_schema() AND tablename = 'portfolio_items_listed' "
                "AND indexname NOT LIKE '%%pkey'"
            )
            indexes = {str(name): str(made) for name, made in listed}
            if sqlite:
                compiled = queries.listed_query(session, models).compile(dialect=connection.dialect)
                plan = [
                    str(row[-1])
                    for row in connection.exec_driver_sql(
                        f"EXPLAIN QUERY PLAN {compiled}", tuple(compiled.params.values())
                    )
                ]
    finally:
        ledger.close()
    assert len(indexes) == 1, indexes
    ((name, made),) = indexes.items()  # named by the rebuild that made it, with its suffix
    assert name.endswith("_order"), indexes
    assert made.endswith("item_id)"), made
    if sqlite:
        assert plan == [f"SCAN portfolio_items_listed USING INDEX {name}"]
