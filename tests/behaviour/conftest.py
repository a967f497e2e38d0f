"""Fixtures shared by behaviour tests of several modules."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.storage.urls import normalise_url


@pytest.fixture
def own_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temporary folder a command works in (a copy, a dry run's ledger): empty after each."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on the test's ledger database, to look at it as the ledger does not."""
    made = create_engine(normalise_url(db_url))
    yield made
    made.dispose()


@pytest.fixture
def second_writer(db_url: str) -> Iterator[PortfolioLedger]:
    """A second ledger on the test's database: another process's writer, in this one."""
    writer = PortfolioLedger(db_url)
    try:
        yield writer
    finally:
        writer.close()
