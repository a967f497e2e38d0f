"""The demo's board pack, made once per database for the folder's tests, which only read it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from portfolio_ledger.domain.clock import utc_today
from tests.behaviour.board_pack.tools import Pack
from tests.conftest import Cli, databases_for
from tests.pg_schemas import postgres_schema


def _made(url: str, tmp_path_factory: pytest.TempPathFactory) -> Pack:
    """The demo and its pack, made in folders of the session's, not the first test's."""
    run = Cli(url)
    today = utc_today()
    folder = tmp_path_factory.mktemp("pack")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        patch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
        assert run("demo").exit_code == 0
        for name in ("pack.html", "pack.pdf"):
            out = folder / name
            result = run("report", "board-pack", "--as-at", today.isoformat(), "--reproducible",
                          "--out", str(out))  # fmt: skip
            assert result.exit_code == 0, result.output
    html = (folder / "pack.html").read_text(encoding="utf-8")
    return Pack(run, folder, html, folder / "pack.pdf", today)


@pytest.fixture(scope="session")
def _sqlite_pack(tmp_path_factory: pytest.TempPathFactory) -> Pack:
    """The demo's pack on an SQLite file, made once a session (a worker's, under xdist)."""
    return _made(f"sqlite:///{tmp_path_factory.mktemp('ledger') / 'ledger.db'}", tmp_path_factory)


@pytest.fixture(scope="session")
def _postgres_pack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pack]:
    """The demo's pack on PostgreSQL, made once a session (a worker's, under xdist)."""
    with postgres_schema() as url:
        yield _made(url, tmp_path_factory)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Read the pack made on each of the module's databases (``databases_for``)."""
    if "pack" in metafunc.fixturenames:
        metafunc.parametrize("pack", databases_for(metafunc.module), indirect=True)


@pytest.fixture
def pack(request: pytest.FixtureRequest) -> Pack:
    """The demo's pack as HTML and PDF, on each database: the folder's files share one.

    Not a parametrized session fixture: pytest tears one of those down each time the
    parameter changes, so each module (run sqlite first, then postgres) made both again.
    """
    made: Pack = request.getfixturevalue(f"_{request.param}_pack")
    return made
