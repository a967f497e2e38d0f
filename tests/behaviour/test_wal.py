"""SQLite's write-ahead log: not grown by a bulk import, not kept at the size of the largest."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from bench import generate
from portfolio_ledger.application import importer
from portfolio_ledger.application.errors import InvalidSetting
from portfolio_ledger.application.importer import Imported, run_import
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.cli import imports
from portfolio_ledger.cli.imports import read_lines
from portfolio_ledger.domain.keys import person_id
from portfolio_ledger.storage import datastore
from portfolio_ledger.storage.factory import LedgerFactory
from tests.conftest import Cli, snapshot

LIMIT = 64 * 1024


@pytest.fixture
def held(sqlite_url: str) -> Cli:
    """The ledger made, and held open by another connection, so its WAL file stays."""
    run = Cli(sqlite_url)
    assert run("init").exit_code == 0
    return run


def wal_of(url: str) -> Path:
    return Path(f"{url.removeprefix('sqlite:///')}-wal")


def test_the_wal_is_emptied_after_an_import_and_its_catch_up(held: Cli, tmp_path: Path) -> None:
    file = tmp_path / "decisions.jsonl"
    generate.write(file, 3000)
    reader = sqlite3.connect(held.url.removeprefix("sqlite:///"))
    try:
        reader.execute("SELECT count(*) FROM sqlite_master").fetchall()  # opens the WAL

        result = held("import", str(file))

        assert result.exit_code == 0, result.output
        assert wal_of(held.url).stat().st_size <= LIMIT
    finally:
        reader.close()


def test_every_ledger_connection_cuts_an_emptied_wal_back_to_the_limit(held: Cli) -> None:
    ledger = PortfolioLedger(held.url)
    try:
        factory = ledger.factory
        assert isinstance(factory, LedgerFactory)
        engine = factory.datastore.engine
        assert isinstance(engine, Engine)
        with engine.connect() as connection:
            limit = connection.exec_driver_sql("PRAGMA journal_size_limit").scalar()
    finally:
        ledger.close()

    assert limit == datastore.WAL_SIZE_LIMIT


def _watched(url: str, lines: Iterator[Any], seen: dict[str, int]) -> Iterator[Any]:
    """The lines, noting the largest WAL and rollback journal seen while they are read."""
    database = url.removeprefix("sqlite:///")
    for number, line in enumerate(lines, start=1):
        if number % 500 == 0:  # the batch has sent a thousand events now and then
            for suffix in ("-wal", "-journal"):
                path = Path(f"{database}{suffix}")
                size = path.stat().st_size if path.exists() else -1
                seen[suffix] = max(seen.get(suffix, -1), size)
        yield line


def _import(url: str, file: Path, seen: dict[str, int], *, bulk: bool) -> Imported:
    ledger = PortfolioLedger(url)
    try:
        lines = _watched(url, read_lines(file, {}), seen)
        return run_import(ledger, lines, bulk=bulk)
    finally:
        ledger.close()


def _journal_mode(url: str) -> str:
    with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
        return str(db.execute("PRAGMA journal_mode").fetchone()[0])


def test_a_bulk_import_goes_through_a_rollback_journal_not_the_wal(
    held: Cli, tmp_path: Path
) -> None:
    file = tmp_path / "decisions.jsonl"
    generate.write(file, 4000)
    seen: dict[str, int] = {}

    result = _import(held.url, file, seen, bulk=True)

    assert result.recorded == 4000
    assert not result.refusals
    assert seen["-wal"] <= 0, seen  # no WAL while the transaction was open
    assert seen["-journal"] >= 0, seen  # the rollback journal instead
    assert _journal_mode(held.url) == "wal"  # and WAL again after it
    assert held("audit", "verify").exit_code == 0


def test_without_bulk_the_wal_takes_the_import(held: Cli, tmp_path: Path) -> None:
    file = tmp_path / "decisions.jsonl"
    generate.write(file, 4000)
    seen: dict[str, int] = {}

    _import(held.url, file, seen, bulk=False)

    assert seen["-wal"] > 1024 * 1024, seen  # the test above would see this if it were wrong


def test_a_bulk_import_with_the_ledger_held_open_stays_in_the_wal(
    held: Cli, tmp_path: Path
) -> None:
    file = tmp_path / "decisions.jsonl"
    generate.write(file, 2500)
    seen: dict[str, int] = {}
    reader = sqlite3.connect(held.url.removeprefix("sqlite:///"))
    try:
        reader.execute("SELECT count(*) FROM portfolio_ledger_events").fetchall()

        result = _import(held.url, file, seen, bulk=True)

        assert result.recorded == 2500
        assert seen["-wal"] > 0, seen
        assert seen["-journal"] == -1, seen
        # and the reader, never locked out, still reads
        assert reader.execute("SELECT count(*) FROM portfolio_ledger_events").fetchone()[0] > 0
    finally:
        reader.close()


def test_a_refused_bulk_import_writes_nothing_and_leaves_the_wal_mode(
    held: Cli, tmp_path: Path
) -> None:
    file = tmp_path / "decisions.jsonl"
    generate.write(file, 2500)
    with file.open("a", encoding="utf-8") as out:
        out.write('{"command": "item approve", "item": "NO-SUCH-ITEM", "actor": "x"}\n')
    before = held.events()

    result = _import(held.url, file, {}, bulk=True)

    assert result.refused_lines == 1
    assert held.events() == before
    assert _journal_mode(held.url) == "wal"
    assert held("audit", "verify").exit_code == 0


def test_the_cli_imports_a_file_over_the_bulk_size_in_bulk(
    held: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "decisions.jsonl"
    generate.write(file, 1500)
    called: list[bool] = []
    real = importer.run_import

    def spy(*args: Any, **kwargs: Any) -> Imported:
        called.append(kwargs["bulk"])
        return real(*args, **kwargs)

    monkeypatch.setattr(importer, "run_import", spy)
    monkeypatch.setenv("PORTFOLIO_LEDGER_BULK_IMPORT_BYTES", str(file.stat().st_size))
    assert held("import", "--dry-run", str(file)).exit_code == 0  # a dry run writes nothing
    assert held("import", str(file)).exit_code == 0
    assert called == [False, True]
    assert _journal_mode(held.url) == "wal"
    monkeypatch.setenv("PORTFOLIO_LEDGER_BULK_IMPORT_BYTES", "lots")  # not a size: refused
    with pytest.raises(InvalidSetting, match="PORTFOLIO_LEDGER_BULK_IMPORT_BYTES='lots'"):
        imports.is_bulk(file)
    monkeypatch.delenv("PORTFOLIO_LEDGER_BULK_IMPORT_BYTES")
    assert not imports.is_bulk(file)
    big = tmp_path / "big.jsonl"
    with big.open("wb") as out:
        out.truncate(16 * 1024 * 1024)
    assert imports.is_bulk(big)


def test_a_command_meeting_a_bulk_import_says_the_ledger_is_busy(held: Cli) -> None:
    assert held("demo").exit_code == 0
    writer = sqlite3.connect(held.url.removeprefix("sqlite:///"), isolation_level=None)
    try:
        assert writer.execute("PRAGMA journal_mode=TRUNCATE").fetchone() == ("truncate",)
        writer.execute("BEGIN EXCLUSIVE")  # as a bulk import holds it once its pages spill

        result = held("items", "list", env={"PORTFOLIO_LEDGER_LOCK_TIMEOUT": "0.2"})

        assert result.exit_code != 0
        assert "another writer holds the ledger" in result.output
        assert "Traceback" not in result.output
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert held("items", "list").exit_code == 0
    assert held("audit", "verify").exit_code == 0  # the ledger opened whole: in WAL mode again
    assert _journal_mode(held.url) == "wal"


@pytest.mark.parametrize(
    "command",
    [
        ["items", "list"],
        ["item", "show", "PRJ-001"],
        ["portfolio"],
        ["audit", "trail"],
        ["audit", "verify"],
        ["audit", "digest"],
        ["projections", "status"],
    ],
    ids=" ".join,
)
def test_a_read_behind_a_bulk_import_waits_the_lock_timeout_once(
    held: Cli, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Refused after one wait of PORTFOLIO_LEDGER_LOCK_TIMEOUT, not two or three.

    A read of the read models met the file held, waited, and went on to open the
    ledger, which asked whether the file holds a ledger (waiting again) and then
    set up its tables (again): 'items list' with a timeout of 2 s was refused after
    7 s, 'did not let go within 2 s'. The waits are counted, not timed: each is one
    statement SQLite refused as locked.
    """
    assert held("demo").exit_code == 0
    writer = sqlite3.connect(held.url.removeprefix("sqlite:///"), isolation_level=None)
    refused: list[str] = []
    monkeypatch.setattr(sqlite3.dbapi2, "connect", _counting_locked_statements(refused))
    try:
        assert writer.execute("PRAGMA journal_mode=TRUNCATE").fetchone() == ("truncate",)
        writer.execute("BEGIN EXCLUSIVE")  # as a bulk import holds it once its pages spill

        result = held(*command, env={"PORTFOLIO_LEDGER_LOCK_TIMEOUT": "0.2"})

        assert result.exit_code == 1, result.output
        assert "another writer holds the ledger" in result.output
        assert "within 0.2 s" in result.output
        assert "Traceback" not in result.output
        assert len(refused) == 1, refused
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert held(*command).exit_code == 0
    assert held("audit", "verify").exit_code == 0


def _counting_locked_statements(refused: list[str]) -> Any:
    """sqlite3.connect, its connections' statements refused as locked noted in ``refused``."""
    connect = sqlite3.connect

    class Counted(sqlite3.Cursor):
        def execute(self, sql: str, *args: Any) -> Any:
            try:
                return super().execute(sql, *args)
            except sqlite3.OperationalError as error:
                if "database is locked" in str(error):
                    refused.append(sql.split("\n", maxsplit=1)[0][:80])
                raise

    class Counting(sqlite3.Connection):
        def cursor(self, factory: Any = Counted) -> Any:
            return super().cursor(factory)

    def connecting(*args: Any, **kwargs: Any) -> Any:
        return connect(*args, **kwargs, factory=Counting)

    return connecting


def test_a_read_waits_the_lock_timeout_not_sqlite3s_own(
    held: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read of current read models opens the file with SQLAlchemy alone, not the ledger.

    Its connection waited sqlite3's default of 5 s for a lock, whatever
    PORTFOLIO_LEDGER_LOCK_TIMEOUT said: behind a bulk import, 'item show'
    with a timeout of 1 s took 13 s to say the ledger was busy, a wait of 5 s
    for each read it made before opening the ledger.
    """
    proposed = held(
        "item", "propose", "PRJ-001", "--kind", "project", "--title", "Payroll", "--owner",
        "Dana Okafor", "--sponsor", "CFO", "--category", "Corporate systems", "-m", "Needed",
    )  # fmt: skip
    assert proposed.exit_code == 0, proposed.output
    waits: list[object] = []
    connect = sqlite3.connect

    def connecting(*args: Any, **kwargs: Any) -> Any:
        waits.append(kwargs.get("timeout"))
        return connect(*args, **kwargs)

    monkeypatch.setattr(sqlite3.dbapi2, "connect", connecting)  # as SQLAlchemy calls it
    shown = held("item", "show", "PRJ-001", env={"PORTFOLIO_LEDGER_LOCK_TIMEOUT": "7"})

    assert shown.exit_code == 0, shown.output
    assert waits, "the read opened no connection"
    assert set(waits) == {7.0}


def _rebuild_watched(url: str, seen: dict[str, int]) -> dict[str, int]:
    """Rebuild every read model in pages of 500, noting the files beside the ledger after each."""
    from portfolio_ledger.bootstrap import open_ledger
    from portfolio_ledger.projections import rebuild

    database = url.removeprefix("sqlite:///")

    def watch(_done: int, _total: int) -> None:
        for suffix in ("-wal", "-journal"):
            path = Path(f"{database}{suffix}")
            seen[suffix] = max(seen.get(suffix, -1), path.stat().st_size if path.exists() else -1)

    ledger, models = open_ledger(url)
    try:
        before = snapshot(models)
        with pytest.MonkeyPatch.context() as patched:
            patched.setattr(rebuild, "PAGE_SIZE", 500)
            models.rebuild(progress=watch)
        assert snapshot(models) == before  # the same rows, rebuilt
        return seen
    finally:
        ledger.close()


def test_a_rebuild_goes_through_a_rollback_journal_not_the_wal(held: Cli, tmp_path: Path) -> None:
    file = tmp_path / "decisions.jsonl"
    generate.write(file, 3000)
    assert held("import", str(file)).exit_code == 0
    assert held("projections", "status").exit_code == 0

    seen = _rebuild_watched(held.url, {})

    assert seen["-wal"] <= 0, seen  # its pages were not written to the WAL
    assert seen["-journal"] >= 0, seen  # a rollback journal instead
    assert _journal_mode(held.url) == "wal"
    assert held("audit", "verify", "--read-models").exit_code == 0


def test_a_rebuild_with_the_ledger_held_open_stays_in_the_wal(held: Cli, tmp_path: Path) -> None:
    file = tmp_path / "decisions.jsonl"
    generate.write(file, 2000)
    assert held("import", str(file)).exit_code == 0
    reader = sqlite3.connect(held.url.removeprefix("sqlite:///"))
    try:
        reader.execute("SELECT count(*) FROM portfolio_items").fetchall()

        seen = _rebuild_watched(held.url, {})

        assert seen["-wal"] > 0, seen  # the check above would see it if it were wrong
        assert seen["-journal"] == -1, seen
        assert reader.execute("SELECT count(*) FROM portfolio_items").fetchone()[0] > 0
    finally:
        reader.close()


def test_a_ledger_left_under_the_rollback_journal_is_written_while_another_reads_it(
    sqlite_url: str,
) -> None:
    """An interrupted bulk import or rebuild may leave the ledger out of WAL mode, and a reader
    may keep a writer from switching it back: the writer goes on in that mode, not refused."""
    run = Cli(sqlite_url)
    assert run("init").exit_code == 0
    path = sqlite_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as switch:
        assert switch.execute("PRAGMA journal_mode=TRUNCATE").fetchone()[0] == "truncate"
    reading = threading.Event()

    def read_for_a_while() -> None:  # longer than the writer's lock timeout below
        reader = sqlite3.connect(path, isolation_level=None)
        try:
            reader.execute("BEGIN")
            reader.execute("SELECT count(*) FROM portfolio_ledger_events").fetchall()
            reading.set()
            time.sleep(datastore.WAL_SWITCH_SECONDS + 2.5)
            reader.execute("COMMIT")
        finally:
            reader.close()

    thread = threading.Thread(target=read_for_a_while)
    thread.start()
    try:
        assert reading.wait(10)
        timeout = str(datastore.WAL_SWITCH_SECONDS + 2)  # the switch alone would outwait it
        result = run(
            "person", "add", "ABC", "--name", "A B", "-m", "new member",
            env={"PORTFOLIO_LEDGER_LOCK_TIMEOUT": timeout},
        )  # fmt: skip
    finally:
        thread.join()

    assert result.exit_code == 0, result.output
    assert "abc  A B" in run("person", "list").output


def test_whether_an_event_was_committed_is_answered_while_a_connection_holds_the_file(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Asked after an interruption: a connection left holding the file (under the rollback
    journal, as a bulk import runs) must not make the answer wait the lock timeout (here a
    minute); not known then is not committed."""
    monkeypatch.setenv("PORTFOLIO_LEDGER_LOCK_TIMEOUT", "60")
    run = Cli(sqlite_url)
    assert run("person", "add", "abc", "--name", "A B", "-m", "new member").exit_code == 0
    ledger = PortfolioLedger(sqlite_url)
    stored = next(iter(ledger.events.get(person_id("abc"))))
    engine = ledger.factory.datastore.engine  # type: ignore[attr-defined]
    engine.dispose()  # the ledger's own connections closed: the holder may switch the journal
    answers: list[bool] = []
    holder = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), isolation_level=None)
    try:
        assert holder.execute("PRAGMA journal_mode=TRUNCATE").fetchone()[0] == "truncate"
        holder.execute("BEGIN EXCLUSIVE")
        asking = threading.Thread(target=lambda: answers.append(ledger.holds(stored)), daemon=True)
        asking.start()
        asking.join(30)  # half the lock timeout: answered without waiting it out
        assert not asking.is_alive()
    finally:
        holder.execute("ROLLBACK")
        holder.close()

    assert answers == [False]
    assert ledger.holds(stored) is True
    ledger.close()
