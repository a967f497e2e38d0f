"""Putting the record right: a correction or an annulment names the decision it puts right.

Nothing recorded is ever changed. A decision recorded with a wrong amount,
date, rating or text is corrected by a later decision that names it (by its
version in the aggregate, and its ledger position) and gives the right
values; one recorded in error is annulled by a later decision that names it
and says why. The aggregate's state is then what it would be with the
decision as corrected, or without it; the original stays in the store,
untouched and verifiable, beside what put it right.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from portfolio_ledger.domain.change_words import change_words
from portfolio_ledger.domain.corrected_words import corrected_value_words
from portfolio_ledger.domain.correction_limits import (
    DECISION_FIELDS,
    beyond_correction,
    said_by,
)
from portfolio_ledger.domain.decision import Decision, DecisionEvent
from portfolio_ledger.domain.ending import how_to_end
from portfolio_ledger.domain.errors import (
    InvalidDecision,
    LedgerError,
    Malformed,
    moved_date_on_a_line,
    option_and_field,
)

WORDS = frozenset({"rationale", "references"})
"""What a correction may change that no rule reads: a correction of these alone is words only."""


@dataclass(frozen=True)
class RecordKeeping(DecisionEvent):
    """Base of corrections and annulments: a decision about another decision."""

    about: str
    """What the decision put right is about (item, board, person, delegation, ...)."""
    target: int
    """The version, in this aggregate, of the decision put right."""
    target_position: int
    """Its ledger position (0 where not known, as in tests of the domain alone)."""
    target_label: str

    def kind_of_subject(self) -> str:
        """The kind of subject of the decision put right."""
        return self.about

    def where(self) -> str:
        """``position 57 (approved)``, or ``version 3 (approved)`` if the position is not known."""
        place = (
            f"position {self.target_position:,}"
            if self.target_position
            else f"version {self.target}"
        )
        return f"{place} ({self.target_label})"


@dataclass(frozen=True)
class DecisionCorrected(RecordKeeping):
    """A recorded decision's amounts, dates, ratings or text were put right."""

    corrected: dict[str, Any]
    """Each corrected field and its right value."""
    previous: dict[str, Any]
    """Each corrected field and the value it had (as last corrected, or as recorded)."""
    label: ClassVar[str] = "corrected"

    @property
    def words_only(self) -> bool:
        """Whether it corrects only the rationale or references, which no rule reads."""
        return set(self.corrected) <= WORDS

    def correct(self, event: DecisionEvent) -> DecisionEvent:
        """The decision as this correction puts it right."""
        return put_right(event, self.corrected)

    def describe(self) -> str:
        """Which decision, and each field from what to what."""
        changes = "; ".join(
            change_words(
                name, corrected_value_words(self.previous.get(name)), corrected_value_words(value)
            )
            for name, value in self.corrected.items()
        )
        return f"corrects {self.where()}: {changes}"

    def refusing(self, error: LedgerError, key: str) -> LedgerError:
        """``error`` refused the decision as this correction leaves it: say so, and the way out.

        A correction back to the value the decision changed from (a quorum set from 3 to
        4, corrected to 3) leaves it changing nothing, which its own rules refuse: what
        was meant is that it should not have been recorded, and that is an annulment.
        """
        why = str(error).rstrip().rstrip(".")
        for written in error.fields:  # its command's options, as a correction sets them
            option, field = option_and_field(written)
            why = why.replace(f"--{option} ", f"--set {field}=")
        said = f"corrected so, {self.where()} on {key} would itself be refused: {why}. "
        if self.target == 1:  # never annulled
            said += (
                f"Correct it to a value its rules allow; the decision that made {key} is never "
                f"annulled, so if it should not have been recorded at all, {how_to_end(self.about)}"
            )
        else:
            said += (
                "If that decision should not have been recorded at all, annul it instead "
                f"('decision annul {self.target_position}'); else correct it to a value its "
                "rules allow."
            )
        error.args = (said,)
        return error


def put_right(event: DecisionEvent, corrected: dict[str, Any]) -> DecisionEvent:
    """``event`` with each field in ``corrected`` (its own, or its decision's) given that value."""
    own = {k: v for k, v in corrected.items() if k not in DECISION_FIELDS}
    said = {k: v for k, v in corrected.items() if k in DECISION_FIELDS}
    decision = event.decision
    if said:
        if "references" in said:
            said["references"] = tuple(said["references"])
        decision = Decision.as_recorded(
            **{**{f.name: getattr(decision, f.name) for f in dataclasses.fields(decision)},
               **said}
        )  # fmt: skip
    return dataclasses.replace(event, decision=decision, **own)


@dataclass(frozen=True)
class DecisionAnnulled(RecordKeeping):
    """A decision recorded in error (wrong subject, never taken) was annulled."""

    label: ClassVar[str] = "annulled"

    def describe(self) -> str:
        """Which decision."""
        return f"annuls {self.where()}"


class BeforeMaking(InvalidDecision):
    """A decision dated before the one that made its subject; the fix may be either's date.

    The message names the making decision by its ledger position where the ledger
    knows it (:meth:`at_position`), else says where to find it.
    """

    def __init__(self, message: str, subject_id: Any, key: str, day: str) -> None:
        self.subject_id, self.key, self.day = subject_id, key, day
        self.version = 1  # the making decision's
        self.unplaced = self._correcting("POSITION") + (  # in an import: a line's may be
            f", POSITION being its position in 'audit trail --item {key}')"  # (made_on_line)
        )
        super().__init__(message + self.unplaced)

    def _correcting(self, position: str) -> str:
        return (
            f"; or, if {self.key} was made earlier than its record says, correct the date of "
            f"the decision that made it ('decision correct {position} --set "
            f"effective_date={self.day} --authority AUTHORITY -m REASON'"
        )

    def made_on_line(self, number: int | None) -> BeforeMaking:
        """In an import: naming the line ``number`` that makes the subject, if one does."""
        if number is not None:
            said = f'correct the "effective_date" of line {number:,}, which makes it'
            earlier = f"; or, if {self.key} was made earlier than its record says, {said}"
            self.args = (str(self).replace(self.unplaced, earlier),)
        return self

    def at_position(self, position: int) -> BeforeMaking:
        """The same refusal, naming the making decision's ledger ``position``."""
        said = str(self)
        self.args = (said.replace(self.unplaced, self._correcting(str(position)) + ")"),)
        return self


def check_after_making(
    event: DecisionEvent, made: DecisionEvent, key: str, fix: str = "", always: bool = False
) -> None:
    """Refuse a decision taking effect before the decision that made its subject.

    A correction or annulment is checked by its own date; a decision folded before ``made``
    is refused ``always``, saying that the making decision's date may be the one to correct.
    ``fix`` says what to give instead.
    """
    when, made_on = event.decision.effective_date, made.decision.effective_date
    if always or when < made_on:
        said = fix or f"give --effective-date {made_on.isoformat()} or later (today, if left out)"
        message = (
            f"the {event.label} decision would take effect on {when.isoformat()}, before {key} "
            f"existed ('{made.label}', effective {made_on.isoformat()}); a decision takes "
            f"effect on or after the one that made its subject: {said}"
        )
        if always:
            raise BeforeMaking(message, made.originator_id, key, when.isoformat())
        raise InvalidDecision(message).naming_fields("effective-date")


def check_not_annulled(event: RecordKeeping, annulment: DecisionAnnulled | None, key: str) -> None:
    """Refuse putting right a decision annulled already: it counts for nothing."""
    if annulment is not None:
        raise InvalidDecision(
            f"{event.where()} on {key} was annulled already (by version "
            f"{annulment.originator_version} of {key}); an annulled decision is neither "
            "corrected nor annulled again: it counts for nothing. To record what was meant, "
            "record the decision again, as a new one"
        )


def check_after_target(
    event: RecordKeeping,
    target: DecisionEvent,
    key: str,
    standing: Mapping[int, Sequence[DecisionCorrected]] | None = None,
) -> None:
    """Refuse putting a decision right with effect before it took effect.

    ``target`` is the decision as it stands (corrected so far); a correction is judged
    by the day the decision takes effect as it corrects it. A board cannot put right
    on 15 February what it decides on 1 March: the effective clock (a board pack,
    'audit trail --clock effective') would show the correction before the decision.
    ``standing`` (each decision's corrections, by version) holds the same rule from the
    other side: :func:`check_not_moved_past`.
    """
    fixed = event.correct(target) if isinstance(event, DecisionCorrected) else target
    took_effect, when = fixed.decision.effective_date, event.decision.effective_date
    if when < took_effect:
        moved = isinstance(event, DecisionCorrected) and "effective_date" in event.corrected
        raise InvalidDecision(
            f"this {'correction' if isinstance(event, DecisionCorrected) else 'annulment'} "
            f"would take effect on {when.isoformat()}, before {event.where()} on {key} takes "
            f"effect{' as corrected' if moved else ''} ({took_effect.isoformat()}); a "
            "decision is put right on or after the day it takes effect: give --effective-date "
            f"{took_effect.isoformat()} or later (today, if left out)"
        ).naming_fields("effective-date")
    if isinstance(event, DecisionCorrected) and standing:
        check_not_moved_past(event, target, key, standing.get(event.target, ()))
    later = [c.decision.effective_date for c in (standing or {}).get(event.target, ())]
    if isinstance(event, DecisionAnnulled) and later and when < max(later):
        raise InvalidDecision(
            f"this annulment would take effect on {when.isoformat()}, before a correction of "
            f"{event.where()} on {key} takes effect ({max(later).isoformat()}); a decision is "
            "annulled as it stands, corrections and all, so on or after the day its last "
            f"correction takes effect: give --effective-date {max(later).isoformat()} or later "
            "(today, if left out)"
        ).naming_fields("effective-date")


def check_not_moved_past(
    event: DecisionCorrected, target: DecisionEvent, key: str, earlier: Sequence[DecisionCorrected]
) -> None:
    """Refuse moving ``target`` later than a correction of it (``earlier``) takes effect.

    Every correction of a decision stands while the decision does: a correction is never
    itself corrected or annulled, and an annulled decision is not corrected (so no
    annulment of it can stand either). One already dated before the decision (recorded
    before this rule) is not this move's doing, and refuses nothing.
    """
    was, moved_to = target.decision.effective_date, event.correct(target).decision.effective_date
    passed = [c for c in earlier if was <= c.decision.effective_date < moved_to]
    if passed:
        first = min(passed, key=lambda c: c.effective_key)
        raise MovedPastItsCorrection(event, first, key, moved_to.isoformat())


class MovedPastItsCorrection(InvalidDecision):
    """A decision moved after the day a correction of it takes effect.

    The correction is named by its version in the aggregate, or by its ledger
    position where the ledger knows it (:meth:`at_position`, as for :class:`BeforeMaking`).
    """

    def __init__(
        self, event: DecisionCorrected, passed: DecisionCorrected, key: str, moved_to: str
    ) -> None:
        self.subject_id, self.version = passed.originator_id, passed.originator_version
        self.day = passed.decision.effective_date.isoformat()
        self.unplaced = f"its correction recorded as version {self.version} of {key}"
        self.traced = (  # in an import: a line of it, or one recorded before
            f" (its line, if this import records it; else its position in 'audit trail "
            f"--item {key}')"
        )
        way_out = (
            f"if the decision was taken after {self.day}, annul it ('decision annul "
            f"{event.target_position or 'POSITION'}') and record it again as taken."
            if event.target != 1
            else f"the decision that made {key} is never annulled either: if it was in fact "
            f"made after {self.day}, {how_to_end(event.about)}"
        )
        super().__init__(
            f"this correction would move {event.where()} on {key} to take effect on "
            f"{moved_to}, after {self.unplaced}{self.traced} takes effect ({self.day}); a "
            "decision is put right on or after the day it takes effect, so it is not moved "
            f"past a correction of it. Correct its effective_date to {self.day} or earlier "
            f"(--set effective_date={self.day}: the day it moves to, not this correction's "
            f"own --effective-date). A correction is never itself corrected or annulled; {way_out}"
        )

    def at_position(self, position: int) -> MovedPastItsCorrection:
        """The same refusal, naming the correction's ledger ``position``."""
        placed = f"its correction at position {position:,}"
        self.args = (str(self).replace(self.unplaced + self.traced, placed),)
        return self

    def on_a_line(self) -> str:
        """As an import line's: the fields a line gives, ``changes`` and ``effective_date``."""
        return moved_date_on_a_line(str(self), self.day)


def values_corrected(
    target: DecisionEvent, changes: dict[str, Any], key: str, version: int
) -> dict[str, Any]:
    """What the fields ``changes`` corrects hold now; refuses fields it may not change, or none."""
    correctable = target.correctable | DECISION_FIELDS
    wrong = sorted(set(changes) - correctable)
    if wrong or not changes:
        # A name the decision has no field of is a mistyped --set (bad usage), given
        # alone or with one it has but no correction changes (who decided: the rule's).
        unknown = any(name not in said_by(target) for name in wrong)
        raise (Malformed if unknown else InvalidDecision)(
            f"a correction of '{target.label}' on {key} may change "
            f"{', '.join(sorted(correctable))}"
            + (f"; not {', '.join(wrong)}" if wrong else "")
            + beyond_correction(key, version, wrong, target)
        )
    previous = {
        name: getattr(target.decision if name in DECISION_FIELDS else target, name)
        for name in changes
    }
    same = [name for name in changes if previous[name] == changes[name]]
    if same:
        raise InvalidDecision(
            f"the {', '.join(same)} of '{target.label}' on {key} "
            f"{'is' if len(same) == 1 else 'are'} already as given; nothing to correct"
        )
    return previous
