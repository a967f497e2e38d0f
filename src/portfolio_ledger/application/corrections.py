"""A correction's values as typed, read as the types the corrected decision holds.

``decision correct 57 --set authorised_budget=1200000 --set rag=amber`` gives
text; the decision at position 57 holds money, a rating. Each value is read
as its field's type (looked up on the event's class), so the correction
carries exactly what the decision would have carried had it been right.
"""

from __future__ import annotations

import inspect
import sys
import types
from datetime import date
from enum import Enum
from functools import cache
from typing import Any, Union, get_args, get_origin

from pydantic import TypeAdapter, ValidationError

from portfolio_ledger.application.commands.days import before_any_decision, read_day
from portfolio_ledger.application.commands.fields import figure_in, read_amount, read_figure
from portfolio_ledger.application.errors import InvalidInput
from portfolio_ledger.application.field_wording import problems
from portfolio_ledger.domain.clock import utc_today
from portfolio_ledger.domain.decision import DecisionEvent
from portfolio_ledger.domain.figures import Unstated
from portfolio_ledger.domain.money import Money, whole_number_problem

_DECISION_TYPES: dict[str, Any] = {
    "effective_date": date,
    "rationale": str,
    "references": tuple[str, ...],
}
_NOTHING = {"", "none", "null"}


def read_changes(
    target: DecisionEvent, currency: str | None, raw: dict[str, Any], whose: str = "the item"
) -> dict[str, Any]:
    """Each change's value read as the type of the field it corrects (of ``whose`` decision).

    Names the event does not have are passed through as given: the domain
    refuses them, listing what may be corrected.
    """
    hints = _hints(type(target))
    changes = {}
    for name, value in raw.items():
        kind = _DECISION_TYPES.get(name) or hints.get(name)
        if kind is None:
            changes[name] = value
            continue
        money = getattr(target, name, None)
        recorded = money.currency if isinstance(money, Money) else None
        # An item's amounts are in its currency; a board's or delegation's limit in the
        # currency written (else the one recorded): it is no item's budget.
        in_currency = currency or _written_currency(value) or recorded
        try:
            read = _read(kind, value, in_currency, whose)
            changes[name] = _as_declared(type(target).__name__, name, read)
        except (ValueError, TypeError) as error:
            # Bad usage, as the same value given to the decision's own option is (exit 2).
            shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:56] + "...'"
            raise InvalidInput(
                f"the corrected {name} {shown} is not valid: {_why(error)}"
            ) from None
    _an_effective_day(changes.get("effective_date"))
    return changes


def _as_declared(event: str, name: str, value: Any) -> Any:
    """Text, days and numbers checked as the command recording ``event`` checks them.

    The event holds plain ``str``; the command that records it a ``Name`` (at most 200
    characters, a board's 100) or ``Text``, which no correction may get round; a
    forecast date from 1900 on; and a number in its range (a quorum from 1 to 100, an
    alignment score to 100): out of it, bad usage, as the command's own option is.
    (A corrected effective date is checked below, in words of its own.)
    """
    texts = isinstance(value, str) or (
        isinstance(value, tuple) and all(isinstance(item, str) for item in value)
    )
    days = isinstance(value, date) and name != "effective_date"
    numbers = isinstance(value, int) and not isinstance(value, bool)
    checked = texts or days or numbers
    adapter = _declared(RECORDED_BY.get(event)).get(name) if checked else None
    return value if adapter is None else adapter.validate_python(value)


RECORDED_BY = {
    "AuthorityDelegated": "authority delegate",
    "AuthorityLimitSet": "board set-limit",
    "BenefitMeasured": "item measure-benefit",
    "BoardConstituted": "board create",
    "BusinessCaseAppraised": "item appraise",
    "FundingChanged": "item fund",
    "IssueEscalated": "item escalate",
    "ItemApproved": "item approve",
    "ItemDeferred": "item defer",
    "ItemLeft": "item leave",
    "ItemOnboarded": "item onboard",
    "ItemProposed": "item propose",
    "ItemReprioritised": "item reprioritise",
    "ItemTransferred": "item transfer",
    "CorrectiveActionRecommended": "item recommend-action",
    "DependencyDeclared": "item declare-dependency",
    "EnvelopeSet": "portfolio envelope",
    "EnvelopeChanged": "portfolio envelope",
    "MemberAppointed": "board appoint",
    "OrganisationAdded": "organisation add",
    "OrganisationsListed": "organisation add",
    "PersonRegistered": "person add",
    "QuorumSet": "board set-quorum",
    "StageGateReviewed": "item review-gate",
    "StatusReported": "item report-status",
}
"""The command that records each decision a correction may change: its fields' rules hold.

A field name means different text in different commands: a board's ``name``
is at most 100 characters, a person's 200.
"""


@cache
def _declared(command: str | None) -> dict[str, TypeAdapter[Any]]:
    """Each field's type as ``command`` declares it; else as the first command declaring it."""
    from portfolio_ledger.application.registry import WHERE, resolve

    declared: dict[str, TypeAdapter[Any]] = {}
    for each in [*([command] if command in WHERE else []), *WHERE]:
        for name, info in resolve(each).model.model_fields.items():
            declared.setdefault(name, TypeAdapter(info.rebuild_annotation()))
    return declared


def _why(error: Exception) -> str:
    """What is wrong with a value: pydantic's errors in the ledger's words, else as raised."""
    if isinstance(error, ValidationError):
        return "; ".join(problem.message for problem in problems(error.errors()))
    return str(error)


def _an_effective_day(day: date | None) -> None:
    """Refuse a corrected effective date after today or before 1900, as ``--effective-date``."""
    if day is None:
        return
    too_early = before_any_decision(day)
    if too_early is not None:
        raise InvalidInput(f"the corrected effective_date is not valid: {too_early}")
    today = utc_today()
    if day > today:
        raise InvalidInput(
            f"the corrected effective_date {day.isoformat()} is in the future; a "
            f"decision takes effect on or before the day it is recorded (today is "
            f"{today.isoformat()} in UTC, the ledger's calendar)"
        )


@cache
def _hints(cls: type) -> dict[str, Any]:
    """The types of an event's fields, each read in the module its class's code is in.

    (``typing.get_type_hints`` reads them where the class is *stored* as being,
    which for item events is not where their code is: see ``stored_as``.)
    """
    hints: dict[str, Any] = {}
    for base in reversed(cls.__mro__):
        module = sys.modules[base.__dict__.get("__code_module__", base.__module__)]
        for name, written in inspect.get_annotations(base).items():
            try:
                hints[name] = eval(written, vars(module)) if isinstance(written, str) else written  # noqa: S307 - our own source
            except NameError:
                continue  # a name only imported for type checkers: not a field we read
    return hints


def _read(kind: Any, value: Any, currency: str | None, whose: str) -> Any:
    options = _options(kind)
    if type(None) in options and (value is None or str(value).strip().casefold() in _NOTHING):
        return None
    options = [option for option in options if option is not type(None)]
    if Money in options and Unstated in options:
        return figure_in(read_figure(value), _currency(currency), whose)
    if options == [Money]:
        return read_amount(value).in_currency(_currency(currency), whose)
    (single,) = options if len(options) == 1 else (kind,)
    return _read_one(single, value)


def _read_one(kind: Any, value: Any) -> Any:
    if get_origin(kind) is tuple:
        items = value if isinstance(value, list | tuple) else [value]
        return tuple(str(item).strip() for item in items if str(item).strip())
    if isinstance(value, bool):
        raise TypeError("a truth value is not a value of this field")
    if isinstance(value, list | tuple):  # --set NAME=a --set NAME=b, or a JSON array
        raise TypeError(f"it takes one value, not a list of {len(value)}: give it once, as text")
    if isinstance(kind, type) and issubclass(kind, Enum):
        try:
            return kind(value)
        except ValueError:
            choices = ", ".join(str(member.value) for member in kind)
            raise ValueError(f"{value!r} is not one of: {choices}") from None
    if kind is date:
        return read_day(value.strip() if isinstance(value, str) else value)
    if kind is int:
        if (problem := whole_number_problem(str(value).strip())) is not None:
            raise ValueError(f"{str(value).strip()!r} {problem}")
        try:
            return int(str(value).strip())
        except ValueError:  # Python's words ("invalid literal for int() with base 10")
            raise ValueError("must be a whole number, such as 3") from None
    if kind is str:
        text = str(value).strip()
        if not text:
            raise ValueError("it must not be blank")
        return text
    raise ValueError(f"a {getattr(kind, '__name__', kind)} cannot be corrected from text")


def _options(kind: Any) -> list[Any]:
    if get_origin(kind) in {Union, types.UnionType}:
        return list(get_args(kind))
    return [kind]


def _written_currency(value: Any) -> str | None:
    """The currency written with an amount (``EUR 10``), if any; None if none or unreadable."""
    try:
        return read_amount(value).currency
    except (ValueError, TypeError):
        return None


def _currency(currency: str | None) -> str:
    if currency is None:
        raise ValueError("write the currency with the amount, e.g. 'GBP 1200000'")
    return currency
