"""Refusing a late decision, correction or annulment that would make another one invalid.

The refusal names the decision it conflicts with, why, and what to do instead.
"""

from __future__ import annotations

from datetime import UTC

from portfolio_ledger.domain.decision import DecisionEvent
from portfolio_ledger.domain.ending import how_to_end
from portfolio_ledger.domain.errors import DecisionRefused, LedgerError
from portfolio_ledger.domain.record_keeping import BeforeMaking


class LateDecisionConflict(DecisionRefused):
    """A decision recorded late, a correction or an annulment would make a later one invalid."""

    @classmethod
    def of(
        cls,
        focus: DecisionEvent,
        event: DecisionEvent,
        key: str,
        error: LedgerError,
        correcting: bool = False,
    ) -> LateDecisionConflict:
        """``focus`` on ``key`` would make ``event`` invalid, for ``error``.

        ``correcting``: ``focus`` is a decision as a correction would leave it. Its own
        effective date is then no fix (the correction's is not where the decision
        stands, and moving the decision after ``event`` is a change of its own).
        """
        later = event.effective_key > focus.effective_key
        when = event.decision.effective_date.isoformat()
        if correcting and focus.originator_version == 1 and isinstance(error, BeforeMaking):
            return cls.before_its_making(focus, event, key)
        this = "To make this correction, " if correcting else "To record this one, "
        if later and not correcting:
            this += f"give an effective date of {when} or later, or "
        what = f"correcting '{focus.label}'" if correcting else focus.label
        why = _sentence(error)
        return cls(
            f"{what} on {key} effective {focus.decision.effective_date.isoformat()} "
            f"would make {'a later' if later else 'another'} decision invalid: {named(event)}: "
            f"{why} {this}put that decision right first ('decision correct' or 'decision "
            f"annul' at its position: see 'audit trail --item {key}')."
        )

    @classmethod
    def before_its_making(
        cls, made: DecisionEvent, event: DecisionEvent, key: str
    ) -> LateDecisionConflict:
        """The decision that made ``key``, corrected to ``made``, would come after ``event``.

        The fix is not the one a late decision is given (correct the making decision's
        date: that is what is being done), but an earlier date for it, or ``event`` put right.
        """
        day = made.decision.effective_date.isoformat()
        when = event.decision.effective_date.isoformat()
        return cls(
            f"correcting '{made.label}' on {key} effective {day} would make another decision "
            f"invalid: {named(event)} would take effect before {key} existed, and a decision "
            f"takes effect on or after the one that made its subject. Correct "
            f"'{made.label}' to {when} or earlier, or "
            "put that decision right first ('decision correct' or 'decision annul' at its "
            f"position: see 'audit trail --item {key}')."
        )

    @classmethod
    def failing_already(
        cls, target: DecisionEvent, key: str, error: LedgerError, position: int = 0
    ) -> LateDecisionConflict:
        """Correcting what ``target`` on ``key`` decided, failing already for ``error``.

        ``position`` is its ledger position (0 if not known). It fails so, corrected or
        not, as the record stands (governance recorded later, say).
        """
        annul = (
            f"'decision annul {position}'"
            if position
            else f"'decision annul POSITION', its position in 'audit trail --item {key}'"
        )
        way_out = (
            f"annul it ({annul}) and record the decision again as it was taken."
            if target.originator_version != 1
            else f"{how_to_end(target.kind_of_subject())} The decision that made {key} is never "
            "annulled: record it again, as it was taken, under a new key."
        )
        judged = target.kind_of_subject() in {"item", "delegation"}  # what audit authority reads
        shown = f" ('audit authority {key}' shows it invalid)" if judged else ""
        return cls(
            f"{_sentence(error)} {named(target)} on {key} fails so as the record stands "
            f"already, corrected or not{shown}: while it "
            f"does, a correction may change only its rationale and references. To change what it "
            f"decided, {way_out}"
        )


def _sentence(error: LedgerError) -> str:
    why = str(error).rstrip()
    return why + ("" if why.endswith((".", "!", "?")) else ".")


def named(event: DecisionEvent) -> str:
    """A decision as a refusal names it: its label, version and both dates."""
    recorded = event.timestamp.astimezone(UTC).strftime("%Y-%m-%d")
    return (
        f"'{event.label}' (version {event.originator_version}, effective "
        f"{event.decision.effective_date.isoformat()}, recorded {recorded})"
    )
