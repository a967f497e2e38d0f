"""Every engine the ledger makes opens its connections with storage.urls.connect_args."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from sqlalchemy.engine import make_url

from portfolio_ledger.projections.read_models import CurrentReadModels
from portfolio_ledger.storage.datastore import LedgerDatastore
from portfolio_ledger.storage.date_style import SESSION_OPTIONS, UTF8
from portfolio_ledger.storage.urls import POSTGRES_CONNECT_TIMEOUT_SECONDS, connect_args

UNREACHABLE = "postgresql+psycopg://nobody@127.0.0.1:9/nowhere"


def test_an_sqlite_connection_waits_the_lock_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORTFOLIO_LEDGER_LOCK_TIMEOUT", "7")

    assert connect_args(make_url("sqlite:///ledger.db")) == {"timeout": 7.0}
    assert connect_args(make_url("sqlite:///ledger.db"), {"timeout": 2}) == {"timeout": 2}


def test_a_postgresql_connection_gives_up_on_a_server_it_cannot_reach() -> None:
    assert connect_args(make_url(UNREACHABLE)) == {
        "connect_timeout": POSTGRES_CONNECT_TIMEOUT_SECONDS,
        "options": SESSION_OPTIONS,
        "client_encoding": UTF8,
    }
    assert connect_args(make_url(f"{UNREACHABLE}?connect_timeout=1")) == {
        "options": SESSION_OPTIONS,
        "client_encoding": UTF8,
    }


def test_a_postgresql_connection_reads_its_times_in_iso_after_the_url_s_own_options() -> None:
    """storage/date_style.py: psycopg reads a timestamptz sent as text in the ISO style only,
    and escapes bytes rightly with standard strings only; the ledger's text is any Unicode, so
    its client encoding is UTF-8 whatever the URL says."""
    options = "-csearch_path%3Dmine%20-cdatestyle%3DSQL,DMY"
    url = make_url(f"{UNREACHABLE}?options={options}&client_encoding=latin1")

    said = connect_args(url)

    assert said["options"] == f"-csearch_path=mine -cdatestyle=SQL,DMY {SESSION_OPTIONS}"
    assert said["client_encoding"] == UTF8
    assert (
        connect_args(url, {"options": "-cwork_mem=8MB"})["options"]
        == f"-cwork_mem=8MB {SESSION_OPTIONS}"
    )


@pytest.mark.parametrize("engine", ["read models", "datastore"])
def test_both_engines_connect_to_postgresql_with_a_connect_timeout(
    monkeypatch: pytest.MonkeyPatch, engine: str
) -> None:
    """The read path's engine had none: a server that does not answer held it indefinitely."""
    asked: list[dict[str, Any]] = []

    def connecting(*_args: Any, **kwargs: Any) -> Any:
        asked.append(kwargs)
        raise psycopg.OperationalError("not reached")

    monkeypatch.setattr(psycopg, "connect", connecting)  # as SQLAlchemy's dialect calls it
    if engine == "read models":
        models = CurrentReadModels.at(UNREACHABLE)
        assert models is not None
        with models.reading() as connection:
            assert connection is None
    else:
        with pytest.raises(Exception, match="not reached"):
            LedgerDatastore(url=UNREACHABLE).engine.connect()  # type: ignore[union-attr]

    assert asked
    assert {each.get("connect_timeout") for each in asked} == {POSTGRES_CONNECT_TIMEOUT_SECONDS}
