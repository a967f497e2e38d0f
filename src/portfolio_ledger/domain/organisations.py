"""The organisations items belong to: departments, directorates, business units.

A ledger may keep a list of its organisations (``organisation add DFE --name
"Department for Education"``). Once it has one, every item's organisation
must be on it, named by its key or its name in any case (``dfe``, ``DfE``),
and is recorded by its key; a ledger without a list takes organisations as
written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from eventsourcing.domain import AggregateCreated

from portfolio_ledger.domain.caseless import fold
from portfolio_ledger.domain.decided import DecidedAggregate
from portfolio_ledger.domain.decision import MAX_NAME, Decision, DecisionEvent, check_not_future
from portfolio_ledger.domain.errors import InvalidDecision
from portfolio_ledger.domain.keys import ORGANISATIONS_ID, normalise_key
from portfolio_ledger.domain.people import same_name

ORGANISATIONS_KEY = "ORGANISATIONS"


@dataclass(frozen=True)
class OrganisationsListed(DecisionEvent, AggregateCreated):
    """The ledger began to keep a list of its organisations, with the first one."""

    key: str
    name: str
    label: ClassVar[str] = "organisation added"
    subject_kind: ClassVar[str] = "organisations"
    correctable: ClassVar[frozenset[str]] = frozenset({"name"})

    def change(self, aggregate: Any) -> None:
        """The list, with its first organisation."""
        organisations: Organisations = aggregate
        organisations.key = ORGANISATIONS_KEY
        organisations.names = {self.key: self.name}

    def describe(self) -> str:
        """Which organisation."""
        return f"organisation {self.key} added: {self.name}"


@dataclass(frozen=True)
class OrganisationAdded(DecisionEvent):
    """An organisation was added to the list."""

    key: str
    name: str
    label: ClassVar[str] = "organisation added"
    subject_kind: ClassVar[str] = "organisations"
    correctable: ClassVar[frozenset[str]] = frozenset({"name"})

    def check(self, aggregate: Any) -> None:
        """A key and a name not on the list already."""
        organisations: Organisations = aggregate
        clash = organisations.find(self.key) or organisations.find(self.name)
        shown = "" if clash is not None else organisations.shown_as(self.name)
        if clash is not None or shown:
            clash = clash or shown
            raise InvalidDecision(
                f"organisation {clash} ({organisations.names[clash]}) is on the list already"
                + (f", and {self.name!r} shows as its name" if shown else "")
                + "; an organisation's key and name are each on the list once: give another, "
                "or see the list with 'portfolio-ledger organisation list'"
            )

    def change(self, aggregate: Any) -> None:
        """Add it."""
        organisations: Organisations = aggregate
        organisations.names = {**organisations.names, self.key: self.name}

    def describe(self) -> str:
        """Which organisation."""
        return f"organisation {self.key} added: {self.name}"


class Organisations(DecidedAggregate):
    """The list of the organisations items belong to."""

    def start(self) -> None:
        """Before the list began."""
        super().start()
        self.key = ORGANISATIONS_KEY
        self.names: dict[str, str] = {}

    @classmethod
    def begin(cls, *, key: str, name: str, decision: Decision) -> Organisations:
        """Begin the list with its first organisation."""
        key, name = _checked(key, name)
        check_not_future(ORGANISATIONS_KEY, decision, OrganisationsListed.create_timestamp())
        return cls._create(
            OrganisationsListed, id=ORGANISATIONS_ID, key=key, name=name, decision=decision
        )

    def add(self, *, key: str, name: str, decision: Decision) -> None:
        """Add an organisation to the list."""
        key, name = _checked(key, name)
        self._decide(OrganisationAdded, decision, key=key, name=name)

    def find(self, text: str) -> str | None:
        """The key of the organisation ``text`` names (its key or name, any case), if any.

        Compared as every filter compares names (:func:`fold`: case, typography, characters
        that show nothing), with a run of spaces as one.
        """
        wanted = fold(" ".join(text.split()))
        for key, name in self.names.items():
            if wanted in {fold(key), fold(" ".join(name.split()))}:
                return key
        return None

    def shown_as(self, name: str) -> str:
        """The key of the organisation whose key or name ``name`` shows as, else ``""``.

        As people's names are compared (:func:`same_name`): 'Operations' typed with a Greek
        capital O, or with a zero-width joiner in it, shows as OPS's name, and added as
        another organisation's, items filed under it would read as OPS's.
        """
        for key, listed in self.names.items():
            if same_name(listed, name) or same_name(key, name):
                return key
        return ""

    def resolve(self, text: str) -> str:
        """The key of the organisation ``text`` names; refuses one not on the list."""
        found = self.find(text)
        if found is None:
            listed = ", ".join(f"{k} ({n})" for k, n in sorted(self.names.items()))
            raise InvalidDecision(
                f"{text!r} is not an organisation on this ledger's list ({listed}); name one "
                "of them by key or name, or add it first with 'portfolio-ledger organisation "
                "add KEY --name NAME'"
            )
        return found


def _checked(key: str, name: str) -> tuple[str, str]:
    key = normalise_key(key, "organisation", "DFE")
    if not name.strip() or len(name) > MAX_NAME:
        raise InvalidDecision(
            f"the name of organisation {key} is required, at most {MAX_NAME} characters"
        )
    return key, " ".join(name.split())
