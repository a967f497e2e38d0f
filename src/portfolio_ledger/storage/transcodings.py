"""How events are stored: one registered transcoding per value class, and the recorded time.

The library's JSON transcoder with a transcoding for each of the domain's
value types (matched by exact class), decoding sequences back into tuples.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import orjson
from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    Transcoding,
    TranscodingNotRegisteredError,
    UUIDAsHex,
)

from portfolio_ledger.domain.authority import BoardResolution, DelegatedAuthority
from portfolio_ledger.domain.boards import MemberRole
from portfolio_ledger.domain.decision import Decision
from portfolio_ledger.domain.figures import Unstated
from portfolio_ledger.domain.lifecycle import Kind, LeaveReason, Stage
from portfolio_ledger.domain.money import Money
from portfolio_ledger.domain.ratings import RAG, RiskRating, Severity
from portfolio_ledger.domain.tolerances import CostTolerance, TimeTolerance, ToleranceDimension
from portfolio_ledger.storage import typed_decoding as typed
from portfolio_ledger.storage.plain_json import (
    Encoders,
    Special,
    Unusual,
    as_text,
    decision,
    enum_value,
    iso_text,
    money,
    plain,
    resolution,
)
from portfolio_ledger.storage.typed_decoding import Decoder


class DateAsISO(Transcoding):
    """A calendar date as ``YYYY-MM-DD``."""

    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        """Encode."""
        return obj.isoformat()

    def decode(self, data: str) -> date:
        """Decode."""
        return date.fromisoformat(data)


class MoneyAsDict(Transcoding):
    """Money as its exact decimal text and currency code."""

    type = Money
    name = "money"

    def encode(self, obj: Money) -> dict[str, str]:
        """Encode."""
        return {"amount": str(obj.amount), "currency": obj.currency}

    def decode(self, data: dict[str, str]) -> Money:
        """Decode (without checking again what was checked when it was recorded)."""
        return Money.as_recorded(Decimal(data["amount"]), data["currency"])


class DecisionAsDict(Transcoding):
    """The governance metadata of a decision."""

    type = Decision
    name = "decision"

    def encode(self, obj: Decision) -> dict[str, Any]:
        """Encode; a decision with no mandate is stored exactly as before mandates existed."""
        data: dict[str, Any] = {
            "actor": obj.actor,
            "role": obj.role,
            "authority": obj.authority,
            "rationale": obj.rationale,
            "effective_date": obj.effective_date,
            "references": list(obj.references),
        }
        if obj.mandate is not None:
            data["mandate"] = obj.mandate
        return data

    def decode(self, data: dict[str, Any]) -> Decision:
        """Decode (without checking again what was checked when it was recorded)."""
        return Decision.as_recorded(
            actor=data["actor"],
            role=data["role"],
            authority=data["authority"],
            rationale=data["rationale"],
            effective_date=data["effective_date"],
            references=tuple(data["references"]),
            mandate=data.get("mandate"),
        )


class BoardResolutionAsDict(Transcoding):
    """A board's resolution: the board, who recorded it, who was present, each vote."""

    type = BoardResolution
    name = "board_resolution"

    def encode(self, obj: BoardResolution) -> dict[str, Any]:
        """Encode; votes as an object from person key to vote, in the order given."""
        return {
            "board": obj.board,
            "actor": obj.actor,
            "present": list(obj.present),
            "votes": {person: vote.value for person, vote in obj.votes},
        }

    def decode(self, data: dict[str, Any]) -> BoardResolution:
        """Decode."""
        return BoardResolution.from_dict(data)


class DelegatedAuthorityAsDict(Transcoding):
    """A decision under a delegation: its key and who used it."""

    type = DelegatedAuthority
    name = "delegated_authority"

    def encode(self, obj: DelegatedAuthority) -> dict[str, str]:
        """Encode."""
        return {"delegation": obj.delegation, "actor": obj.actor}

    def decode(self, data: dict[str, str]) -> DelegatedAuthority:
        """Decode."""
        return DelegatedAuthority(delegation=data["delegation"], actor=data["actor"])


class CostToleranceAsDict(Transcoding):
    """A cost tolerance: a percentage (exact decimal text) or an amount."""

    type = CostTolerance
    name = "cost_tolerance"

    def encode(self, obj: CostTolerance) -> dict[str, Any]:
        """Encode."""
        percent = None if obj.percent is None else str(obj.percent)
        return {"percent": percent, "amount": obj.amount}

    def decode(self, data: dict[str, Any]) -> CostTolerance:
        """Decode."""
        percent = None if data["percent"] is None else Decimal(data["percent"])
        return CostTolerance(percent=percent, amount=data["amount"])


class TimeToleranceAsDict(Transcoding):
    """A time tolerance: the planned finish, and days or a percentage of the time to it."""

    type = TimeTolerance
    name = "time_tolerance"

    def encode(self, obj: TimeTolerance) -> dict[str, Any]:
        """Encode."""
        percent = None if obj.percent is None else str(obj.percent)
        return {"planned_finish": obj.planned_finish, "percent": percent, "days": obj.days}

    def decode(self, data: dict[str, Any]) -> TimeTolerance:
        """Decode."""
        percent = None if data["percent"] is None else Decimal(data["percent"])
        return TimeTolerance(
            planned_finish=data["planned_finish"], percent=percent, days=data["days"]
        )


class EnumAsValue(Transcoding):
    """A string enum member as its value; one instance per enum class."""

    def __init__(self, enum_class: type[Enum]) -> None:
        self.type = enum_class
        self.name = enum_class.__name__.lower()
        self._enum_class = enum_class

    def encode(self, obj: Enum) -> str:
        """Encode."""
        return str(obj.value)

    def decode(self, data: str) -> Enum:
        """Decode."""
        return self._enum_class(data)


ENUMS: tuple[type[Enum], ...] = (
    Kind,
    Stage,
    RAG,
    RiskRating,
    Severity,
    MemberRole,
    ToleranceDimension,
    Unstated,
    LeaveReason,
)


def register_domain_transcodings(transcoder: JSONTranscoder) -> None:
    """Teach the transcoder every value type the domain's events carry."""
    transcoder.register(DateAsISO())
    transcoder.register(MoneyAsDict())
    transcoder.register(DecisionAsDict())
    for transcoding in (
        BoardResolutionAsDict(),
        DelegatedAuthorityAsDict(),
        CostToleranceAsDict(),
        TimeToleranceAsDict(),
    ):
        transcoder.register(transcoding)
    for enum_class in ENUMS:
        transcoder.register(EnumAsValue(enum_class))


class LedgerTranscoder(JSONTranscoder):
    """The library's JSON transcoder, decoding with orjson, giving back tuples for sequences.

    Encoding gives exactly the library's bytes, faster (see :func:`_plain`).
    Decoding parses with orjson (in C, no per-object callback); a value of
    the ledger's own types is made from its data by a decoder that knows its
    shape (``typed_decoding.py``); any other is restored by visiting only the
    containers, each ``{"_type_", "_data_"}`` pair by the transcoding of that
    name: the same objects as the library's hook-driven decoder, faster.
    JSON has only arrays, and the library rebuilds an event from the decoded
    dict without calling its ``__init__``, so the state's top-level lists
    become tuples here, before the event is made (events are immutable).
    """

    def __init__(self) -> None:
        self._encoders = Encoders({}, {})
        self._typed: dict[str, Decoder] = {}
        super().__init__()
        register_domain_transcodings(self)

    def register(self, transcoding: Transcoding) -> None:
        """Register as the library does; the encoders worked out so far are worked out again."""
        super().register(transcoding)
        self._encoders = Encoders(self.types, SPECIAL_ENCODERS)
        self._typed = typed_decoders(self.names)

    @property
    def encoders(self) -> Encoders:
        """Each registered type's encoder to plain JSON values (for the mapper's one-step path)."""
        return self._encoders

    def encode(self, obj: Any) -> bytes:
        """Encode as the library does, byte for byte: by orjson, or by the library for oddities.

        See :func:`~portfolio_ledger.storage.plain_json.plain`.
        """
        try:
            return orjson.dumps(plain(obj, self._encoders))
        except (Unusual, TypeError, ValueError, RecursionError, AttributeError):
            # A float, a subclass of a JSON type, an unregistered type, a huge int, a
            # string orjson refuses: the library's encoder, and its error if it has one.
            return super().encode(obj)

    def decode(self, data: bytes) -> Any:
        """Decode a stored event's state, its typed values restored, top-level lists as tuples."""
        state = orjson.loads(data)
        if type(state) is not dict or (len(state) == 2 and "_type_" in state):
            return _decode_as_before(state, self.names.get)
        restore = self._restore_value
        for name, value in state.items():
            kind = type(value)
            if kind is dict:
                state[name] = restore(value)
            elif kind is list:
                state[name] = tuple(restore(value))
        return state

    def _restore_value(self, value: Any) -> Any:
        """A parsed value restored: by its typed decoder if it knows its shape, else generically."""
        if type(value) is dict:
            if len(value) == 2:
                try:  # a missing name, or one with no typed decoder, is a KeyError
                    return self._typed[value["_type_"]](value["_data_"], self._restore_value)
                except Exception:  # noqa: BLE001, S110 - not a shape it knows: the walk
                    pass
            return _restore_object(value, self.names.get)
        if type(value) is list:
            return [
                self._restore_value(item) if type(item) is dict or type(item) is list else item
                for item in value
            ]
        return value


def typed_decoders(names: dict[str, Transcoding]) -> dict[str, Decoder]:
    """The typed decoders of the names registered to exactly this module's transcodings."""
    decoders = {name: TYPED[type(t)] for name, t in names.items() if type(t) in TYPED}
    for name, transcoding in names.items():
        if type(transcoding) is EnumAsValue:
            decoders[name] = typed.enum_member(transcoding.type)
    if decoders.get("date_iso") is not typed.as_date:  # a decision's date is decoded as a date_iso
        decoders.pop("decision", None)
    return decoders


def _decode_as_before(state: Any, named: Callable[[str], Transcoding | None]) -> Any:
    """Anything but a plain object of fields (never stored by the ledger), restored generically."""
    state = _restore(state, named)
    if isinstance(state, dict):
        for name, value in state.items():
            if type(value) is list:
                state[name] = tuple(value)
    return state


def _restore_object(value: dict[str, Any], named: Callable[[str], Transcoding | None]) -> Any:
    """A JSON object: an encoded value (its data restored, then decoded), or a plain one.

    As the library's decoder does it, from the inside out, but with the
    common cases (a typed value whose data is text, an object of fields)
    reached without a call per scalar.
    """
    if len(value) == 2 and "_type_" in value and "_data_" in value:
        data = value["_data_"]
        if type(data) is dict or type(data) is list:
            data = _restore(data, named)
        kind = value["_type_"]
        if type(kind) is dict or type(kind) is list:
            kind = _restore(kind, named)
        transcoding = named(kind)
        if transcoding is None:
            raise TranscodingNotRegisteredError(
                f"Data serialized with name {kind!r} is not deserializable."
            )
        return transcoding.decode(data)
    for name, item in value.items():
        if type(item) is dict:
            value[name] = _restore_object(item, named)
        elif type(item) is list:
            value[name] = _restore(item, named)
    return value


def _restore(value: Any, named: Callable[[str], Transcoding | None]) -> Any:
    """``value`` with every encoded object inside it decoded by its named transcoding."""
    kind = type(value)
    if kind is dict:
        return _restore_object(value, named)
    if kind is list:
        return [
            _restore(item, named) if type(item) is dict or type(item) is list else item
            for item in value
        ]
    return value


SPECIAL_ENCODERS: dict[type, Special] = {
    DateAsISO: iso_text(date.isoformat),
    DatetimeAsISO: iso_text(datetime.isoformat),
    UUIDAsHex: as_text(lambda value: value.hex),
    DecimalAsStr: as_text(str),
    MoneyAsDict: money,
    DecisionAsDict: decision,
    EnumAsValue: enum_value,
    BoardResolutionAsDict: resolution,
}
"""Encoders of their own for the transcodings (of exactly these classes) most values have."""
TYPED: dict[type, Decoder] = {
    DatetimeAsISO: typed.as_datetime,
    DateAsISO: typed.as_date,
    MoneyAsDict: typed.as_money,
    DecisionAsDict: typed.as_decision(),
    BoardResolutionAsDict: typed.as_resolution,
    DelegatedAuthorityAsDict: typed.as_delegated,
}
"""Decoders of their own, likewise (enums' too: :func:`typed_decoders`)."""
