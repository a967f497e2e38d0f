"""Stored values of the ledger's own types decoded straight from the parsed JSON.

The library's way (and :class:`~portfolio_ledger.storage.transcodings.LedgerTranscoder`'s
generic walk) restores a typed value from the inside out: every object and
list inside it is visited, every ``{"_type_", "_data_"}`` pair inside it
looked up by name, then the value's transcoding is called on what that left.
A replay decodes millions of times, and most of them are a few shapes: a
time, a date, money, an enum member, a decision (its date, its references,
its mandate). Each decoder here knows its type's stored shape and builds
the value from it directly, the same value the transcoding would make.

A decoder is given only the value's ``_data_``, and the transcoder's restore
for a value inside it that it does not decode itself (a mandate, say). Where the data is not the
shape it knows (a nested typed value where it expects text, a key too many),
it raises :class:`Unknown`, or whatever the parse raises, and the caller
decodes the value the generic way instead: so any value this cannot read
is decoded, or refused, exactly as before (``tests/unit/test_typed_decoding.py``
checks both against the library's own decoder).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from eventsourcing.persistence import Transcoding, TranscodingNotRegisteredError

from portfolio_ledger.domain.authority import BoardResolution, DelegatedAuthority
from portfolio_ledger.domain.decision import Decision, recorded_decision
from portfolio_ledger.domain.money import Money
from portfolio_ledger.domain.tolerances import CostTolerance, TimeTolerance

Restore = Callable[[Any], Any]
"""The decoding of one parsed JSON value: by its typed decoder, or else the generic walk."""
Decoder = Callable[[Any, Restore], Any]
"""A typed value from its stored ``_data_``, or :class:`Unknown`."""


class Unknown(Exception):  # noqa: N818 - a signal to the caller, not an error anyone sees
    """The data is not in the shape this decoder knows: decode it the generic way."""


_CONTAINERS = (dict, list)


def as_datetime(data: Any, _restore: Restore) -> datetime:
    """``datetime_iso``: ISO text (the library's ``DatetimeAsISO``)."""
    if type(data) is not str:
        raise Unknown
    return datetime.fromisoformat(data)


def as_date(data: Any, _restore: Restore) -> date:
    """``date_iso``: ISO text (``DateAsISO``)."""
    if type(data) is not str:
        raise Unknown
    return date.fromisoformat(data)


def as_money(data: Any, _restore: Restore) -> Money:
    """``money``: the exact decimal text and the currency code (``MoneyAsDict``)."""
    if type(data) is not dict or len(data) != 2:
        raise Unknown
    amount = data["amount"]
    currency = data["currency"]
    if type(amount) in _CONTAINERS or type(currency) in _CONTAINERS:
        raise Unknown
    return Money.as_recorded(Decimal(amount), currency)


def enum_member(enum_class: type[Enum]) -> Decoder:
    """A member of ``enum_class`` by its value (``EnumAsValue``); any other value, the slow way."""
    members = enum_class._value2member_map_

    def member(data: Any, _restore: Restore) -> Enum:
        if type(data) is not str:
            raise Unknown
        found = members.get(data)
        if found is None:
            raise Unknown
        return found

    return member


def as_resolution(data: Any, _restore: Restore) -> BoardResolution:
    """``board_resolution``: the board, who recorded it, who was present, each vote."""
    if type(data) is not dict or len(data) != 4:
        raise Unknown
    present, votes = data["present"], data["votes"]
    if type(present) is not list or type(votes) is not dict:
        raise Unknown
    if type(data["board"]) in _CONTAINERS or type(data["actor"]) in _CONTAINERS:
        raise Unknown
    for person in present:  # loops, not all(...): a generator per check costs more than it
        if type(person) is not str:
            raise Unknown
    for vote in votes.values():
        if type(vote) is not str:
            raise Unknown
    return BoardResolution.from_dict(data)


def as_cost_tolerance(data: Any, restore: Restore) -> CostTolerance:
    """``cost_tolerance``: a percentage (exact decimal text) or money, the other None."""
    if type(data) is not dict or len(data) != 2:
        raise Unknown
    percent, amount = data["percent"], data["amount"]
    if type(percent) in _CONTAINERS:
        raise Unknown
    if type(amount) in _CONTAINERS:
        amount = restore(amount)
    return CostTolerance(percent=None if percent is None else Decimal(percent), amount=amount)


def as_time_tolerance(data: Any, restore: Restore) -> TimeTolerance:
    """``time_tolerance``: the planned finish (a date), and a percentage or days."""
    if type(data) is not dict or len(data) != 3:
        raise Unknown
    finish, percent, days = data["planned_finish"], data["percent"], data["days"]
    if type(percent) in _CONTAINERS or type(days) in _CONTAINERS:
        raise Unknown
    if type(finish) in _CONTAINERS:
        finish = restore(finish)
    return TimeTolerance(
        planned_finish=finish, percent=None if percent is None else Decimal(percent), days=days
    )


def as_delegated(data: Any, _restore: Restore) -> DelegatedAuthority:
    """``delegated_authority``: the delegation's key and who used it."""
    if type(data) is not dict or len(data) != 2:
        raise Unknown
    delegation, actor = data["delegation"], data["actor"]
    if type(delegation) in _CONTAINERS or type(actor) in _CONTAINERS:
        raise Unknown
    return DelegatedAuthority(delegation=delegation, actor=actor)


def as_decision() -> Decoder:
    """``decision``: its effective date a ``date_iso`` (ISO text), its mandate by ``restore``."""
    fromisoformat = date.fromisoformat

    def decision(data: Any, restore: Restore) -> Decision:
        if type(data) is not dict:
            raise Unknown
        mandate = data.get("mandate")
        if len(data) != (7 if "mandate" in data else 6):
            raise Unknown
        actor, role = data["actor"], data["role"]
        authority, rationale = data["authority"], data["rationale"]
        if (
            type(actor) in _CONTAINERS
            or type(role) in _CONTAINERS
            or type(authority) in _CONTAINERS
            or type(rationale) in _CONTAINERS
        ):
            raise Unknown
        references = data["references"]
        if type(references) is not list:
            raise Unknown
        for reference in references:
            if type(reference) in _CONTAINERS:
                raise Unknown
        effective = data["effective_date"]
        if type(effective) is dict:
            if len(effective) != 2 or effective.get("_type_") != "date_iso":
                raise Unknown
            effective = effective["_data_"]
            if type(effective) is not str:
                raise Unknown
            effective = fromisoformat(effective)
        elif type(effective) is list:
            raise Unknown
        if type(mandate) in _CONTAINERS:
            mandate = restore(mandate)
        # As Decision.as_recorded(...) with these fields, without its keywords' dict.
        return recorded_decision(
            actor=actor,
            role=role,
            authority=authority,
            rationale=rationale,
            effective_date=effective,
            references=tuple(references),
            mandate=mandate,
        )

    return decision


# -- the generic walk: any value, as the library's decoder restores it ------------------


def decode_as_before(state: Any, named: Callable[[str], Transcoding | None]) -> Any:
    """Anything but a plain object of fields (never stored by the ledger), restored generically."""
    state = restore(state, named)
    if isinstance(state, dict):
        for name, value in state.items():
            if type(value) is list:
                state[name] = tuple(value)
    return state


def restore_object(value: dict[str, Any], named: Callable[[str], Transcoding | None]) -> Any:
    """A JSON object: an encoded value (its data restored, then decoded), or a plain one.

    As the library's decoder does it, from the inside out, but with the
    common cases (a typed value whose data is text, an object of fields)
    reached without a call per scalar.
    """
    if len(value) == 2 and "_type_" in value and "_data_" in value:
        data = value["_data_"]
        if type(data) is dict or type(data) is list:
            data = restore(data, named)
        kind = value["_type_"]
        if type(kind) is dict or type(kind) is list:
            kind = restore(kind, named)
        transcoding = named(kind)
        if transcoding is None:
            raise TranscodingNotRegisteredError(
                f"Data serialized with name {kind!r} is not deserializable."
            )
        return transcoding.decode(data)
    for name, item in value.items():
        if type(item) is dict:
            value[name] = restore_object(item, named)
        elif type(item) is list:
            value[name] = restore(item, named)
    return value


def restore(value: Any, named: Callable[[str], Transcoding | None]) -> Any:
    """``value`` with every encoded object inside it decoded by its named transcoding."""
    kind = type(value)
    if kind is dict:
        return restore_object(value, named)
    if kind is list:
        return [
            restore(item, named) if type(item) is dict or type(item) is list else item
            for item in value
        ]
    return value
