"""The ledger's infrastructure factory: eventsourcing-sqlalchemy's, with the ledger's parts.

The application names it only through eventsourcing's ``PERSISTENCE_MODULE``
setting (see ``PortfolioLedger``), so nothing in ``application`` imports
storage. It normalises the URL, opens the datastore, makes the recorder and
creates the ledger's tables, turning every failure into the ledger's own
errors (with the engine closed again).
"""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import ApplicationRecorder, JSONTranscoder, Mapper, Transcoder
from eventsourcing.utils import Environment, strtobool
from eventsourcing_sqlalchemy.factory import SQLAlchemyFactory

from portfolio_ledger.application.errors import DatabaseUnavailable
from portfolio_ledger.storage.datastore import LedgerDatastore
from portfolio_ledger.storage.errors import OPEN_ERRORS, cannot_open
from portfolio_ledger.storage.mapping import LedgerMapper
from portfolio_ledger.storage.recorder import LedgerRecorder
from portfolio_ledger.storage.transcodings import LedgerTranscoder
from portfolio_ledger.storage.urls import normalise_url

ADOPT = "PORTFOLIO_LEDGER_ADOPT"
"""Setting: put the ledger in a database that holds other tables (``init --force``)."""


class LedgerFactory(SQLAlchemyFactory):
    """eventsourcing-sqlalchemy's factory, with the ledger's datastore, recorder and transcoder."""

    datastore_class = LedgerDatastore
    application_recorder_class = LedgerRecorder

    def __init__(self, env: Environment) -> None:
        self.url = normalise_url(env.get(self.SQLALCHEMY_URL) or "")
        env[self.SQLALCHEMY_URL] = self.url
        try:
            super().__init__(env)  # a driver not installed: said by LedgerDatastore
        except OPEN_ERRORS as error:
            raise DatabaseUnavailable(cannot_open(self.url, error)) from None

    def env_create_table(self) -> bool:
        """Never as the library would: the ledger creates its tables itself (see below)."""
        return False

    def transcoder(self) -> JSONTranscoder:
        """The library's JSON transcoder, knowing the domain's value types."""
        return LedgerTranscoder()

    def mapper(
        self,
        transcoder: Transcoder | None = None,
        mapper_class: type[Mapper[Any]] | None = None,
    ) -> Mapper[Any]:
        """The ledger's mapper (same bytes, made faster), unless another class is named."""
        if mapper_class is None and not self.env.get(self.MAPPER_TOPIC):
            mapper_class = LedgerMapper
        return super().mapper(transcoder, mapper_class)

    def application_recorder(self) -> ApplicationRecorder:
        """The ledger's recorder, its tables created if need be (or the database refused)."""
        recorder = super().application_recorder()
        assert isinstance(recorder, LedgerRecorder)
        try:
            recorder.create_table(adopt=bool(strtobool(self.env.get(ADOPT) or "no")))
        except OPEN_ERRORS as error:
            self.close()
            raise DatabaseUnavailable(cannot_open(self.url, error)) from None
        except BaseException:
            self.close()
            raise
        return recorder

    def close(self, *args: Any) -> None:
        """Release the database's connections."""
        engine = self.datastore.engine
        if engine is not None and hasattr(engine, "dispose"):
            engine.dispose()
        super().close(*args)
