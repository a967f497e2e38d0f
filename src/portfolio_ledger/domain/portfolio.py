"""The portfolio as a whole: the envelope of money its items are funded from.

One aggregate per ledger, under the fixed key ``PORTFOLIO``. Its events are
decisions like any other: they carry the governance metadata and appear in
the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID, uuid5

from eventsourcing.domain import AggregateCreated

from portfolio_ledger.domain.decided import DecidedAggregate
from portfolio_ledger.domain.decision import Decision, DecisionEvent, check_not_future
from portfolio_ledger.domain.errors import AuthorityNotNamed, InvalidDecision
from portfolio_ledger.domain.money import Money

PORTFOLIO_KEY = "PORTFOLIO"
# Fixed forever, like item ids: the portfolio is the same aggregate in every ledger.
PORTFOLIO_ID: UUID = uuid5(UUID("5d0b7f9e-3c1a-4e55-9a57-3f1c2b8a6d42"), "portfolio")

ENVELOPE_CALLED = (("amount", "envelope"),)
"""``portfolio envelope AMOUNT``: the amount a correction is told to name ``envelope``."""


@dataclass(frozen=True)
class EnvelopeSet(DecisionEvent, AggregateCreated):
    """The portfolio's envelope (the money its items are funded from) was first set."""

    envelope: Money
    label: ClassVar[str] = "envelope set"
    subject_kind: ClassVar[str] = "portfolio"
    correctable: ClassVar[frozenset[str]] = frozenset({"envelope"})
    called: ClassVar[tuple[tuple[str, str], ...]] = ENVELOPE_CALLED

    def change(self, aggregate: Any) -> None:
        """Set the envelope."""
        portfolio: Portfolio = aggregate
        portfolio.key = PORTFOLIO_KEY
        portfolio.envelope = self.envelope

    def describe(self) -> str:
        """The envelope."""
        return f"portfolio envelope {self.envelope}"


@dataclass(frozen=True)
class EnvelopeChanged(DecisionEvent):
    """The portfolio's envelope changed; the previous envelope is kept here too."""

    envelope: Money
    previous_envelope: Money
    label: ClassVar[str] = "envelope changed"
    subject_kind: ClassVar[str] = "portfolio"
    correctable: ClassVar[frozenset[str]] = frozenset({"envelope"})
    called: ClassVar[tuple[tuple[str, str], ...]] = ENVELOPE_CALLED

    def check(self, aggregate: Any) -> None:
        """A different envelope."""
        portfolio: Portfolio = aggregate
        if self.envelope == portfolio.envelope:
            raise InvalidDecision(
                f"the portfolio envelope is already {self.envelope}; nothing to change"
            )

    def change(self, aggregate: Any) -> None:
        """Set the new envelope."""
        portfolio: Portfolio = aggregate
        portfolio.envelope = self.envelope

    def describe(self) -> str:
        """Old and new envelope."""
        return f"portfolio envelope {self.previous_envelope} -> {self.envelope}"


class Portfolio(DecidedAggregate):
    """The portfolio as a whole."""

    def start(self) -> None:
        """Before its envelope was set."""
        super().start()
        self.key = PORTFOLIO_KEY
        self.envelope: Money | None = None

    @classmethod
    def set_up(cls, *, envelope: Money, decision: Decision) -> Portfolio:
        """Set the portfolio's envelope for the first time."""
        _require_authority(decision)
        check_not_future(PORTFOLIO_KEY, decision, EnvelopeSet.create_timestamp())
        return cls._create(EnvelopeSet, id=PORTFOLIO_ID, envelope=envelope, decision=decision)

    def change_envelope(self, *, envelope: Money, decision: Decision) -> None:
        """Change the envelope."""
        _require_authority(decision)
        before = self.as_on(decision.effective_date) or self
        assert before.envelope is not None  # set by the creating event
        self._decide(
            EnvelopeChanged, decision, envelope=envelope, previous_envelope=before.envelope
        )


def _require_authority(decision: Decision) -> None:
    if decision.authority is None:
        raise AuthorityNotNamed(
            "setting the portfolio envelope is an authorisation: name the authority "
            "it is decided under"
        )
