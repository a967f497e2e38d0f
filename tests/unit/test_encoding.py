"""The ledger's encoder writes exactly the bytes the library's encoder writes, only faster."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    Mapper,
    UUIDAsHex,
)
from hypothesis import given
from hypothesis import strategies as st

from portfolio_ledger.domain.authority import BoardResolution, DelegatedAuthority, Vote
from portfolio_ledger.domain.decision import Decision
from portfolio_ledger.domain.lifecycle import Kind, Stage
from portfolio_ledger.domain.money import Money
from portfolio_ledger.domain.ratings import RAG
from portfolio_ledger.storage.transcodings import DateAsISO, LedgerTranscoder
from tests.unit.stages import item_in
from tests.unit.transcoders import generated_ledger, ledger_transcoder, stored


def _both(transcoder: LedgerTranscoder, value: Any) -> tuple[object, object]:
    """What each encoder gives for ``value``: its bytes, or the type of its error."""
    results: list[object] = []
    for encode in (transcoder.encode, lambda v: JSONTranscoder.encode(transcoder, v)):
        try:
            results.append(encode(value))
        except Exception as error:  # noqa: BLE001 - compared, not handled
            results.append(type(error))
    return results[0], results[1]


def _state(event: Any) -> dict[str, Any]:
    state = dict(vars(event))
    del state["originator_id"], state["originator_version"]
    return state


def test_every_event_of_an_item_is_stored_as_the_library_stores_it() -> None:
    transcoder = ledger_transcoder()
    library = Mapper[UUID](transcoder=JSONTranscoder())
    for base in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        library.transcoder.register(base)  # type: ignore[attr-defined]
    for transcoding in transcoder.types.values():
        library.transcoder.register(transcoding)  # type: ignore[attr-defined]
    mapper = Mapper[UUID](transcoder=transcoder)

    for event in item_in(Stage.RETIRED).pending_events:
        assert mapper.to_stored_event(event) == library.to_stored_event(event)


def test_every_event_kind_of_a_generated_history_is_stored_as_the_library_stores_it(
    tmp_path: Path,
) -> None:
    with generated_ledger(tmp_path) as ledger:
        notifications, transcoder = stored(ledger)
        kinds = set()
        for notification in notifications:
            event = ledger.mapper.to_domain_event(notification)
            kinds.add(type(event).__name__)
            by_library = JSONTranscoder.encode(transcoder, _state(event))
            assert notification.state == by_library
    assert len(notifications) == 3000
    assert len(kinds) >= 20


class _Colour(Enum):
    RED = "red"


class _Text(str):
    __slots__ = ()


texts = st.text(max_size=5) | st.builds(_Text, st.text(max_size=5))
resolutions = st.builds(
    BoardResolution,
    board=texts | st.integers(),
    actor=texts,
    present=st.lists(texts, max_size=3).map(tuple) | st.lists(texts, max_size=2),
    votes=st.lists(st.tuples(texts, st.sampled_from(Vote)), max_size=3).map(tuple)
    | st.lists(st.tuples(texts | st.integers(), st.sampled_from([*Vote, _Colour.RED])), max_size=2)
    | st.lists(st.tuples(texts), max_size=1),
)
"""Resolutions as the fast encoder writes them (exact types) and as it leaves to the walk."""
decisions = st.builds(
    Decision.as_recorded,
    actor=texts,
    role=texts,
    rationale=texts | st.integers(),
    effective_date=st.dates() | st.datetimes(timezones=st.just(UTC)) | texts,
    authority=st.none() | texts,
    references=st.lists(texts, max_size=3).map(tuple) | st.lists(texts, max_size=2),
    mandate=st.none() | st.builds(DelegatedAuthority, delegation=texts, actor=texts) | resolutions,
)
"""Decisions as the fast encoder writes them (exact types) and as it leaves to the walk."""

offsets = st.builds(
    timezone, st.timedeltas(min_value=timedelta(hours=-23), max_value=timedelta(hours=23))
)
"""Fixed zones, UTC among them (``timezone(timedelta(0))`` is not ``UTC``, but is written alike)."""

leaves = (
    st.text()
    | st.integers()
    | st.integers(min_value=2**63 - 2, max_value=2**65)
    | st.floats()
    | st.booleans()
    | st.none()
    | st.dates()
    | st.datetimes(timezones=st.just(UTC))
    | st.datetimes(timezones=st.none() | offsets, allow_imaginary=False)
    | st.decimals(allow_nan=False, places=2, max_value=10**9, min_value=-(10**9))
    | st.uuids()
    | st.sampled_from([*Kind, *RAG, _Colour.RED])
    | st.builds(_Text, st.text(max_size=5))
    | st.builds(
        lambda amount: Money(amount=amount, currency="GBP"),
        st.decimals(min_value=0, max_value=10**9, places=2),
    )
    | st.builds(Money.as_recorded, st.decimals(places=2) | st.integers(), texts)
    | decisions
    | resolutions
)
values = st.recursive(
    leaves,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=4).map(tuple)
        | st.dictionaries(st.text(max_size=5), inner, max_size=4)
        | st.dictionaries(st.integers(), inner, max_size=2)
    ),
    max_leaves=12,
)


@given(st.dictionaries(st.text(max_size=8), values, max_size=6))
def test_any_state_is_encoded_to_the_same_bytes_or_refused_alike(state: dict[str, Any]) -> None:
    encoded, by_library = _both(ledger_transcoder(), state)

    assert encoded == by_library


def test_text_with_every_escape_is_encoded_alike() -> None:
    text = "".join(chr(code) for code in range(0x100)) + "\u2028\u2029\ufeff\U0001f600\ud800"
    transcoder = ledger_transcoder()
    moment = datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC)

    for value in (text[:-1], text, {"a": text[:-1]}, [1.5, moment], {1: "x"}):
        encoded, by_library = _both(transcoder, {"v": value, "at": moment - timedelta(1)})
        assert encoded == by_library
    assert _both(transcoder, {"d": date(2026, 1, 1)})[0] == (
        b'{"d":{"_type_":"date_iso","_data_":"2026-01-01"}}'
    )
    assert _both(transcoder, {"x": Decimal("1.50")})[0] == (
        b'{"x":{"_type_":"decimal_str","_data_":"1.50"}}'
    )


def test_a_transcoding_registered_after_encoding_is_used_from_then_on() -> None:
    transcoder = ledger_transcoder()
    day = {"d": date(2026, 1, 1)}
    assert b"date_iso" in transcoder.encode(day)

    class _DayAsOrdinal(DateAsISO):
        name = "date_ordinal"

        def encode(self, obj: date) -> str:
            return str(obj.toordinal())

    transcoder.register(_DayAsOrdinal())

    assert transcoder.encode(day) == JSONTranscoder.encode(transcoder, day)
    assert b"date_ordinal" in transcoder.encode(day)


exact_decisions = st.builds(
    Decision.as_recorded,
    actor=st.text(max_size=5),
    role=st.text(max_size=5),
    rationale=st.text(max_size=5),
    effective_date=st.dates(),
    authority=st.none() | st.text(max_size=5),
    references=st.lists(st.text(max_size=5), max_size=3).map(tuple),
    mandate=st.none() | st.builds(DelegatedAuthority, delegation=texts, actor=texts) | resolutions,
)


@given(exact_decisions | decisions, st.builds(Money.as_recorded, st.decimals(places=2), texts))
def test_decisions_and_money_are_encoded_as_the_library_encodes_them(
    decision: Decision, money: Money
) -> None:
    encoded, by_library = _both(ledger_transcoder(), {"decision": decision, "money": money})

    assert encoded == by_library


moments = st.sampled_from(
    [
        datetime(1, 1, 1, tzinfo=UTC),
        datetime(999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
        datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC),
        datetime(2026, 1, 2, 3, 4, 5, 1, tzinfo=UTC),
        datetime(2026, 1, 2, 3, 4, 5, 100000, tzinfo=UTC),
    ]
)


@given(st.datetimes(timezones=st.just(UTC)).map(lambda moment: moment.replace(fold=1)) | moments)
def test_dates_and_times_orjson_writes_are_its_isoformat(moment: datetime) -> None:
    """A date and a time in UTC are left for orjson to write: its text is isoformat's."""
    transcoder = ledger_transcoder()
    state = {"at": moment, "on": moment.date(), "in": [moment, moment.date()]}

    encoded, by_library = _both(transcoder, state)

    assert encoded == by_library
