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
from uuid import UUID

import orjson
from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    Transcoding,
    UUIDAsHex,
)

from portfolio_ledger.domain.authority import BoardResolution, DelegatedAuthority
from portfolio_ledger.domain.boards import MemberRole
from portfolio_ledger.domain.decision import Decision
from portfolio_ledger.domain.figures import Unstated
from portfolio_ledger.domain.lifecycle import GateOutcome, Kind, LeaveReason, Stage
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
        self.members: dict[Any, Enum] = enum_class._value2member_map_
        """Each member by its value (as the enum class looks a value up first)."""

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
    GateOutcome,
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
        self._text: dict[str, Callable[[str], Any]] = {}
        super().__init__()
        register_domain_transcodings(self)

    def register(self, transcoding: Transcoding) -> None:
        """Register as the library does; the encoders worked out so far are worked out again."""
        super().register(transcoding)
        self._encoders = Encoders(self.types, SPECIAL_ENCODERS)
        self._typed = typed_decoders(self.names)
        self._text = text_decoders(self.names)

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
        """Decode a stored event's state, its typed values restored, top-level lists as tuples.

        A field's ``{"_type_", "_data_"}`` pair is decoded here, without a call
        to :meth:`_restore_value` (a replay decodes about five per event): one
        whose data is text by its transcoding's own parse (:func:`text_decoders`),
        one whose data is an object or list by its typed decoder. Anything
        either refuses (or raises on) goes to :meth:`_restore_value`, which
        decodes it, or refuses it, exactly as before.
        """
        state = orjson.loads(data)
        if type(state) is not dict or (len(state) == 2 and "_type_" in state):
            decoded = typed.decode_as_before(state, self.names.get)
            if not isinstance(decoded, dict):  # every state the ledger stores is an object
                raise ValueError("the stored state is not a JSON object")
            return decoded
        restore = self._restore_value
        text = self._text
        decoders = self._typed
        for name, value in state.items():
            kind = type(value)
            if kind is dict:
                if len(value) == 2:
                    try:  # a missing key, an unknown name, a bad value: any error, the walk
                        found = value["_data_"]
                        if type(found) is str:
                            state[name] = text[value["_type_"]](found)
                        else:
                            state[name] = decoders[value["_type_"]](found, restore)
                        continue
                    except Exception:  # noqa: BLE001, S110 - not a shape it knows: the walk
                        pass
                state[name] = restore(value)
            elif kind is list:
                state[name] = tuple(restore(value)) if value else ()
        return state

    def _restore_value(self, value: Any) -> Any:
        """A parsed value restored: by its typed decoder if it knows its shape, else generically."""
        if type(value) is dict:
            if len(value) == 2:
                try:  # a missing name, or one with no typed decoder, is a KeyError
                    return self._typed[value["_type_"]](value["_data_"], self._restore_value)
                except Exception:  # noqa: BLE001, S110 - not a shape it knows: the walk
                    pass
            return typed.restore_object(value, self.names.get)
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


def text_decoders(names: dict[str, Transcoding]) -> dict[str, Callable[[str], Any]]:
    """The parse of each name whose value is stored as text, as its transcoding decodes it.

    Only for names registered to exactly these classes, whose ``decode`` of
    text is this parse (an enum's: the member with that value; any other
    value raises here, and the transcoding is asked).
    """
    decoders: dict[str, Callable[[str], Any]] = {}
    for name, transcoding in names.items():
        if type(transcoding) is EnumAsValue:
            decoders[name] = transcoding.members.__getitem__
        elif type(transcoding) in TEXT:
            decoders[name] = TEXT[type(transcoding)]
    return decoders


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
    CostToleranceAsDict: typed.as_cost_tolerance,
    TimeToleranceAsDict: typed.as_time_tolerance,
}
"""Decoders of their own, likewise (enums' too: :func:`typed_decoders`)."""
TEXT: dict[type, Callable[[str], Any]] = {
    DatetimeAsISO: datetime.fromisoformat,
    DateAsISO: date.fromisoformat,
    UUIDAsHex: UUID,
    DecimalAsStr: Decimal,
}
"""What each of these transcodings' ``decode`` does to text (enums': :func:`text_decoders`)."""
