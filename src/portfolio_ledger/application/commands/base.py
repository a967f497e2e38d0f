"""What every command records (who, role, authority, why, when), and how authority is named."""

from __future__ import annotations

import hashlib
from typing import Any, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_validator,
)

from portfolio_ledger.application.commands.days import EffectiveDate
from portfolio_ledger.application.commands.fields import (
    BoardKey,
    DelegationKey,
    ItemKey,
    Name,
    PersonKey,
    RequestId,
)
from portfolio_ledger.application.commands.rationale import Rationale
from portfolio_ledger.domain.authority import BoardResolution, DelegatedAuthority, Mandate, Vote
from portfolio_ledger.domain.clock import utc_today
from portfolio_ledger.domain.decision import Decision, recorded_decision
from portfolio_ledger.domain.errors import InvalidDecision
from portfolio_ledger.domain.keys import normalise_person_key


class Decided(BaseModel):
    """Base of every command: the governance metadata of the decision it records."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    actor: Name
    role: Name
    rationale: Rationale
    authority: Name | None = None
    effective_date: EffectiveDate = Field(default_factory=utc_today)
    references: tuple[Name, ...] = Field(default=(), max_length=50)
    request_id: RequestId | None = None
    """The client's own id for this request: sent again (after a timeout, say), the
    decision is recorded once and the first result reported."""

    def fingerprint(self) -> str:
        """What this command asks, as a checksum: the fields given, bar the request id.

        Who was present and how each voted are taken in one order whatever order they
        were given in: sent again with the members listed otherwise (a client that
        builds them from a set, say), it is the same request.
        """
        unordered: dict[str, Any] = {
            name: _in_order(getattr(self, name))
            for name in ("present", "votes")
            if name in self.model_fields_set
        }
        return (self.model_copy(update=unordered) if unordered else self).fingerprint_as_given()

    def fingerprint_as_given(self) -> str:
        """The checksum of the fields in the order given, which earlier releases kept."""
        asked = self.model_dump_json(exclude={"request_id"}, exclude_unset=True)
        return hashlib.sha256(f"{type(self).__name__}:{asked}".encode()).hexdigest()

    def decision(self) -> Decision:
        """The governance metadata the event will carry.

        Made without ``Decision``'s own checks, which this command's fields have passed
        already: text that is not blank and not too long (``Name``, ``Text``), a date, at
        most 50 references (tests/unit/test_decision_checks.py).
        """
        # The fields from the model's __dict__ in one read: each attribute of a model is read
        # through its class's __getattr__ hook, which the interpreter cannot make quick.
        fields = self.__dict__
        return recorded_decision(
            actor=fields["actor"],
            role=fields["role"],
            rationale=fields["rationale"],
            effective_date=fields["effective_date"],
            authority=fields["authority"],
            references=fields["references"],
            mandate=None,
        )

    def actor_key(self) -> str:
        """The actor as a person key, if it is written as one (else as given)."""
        try:
            return normalise_person_key(self.actor)
        except InvalidDecision:
            return self.actor


def _in_order(given: Any) -> Any:
    """Members present, or their votes, sorted by person key."""
    return dict(sorted(given.items())) if isinstance(given, dict) else tuple(sorted(given))


class Command(Decided):
    """A decision on one item, named by its key."""

    key: ItemKey


class Attendance(BaseModel):
    """Who was present at a board's meeting, and how each voted (person keys)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    present: tuple[PersonKey, ...] = Field(default=(), max_length=100)
    votes: dict[PersonKey, Vote] = Field(default_factory=dict, max_length=100)

    @field_validator("present", mode="wrap")
    @classmethod
    def _present_once_each(cls, given: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        """Refuse a member listed as present twice (under one spelling of their key or two).

        Listed twice, one member would be counted twice towards the quorum, or stand
        for another member meant and mistyped; the refusal names them and how written.
        """
        present = handler(given)
        if len(set(present)) == len(present):
            return present
        said: list[str] = []
        for member in dict.fromkeys(p for p in present if present.count(p) > 1):
            written = [g for g in given if normalise_person_key(g) == member]
            times = "twice" if len(written) == 2 else f"{len(written)} times"
            if len(set(written)) > 1:  # spelt in two ways: say how, and why that is one
                shown = ", ".join(map(repr, dict.fromkeys(written)))  # each spelling once
                times += f" (as {shown}: a person's key ignores case)"
            said.append(f"{member} {times}" if said else f"{member} is listed as present {times}")
        raise ValueError(
            f"{' and '.join(said)}: a member is present once, and counts once towards the "
            "quorum; list each member present once with --present"
        )

    @field_validator("votes", mode="wrap")
    @classmethod
    def _one_vote_each(cls, given: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        """Refuse a person given two votes under two spellings of their key (keys ignore case).

        Validation makes the keys one (``HCARTER`` is ``hcarter``), and one vote would
        silently win; only when that made fewer votes than given are they looked at again.
        """
        votes = handler(given)
        if isinstance(given, dict) and len(votes) != len(given):
            spelt: dict[str, list[str]] = {}
            for written in given:
                spelt.setdefault(normalise_person_key(written), []).append(repr(written))
            person, spellings = next((p, s) for p, s in spelt.items() if len(s) > 1)
            raise ValueError(
                f"{person} is given {len(spellings)} votes ({', '.join(spellings)}; a person's "
                f"key ignores case); a person votes once: give {person} one vote with --vote"
            )
        return votes

    def _check_attendance(self) -> None:
        present = self.present
        absent = [person for person in self.votes if person not in present]
        if absent:
            raise ValueError(
                f"{', '.join(absent)} voted but {'is' if len(absent) == 1 else 'are'} not "
                "listed as present; list everyone present with --present"
            )

    def resolution(self, board: str, actor: str) -> BoardResolution:
        """The board's resolution as recorded: its key, the actor, presence and votes."""
        return BoardResolution(
            board=board,
            actor=actor,
            present=self.present,
            votes=tuple(self.votes.items()),
        )


def _no_authority_text(command: Decided) -> None:
    if command.authority is not None:
        raise ValueError(
            "the authority of this decision is the board or delegation it names; the ledger "
            "writes it, so leave out --authority"
        )


class Mandated(Command, Attendance):
    """An item decision that may name a board's meeting or a delegation, for the ledger to check."""

    board: BoardKey | None = None
    delegation: DelegationKey | None = None

    def _check_mandate(self) -> None:
        """Exactly one of a board (with its meeting) and a delegation, and no authority in words."""
        # Each read once, from the model's __dict__: a model's attributes are read through its
        # class's __getattr__ hook, which the interpreter cannot make quick (see decision()).
        fields = self.__dict__
        board, delegation = fields["board"], fields["delegation"]
        if fields["authority"] is not None and board is None and delegation is None:
            raise ValueError(
                "this decision is not taken under an authority in words: name the board whose "
                "meeting decided it (--board, with --present and --vote) or the delegation "
                "(--delegation), for the ledger to check, instead of --authority"
            )
        _no_authority_text(self)
        if (board is None) == (delegation is None):
            given = "both were given" if board is not None else "neither was given"
            raise ValueError(
                "name the authority: a board (--board, with --present and --vote) or a "
                f"delegation (--delegation), one of them ({given})"
            )
        if delegation is not None and (fields["present"] or fields["votes"]):
            raise ValueError(
                "a decision under a delegation is the delegate's own: leave out --present "
                "and --vote (they record a board's meeting)"
            )
        if board is not None and not fields["present"]:
            raise ValueError(f"list the members of {board} present with --present")
        self._check_attendance()

    def claimed(self) -> Mandate | None:
        """The authority claimed, for the ledger to check; None if named in words alone."""
        board, delegation = self.board, self.delegation
        if delegation is not None:
            return DelegatedAuthority(delegation=delegation, actor=self.actor_key())
        if board is not None:
            return self.resolution(board, self.actor_key())
        return None


class Governed(Mandated):
    """An item decision made under a board's resolution or a delegation: exactly one."""

    @model_validator(mode="after")
    def _one_authority(self) -> Self:
        self._check_mandate()
        return self

    def mandate(self) -> Mandate:
        """The authority claimed, for the ledger to check."""
        claimed = self.claimed()
        assert claimed is not None  # one or the other, checked above
        return claimed


class Authorisation(Mandated):
    """An item authorisation under an authority named in words, or a board or delegation.

    In words (``--authority``) it is recorded as said, unchecked; a board's
    meeting (``--board``, ``--present``, ``--vote``) or a delegation
    (``--delegation``) the ledger checks as it checks an approval's, but for
    a limit: membership, quorum, majority, the delegation's window and
    categories, and segregation of duties.
    """

    @model_validator(mode="after")
    def _authority_named_once(self) -> Self:
        if self.board is not None or self.delegation is not None:
            self._check_mandate()
        elif self.present or self.votes:
            raise ValueError(
                "--present and --vote record a board's meeting: name the board with --board "
                "(and leave out --authority), or leave them out"
            )
        return self


class Resolved(Decided, Attendance):
    """A decision of a board's meeting: the board's own governance (delegating, revoking)."""

    @model_validator(mode="after")
    def _attended(self) -> Self:
        _no_authority_text(self)
        if not self.present:
            raise ValueError("list the members present with --present")
        self._check_attendance()
        return self
