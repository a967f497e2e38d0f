"""Fixtures: real databases (an SQLite file, a PostgreSQL schema of its own) for every test."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from fnmatch import fnmatch
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, settings
from sqlalchemy import create_engine, text

from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.cli import cli
from portfolio_ledger.projections.runner import Projections
from portfolio_ledger.storage.urls import normalise_url
from tests.pg_schemas import (
    POSTGRES_ENV,
    admin_engine,
    ledger_schema,
    own_schema,
    postgres_schema,
)

# No test asserts a time, hypothesis's included: its default 200 ms deadline per example
# and its "input generation is slow" check fail on a shared machine under load (CI's),
# not on anything the program does. A test's own @settings still choose the rest.
settings.register_profile("no-timing", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("no-timing")
ROOT = Path(__file__).parents[1]
EVENTS_TABLE = "portfolio_ledger_events"


@pytest.fixture(scope="session", autouse=True)
def _no_settings_of_the_person_running_them(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[None]:
    """What ``_in_a_folder_of_its_own`` does for each test, done once for the session too.

    A module's or session's fixture is set up before any test's own fixtures: without
    this, one that records or exports would find the signing key (or the ledger) in
    the real per-user folder of whoever runs the tests, and the ``PORTFOLIO_LEDGER_*``
    settings they exported.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
        for name in list(os.environ):
            if name.startswith("PORTFOLIO_LEDGER_") and name != POSTGRES_ENV:
                patch.delenv(name)
        yield


@pytest.fixture(autouse=True)
def _in_a_folder_of_its_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs in a temporary folder: a relative path it writes lands there.

    The per-user configuration folder too (click's, on Linux under
    ``XDG_CONFIG_HOME``), where the default ledger and signing key live: a test
    that names no database (``PORTFOLIO_LEDGER_DB=""``, say) never writes into
    the ledger of the person running the tests. And none of the ledger's settings
    the person running them may have exported (``PORTFOLIO_LEDGER_SIGNING_KEY``,
    ``PORTFOLIO_LEDGER_DB``, ...) reaches a test, but the test server's URL.
    """
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    for name in list(os.environ):
        if name.startswith("PORTFOLIO_LEDGER_") and name != POSTGRES_ENV:
            monkeypatch.delenv(name)


def _untracked() -> set[str] | None:
    """The repository's untracked files (not ignored ones); None outside a git checkout."""
    try:
        listed = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=all"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return {line[3:] for line in listed.stdout.splitlines() if line.startswith("??")}


MEMORY_DISK = Path("/dev/shm")  # noqa: S108 - pytest makes its own private folder in it
TEST_FOLDERS_SPACE = 4 * 2**30


def pytest_configure(config: pytest.Config) -> None:
    """Put the tests' folders on a disk in memory (``/dev/shm``), where there is one to spare.

    Each SQLite test still writes a real file through SQLite, with the ledger's
    own settings (WAL, ``synchronous=FULL``): only the disk under the file is
    memory, where an fsync costs nothing instead of milliseconds. Several per
    decision, over thousands of tests, is minutes of CI. Elsewhere (or with
    ``PYTEST_DEBUG_TEMPROOT`` set) pytest's usual folder.
    """
    if "PYTEST_DEBUG_TEMPROOT" in os.environ:
        return
    try:
        spare = MEMORY_DISK.is_dir() and os.access(MEMORY_DISK, os.W_OK | os.X_OK)
        spare = spare and shutil.disk_usage(MEMORY_DISK).free >= TEST_FOLDERS_SPACE
    except OSError:
        return
    if spare:
        os.environ["PYTEST_DEBUG_TEMPROOT"] = str(MEMORY_DISK)


def pytest_sessionstart(session: pytest.Session) -> None:
    """Note what was untracked before the tests ran."""
    session.config.stash[_UNTRACKED] = _untracked()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run if the tests left a file in the repository."""
    before = session.config.stash.get(_UNTRACKED, None)
    after = _untracked()
    if before is None or after is None:
        return
    left = sorted(after - before)
    if left:
        print(f"\nThe tests left untracked files in the repository: {', '.join(left)}")
        if exitstatus == 0:
            session.exitstatus = 1


_UNTRACKED = pytest.StashKey[set[str] | None]()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh SQLite file."""
    return f"sqlite:///{tmp_path / 'ledger.db'}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """The test server, in an empty schema of this test's own."""
    with postgres_schema() as url:
        yield url


@pytest.fixture
def postgres_ledger_url() -> Iterator[str]:
    """The test server, in a schema of this test's own holding a new ledger (``pg_schemas``)."""
    with ledger_schema() as url:
        yield url


DATABASES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
"""The databases each behaviour test runs on: a fixture's ``params``."""

ON_EACH_DATABASE: dict[str, Literal["function", "module"]] = {
    "db_url": "function",
    "module_db_url": "module",
}
"""The fixtures a test runs once for each database through, with their scopes."""


TESTS = Path(__file__).parent

SQLITE_ONLY: dict[str, str] = {
    "behaviour/test_returns_*": "a return's cells are read, and its refusals worded, before "
    "the database is reached",
    "behaviour/test_hostile_return_files": "a return's file is refused before the database",
    "behaviour/test_docs_*": "a page's examples, on the embedded default",
    "test_docs_*": "a page's examples, on the embedded default",
    "behaviour/board_pack/test_*": "how the pack is drawn, from figures already read",
    "behaviour/test_board_pack_title": "the pack's title and dating, its figures read",
    "behaviour/test_board_pack_xlsx": "the pack's workbook, its figures read",
    "behaviour/test_terminal_controls": "text refused at input and printed back",
    "behaviour/test_export_in_earlier_words": "the words an export was made in",
}
"""Test modules (under tests/, globs) whose checks run on an SQLite file alone, and why.

Each checks what happens before the database is reached or after it has answered, and
the way through the database it takes runs on both elsewhere (``ON_BOTH_STILL``, the
other behaviour tests). On the server each test makes and drops a schema of some thirty
tables, most of a PostgreSQL test's time: run for checks no database changes, that was
370 s of a 2,588 s test run (1,056 runs; ``pytest --durations=0 --junitxml`` at 4efb5e6c).
"""

ON_BOTH_STILL = {
    "behaviour/test_returns_gmpp": "a real return imported, reconciled and recorded",
    "behaviour/test_returns_while_recording": "a return beside other writers",
    "behaviour/test_returns_reported_again": "a return recorded once, read back",
    "behaviour/test_returns_out_of_order": "returns given out of date order",
    "behaviour/test_returns_tolerance_breach": "a breach read from the ledger",
    "behaviour/test_returns_more_portfolios": "portfolios imported and updated",
    "behaviour/test_returns_keys": "rows matched to the ledger's items",
    "behaviour/test_returns_max_leaving": "a return refused whole once its leavings were made",
    "behaviour/test_docs_concepts_storage": "the page on the databases themselves",
    "behaviour/test_docs_concepts_clocks": "either clock, as an auditor asks",
    "behaviour/test_docs_monthly_series": "a year's exports checked against the ledger",
    "behaviour/test_docs_personal_data": "a subject access request read from the ledger",
    "behaviour/board_pack/test_figures": "the pack's figures, read from the ledger",
    "behaviour/board_pack/test_decisions": "the pack's decisions and digest",
    "behaviour/board_pack/test_scoped_headroom": "the headroom, read from the ledger",
}
"""Modules a glob of ``SQLITE_ONLY`` matches that reach the database's own work: on both."""


def databases_for(module: ModuleType) -> list[Any]:
    """The databases a test module runs on: both, unless ``SQLITE_ONLY`` names it."""
    name = Path(module.__file__ or "").relative_to(TESTS).with_suffix("").as_posix()
    if name in ON_BOTH_STILL or not any(fnmatch(name, glob) for glob in SQLITE_ONLY):
        return DATABASES
    return DATABASES[:1]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run each test through ``db_url`` or ``module_db_url`` on each of its databases.

    A test marked ``@pytest.mark.sqlite_only("why")`` runs on SQLite alone, as a module
    ``SQLITE_ONLY`` names does: its checks are done before the database is reached (a
    value refused as the command reads it), and the way through the database is another
    test's, on both. Its reason is required: a test is not taken off the server unsaid;
    likewise ``@pytest.mark.empty_schema("why")``'s (``db_url``).
    """
    for reasoned in ("sqlite_only", "empty_schema"):
        said = metafunc.definition.get_closest_marker(reasoned)
        if said is not None and not (said.args and str(said.args[0]).strip()):
            raise pytest.UsageError(f"{metafunc.definition.nodeid}: {reasoned} needs its reason")
    marked = metafunc.definition.get_closest_marker("sqlite_only")
    for name, scope in ON_EACH_DATABASE.items():
        if name in metafunc.fixturenames:
            kinds = DATABASES[:1] if marked is not None else databases_for(metafunc.module)
            metafunc.parametrize(name, kinds, indirect=True, scope=scope)


@pytest.fixture
def db_url(request: pytest.FixtureRequest) -> str:
    """A test runs once on an SQLite file and once on PostgreSQL (``databases_for``).

    On SQLite a file not yet made; on PostgreSQL a schema holding a new ledger (making one
    is most of a test's time there: ``pg_schemas``), or an empty one for a test marked
    ``@pytest.mark.empty_schema("why")`` (one that makes the ledger itself, say).
    """
    name = f"{request.param}_url"
    if request.param == "postgres" and request.node.get_closest_marker("empty_schema") is None:
        name = "postgres_ledger_url"
    url: str = request.getfixturevalue(name)
    return url


@contextmanager
def a_database(kind: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A new database of ``kind`` ("sqlite", "postgres") that outlives one test: its URL."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('ledger') / 'ledger.db'}"
    else:
        with ledger_schema() as url:
            yield url


@pytest.fixture(scope="module")
def module_db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """One database shared by a module's tests, on SQLite and on PostgreSQL."""
    with a_database(request.param, tmp_path_factory) as url:
        yield url


@pytest.fixture
def opened(db_url: str) -> Iterator[tuple[PortfolioLedger, Projections]]:
    """A ledger and its read models on the test database."""
    ledger, projections = open_ledger(db_url)
    try:
        yield ledger, projections
    finally:
        ledger.close()


@pytest.fixture
def ledger(opened: tuple[PortfolioLedger, Projections]) -> PortfolioLedger:
    """The ledger application on the test database."""
    return opened[0]


@pytest.fixture
def projections(opened: tuple[PortfolioLedger, Projections]) -> Projections:
    """The read models on the test database."""
    return opened[1]


def stored_events(url: str) -> int:
    """How many events the database holds, counted directly in SQL."""
    schema = own_schema(url)
    if schema is not None:  # through this process's own engine, not a new one each time
        with admin_engine().connect() as connection:
            events = f'"{schema}".{EVENTS_TABLE}'
            if connection.execute(text("SELECT to_regclass(:t)"), {"t": events}).scalar() is None:
                return 0
            return int(connection.execute(text(f"SELECT count(*) FROM {events}")).scalar_one())
    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as connection:
            exists = engine.dialect.has_table(connection, EVENTS_TABLE)
            if not exists:
                return 0
            return int(
                connection.execute(text(f"SELECT count(*) FROM {EVENTS_TABLE}")).scalar_one()
            )
    finally:
        engine.dispose()


class Cli:
    """Runs the real command line in-process against one database."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.runner = CliRunner()

    def __call__(
        self,
        *args: str,
        actor: str | None = "Sam Patel",
        role: str | None = "PMO",
        env: dict[str, str] | None = None,
    ) -> Result:
        environment: dict[str, str | None] = {
            "PORTFOLIO_LEDGER_DB": self.url,
            "PORTFOLIO_LEDGER_ACTOR": actor,
            "PORTFOLIO_LEDGER_ROLE": role,
        }
        environment.update(env or {})
        return self.runner.invoke(cli, list(args), env=environment, catch_exceptions=False)

    def events(self) -> int:
        """Events stored, counted in SQL."""
        return stored_events(self.url)


@pytest.fixture
def run(db_url: str) -> Cli:
    """The CLI on the test database."""
    return Cli(db_url)


@pytest.fixture(scope="module")
def shared_demo(module_db_url: str) -> Cli:
    """The demo ledger, made once for a module whose tests never write to it."""
    run = Cli(module_db_url)
    result = run("demo")
    assert result.exit_code == 0, result.output
    return run


def snapshot(models: Projections) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every read model table, in a stable order, for comparing models."""
    from sqlalchemy import select

    with models.tracking.transaction(commit=False) as session:
        return {
            table.name: sorted((tuple(row) for row in session.execute(select(table))), key=repr)
            for projection in models.all
            for table in projection.tables
        }


HUNG_AFTER = 900.0
"""Seconds after which processes raced together are taken for hung: a bound on a hang.

Not a time any run is held to: two processes catching up 1,500 events in parts took
142 s on a loaded CI machine (the 120 s they were allowed), 30 s on a quiet one.
"""


def all_ready(processes: list[subprocess.Popen[str]], folder: Path) -> None:
    """Wait until each process has said it is ready (a file ``ready-PID`` in ``folder``).

    Polled, not slept for: a fixed sleep long enough for a loaded machine is seconds
    wasted on a quiet one, and still a guess.
    """
    deadline = time.monotonic() + HUNG_AFTER
    while not all((folder / f"ready-{process.pid}").exists() for process in processes):
        for process in processes:
            assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the processes never got ready"
        time.sleep(0.01)


def released_together(
    processes: list[subprocess.Popen[str]],
    folder: Path,
    start: Path,
    timeout: float = HUNG_AFTER,
) -> list[str]:
    """Start processes waiting on ``start`` at once (once all are ready); their outputs.

    Each must end within ``timeout`` seconds and exit 0 (its stderr is the failure's
    message). Returns each one's stdout, in order. If the race fails (one not ready or
    not done in time), those still running are ended before the failure is raised: left,
    they went on writing into a schema the next test was given, or waited for ever.
    """
    try:
        all_ready(processes, folder)
        start.touch()
        results = [process.communicate(timeout=timeout) for process in processes]
    except BaseException:
        for process in processes:
            if process.poll() is None:
                process.kill()
            process.wait()
            for stream in (process.stdin, process.stdout, process.stderr):
                if stream is not None:
                    stream.close()
        raise
    for process, (_, err) in zip(processes, results, strict=True):
        assert process.returncode == 0, err
    return [out for out, _ in results]
