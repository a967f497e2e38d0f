"""A starting ledger built once per test module, and a copy of it for each test.

Many behaviour tests start from the same ledger (people and boards, a demo, an
import) and build it again for every test, on SQLite and on PostgreSQL. Here it is
built once per module and database kind (the *template*), and each test gets an
exact copy in its own database, the one ``db_url`` gave it. A module writes a *build*
(a module-level function that writes the ledger at a URL and closes it) and a fixture
that calls ``copy_of(build, run.url, request)``: see ``governance_ledger`` and ``gov``
in tests/behaviour/test_governance.py, or :func:`demo` here.

No fixture to import: a module that imports ``gov`` gets templates of its own. The
test's parametrisation (and so its ids) stays that of ``db_url``: the template for a
kind is built when the module's first test on that kind asks for a copy, and dropped
when the module is done (built again if the module's tests are run again after others,
as a worker stealing tests may). It is built in a folder of its own, as working directory and
``XDG_CONFIG_HOME``, with no ``PORTFOLIO_LEDGER_*`` setting a test may have made: what
it leaves under ``XDG_CONFIG_HOME`` (a signing key) is copied to the test's too.

SQLite: the template's file is copied once its ledger is closed (no ``-wal`` or
``-shm`` beside it: it fails if there is one). PostgreSQL: the test's schema gets the
ledger's tables from ``open_ledger``, emptied, then every table's rows from the
template's schema and every sequence's value. Either way every table's row count is
compared between template and copy, and a difference fails the test at once.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, create_engine, inspect
from sqlalchemy.engine import make_url

from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.storage.urls import normalise_url
from tests.conftest import Cli
from tests.pg_schemas import (
    POSTGRES_ENV,
    TARGET,
    admin_engine,
    copying_statements,
    postgres_schema,
    schema_of,
)

Build = Callable[[str], object]


def copy_of(build: Build, url: str, request: pytest.FixtureRequest) -> Any:
    """Make the empty database at ``url`` a copy of ``build``'s ledger for this module.

    Returns what ``build`` returned for the template (the same object for every copy).
    """
    module = request.node.getparent(pytest.Module)
    assert module is not None, "copy_of is for a test's (function-scoped) fixture"
    if _TEMPLATES not in module.stash:
        stack = ExitStack()
        # Forgotten when they are dropped: a worker may come back to the module after
        # running others (pytest-xdist's worksteal), and its tests then build them again.
        stack.callback(module.stash.__delitem__, _TEMPLATES)
        module.addfinalizer(stack.close)
        folder = request.getfixturevalue("tmp_path_factory").mktemp("template")
        module.stash[_TEMPLATES] = (folder, stack, {})
    folder, stack, built = module.stash[_TEMPLATES]
    if build not in built:
        built[build] = LedgerTemplates(build, folder / f"t{len(built)}", stack)
    return built[build].copy_to(url)


class LedgerTemplates:
    """The templates of one module's starting ledger, one per database kind."""

    def __init__(self, build: Build, folder: Path, stack: ExitStack) -> None:
        self.build = build
        self.folder = folder
        self.stack = stack
        self.urls: dict[str, str] = {}
        self.counts: dict[str, dict[str, int]] = {}
        self.returned: dict[str, object] = {}

    def template(self, kind: str) -> str:
        """The template's URL for ``kind`` ("sqlite", "postgresql"), built on first use."""
        if kind not in self.urls:
            folder = self.folder / kind
            (folder / "work").mkdir(parents=True)
            if kind == "sqlite":
                url = f"sqlite:///{folder / 'ledger.db'}"
            else:
                url = self.stack.enter_context(postgres_schema())
            with pytest.MonkeyPatch.context() as patch:
                patch.setenv("XDG_CONFIG_HOME", str(folder / "config"))
                patch.chdir(folder / "work")
                for name in list(os.environ):
                    if name.startswith("PORTFOLIO_LEDGER_") and name != POSTGRES_ENV:
                        patch.delenv(name)
                self.returned[kind] = self.build(url)
            self.urls[kind] = url
            self.counts[kind] = _row_counts(url)
        return self.urls[kind]

    def copy_to(self, url: str) -> object:
        """Make the (empty) database at ``url`` a copy of the template of its kind."""
        kind = make_url(url).get_backend_name()
        template = self.template(kind)
        if kind == "sqlite":
            _copy_sqlite(template, url)
        else:
            _copy_postgres(template, url)
        copied, expected = _row_counts(url), self.counts[kind]  # every table's, or fail now
        assert copied == expected, f"bad copy of {template}: {expected} != {copied}"
        config = self.folder / kind / "config"
        if config.is_dir():
            shutil.copytree(config, os.environ["XDG_CONFIG_HOME"], dirs_exist_ok=True)
        return self.returned[kind]


def demo(url: str) -> None:
    """A build: the demo ledger, its read models caught up (as ``portfolio`` leaves them)."""
    run = Cli(url)
    result = run("demo")
    assert result.exit_code == 0, result.output
    assert run("portfolio").exit_code == 0


_TEMPLATES = pytest.StashKey[tuple[Path, ExitStack, dict[Build, LedgerTemplates]]]()


def _copy_sqlite(template: str, url: str) -> None:
    source = Path(str(make_url(template).database))
    left = [p.name for p in (Path(f"{source}-wal"), Path(f"{source}-shm")) if p.exists()]
    assert not left, f"the template ledger was not closed: {left} beside {source}"
    shutil.copyfile(source, str(make_url(url).database))


def _copy_postgres(template: str, url: str) -> None:
    ledger, _ = open_ledger(url)  # the ledger's exact tables, indexes and sequences
    ledger.close()
    source, target = schema_of(template), schema_of(url)
    with admin_engine().begin() as connection:
        if source not in _COPYING:
            _COPYING[source] = copying_statements(connection, source)
        # One round trip: a new ledger's own rows deleted (cheaper than TRUNCATE's new
        # files), every table's rows and every sequence's value from the template's.
        connection.exec_driver_sql(_COPYING[source].replace(TARGET, target))


_COPYING: dict[str, str] = {}
"""Each template schema's copying statements (``copying_statements``): it never changes."""


def _row_counts(url: str) -> dict[str, int]:
    """Every table's row count, in one statement (on the test server, by its admin engine)."""
    if make_url(url).get_backend_name() == "postgresql":
        schema = schema_of(url)
        with admin_engine().connect() as connection:
            return _counted(connection, inspect(connection).get_table_names(schema), schema)
    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as connection:
            return _counted(connection, inspect(connection).get_table_names())
    finally:
        engine.dispose()


def _counted(
    connection: Connection, tables: list[str], schema: str | None = None
) -> dict[str, int]:
    prefix = f'"{schema}".' if schema else ""
    counts = ", ".join(f'(SELECT count(*) FROM {prefix}"{table}")' for table in tables)
    row = connection.exec_driver_sql(f"SELECT {counts}").one() if tables else ()
    return {table: int(count) for table, count in zip(tables, row, strict=True)}
