"""The storyteller: plans dated decisions, then records them in one transaction.

A storyline (``storylines.py``, ``changes.py``, ``corrections.py``) plans
each decision as a step on a day; :meth:`Storyteller.record` runs the steps
in order of that day. A step usually runs on its effective date; one
recorded late runs on a later day than it takes effect.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from portfolio_ledger.application import commands as c
from portfolio_ledger.application.batch import Batch
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.application.views import Recorded
from portfolio_ledger.demo.data import SEED
from portfolio_ledger.demo.governance import Person


@dataclass
class DemoSummary:
    """What the demo recorded; each list says one thing of note, naming its item."""

    items: int = 0
    events: int = 0
    actors: set[str] = field(default_factory=set)
    first_effective: date | None = None
    last_effective: date | None = None
    people: int = 0
    boards: int = 0
    delegations: int = 0
    organisations: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    automatic_escalations: list[str] = field(default_factory=list)
    onboarded: list[str] = field(default_factory=list)
    """The keys of the items onboarded already under way."""
    transferred: list[str] = field(default_factory=list)
    recategorised: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)
    withheld: list[str] = field(default_factory=list)
    corrected: list[str] = field(default_factory=list)
    recorded_late: list[str] = field(default_factory=list)
    corrected_keys: list[str] = field(default_factory=list)
    """The items with a corrected decision (for the commands to try next)."""

    def of_note(self) -> str:
        """How many of each thing a real portfolio brings: onboarded, left, corrected, ..."""
        counts = (
            (self.onboarded, "onboarded", "onboarded"),
            (self.transferred, "transfer", "transfers"),
            (self.recategorised, "category change", "category changes"),
            (self.left, "left the portfolio", "left the portfolio"),
            (self.withheld, "rating withheld", "ratings withheld"),
            (self.corrected, "correction", "corrections"),
            (self.recorded_late, "decision recorded late", "decisions recorded late"),
        )
        return ", ".join(
            f"{len(things)} {one if len(things) == 1 else many}"
            for things, one, many in counts
            if things
        )


@dataclass(order=True)
class Step:
    """Something to record on a day (its order among the steps planned for that day)."""

    day: date
    order: int
    run: Callable[[], Any] = field(compare=False)


@dataclass
class DemoItem:
    """One demo item's particulars, and the day its story has reached."""

    number: int
    key: str
    kind: str
    title: str
    category: str
    organisation: str
    story: str
    day: date
    cost: int
    budget: int = 0
    forecast: int = 0


Then = Callable[[Recorded], None]
"""What to do with what a step recorded (note it in the summary, say)."""


class Storyteller:
    """Plans the demo's decisions as dated steps, then records them in order."""

    def __init__(self, ledger: PortfolioLedger, today: date) -> None:
        self.ledger = ledger
        self.today = today
        self.start = today - timedelta(days=364)
        # Not for security: a fixed seed makes the same demo every time.
        self.random = random.Random(SEED)  # noqa: S311
        self.steps: list[Step] = []
        self.summary = DemoSummary()
        self.keys: dict[str, str] = {}
        """Each item's key, by title."""
        self.batch: Batch | None = None

    def record(self, check: Callable[[], None] | None = None) -> DemoSummary:
        """Record every planned step, in order of its day, as one transaction.

        A demo stopped part-way (killed, say) leaves nothing behind: all of
        it is recorded, or none. ``check`` runs first, in the transaction.
        """
        with self.ledger.batch() as batch:
            if check is not None:
                check()
            self.batch = batch
            for step in sorted(self.steps):
                step.run()
        self.summary.events = batch.recorded
        return self.summary

    def on(self, day: date, run: Callable[[], Any]) -> None:
        """Plan ``run`` for ``day``, after whatever was planned for that day before."""
        self.steps.append(Step(day, len(self.steps), run))

    def do(  # noqa: PLR0917 - the demo script reads best as one call per decision
        self,
        item: DemoItem,
        gap_days: int,
        command: type[c.Command],
        who: Person,
        authority: str | None,
        rationale: str,
        **fields: Any,
    ) -> None:
        """Plan one decision ``gap_days`` after the item's previous one (never after today)."""
        item.day = min(item.day + timedelta(days=gap_days), self.today)
        self.decide(item.key, item.day, command, who, authority, rationale, **fields)

    def decide(  # noqa: PLR0917 - as for do()
        self,
        key: str,
        day: date,
        command: type[c.Command],
        who: Person,
        authority: str | None,
        rationale: str,
        *,
        recorded_on: date | None = None,
        then: Then | None = None,
        **fields: Any,
    ) -> None:
        """Plan one decision on ``key`` effective on ``day``, recorded then or on ``recorded_on``.

        ``then`` is given what was recorded.
        """
        # Governed decisions name the actor by person key; the ledger records the name.
        actor = who.key if issubclass(command, c.Governed) else who.name
        new_item = command in {c.ProposeItem, c.OnboardItem}

        def run() -> None:
            cmd = command(
                key=key,
                actor=actor,
                role=who.role,
                authority=authority,
                rationale=rationale,
                effective_date=day,
                **fields,
            )
            recorded = self.handle(cmd)
            if recorded.event == "escalated" and command is c.ReportStatus:
                self.summary.automatic_escalations.append(f"{key}: {recorded.summary}")
            if then is not None:
                then(recorded)
            self.count(day, who, new_item=new_item)

        self.on(recorded_on or day, run)

    def handle(self, command: c.Decided) -> Recorded:
        """Record one command in the batch."""
        assert self.batch is not None  # steps run only inside record()
        return self.batch.handle(command)

    def position_of(self, key: str, version: int) -> int:
        """The ledger position of version ``version`` of item ``key``, recorded in this batch.

        A batch gives positions only when its events reach the database:
        send them (still in the batch's transaction), then read the item's
        history there.
        """
        assert self.batch is not None  # steps run only inside record()
        self.batch.flush()
        [position] = [e.position for e in self.ledger.queries.history(key) if e.version == version]
        assert position is not None  # flushed: every event has its position
        return position

    def count(self, day: date, who: Person, *, new_item: bool) -> None:
        """Count a decision recorded by ``who``, effective on ``day``."""
        summary = self.summary
        summary.items += int(new_item)
        summary.actors.add(who.name)
        summary.first_effective = min(summary.first_effective or day, day)
        summary.last_effective = max(summary.last_effective or day, day)

    def note(self, notes: list[str]) -> Then:
        """A ``then`` that notes what was recorded in ``notes``."""
        return lambda recorded: notes.append(f"{recorded.key}: {recorded.summary}")
