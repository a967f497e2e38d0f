"""Questions answered from the events themselves: one item now, its history, governance.

The portfolio at large, and anything at a past moment on the item's side,
is answered from the read models instead (``projections``); these replay
one aggregate's events, which is exact and fast for one subject.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from portfolio_ledger.application.control_views import ItemControlView
from portfolio_ledger.application.governance import audit_delegation, audit_item
from portfolio_ledger.application.governance_views import (
    AuthorityCheck,
    BoardView,
    DelegationView,
    PersonView,
)
from portfolio_ledger.application.handlers.authority import HINTS, item
from portfolio_ledger.application.history_entries import HistoryEntry, linked_history
from portfolio_ledger.application.item_views import ItemView
from portfolio_ledger.application.judging import Judging
from portfolio_ledger.application.taken_away import check_grant
from portfolio_ledger.application.unit_of_work import SingleCommand
from portfolio_ledger.domain.authority import DelegatedAuthority
from portfolio_ledger.domain.boards import Board
from portfolio_ledger.domain.clock import utc_text, utc_today
from portfolio_ledger.domain.decision import DecisionEvent
from portfolio_ledger.domain.errors import GovernanceRecordNotFound, ItemNotFound, LedgerError
from portfolio_ledger.domain.governance import Governance, History, as_at
from portfolio_ledger.domain.governance_facts import CachedHistory
from portfolio_ledger.domain.keys import (
    ORGANISATIONS_ID,
    board_id,
    delegation_id,
    item_id,
    normalise_key,
    normalise_person_key,
    person_id,
)
from portfolio_ledger.domain.record_keeping import DecisionCorrected

if TYPE_CHECKING:
    from portfolio_ledger.application.ledger import PortfolioLedger


class EventQueries:
    """One subject's state or history, replayed from its events."""

    def __init__(self, ledger: PortfolioLedger) -> None:
        self._ledger = ledger
        self._store = SingleCommand(ledger)  # reads only: nothing is ever saved through it

    def item(self, key: str) -> ItemView:
        """An item's current state."""
        return ItemView.of(item(self._store, key))

    def item_at(
        self, key: str, effective_on: date | None, as_of: datetime | None
    ) -> ItemView | None:
        """An item as it stood at a moment; None if it did not exist yet.

        Its decisions recorded by ``as_of``, folded in effective order up to
        ``effective_on``; :class:`ItemNotFound` if it was never proposed.
        """
        key = normalise_key(key)
        events = self._store.history(item_id(key))
        if not events:
            raise ItemNotFound(key)
        state = as_at(events, effective_on, as_of)
        return None if state is None else ItemView.at(state, effective_on)

    def history(self, key: str) -> list[HistoryEntry]:
        """Every decision recorded on an item, oldest first, corrections linked both ways."""
        key = normalise_key(key)
        aggregate_id = item_id(key)
        events = self._store.history(aggregate_id)
        if not events:
            raise ItemNotFound(key)
        return linked_history(key, events, self._ledger.chain.positions_of(aggregate_id))

    def as_corrected(self, position: int, corrections: Sequence[int]) -> DecisionEvent:
        """The decision recorded at ``position`` as the corrections at ``corrections`` leave it.

        Only those corrections, in ledger order (on the recorded clock, later
        ones were not yet known); each is of the same subject's decision.
        """
        chain = self._ledger.chain
        links = {p: chain.select_links(p, p, 1)[0] for p in (position, *corrections)}
        target = links[position]
        events = {e.originator_version: e for e in self._store.history(target.originator_id)}
        decision = events[target.version]
        for at in sorted(corrections):
            correction = events[links[at].version]
            assert isinstance(correction, DecisionCorrected)
            decision = correction.correct(decision)
        return decision

    def board(
        self, key: str, effective_on: date | None = None, as_of: datetime | None = None
    ) -> BoardView:
        """A board as it stood (on a day, as recorded by a moment, or now), with its members."""
        key = normalise_key(key, "board", "IC")
        board: Board = self._as_at(board_id(key), "board", key, effective_on, as_of)
        return BoardView.of(board, self._names(board.members))

    def people(
        self, keys: Sequence[str], effective_on: date | None = None, as_of: datetime | None = None
    ) -> list[PersonView]:
        """Those of these people who were registered at the moment (or now)."""
        found = (as_at(self._store.history(person_id(k)), effective_on, as_of) for k in keys)
        return [PersonView.of(person) for person in found if person is not None]

    def any_is(
        self,
        keys: Sequence[str],
        text: str,
        effective_on: date,
        read: dict[str, Sequence[DecisionEvent]],
    ) -> bool:
        """Whether any of these people, as registered on the day, is ``text`` (an owner, say).

        Matched as segregation of duties matches people: their key, name or a post they hold,
        or their key or name among others the text joins (``Person.named_by``).
        ``read``: each person's events, by key, as read so far (those read here are added).
        """
        for key in keys:
            if key not in read:
                read[key] = self._store.history(person_id(key))
        found = (as_at(read[key], effective_on) for key in keys)
        return any(person.named_by(text) for person in found if person is not None)

    def boards(
        self, keys: Sequence[str], effective_on: date | None = None, as_of: datetime | None = None
    ) -> list[BoardView]:
        """Those of these boards that had been constituted at the moment (or now)."""
        found = (as_at(self._store.history(board_id(k)), effective_on, as_of) for k in keys)
        return [BoardView.of(b, self._names(b.members)) for b in found if b is not None]

    def delegations(
        self,
        keys: Sequence[str],
        effective_on: date | None = None,
        as_of: datetime | None = None,
        *,
        board: str | None = None,
        delegate: str | None = None,
    ) -> list[DelegationView]:
        """Those of these delegations made by the moment (or now), of a board, to a person."""
        on = effective_on or utc_today()
        board = normalise_key(board, "board", "IC") if board else None
        delegate = normalise_person_key(delegate) if delegate else None
        # A key nobody recorded is a mistyped filter, not an empty answer.
        for name, key, aggregate_id in (
            ("board", board, board and board_id(board)),
            ("person", delegate, delegate and person_id(delegate)),
        ):
            if key and aggregate_id and not self._store.history(aggregate_id):
                raise GovernanceRecordNotFound(name, key, HINTS[name])
        found = (as_at(self._store.history(delegation_id(k)), effective_on, as_of) for k in keys)
        boards: dict[str, Board | None] = {}
        views = []
        for delegation in found:
            if delegation is None or board not in {None, delegation.board}:
                continue
            if delegate not in {None, delegation.delegate}:
                continue
            if delegation.board not in boards:  # the limit that bounds it, on the same day
                history = self._store.history(board_id(delegation.board))
                boards[delegation.board] = as_at(history, effective_on, as_of)
            parent = boards[delegation.board]
            name = self._store.name_of(delegation.delegate)
            limit = None if parent is None else parent.limit
            view = DelegationView.of(delegation, name, on, limit)
            views.append(self._grant_judged(view, as_of))
        return views

    def _grant_judged(self, view: DelegationView, as_of: datetime | None) -> DelegationView:
        """The view, not valid where its grant is not a valid resolution of its board.

        Every decision under it is then refused (``check_grant``), as its audit says; so
        ``authority list`` and a board pack's R6 do not call it valid.
        """
        if view.status != "valid":
            return view
        mandate = DelegatedAuthority(delegation=view.key, actor=view.delegate)
        try:
            check_grant(mandate, Governance(self._store.history, view.on, as_of))
        except LedgerError:
            why = (
                f"its grant is not a valid resolution of {view.board} (see 'portfolio-ledger "
                f"audit authority {view.key}')"
            )
            return view.model_copy(update={"status": f"not valid: {why}"})
        return view

    def controls(
        self, keys: Sequence[str], effective_on: date | None = None, as_of: datetime | None = None
    ) -> list[ItemControlView]:
        """Those of these items that existed at the moment (or now), with their control state.

        Their events are read together (a query per few hundred items), not one item at a
        time, and folded one item at a time: only one item's history is held at once.
        """
        decode = self._ledger.mapper.to_domain_event
        ids = [item_id(k) for k in keys]
        views = {}
        for originator, stored in self._ledger.event_log.iter_histories(ids):
            events = [e for s in stored if isinstance(e := decode(s), DecisionEvent)]
            item = as_at(events, effective_on, as_of)
            if item is not None:
                views[originator] = ItemControlView.of(item)
        return [views[i] for i in dict.fromkeys(ids) if i in views]  # in the order asked

    def organisations(self) -> dict[str, str]:
        """The organisations on the ledger's list, key to name (none if it keeps no list)."""
        events = self._store.history(ORGANISATIONS_ID)
        listed = as_at(events)
        return dict(listed.names) if listed is not None else {}

    def authority_audit(self, key: str) -> list[AuthorityCheck]:
        """Every decision on an item and on a delegation under the key, its authority checked.

        Items and delegations keep keys of their own: a key may name both, and then
        the item's decisions come first, then the delegation's, each row saying whose
        (``subject_kind``).
        """
        checks = self._audited(normalise_key(key), self._store.history)
        if checks:
            return checks
        raise LedgerError(
            f"no item or delegation {normalise_key(key)} in this ledger{self._whose(key)}; check "
            "the key with 'portfolio-ledger items list' or 'portfolio-ledger authority list'"
        )

    def judging(self) -> Judging:
        """A :class:`Judging` for many changes judged from the snapshot read now."""
        return Judging(CachedHistory(self._store.history), self._ledger.chain.positions_of)

    def authority_lost(
        self,
        keys: Sequence[str],
        only: Collection[int],
        moment: datetime,
        *,
        recorded_since: bool = False,
        judging: Judging | None = None,
    ) -> tuple[list[AuthorityCheck], list[AuthorityCheck]]:
        """The rows of :meth:`authority_audit` of each key at the positions ``only`` holds.

        Judged as it stands now, and as the ledger stood before ``moment`` (every event
        recorded from it on left out): the latter only for the keys with a row invalid now
        (another cannot have lost authority). Every aggregate's events are read once for
        both, and once for every change judged with ``judging`` (an import's lines).
        ``recorded_since``: more was recorded after the change at ``moment`` (an import's
        later lines); a decision valid before and invalid now is left out of the second
        list if it was still valid as the ledger stood at ``moment`` (later events left out).
        """
        shared = judging or self.judging()
        now = shared.now

        def before(aggregate_id: UUID, /) -> Sequence[DecisionEvent]:
            return [e for e in now(aggregate_id) if e.timestamp < moment]

        def by(aggregate_id: UUID, /) -> Sequence[DecisionEvent]:
            return [e for e in now(aggregate_id) if e.timestamp <= moment]

        after, doubted = shared.all_now(
            keys, only, lambda: [(key, self._now(normalise_key(key), only, shared)) for key in keys]
        )
        then = CachedHistory(before)
        judged = [
            c for key in doubted for c in self._audited(normalise_key(key), then, only, shared)
        ]
        valid = {c.position for c in judged if c.verdict == "valid"}
        lost = [c for c in after if c.position in valid and c.verdict == "invalid"]
        if recorded_since and lost:  # judged once more: only those the change itself took
            at = {c.position for c in lost if c.position is not None}
            named = dict.fromkeys(c.key for c in lost)
            by_then = CachedHistory(by)
            held = {
                c.position
                for key in named
                for c in self._audited(normalise_key(key), by_then, at, shared)
                if c.verdict == "valid"
            }
            after = [c for c in after if c.position not in held]
        return judged, after

    def _now(self, key: str, only: Collection[int], shared: Judging) -> list[AuthorityCheck]:
        """The key's rows at ``only``, judged now: once for every change judged with ``shared``."""
        ids = (item_id(key), delegation_id(key))
        return shared.judged_now(
            key, ids, only, lambda mine: self._audited(key, shared.now, mine, shared)
        )

    def _audited(
        self,
        key: str,
        history: History,
        only: Collection[int] | None = None,
        shared: Judging | None = None,
    ) -> list[AuthorityCheck]:
        checks: list[AuthorityCheck] = []
        for kind, aggregate_id, audit in (
            ("item", item_id(key), audit_item),
            ("delegation", delegation_id(key), audit_delegation),
        ):
            events = history(aggregate_id)
            if events:
                chain = self._ledger.chain
                positions = (shared.positions_of if shared else chain.positions_of)(aggregate_id)
                judged = audit(key, events, history, positions, only)
                checks += judged if kind == "item" else [_of(kind, c) for c in judged]
        return checks

    def _whose(self, given: str) -> str:
        """What else the key names (a person, a board), and where its decisions are read.

        A person 'ic' and the board IC are told apart by the case given, as by
        ``--item``; 'Ic' is taken as the person's.
        """
        person, key = given.lower(), given.upper()
        board = bool(self._store.history(board_id(key)))
        if self._store.history(person_id(person)) and not (board and given == key):
            name = self._store.name_of(person)
            return (
                f" ({person} is the key of {name}, a person: audit authority judges the "
                f"decisions on an item or a delegation; see theirs with 'portfolio-ledger audit "
                f'trail --actor "{name}"\')'
            )
        if board:
            return (
                f" ({key} is a board's key: audit authority judges the decisions on an item or "
                f"a delegation; see the board's with 'portfolio-ledger audit trail --item {key}')"
            )
        return ""

    def _names(self, people: Sequence[str] | dict[str, Any]) -> dict[str, str]:
        return {person: self._store.name_of(person) for person in people}

    def _as_at(
        self,
        aggregate_id: UUID,
        name: str,
        key: str,
        effective_on: date | None,
        as_of: datetime | None,
    ) -> Any:
        events: Sequence[DecisionEvent] = self._store.history(aggregate_id)
        if not events:
            raise GovernanceRecordNotFound(name, key, HINTS[name])
        state = as_at(events, effective_on, as_of)
        if state is None:
            moment = " and ".join(
                text
                for text in (
                    f"effective on {effective_on.isoformat()}" if effective_on else "",
                    f"as recorded at {utc_text(as_of, asked=True)}" if as_of else "",
                )
                if text
            )
            first = events[0]
            recorded = utc_text(first.timestamp)
            raise LedgerError(
                f"{name} {key} did not exist yet ({moment}); its first record takes effect "
                f"{first.decision.effective_date.isoformat()} and was recorded {recorded}"
            )
        return state


def _of(kind: str, check: AuthorityCheck) -> AuthorityCheck:
    """The check, saying whose decision it is (an item's is the default)."""
    return check.model_copy(update={"subject_kind": kind})
