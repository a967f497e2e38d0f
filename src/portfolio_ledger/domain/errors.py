"""Errors a user can cause, raised by the domain when a rule refuses a decision."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any


class LedgerError(Exception):
    """Base of every error a user can cause; its message names thing, rule and fix."""

    fields: tuple[str, ...] = ()
    """Options its message names (``effective-date``) that are fields on an import's line.

    Each written ``OPTION`` where the line's field is named alike (``effective_date``),
    else ``OPTION=FIELD`` (``until=valid_to``, ``vote=votes``): see :func:`option_and_field`.
    """
    usage: bool = False
    """True for a value malformed as given (bad usage, exit 2), not refused by a rule (exit 1)."""

    def naming_fields(self, *options: str) -> LedgerError:
        """The same, saying ``--OPTION`` of each of ``options`` as its field on a line.

        An option whose field is named otherwise is written ``OPTION=FIELD``; ``set``
        says a correction's ``--set NAME=VALUE`` as ``"changes": {"NAME": "VALUE"}``.
        """
        self.fields = options
        return self

    def on_a_line(self) -> str:
        """The message as an import line's: each option of :attr:`fields` named as its field."""
        said = str(self)
        for written in self.fields:
            if written == "set":  # a correction's --set NAME=VALUE: a line's "changes"
                said = re.sub(r"--set (\w+)=([^\s);,]*[^\s);,.])", r'"changes": {"\1": "\2"}', said)
                continue
            option, field = option_and_field(written)
            said = said.replace(f"--{option}", f'"{field}"')
        return said


def option_and_field(written: str) -> tuple[str, str]:
    """An option and its field on a line: ``until=valid_to``; ``effective-date``, named alike."""
    option, _, field = written.partition("=")
    return option, field or option.replace("-", "_")


class DecisionRefused(LedgerError):  # noqa: N818 - a refusal, not a fault
    """A decision that the ledger's rules do not allow."""


class IllegalTransition(DecisionRefused):
    """The lifecycle does not allow this decision in the item's current stage."""

    def __init__(  # noqa: PLR0917 - the refusal's parts, each said
        self, key: str, stage: str, action: str, rule: str, hint: str, doing: str
    ) -> None:
        self.key = key
        self.stage = stage
        self.action = action
        """The action's value (``put live``); ``doing``, it said of the item: put PRJ-1 live."""
        self.rule = rule
        message = f"cannot {doing}: it is {stage}; {rule}."
        if hint:
            message += f" {hint}"
        super().__init__(message)


def when_late(error: LedgerError, day: Any, now: Any) -> LedgerError:
    """``error`` of a decision dated ``day``, before ``now``'s latest: the stage then and now.

    A status report dated the day before an approval said *it is proposed* of an
    item approved and paused since: the stage on its day, not the one ``item show``
    gives. It says the day, and the stage the item is in now.
    """
    stage = getattr(getattr(now, "stage", None), "value", None)
    if isinstance(error, IllegalTransition) and stage not in {None, error.stage}:
        error.args = (
            str(error).replace(
                f": it is {error.stage};",
                f": on {day.isoformat()}, the day it would take effect, it was {error.stage} "
                f"(it is {stage} now);",
                1,
            ),
        )
    return error


class InvalidDecision(DecisionRefused):
    """A decision whose values break a rule of the item (currency, dates, ranks...)."""


class Malformed(InvalidDecision):
    """A value malformed as given, whatever the ledger holds: bad usage (exit 2), not a rule."""

    usage = True


class InvalidKey(Malformed):
    """A key that is no key (``'prj 42!'``): bad usage, whether a command records or reads."""


class AuthorityNotNamed(InvalidDecision):
    """A decision that must name the authority it is made under names none.

    ``what`` says what the authority is wanted for (``to reject PRJ-1 name the authority
    it is decided under (a board or a delegation)``); the message is worded for the
    command line (``--authority``), :meth:`on_a_line` for an import's line (the field).
    A missing option: bad usage.
    """

    usage = True

    def __init__(self, what: str, *, checkable: bool = False) -> None:
        """``checkable``: a board's meeting or a delegation may be named instead (a pause)."""
        self.what, self.checkable = what, checkable
        self.wording = authority_wanted(what, checkable=checkable)
        super().__init__(self.wording)

    def on_a_line(self) -> str:
        """The same refusal as an import line's: naming its field, ``authority``.

        A message put in other words since (a correction's refusal that quotes it) is kept.
        """
        said = str(self)
        if said != self.wording:
            return said
        return authority_wanted(self.what, on_a_line=True, checkable=self.checkable)

    @classmethod
    def within(cls, error: BaseException | None) -> AuthorityNotNamed | None:
        """The refusal ``error`` is or carries (a validator's ValueError of one), if any."""
        if isinstance(error, AuthorityNotNamed):
            return error
        carried = error.args[0] if isinstance(error, ValueError) and error.args else None
        return carried if isinstance(carried, AuthorityNotNamed) else None


def authority_wanted(what: str, *, on_a_line: bool = False, checkable: bool = False) -> str:
    """The one wording of a missing authority: the option on the command line, else the field.

    ``checkable``: the decision may name a board's meeting or a delegation instead, and
    the wording says how.
    """
    if on_a_line:
        instead = (
            ', or a board\'s meeting ("board", "present", "votes") or a delegation '
            '("delegation") for the ledger to check'
        )
        return f'authority: is required: {what}; give it as "authority" on the line' + (
            instead if checkable else ""
        )
    instead = (
        " (in words), or name a board's meeting (--board, --present, --vote) or a "
        "delegation (--delegation) for the ledger to check"
    )
    return f"{what} with --authority" + (instead if checkable else "")


_WHOSE = {"portfolio": "the portfolio's", "organisations": "the organisations list's"}
"""The subjects there is one of, said as such (not 'a organisations's key')."""


class ItemNotFound(LedgerError):  # noqa: N818
    """No item is recorded under the given key."""

    exists: bool = False
    """Whether the item exists, though not at the moment asked about (:meth:`at`)."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(
            f"no item {key} in this ledger; check the key with "
            "'portfolio-ledger items list', or propose it first."
        )

    def naming(self, kind: str, key: str) -> ItemNotFound:
        """The same, saying the key is of another kind of subject (a person, a board)."""
        error = ItemNotFound(self.key)
        spelt = key.lower() if kind == "person" else key.upper()
        whose = _WHOSE.get(kind, f"a {kind}'s")
        error.args = (
            (
                f"no item {self.key} in this ledger: {spelt} is {whose} key; see what was "
                f"recorded about it with 'portfolio-ledger audit trail --item {spelt}'."
            ),
        )
        return error

    @classmethod
    def at(cls, key: str, moment: str) -> ItemNotFound:
        """The item exists now but did not at the moment asked about."""
        error = cls(key)
        error.exists = True
        message = (
            f"{key} did not exist yet ({moment}); see when it joined the ledger (proposed "
            f"or onboarded) with 'portfolio-ledger item history {key}'."
        )
        error.args = (message,)
        return error


class DuplicateItem(DecisionRefused):
    """An item is already recorded under the key a proposal wants to use."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(
            f"item {key} already exists; keys are unique and never reused. "
            f"Choose another key, or see it with 'portfolio-ledger item show {key}'."
        )


class GovernanceRecordNotFound(LedgerError):  # noqa: N818
    """No person, board or delegation is recorded under the given key."""

    def __init__(self, kind: str, key: str, hint: str) -> None:
        self.kind = kind
        self.key = key
        super().__init__(f"no {kind} {key} in this ledger; {hint}")


# Where a key of each kind is seen: a command that runs as written (``person list``
# and ``authority list`` take no key, so none is given them).
_SEE_KEY = {"person": "person list", "board": "board show {key}", "delegation": "authority list"}


class DuplicateKey(DecisionRefused):
    """A person, board or delegation is already recorded under the key given."""

    def __init__(self, kind: str, key: str) -> None:
        self.kind = kind
        self.key = key
        see = _SEE_KEY[kind].format(key=key)
        super().__init__(
            f"{kind} {key} already exists; keys are unique and never reused. Choose "
            f"another key, or see it with 'portfolio-ledger {see}'."
        )


class GovernanceRefused(DecisionRefused):
    """Governance, as it stood on the decision's effective date, does not allow the decision."""


class UnknownPerson(GovernanceRefused):
    """The person named is not registered (or was not yet, on the effective date)."""


class NotABoardMember(GovernanceRefused):
    """Someone acting for a board, or counted present, was not one of its members."""


class QuorumNotMet(GovernanceRefused):
    """Fewer members were present than the board's quorum."""


class NoMajority(GovernanceRefused):
    """The votes recorded did not carry the decision."""


class SegregationOfDuties(GovernanceRefused):
    """Whoever proposed or sponsors an item approves it, or votes on it."""


class DelegationNotValid(GovernanceRefused):
    """A delegation used outside its window or categories, after revocation, or by another."""


class AuthorityExceeded(GovernanceRefused):
    """The item's cumulative budget would exceed the limit of the authority used."""


FIND_THE_FORGED = (
    "Run 'portfolio-ledger audit verify' to find where; an event appended through SQL with "
    "its link and tree row computed passes that, and 'portfolio-ledger audit verify "
    "--checkpoint FILE --key KEY' with your latest checkpoint names it (not signed)"
)
"""What to run about an event that cannot follow from those before it: plain verification
passes one linked and treed in order, so the check that finds it is named too."""


class EventsDoNotFollow(LedgerError):  # noqa: N818 - a condition the user acts on
    """Stored events that their class cannot fold: one was stored behind the ledger's back."""

    def __init__(self, event: object, error: Exception, before: object = None) -> None:
        from portfolio_ledger.domain.out_of_place import expected, which

        super().__init__(
            f"the stored event {which(event, before)} does not follow from the events "
            f"before it: {expected(event, error, before)}. The ledger never records such an "
            "event: the record was altered outside portfolio-ledger. Nothing was written. "
            f"{FIND_THE_FORGED} (docs/verification.md, 'When verification fails')."
        )


def folded_in_turn(aggregate: Any, events: Iterable[Any]) -> Any:
    """Each event's ``mutate`` in turn, from ``aggregate``; one that cannot be folded, said."""
    for event in events:
        try:
            aggregate = event.mutate(aggregate)
        except (LedgerError, MemoryError):  # said as they are: no sign of the record altered
            raise
        except Exception as error:
            raise EventsDoNotFollow(event, error, aggregate) from error
    return aggregate


PATH_MAX = 4096
"""The longest path Linux opens (bytes, with its end): a longer one can name no file."""


def shown_path(path: object, width: int = PATH_MAX) -> str:
    """A path as a message names it: whole, unless longer than ``width`` (than any path can be).

    ``--db`` or ``--out`` given 100,000 characters was echoed whole, burying the
    message after it; its start and end name it as well.
    """
    text = str(path)
    if len(text) <= width:
        return text
    return f"{text[:60]}...{text[-20:]} ({len(text):,} characters)"


def quoted(value: object, width: int = 80) -> str:
    """``value`` as a refusal quotes it (its ``repr``), cut to ``width`` characters.

    A value given by the user, or found in a file, may be any length: a refusal names
    it, and a 100,000-character name would bury the message.
    """
    text = repr(value)
    return text if len(text) <= width else text[: width - 3] + "..."


def moved_date_on_a_line(said: str, day: str) -> str:
    """A refusal of a decision's move to ``day``, its options said as an import line's fields.

    On the command line a date correction is ``--set effective_date=DAY`` and its own day
    ``--effective-date``; on a line they are ``"changes"`` and ``"effective_date"``.
    """
    return said.replace(
        f"--set effective_date={day}", f'"changes": {{"effective_date": "{day}"}}'
    ).replace("--effective-date", '"effective_date"')
