"""Aggregates whose state is the fold of their decisions in effective order.

Every aggregate of the ledger (an item, the portfolio, a person, a board, a
delegation, the organisations) keeps the decisions recorded on it and is, at
any moment, the fold of those decisions in *effective* order (effective
date, then the order recorded), with corrections applied and annulled
decisions left out. Decisions usually arrive in that order, and each is folded in as
it comes; one recorded late (minutes typed in days after the meeting), a correction
or an annulment makes the aggregate fold again from its first decision.

A new decision is admitted only if it is valid given everything in effect before it, and
leaves every decision in effect after it valid, or failing only as it failed without it;
otherwise it is refused, naming the decision it conflicts with. Replaying checks nothing.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any, Self, TypeVar

from eventsourcing.domain import Aggregate

from portfolio_ledger.domain.creation import MadeDirectly
from portfolio_ledger.domain.decision import Decision, DecisionEvent, Key, check_not_future
from portfolio_ledger.domain.ending import how_to_end
from portfolio_ledger.domain.errors import InvalidDecision, LedgerError, when_late
from portfolio_ledger.domain.event_making import maker, mutate_next
from portfolio_ledger.domain.late_decisions import LateDecisionConflict, named
from portfolio_ledger.domain.record_keeping import (
    DecisionAnnulled,
    DecisionCorrected,
    RecordKeeping,
    check_after_making,
    check_after_target,
    check_not_annulled,
    values_corrected,
)

E = TypeVar("E", bound=DecisionEvent)
Recheck = Callable[[DecisionEvent, Any], None]
"""More checks of a decision given the aggregate before it (the application's authority check)."""
Admitting = Callable[[Any, DecisionEvent], None]
"""A check of a new decision (or correction, annulment) given the whole aggregate before it."""

_NOWHERE: Key = (date.min, 0)


class HistoryNeeded(Exception):  # noqa: N818 - a request to the caller, not a failure
    """The aggregate was kept without its decisions and must be loaded whole to fold again."""


class DecidedAggregate(MadeDirectly, Aggregate):
    """Base of every aggregate of the ledger: a key, and decisions folded in effective order."""

    def __init__(self) -> None:
        self.recheck: Recheck | None = None
        """Checks of decisions folded again (late, corrected, annulled); not state."""
        self.admitting: Admitting | None = None
        """A check of each new decision against other aggregates, once its own pass; not state."""
        self._decisions: list[DecisionEvent] | None = []
        self._corrections: dict[int, list[DecisionCorrected]] = {}
        self._annulled: dict[int, DecisionAnnulled] = {}
        self._at: Key = _NOWHERE
        self.subject_key = ""
        """The key of a scratch copy's aggregate (its state, started afresh, has none yet)."""
        self.changed_from: Key | None = None
        """Where in effective order the last event taken changed the fold (for read models)."""
        self.refolded = False
        """Whether the last event taken made the aggregate fold again (for read models)."""
        self.start()

    def start(self) -> None:
        """Set the state to what it is before any decision (subclasses add theirs)."""
        self.key: str = ""
        self.last_decision: str = ""
        self.last_effective_date: date = date.min

    # -- taking events: every replay, every new decision ----------------------------

    def take(self, event: DecisionEvent) -> None:
        """Fold in an event: in order, as it comes; out of order, or putting right, by refolding."""
        if isinstance(event, RecordKeeping):
            self._take_record_keeping(event)
            return
        key = (event.decision.effective_date, event.originator_version)  # its effective_key
        if key < self._at and self._decisions is None:
            raise HistoryNeeded(self.id)
        if self._decisions is not None:
            self._decisions.append(event)
        self.refolded = key < self._at
        if self.refolded:
            self._refold()
        else:
            self._fold_in(event, key)
        self.changed_from = key

    def _take_record_keeping(self, event: RecordKeeping) -> None:
        if self._decisions is None:
            raise HistoryNeeded(self.id)
        target = self.decision(event.target)
        before = self._in_effect_key(target)
        if isinstance(event, DecisionCorrected):
            self._corrections.setdefault(event.target, []).append(event)
        elif isinstance(event, DecisionAnnulled):
            self._annulled[event.target] = event
        self._refold()
        self.refolded = True
        after = self._in_effect_key(target)
        self.changed_from = min(k for k in (before, after) if k is not None)

    def forget_history(self) -> None:
        """Keep only the state (a long replay does, to stay small).

        Folding again then raises :class:`HistoryNeeded`: the caller loads it whole.
        """
        self._decisions = None

    def needs_history(self, event: DecisionEvent) -> bool:
        """Whether taking this event needs the decisions this aggregate was kept without."""
        late = isinstance(event, RecordKeeping) or event.effective_key < self._at
        return self._decisions is None and late

    def _fold_in(self, event: DecisionEvent, key: Key | None = None) -> None:
        event.change(self)
        self.last_decision = event.label
        self.last_effective_date = event.decision.effective_date
        self._at = event.effective_key if key is None else key  # ``take`` has it already

    def _refold(self) -> None:
        self.start()
        self._at = _NOWHERE
        for event in self.in_effect():
            self._fold_in(event)

    # -- the decisions as they stand ------------------------------------------------

    def in_effect(self) -> list[DecisionEvent]:
        """Every decision as it stands (corrected; annulled ones left out), in effective order."""
        if self._decisions is None:
            raise HistoryNeeded(self.id)
        events = [
            self._as_corrected(event)
            for event in self._decisions
            if event.originator_version not in self._annulled
        ]
        return sorted(events, key=lambda event: event.effective_key)

    def decision(self, version: int) -> DecisionEvent:
        """The decision recorded as this version (as recorded); refuses any other version."""
        if self._decisions is None:
            raise HistoryNeeded(self.id)
        found = next((e for e in self._decisions if e.originator_version == version), None)
        if found is None:
            raise InvalidDecision(
                f"{self.key} has no decision of its own at version {version}: give a decision "
                f"on {self.key} (see its history), not a correction or an annulment"
            )
        return found

    def corrected(self, version: int) -> DecisionEvent:
        """The decision recorded as this version, as corrected so far."""
        return self._as_corrected(self.decision(version))

    def annulment_of(self, version: int) -> DecisionAnnulled | None:
        """The annulment of the decision at this version, if it was annulled."""
        return self._annulled.get(version)

    def _as_corrected(self, event: DecisionEvent) -> DecisionEvent:
        for correction in self._corrections.get(event.originator_version, ()):
            event = correction.correct(event)
        return event

    def _in_effect_key(self, event: DecisionEvent) -> Key | None:
        if event.originator_version in self._annulled:
            return None
        return self._as_corrected(event).effective_key

    # -- points in effective time ---------------------------------------------------------

    def as_on(self, day: date) -> Self | None:
        """The aggregate as it stood on ``day`` (its decisions effective by then); None before."""
        if self._at <= (day, 2**62):
            return self
        scratch = self._scratch()
        for event in self.in_effect():
            if event.decision.effective_date > day:
                break
            scratch._fold_in(event)
        return scratch if scratch._at != _NOWHERE else None

    def timeline_from(self, start: Key) -> Iterator[tuple[DecisionEvent, Self]]:
        """Each decision in effect from ``start`` on (as corrected), with the state it left.

        One scratch copy is moved on from decision to decision: read each
        state before asking for the next.
        """
        scratch = self._scratch()
        for event in self.in_effect():
            scratch._fold_in(event)
            if event.effective_key >= start:
                yield event, scratch

    def befores(self) -> Iterator[tuple[DecisionEvent, Self | None]]:
        """Each decision in effect (as corrected), with the state just before it.

        None before the first. One scratch copy is moved on from decision to
        decision: use each state before asking for the next.
        """
        scratch = self._scratch()
        for event in self.in_effect():
            yield event, (scratch if scratch._at != _NOWHERE else None)
            scratch._fold_in(event)

    def _scratch(self) -> Self:
        # A shallow copy, started afresh: folding assigns new values to the
        # state and never changes the ones this aggregate holds.
        scratch = copy.copy(self)
        scratch.subject_key = self.key
        scratch.start()
        scratch._at = _NOWHERE
        return scratch

    # -- putting the record right -----------------------------------------------------------

    def correct(
        self, *, version: int, position: int, changes: dict[str, Any], decision: Decision
    ) -> DecisionCorrected:
        """Correct the decision at ``version`` (ledger ``position``): its fields get ``changes``.

        Checked as if the decision had been made with the corrected values, and
        every decision after it again.
        """
        target = self.corrected(version)
        previous = values_corrected(target, changes, self.key, version)
        return self._decide(
            DecisionCorrected,
            decision,
            about=target.kind_of_subject(),
            target=version,
            target_position=position,
            target_label=target.label,
            corrected=dict(changes),
            previous=previous,
        )

    def annul(self, *, version: int, position: int, decision: Decision) -> DecisionAnnulled:
        """Annul the decision at ``version`` (ledger ``position``), recorded in error."""
        target = self.decision(version)
        if version == 1:
            raise InvalidDecision(
                f"the decision that made {self.key} ('{target.label}') cannot be annulled: "
                f"nothing is ever removed. Correct it, or {how_to_end(target.kind_of_subject())}"
            )
        return self._decide(
            DecisionAnnulled,
            decision,
            about=target.kind_of_subject(),
            target=version,
            target_position=position,
            target_label=target.label,
        )

    # -- admitting a new decision -----------------------------------------------------------

    def _decide(self, event_class: type[E], decision: Decision, **fields: Any) -> E:
        """Make the next decision, check it (and all after it, if it is late), and fold it in."""
        timestamp = max(event_class.create_timestamp(), self._modified_on)
        check_not_future(self.key, decision, timestamp)
        event = maker(event_class)(  # as event_class(...) would, with less work
            originator_id=self._id,
            originator_version=self._version + 1,
            timestamp=timestamp,
            decision=decision,
            **fields,
        )
        self._admit(event, self.recheck)
        if self.admitting is not None:
            self.admitting(self, event)
        mutate_next(event, self)
        self._pending_events.append(event)  # (the properties' attributes: no calls)
        return event

    def _admit(self, event: DecisionEvent, recheck: Recheck | None) -> None:
        if isinstance(event, RecordKeeping):
            self._admit_record_keeping(event, recheck)
        elif (event.decision.effective_date, event.originator_version) >= self._at:  # (its key)
            event.check(self)
        else:
            self._check_fold([*self.in_effect(), event], event, recheck)

    def _admit_record_keeping(self, event: RecordKeeping, recheck: Recheck | None) -> None:
        target = self.decision(event.target)
        check_after_making(event, self.corrected(1), self.key)
        check_not_annulled(event, self._annulled.get(target.originator_version), self.key)
        check_after_target(event, self.corrected(event.target), self.key, self._corrections)
        if isinstance(event, DecisionAnnulled):
            rest = [e for e in self.in_effect() if e.originator_version != event.target]
            since = self.corrected(event.target).effective_key  # where it stands, as corrected
            dependents = self._dependents(rest, since, recheck)
            if dependents:
                raise LateDecisionConflict(
                    f"cannot annul {event.where()} on {self.key}: later decisions depend on it: "
                    + "; ".join(dependents)
                    + ". Annul those first (latest first), then this one."
                )
            return
        assert isinstance(event, DecisionCorrected)
        if event.words_only:  # every decision is as valid, or invalid, as it was
            return
        fixed = event.correct(self.corrected(event.target))
        check_not_future(self.key, fixed.decision, event.timestamp)
        rest = [e for e in self.in_effect() if e.originator_version != event.target]
        # Moved later, the ones between its old and new dates are checked again too.
        since = min(fixed.effective_key, self.corrected(event.target).effective_key)
        try:
            self._check_fold([*rest, fixed], fixed, recheck, since, event.target_position)
        except LateDecisionConflict:
            raise
        except LedgerError as error:  # the decision itself, as corrected
            raise event.refusing(error, self.key) from None

    def _check_fold(
        self,
        events: list[DecisionEvent],
        focus: DecisionEvent,
        recheck: Recheck | None,
        since: Key | None = None,
        position: int = 0,
    ) -> None:
        """Fold ``events`` afresh, checking every decision from ``focus`` (or ``since``) on.

        ``since`` is given for a correction, ``position`` (where known) of the decision
        it corrects, ``focus`` as corrected.
        """
        start = focus.effective_key if since is None else min(since, focus.effective_key)
        scratch, made, fix = self._scratch(), _making(events), since is not None  # a correction
        for event in sorted(events, key=lambda e: e.effective_key):
            if event.effective_key >= start:
                try:
                    _check(event, scratch, recheck, made)
                except LedgerError as error:
                    if event is focus and fix and self._fails_so(event, recheck, error):
                        raise LateDecisionConflict.failing_already(
                            event, self.key, error, position
                        ) from None
                    if event is focus:
                        raise when_late(error, event.decision.effective_date, self) from None
                    if not self._fails_so(event, recheck, error):
                        raise LateDecisionConflict.of(focus, event, self.key, error, fix) from None
            scratch._fold_in(event)

    def _dependents(
        self, events: list[DecisionEvent], start: Key, recheck: Recheck | None
    ) -> list[str]:
        """The decisions from ``start`` on that are invalid without the one left out."""
        scratch = self._scratch()
        failing = []
        made = _making(events)
        for event in events:
            if event.effective_key >= start:
                try:
                    _check(event, scratch, recheck, made)
                except LedgerError as error:
                    if not self._fails_so(event, recheck, error):
                        failing.append(named(event))
                        continue
            scratch._fold_in(event)
        return failing

    def _fails_so(self, event: DecisionEvent, recheck: Recheck | None, error: Exception) -> bool:
        """Whether ``event`` fails as the record stands, with ``error``: not the new one's doing."""
        scratch, standing = self._scratch(), self.in_effect()
        for before in standing:
            if before.originator_version == event.originator_version:
                try:
                    _check(before, scratch, recheck, _making(standing))
                except LedgerError as already:
                    return type(already) is type(error) and str(already) == str(error)
                return False
            scratch._fold_in(before)
        return False


def _check(event: DecisionEvent, before: Any, recheck: Recheck | None, made: DecisionEvent) -> None:
    if before._at == _NOWHERE and event.originator_version != 1:  # not its creation
        fix = f"give an effective date of {made.decision.effective_date.isoformat()} or later"
        check_after_making(event, made, before.subject_key, fix, always=True)
    event.check(before)
    if recheck is not None:
        recheck(event, before)


def _making(events: list[DecisionEvent]) -> DecisionEvent:
    """The decision that made the subject (its first), as it stands among ``events``."""
    return next(event for event in events if event.originator_version == 1)
