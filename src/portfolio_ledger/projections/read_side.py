"""The read side behind one door: every question the command line asks, sessions kept inside.

A caller is handed a :class:`ReadSide` and asks it things; it opens and
closes its own database sessions, catching the read models up first. One
subject's state and history come from its events (``ledger.queries``); the
portfolio at large and every moment in the past come from the read models.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from portfolio_ledger.domain.caseless import caseless_order
from portfolio_ledger.domain.errors import ItemNotFound
from portfolio_ledger.domain.keys import item_id, normalise_key
from portfolio_ledger.projections import queries, trail_queries
from portfolio_ledger.projections.ranking import ranking
from portfolio_ledger.projections.read_access import ReadAccess

if TYPE_CHECKING:
    from portfolio_ledger.application.authority_lost import Change
    from portfolio_ledger.application.control_views import ItemControlView
    from portfolio_ledger.application.governance_views import (
        AuthorityCheck,
        BoardView,
        DelegationView,
        PersonView,
    )
    from portfolio_ledger.application.history_entries import HistoryEntry
    from portfolio_ledger.application.item_views import ItemView
    from portfolio_ledger.application.selection import ItemFilter, Moment, TrailFilter
    from portfolio_ledger.domain.decision import DecisionEvent
    from portfolio_ledger.projections.authority_taken import Together
    from portfolio_ledger.projections.check import ReadModelCheck
    from portfolio_ledger.projections.runner import Progress
    from portfolio_ledger.projections.state import ItemState
    from portfolio_ledger.projections.status import ProjectionStatus


class ReadSide(ReadAccess):
    """Answers about the ledger: from one subject's events, or from the read models.

    Made with :meth:`deferred`, it opens the ledger only for a question that
    needs it: read models found current are read with SQLAlchemy Core alone.
    """

    # -- one subject, from its events ---------------------------------------------------

    def item(self, key: str) -> ItemView:
        """An item as it stands now.

        From its record in current read models (no event decoded, no domain
        class imported); else its events folded through the domain.
        """
        shown = self.shown([normalise_key(key)])
        if shown is not None:
            from portfolio_ledger.application.item_views import ItemView

            if not shown:
                raise ItemNotFound(normalise_key(key))
            return ItemView.from_json(json.loads(shown[0]))
        found = self._plain_history(key)
        if found is None:
            return self.ledger.queries.item(key)
        from portfolio_ledger.application.item_views import ItemView
        from portfolio_ledger.projections.item_events import fold

        events, _ = found
        if not events:
            raise ItemNotFound(normalise_key(key))
        return ItemView.of(fold(events))

    def history(self, key: str) -> list[HistoryEntry]:
        """Every decision recorded on an item, oldest first.

        From the audit trail when the read models are current (no event is
        decoded, so no domain class is loaded); else from the events.
        """
        entries = self._trail_history(normalise_key(key))
        if entries is not None:
            if not entries:
                raise ItemNotFound(normalise_key(key))
            return entries
        found = self._plain_history(key)
        if found is None:
            return self.ledger.queries.history(key)
        from portfolio_ledger.application.history_entries import linked_history

        events, positions = found
        if not events:
            raise ItemNotFound(normalise_key(key))
        return linked_history(normalise_key(key), events, positions)

    def shown(self, keys: Sequence[str]) -> list[str] | None:
        """These items' ``item show`` records (JSON) from current read models, in the order given.

        None where the read models are not current (or the ledger is open), but within
        :meth:`one_read`; an item they do not hold is left out.
        """
        ids = [item_id(normalise_key(key)).hex for key in keys]
        if self._held is not None:  # within one read: its snapshot, current or caught up
            return queries.shown(*self._held, ids)
        if self._opened is not None or self._current is None:
            return None
        with self._current.reading() as connection:
            return (
                None if connection is None else queries.shown(connection, self._current.tables, ids)
            )

    def _trail_history(self, key: str) -> list[HistoryEntry] | None:
        """The item's history from current read models, while the ledger is not open."""
        if self._opened is not None or self._current is None:
            return None
        from portfolio_ledger.projections.item_events import trail_history

        with self._current.reading() as connection:
            if connection is None:
                return None
            table = self._current.tables.audit_trail.table
            return trail_history(connection, table, item_id(key), key)

    def _plain_history(self, key: str) -> tuple[list[DecisionEvent], dict[int, int]] | None:
        """The item's events read with Core alone, while the ledger is not open (else None)."""
        if self._opened is not None or self._current is None:
            return None
        from portfolio_ledger.projections.item_events import stored_history

        return stored_history(self._current.engine, item_id(normalise_key(key)))

    def authority_audit(self, key: str) -> list[AuthorityCheck]:
        """Every decision on an item with its authority, checked as at its effective date.

        The item's decisions and the governance they are judged by read from one snapshot:
        a decision, then a revocation, recorded meanwhile are in the audit together or not.
        """
        with self.one_read(replaying=True):
            return self.ledger.queries.authority_audit(key)

    def authority_lost(self, position: int) -> str | None:
        """What the governance decision at ``position`` left without authority, as a warning.

        None if it left nothing so (or is no governance decision). Those resting on its
        subject from the day it reaches, valid as the ledger stood before it was recorded
        and invalid now (``application/authority_lost.py``).
        """
        from portfolio_ledger.application.authority_lost import warning

        found = self.authority_taken(position)
        return None if found is None else warning(*found)

    def authority_taken(
        self, position: int, *, recorded_since: bool = False
    ) -> tuple[Change, list[AuthorityCheck]] | None:
        """The change at ``position`` and the decisions it left without authority (see above).

        None if it is no governance decision; else the list, empty if none. ``recorded_since``:
        more was recorded after the change (an import's later lines): a decision is named only
        if invalid once the change was recorded and still now (a later change names its own).
        """
        from portfolio_ledger.projections.authority_taken import taken

        alone = self._together is None  # a command's change, not one of an import's lines
        with self.judging_together(single=alone), self._reading() as reading:
            together, since = self._together, recorded_since
            return taken(reading, self.ledger.queries, position, since, together=together)

    _together: Together | None = None

    @contextmanager
    def judging_together(self, *, single: bool = False) -> Iterator[None]:
        """Every :meth:`authority_taken` in the block judged from one snapshot, reads shared.

        The trail's rows, each aggregate's events, each decision judged as the ledger stands
        now: read once for all of them (``projections/authority_taken.py``): an import's lines.
        """
        if self._together is not None:
            yield
            return
        from portfolio_ledger.projections.authority_taken import Together

        with self.one_read(replaying=True):
            self._together = Together(self.ledger.queries.judging(), single=single)
            try:
                yield
            finally:
                self._together = None

    # A governance view reads several subjects' events (a board's, then its members'), and
    # the keys from the read models: all from one snapshot, so that a decision recorded
    # meanwhile is in the answer with every one recorded before it, or not at all.

    def board(self, key: str, moment: Moment) -> BoardView:
        """A board as it stood at the moment (or now)."""
        with self.one_read(replaying=True):
            return self.ledger.queries.board(key, moment.effective_on, moment.as_of)

    def people(self, moment: Moment, keys: Sequence[str] | None = None) -> list[PersonView]:
        """Everyone registered by the moment (or now); or those of ``keys`` alone."""
        with self.one_read(replaying=True):
            found = self._subjects("person") if keys is None else keys
            return self.ledger.queries.people(found, moment.effective_on, moment.as_of)

    def boards(self, moment: Moment) -> list[BoardView]:
        """Every board constituted by the moment (or now)."""
        with self.one_read(replaying=True):
            keys = self._subjects("board")
            return self.ledger.queries.boards(keys, moment.effective_on, moment.as_of)

    def delegations(
        self, moment: Moment, *, board: str | None = None, delegate: str | None = None
    ) -> list[DelegationView]:
        """The delegations made by the moment (or now), of a board, to a person."""
        with self.one_read(replaying=True):
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
        with self._reading() as (session, tables):
            return queries.portfolio(session, tables, moment, where)

    def ranking(self, moment: Moment, where: ItemFilter) -> list[dict[str, Any]]:
        """The items in rank order, each with the decision that set its rank and the one before."""
        with self._reading() as (session, tables):
            return ranking(session, tables, moment, where)

    def listed(self, moment: Moment, where: ItemFilter | None = None) -> list[bytes] | None:
        """:meth:`portfolio`'s items as the UTF-8 texts of their objects in its JSON, or None.

        None at a moment: only the portfolio now keeps them (``item_texts.listing`` joins them).
        """
        if not moment.is_now:
            return None
        with self._reading() as (session, tables):
            return queries.listed(session, tables, where)

    def last_reports(
        self, item_ids: Sequence[str], moment: Moment, count: int
    ) -> dict[str, tuple[str, ...]]:
        """These items' last ``count`` status reports' overall RAGs at the moment, oldest first."""
        with self._reading() as (session, tables):
            return queries.last_reports(session, tables, item_ids, moment, count)

    def values(self, column: str) -> list[str]:
        """The values items hold now in a filterable column (organisation, category, ...)."""
        with self._reading() as (session, tables):
            return queries.values(session, tables, column)

    def item_span(self) -> tuple[datetime | None, date | None]:
        """When the first item decision was recorded, and the earliest day any takes effect."""
        with self._reading() as (session, tables):
            return queries.item_span(session, tables)

    def organisations(self) -> list[dict[str, Any]]:
        """The ledger's list of organisations, and those items name, with their item counts.

        The list (from its events) and the counts (from the read models) from one snapshot:
        an organisation added, then an item proposed in it, meanwhile are in both or neither.
        """
        with self.one_read(replaying=True), self._reading() as (session, tables):
            listed = self.ledger.queries.organisations()
            counts = queries.organisation_counts(session, tables)
        keys = sorted(set(listed) | set(counts), key=caseless_order)
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

    def item_at(self, key: str, moment: Moment) -> ItemView:
        """One item as it stood at a moment; :class:`ItemNotFound` saying why if it did not.

        The item as :meth:`item` gives it, from its decisions recorded by the
        moment's ``as_of``, folded in effective order up to its ``effective_on``
        (corrected, annulled ones left out): every field known then, as now.
        """
        key = normalise_key(key)
        found = self._plain_history(key)
        if found is None:
            view = self.ledger.queries.item_at(key, moment.effective_on, moment.as_of)
        else:
            from portfolio_ledger.application.item_views import ItemView
            from portfolio_ledger.domain.governance_facts import as_at

            events, _ = found
            if not events:
                raise ItemNotFound(key)
            state = as_at(events, moment.effective_on, moment.as_of)
            view = None if state is None else ItemView.at(state, moment.effective_on)
        if view is None:
            raise ItemNotFound.at(key, moment.describe())
        return view

    def economics(self, moment: Moment, where: ItemFilter | None = None) -> dict[str, Any]:
        """Totals by every dimension, and the envelope: now, or at a moment; of some items."""
        with self._reading() as (session, tables):
            return queries.economics(session, tables, moment, where)

    def first_spelling(self, name: str, spellings: Sequence[str]) -> str:
        """Of an item column's spellings of one name (category, organisation), the first held."""
        with self._reading() as (session, tables):
            return queries.first_spelling(session, tables, name, spellings)

    def commitments(self, moment: Moment, where: ItemFilter | None = None) -> dict[str, Any]:
        """The envelope, and what open items commit of it (by currency), at a moment."""
        with self._reading() as (session, tables):
            return queries.commitments(session, tables, moment, where)

    def diff(self, start: Moment, end: Moment) -> list[dict[str, Any]]:
        """What changed between two moments, item by item."""
        with self._reading() as (session, tables):
            return queries.diff(session, tables, start, end)

    def trail(self, where: TrailFilter) -> list[dict[str, Any]]:
        """The audit-trail rows that match, in ledger order."""
        with self._reading() as (session, tables):
            return trail_queries.trail(session, tables, where)

    def trail_page(
        self, where: TrailFilter, offset: int = 0, limit: int | None = None
    ) -> tuple[list[dict[str, Any]], int]:
        """A page of the audit-trail rows that match (ledger order), and how many match in all."""
        with self._reading() as (session, tables):
            return trail_queries.trail_page(session, tables, where, offset, limit)

    def trail_values(self, column: str, among: Sequence[str] | None = None) -> list[str]:
        """The values the trail holds in a column filtered by value (subject, actor, ...)."""
        with self._reading() as (session, tables):
            return trail_queries.trail_values(session, tables, column, among)

    # -- the audit trail, for exports and their checks ----------------------------------

    def trail_columns(self) -> list[tuple[str, str]]:
        """The audit trail's columns: name and kind (int, date, datetime, json, text)."""
        tables = self._current.tables if self._current is not None else self.models
        return tables.audit_trail.columns()

    @contextmanager
    def trail_rows(self, where: TrailFilter, upto: int) -> Iterator[Iterator[Sequence[Any]]]:
        """The matching rows up to position ``upto``, streamed while the block runs."""
        with self._reading() as (session, tables):
            yield trail_queries.trail_rows(session, tables, where, upto)

    def derived_trail_rows(self, upto: int) -> Iterator[dict[str, Any]]:
        """The trail's rows for positions 1 to ``upto``, derived afresh from the events."""
        from portfolio_ledger.projections.audit_trail import rederived_rows

        return rederived_rows(self.ledger, upto)

    # -- the read models themselves -------------------------------------------------------

    def check(self, progress: Progress | None = None) -> ReadModelCheck:
        """Every read-model row compared with a fresh replay of the events."""
        from portfolio_ledger.projections.check import check_read_models

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

    def kind_of(self, key: str) -> str | None:
        """What other than an item ``key`` names (``person``, ``board``...), if anything."""
        with self._reading() as (session, tables):
            return trail_queries.kind_of(session, tables, key)

    def _subjects(self, kind: str) -> list[str]:
        with self._reading() as (session, tables):
            return trail_queries.subjects(session, tables, kind)
