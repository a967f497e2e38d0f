"""The demo's board pack, made once per database for the folder's tests, which only read it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from portfolio_ledger.domain.clock import utc_today
from tests.behaviour.board_pack.tools import Pack
from tests.conftest import Cli, postgres_schema


def _made(url: str, tmp_path_factory: pytest.TempPathFactory) -> Pack:
    run = Cli(url)
    today = utc_today()
    assert run("demo").exit_code == 0
    folder = tmp_path_factory.mktemp("pack")
    for name in ("pack.html", "pack.pdf"):
        out = folder / name
        result = run("report", "board-pack", "--as-at", today.isoformat(), "--reproducible",
                      "--out", str(out))  # fmt: skip
        assert result.exit_code == 0, result.output
    html = (folder / "pack.html").read_text(encoding="utf-8")
    return Pack(run, folder, html, folder / "pack.pdf", today)


@pytest.fixture(
    scope="session", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def pack(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Pack]:
    """The demo's pack as HTML and PDF (session-wide: the files of the folder share one)."""
    if request.param == "sqlite":
        yield _made(
            f"sqlite:///{tmp_path_factory.mktemp('ledger') / 'ledger.db'}", tmp_path_factory
        )
    else:
        with postgres_schema() as url:
            yield _made(url, tmp_path_factory)
