"""Values as the plain JSON the library's encoder writes for them, for orjson to write.

:func:`plain` walks an event's state once; each value of a registered type
becomes ``{"_type_": name, "_data_": data}`` as the library's ``default``
hook would make it, by an encoder worked out once per type
(:class:`Encoders`). The transcodings themselves are in ``transcodings.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date
from decimal import Decimal
from typing import Any

from eventsourcing.persistence import Transcoding

from portfolio_ledger.domain.decision import Decision
from portfolio_ledger.domain.money import Money


class Unusual(Exception):  # noqa: N818 - not an error: "let the library's encoder do it"
    """A value :func:`plain` does not turn into plain JSON exactly as the library would."""


def plain(value: Any, encoders: Encoders) -> Any:
    """``value`` as the plain JSON values the library's encoder writes for it.

    The library's encoder (``json``, with the transcoder as ``default``)
    writes str, int, bool, None, lists, tuples and dicts with string keys as
    themselves, and any other object as ``{"_type_": name, "_data_": data}``
    from the transcoding registered for its exact type. This does the same
    in one walk, for orjson to write: for the same values, orjson's bytes
    are json's (same separators, UTF-8, the same escapes, keys in order).
    Anything else (floats, whose text differs; subclasses of str, int, list
    or dict, which json writes as their base type; dict keys that are not
    str) raises :class:`Unusual`, and the library's encoder writes it.
    Each typed value is written by its type's encoder (see :class:`Encoders`).
    """
    kind = type(value)
    if kind in _AS_IS or value is None:
        return value
    if kind is dict:
        written: dict[str, Any] = {}
        for name, item in value.items():
            if type(name) is not str:
                raise Unusual
            written[name] = item if type(item) in _AS_IS or item is None else plain(item, encoders)
        return written
    if kind is tuple or kind is list:
        return [
            item if type(item) in _AS_IS or item is None else plain(item, encoders)
            for item in value
        ]
    return encoders[kind](value)


_AS_IS = frozenset((str, int, bool))
_JSON_TYPES = (str, int, float, list, tuple, dict)
Encoder = Callable[[Any], Any]
"""A value to its plain JSON values."""
Special = Callable[[str, Encoder, "Encoders"], Encoder]
"""Makes a type's own encoder from the transcoding's name and the generic encoder."""


class Encoders(dict[type, Encoder]):
    """Each registered type's encoder to plain JSON values, worked out when first needed.

    An encoder gives what the generic walk gives for a value of its type
    (``{"_type_": name, "_data_": ...}``, from the transcoding registered for
    the type); the common types have encoders of their own that make the
    same values without a call per field, and fall back to the generic walk
    for any value they do not make exactly (a subclass of str in a field,
    say).
    """

    def __init__(self, types: dict[type, Transcoding], special: dict[type, Special]) -> None:
        super().__init__()
        self.types = types
        self.special = special

    def __missing__(self, kind: type) -> Encoder:
        transcoding = self.types.get(kind)
        if transcoding is None or issubclass(kind, _JSON_TYPES):
            raise Unusual
        generic = _generic(transcoding, self)
        special = self.special.get(type(transcoding))
        encoder = generic if special is None else special(transcoding.name, generic, self)
        self[kind] = encoder
        return encoder


def _generic(transcoding: Transcoding, encoders: Encoders) -> Encoder:
    name = transcoding.name
    encode = transcoding.encode

    def generic(value: Any) -> Any:
        data = encode(value)
        return {"_type_": name, "_data_": data if type(data) is str else plain(data, encoders)}

    return generic


def as_text(method: Callable[[Any], str]) -> Special:
    """For a transcoding whose data is a method's text (exactly ``str`` for an exact type)."""

    def special(name: str, generic: Encoder, encoders: Encoders) -> Encoder:  # noqa: ARG001
        return lambda value: {"_type_": name, "_data_": method(value)}

    return special


def enum_value(name: str, generic: Encoder, encoders: Encoders) -> Encoder:  # noqa: ARG001
    """An enum member's encoder: ``EnumAsValue``'s text of its value, without a call to it.

    Each member's is made the first time it is written, and then looked up (in C, with no
    call into Python: a status report writes five ratings): a member and its value never
    change, and nothing changes what an encoder gives (orjson only reads it).
    """

    def encode(value: Any) -> Any:
        data = value._value_  # what Enum's value property gives, without the property's call
        if type(data) is not str:
            data = str(value.value)
        return {"_type_": name, "_data_": data if type(data) is str else plain(data, encoders)}

    return _Members(encode).__getitem__


class _Members(dict[Any, Any]):
    """Each enum member's plain JSON, made by ``encode`` when first asked for."""

    def __init__(self, encode: Encoder) -> None:
        super().__init__()
        self.encode = encode

    def __missing__(self, member: Any) -> Any:
        made = self[member] = self.encode(member)
        return made


def iso_text(method: Callable[[Any], str]) -> Special:
    """For a date, or a time in UTC: left for orjson to write, as the method's text.

    orjson writes a ``date`` and a ``datetime`` whose tzinfo is ``UTC`` as
    exactly their ``isoformat()`` (tests/unit/test_encoding.py), in C and
    without a call per value; a time in any other zone gets the method's text.
    """

    def special(name: str, generic: Encoder, encoders: Encoders) -> Encoder:  # noqa: ARG001
        def encode(value: Any) -> Any:
            as_is = type(value) is date or value.tzinfo is UTC
            return {"_type_": name, "_data_": value if as_is else method(value)}

        return encode

    return special


def money(name: str, generic: Encoder, encoders: Encoders) -> Encoder:  # noqa: ARG001
    """Money's encoder: its amount's exact text and its currency."""

    def encode(value: Money) -> Any:
        if type(value.amount) is not Decimal or type(value.currency) is not str:
            return generic(value)
        return {"_type_": name, "_data_": {"amount": str(value.amount), "currency": value.currency}}

    return encode


_TEXTS = (str, type(None))
_TEXT_ONLY = frozenset((str,))


def resolution(name: str, generic: Encoder, encoders: Encoders) -> Encoder:  # noqa: ARG001
    """A board resolution's encoder: ``BoardResolutionAsDict``'s fields, without a second walk.

    Its votes are an object from person to the vote's value, as the
    transcoding writes them; any field not of exactly the usual types goes
    to the generic walk.
    """

    def encode(value: Any) -> Any:
        present = value.present
        # ``_value_``: what an enum member's ``value`` property gives, without its call
        votes = {person: vote._value_ for person, vote in value.votes}
        if (
            type(value.board) is not str
            or type(value.actor) is not str
            or type(present) is not tuple
            # each a str exactly: the types found, in C (a generator per check cost more)
            or not _TEXT_ONLY.issuperset(map(type, present))
            or not _TEXT_ONLY.issuperset(map(type, votes))
            or not _TEXT_ONLY.issuperset(map(type, votes.values()))
        ):
            return generic(value)
        data: dict[str, Any] = {"board": value.board, "actor": value.actor}
        data["present"] = list(present)
        data["votes"] = votes
        return {"_type_": name, "_data_": data}

    return encode


def decision(name: str, generic: Encoder, encoders: Encoders) -> Encoder:
    """A decision's encoder: its fields as ``DecisionAsDict`` gives them, walked."""

    def encode(value: Decision) -> Any:
        day = value.effective_date
        references = value.references
        if (
            type(value.actor) is not str
            or type(value.role) is not str
            or type(value.rationale) is not str
            or type(value.authority) not in _TEXTS
            or type(day) is not date
            or type(references) is not tuple
            # most decisions have no references: no generator made for them
            or (references and any(type(reference) is not str for reference in references))
        ):
            return generic(value)
        data: dict[str, Any] = {
            "actor": value.actor,
            "role": value.role,
            "authority": value.authority,
            "rationale": value.rationale,
            "effective_date": encoders[date](day),
            "references": list(references),
        }
        if value.mandate is not None:
            data["mandate"] = plain(value.mandate, encoders)
        return {"_type_": name, "_data_": data}

    return encode
