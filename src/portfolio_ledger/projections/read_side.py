"""The read side behind one door: every question the command line asks, sessions kept inside.

A caller is handed a :class:`ReadSide` and asks it things; it opens and
closes its own database sessions, catching the read models up first. One
subject's state and history come from its events (``ledger.queries``); the
portfolio at large and every moment in the past come from the read models.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from portfolio_ledger.application.control_views import ItemControlView
from portfolio_ledger.application.governance_views import (
    AuthorityCheck,
    BoardView,
    DelegationView,
    PersonView,
)
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.application.views import (
    HistoryEntry,
    ItemFilter,
    ItemView,
    Moment,
    TrailFilter,
)
from portfolio_ledger.domain.errors import ItemNotFound
from portfolio_ledger.domain.keys import item_id, normalise_key
from portfolio_ledger.projections import queries
from portfolio_ledger.projections.audit_trail import rederived_rows
from portfolio_ledger.projections.check import ReadModelCheck, check_read_models
from portfolio_ledger.projections.runner import Progress, Projections, ProjectionStatus
from portfolio_ledger.projections.state import ItemState


class ReadSide:
    """Answers about the ledger: from one subject's events, or from the read models."""

    def __init__(
        self,
        ledger: PortfolioLedger,
        models: Projections,
        *,
        catching_up: Callable[[str], AbstractContextManager[Progress | None]] | None = None,
    ) -> None:
        self.ledger = ledger
        self.models = models
        self._catching_up = catching_up
        """Shows the first catch-up's progress (a long backlog, after an import, say)."""

    # -- one subject, from its events ---------------------------------------------------

    def item(self, key: str) -> ItemView:
        """An item as it stands now."""
        return self.ledger.queries.item(key)

    def history(self, key: str) -> list[HistoryEntry]:
        """Every decision recorded on an item, oldest first."""
        return self.ledger.queries.history(key)

    def authority_audit(self, key: str) -> list[AuthorityCheck]:
        """Every decision on an item with its authority, checked as at its effective date."""
        return self.ledger.queries.authority_audit(key)

    def board(self, key: str, moment: Moment) -> BoardView:
        """A board as it stood at the moment (or now)."""
        return self.ledger.queries.board(key, moment.effective_on, moment.as_of)

    def people(self, moment: Moment) -> list[PersonView]:
        """Everyone registered by the moment (or now)."""
        keys = self._subjects("person")
        return self.ledger.queries.people(keys, moment.effective_on, moment.as_of)

    def boards(self, moment: Moment) -> list[BoardView]:
        """Every board constituted by the moment (or now)."""
        keys = self._subjects("board")
        return self.ledger.queries.boards(keys, moment.effective_on, moment.as_of)

    def delegations(
        self, moment: Moment, *, board: str | None = None, delegate: str | None = None
    ) -> list[DelegationView]:
        """The delegations made by the moment (or now), of a board, to a person."""
        keys = self._subjects("delegation")
        return self.ledger.queries.delegations(
            keys, moment.effective_on, moment.as_of, board=board, delegate=delegate
        )

    def controls(self, keys: Sequence[str], moment: Moment) -> list[ItemControlView]:
        """These items' control state (RAGs, escalations, breaches) at the moment (or now)."""
        return self.ledger.queries.controls(keys, moment.effective_on, moment.as_of)

    # -- the portfolio, from the read models -------------------------------------------

    def portfolio(self, moment: Moment, where: ItemFilter | None = None) -> list[ItemState]:
        """Items in priority order, now or at a moment, optionally only some."""
        with self._reading() as session:
            return queries.portfolio(session, self.models, moment, where)

    def values(self, column: str) -> list[str]:
        """The values items hold now in a filterable column (organisation, category, ...)."""
        with self._reading() as session:
            return queries.values(session, self.models, column)

    def item_span(self) -> tuple[datetime | None, date | None]:
        """When the first item decision was recorded, and the earliest day any takes effect."""
        with self._reading() as session:
            return queries.item_span(session, self.models)

    def organisations(self) -> list[dict[str, Any]]:
        """The ledger's list of organisations, and those items name, with their item counts."""
        listed = self.ledger.queries.organisations()
        with self._reading() as session:
            counts = queries.organisation_counts(session, self.models)
        keys = sorted(set(listed) | set(counts), key=str.casefold)
        return [
            {
                "key": key,
                "name": listed.get(key),
                "listed": key in listed,
                "items": counts.get(key, (0, 0))[0],
                "open_items": counts.get(key, (0, 0))[1],
            }
            for key in keys
        ]

    def item_at(self, key: str, moment: Moment) -> ItemState:
        """One item as it stood at a moment; :class:`ItemNotFound` saying why if it did not."""
        key = normalise_key(key)
        with self._reading() as session:
            state = queries.item_at(session, self.models, item_id(key).hex, moment)
        if state is None:
            self.item(key)  # an unknown key says so; a known one did not exist yet
            raise ItemNotFound.at(key, describe_moment(moment))
        return state

    def economics(self, moment: Moment, where: ItemFilter | None = None) -> dict[str, Any]:
        """Totals by every dimension, and the envelope: now, or at a moment; of some items."""
        with self._reading() as session:
            return queries.economics(session, self.models, moment, where)

    def commitments(self, moment: Moment, where: ItemFilter | None = None) -> dict[str, Any]:
        """The envelope, and what open items commit of it (by currency), at a moment."""
        with self._reading() as session:
            return queries.commitments(session, self.models, moment, where)

    def diff(self, start: Moment, end: Moment) -> list[dict[str, Any]]:
        """What changed between two moments, item by item."""
        with self._reading() as session:
            return queries.diff(session, self.models, start, end)

    def trail(self, where: TrailFilter) -> list[dict[str, Any]]:
        """The audit-trail rows that match, in ledger order."""
        with self._reading() as session:
            return queries.trail(session, self.models, where)

    def trail_page(
        self, where: TrailFilter, offset: int = 0, limit: int | None = None
    ) -> tuple[list[dict[str, Any]], int]:
        """A page of the audit-trail rows that match (ledger order), and how many match in all."""
        with self._reading() as session:
            return queries.trail_page(session, self.models, where, offset, limit)

    # -- the audit trail, for exports and their checks ----------------------------------

    def trail_columns(self) -> list[tuple[str, str]]:
        """The audit trail's columns: name and kind (int, date, datetime, json, text)."""
        return self.models.audit_trail.columns()

    @contextmanager
    def trail_rows(self, where: TrailFilter, upto: int) -> Iterator[Iterator[Sequence[Any]]]:
        """The matching rows up to position ``upto``, streamed while the block runs."""
        with self._reading() as session:
            yield queries.trail_rows(session, self.models, where, upto)

    def derived_trail_rows(self, upto: int) -> Iterator[dict[str, Any]]:
        """The trail's rows for positions 1 to ``upto``, derived afresh from the events."""
        return rederived_rows(self.ledger, upto)

    # -- the read models themselves -------------------------------------------------------

    def check(self, progress: Progress | None = None) -> ReadModelCheck:
        """Every read-model row compared with a fresh replay of the events."""
        return check_read_models(self.models, progress)

    def names(self, wanted: Sequence[str] = ()) -> list[str]:
        """The read models' names (those wanted, refusing unknown names; else all)."""
        return [projection.name for projection in self.models.by_name(wanted)]

    def status(self) -> list[ProjectionStatus]:
        """Each read model's position, the head, and its size (without catching up)."""
        return self.models.status()

    def rebuild(
        self,
        names: Sequence[str] | None = None,
        progress: Progress | None = None,
        on_wait: Callable[[], None] | None = None,
    ) -> int:
        """Rebuild read models from the events; the position reached."""
        return self.models.rebuild(names, progress, on_wait)

    def _subjects(self, kind: str) -> list[str]:
        with self._reading() as session:
            return queries.subjects(session, self.models, kind)

    @contextmanager
    def _reading(self) -> Iterator[Session]:
        """A session on the read models, caught up (the first time with its progress shown)."""
        if self._catching_up is not None:
            with self._catching_up("Catching up read models") as advance:
                self.models.catch_up(advance)
            self._catching_up = None
        with self.models.reading() as session:
            yield session


def describe_moment(moment: Moment) -> str:
    """Say which moment a view is of."""
    return describe(moment.as_of, moment.effective_on)


def describe(as_of: datetime | None, effective_on: date | None) -> str:
    """``as recorded by ...``, ``in effect on ...``, both, or ``now``."""
    parts = []
    if as_of is not None:
        parts.append(f"as recorded by {as_of.isoformat()}")
    if effective_on is not None:
        parts.append(f"in effect on {effective_on.isoformat()}")
    return ", ".join(parts) or "now"
