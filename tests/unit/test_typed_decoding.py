"""The typed decoders give what the library's decoder gives, for every value, or refuse alike."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import orjson
import pytest
from eventsourcing.persistence import JSONTranscoder
from hypothesis import given
from hypothesis import strategies as st

from portfolio_ledger.domain.authority import BoardResolution, DelegatedAuthority, Vote
from portfolio_ledger.domain.decision import Decision
from portfolio_ledger.domain.money import Money
from portfolio_ledger.domain.tolerances import CostTolerance, TimeTolerance
from portfolio_ledger.storage import typed_decoding
from portfolio_ledger.storage.transcodings import ENUMS, LedgerTranscoder
from tests.unit.transcoders import generated_ledger, ledger_transcoder, stored

texts = st.text(max_size=6)
people = st.lists(st.text(min_size=1, max_size=4), max_size=3)
resolutions = st.builds(
    lambda board, actor, present, votes: BoardResolution(
        board=board, actor=actor, present=tuple(present), votes=tuple(votes)
    ),
    texts,
    texts,
    people,
    st.lists(st.tuples(st.text(max_size=3), st.sampled_from(list(Vote))), max_size=3),
)
moneys = st.builds(
    Money.as_recorded,
    st.decimals(allow_nan=False, allow_infinity=False) | st.integers(),
    texts,
)
times = st.datetimes(
    timezones=st.just(UTC)
    | st.builds(timezone, st.timedeltas(timedelta(hours=-23), timedelta(hours=23)))
)
decisions = st.builds(
    Decision.as_recorded,
    actor=texts,
    role=texts,
    authority=st.none() | texts,
    rationale=texts | st.integers(-(2**63), 2**63 - 1),
    effective_date=st.dates() | times | texts,
    references=st.lists(texts, max_size=3).map(tuple),
    mandate=st.none() | resolutions | st.builds(DelegatedAuthority, delegation=texts, actor=texts),
)
ledger_decisions = st.builds(
    Decision.as_recorded,
    actor=texts,
    role=texts,
    authority=st.none() | texts,
    rationale=texts,
    effective_date=st.dates(),
    references=st.lists(texts, max_size=3).map(tuple),
    mandate=st.none() | resolutions | st.builds(DelegatedAuthority, delegation=texts, actor=texts),
)
"""Decisions as the ledger records them (the others above are for the walk)."""
enum_members = st.sampled_from([member for enum in ENUMS for member in enum])
percents = st.decimals(min_value=0, max_value=100, places=2)
tolerances = (
    st.builds(CostTolerance, percent=percents, amount=st.none())
    | st.builds(CostTolerance, percent=st.none(), amount=moneys)
    | st.builds(TimeTolerance, planned_finish=st.dates(), percent=percents, days=st.none())
    | st.builds(
        TimeTolerance, planned_finish=st.dates(), percent=st.none(), days=st.integers(0, 3650)
    )
)
ledger_values = (
    times | st.dates() | moneys | enum_members | ledger_decisions | resolutions | tolerances
)
typed_values = ledger_values | decisions
small_ints = st.integers(-(2**63), 2**63 - 1)  # orjson reads bigger ones as floats (so does the
# decoder before the typed ones: not stored by the ledger, whose numbers are decimal text)


def _states(typed: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    scalars = st.none() | small_ints | texts
    return st.dictionaries(
        st.text(max_size=6), typed | scalars | st.lists(typed, max_size=2), max_size=5
    )


states = _states(typed_values)


def _outcome(decode: Any, data: bytes) -> tuple[str, Any]:
    """What a decoder makes of ``data`` (top-level lists as tuples), or the type of its error."""
    try:
        state = decode(data)
    except Exception as error:  # noqa: BLE001 - compared, not handled
        return ("refused", type(error))
    if isinstance(state, dict):
        state = {k: tuple(v) if isinstance(v, list) else v for k, v in state.items()}
    return (repr(state), state)


def _assert_alike(transcoder: LedgerTranscoder, data: bytes) -> None:
    by_library = _outcome(lambda d: JSONTranscoder.decode(transcoder, d), data)
    assert _outcome(transcoder.decode, data) == by_library


@given(states)
def test_typed_values_decode_as_the_library_decodes_them(state: dict[str, Any]) -> None:
    transcoder = ledger_transcoder()
    _assert_alike(transcoder, transcoder.encode(state))


@given(_states(ledger_values))
def test_typed_values_are_decoded_without_the_generic_walk(state: dict[str, Any]) -> None:
    transcoder = ledger_transcoder()
    stored = transcoder.encode(state)
    by_library = _outcome(lambda d: JSONTranscoder.decode(transcoder, d), stored)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(typed_decoding, "restore_object", _no_walk)
        assert _outcome(transcoder.decode, stored) == by_library


def _no_walk(*_: Any) -> Any:
    raise AssertionError("a typed value of the ledger's own types went through the generic walk")


# Shapes no encoder writes: a decoder that does not know one must leave it to the generic walk.
json_leaves = st.none() | st.booleans() | small_ints | st.text(max_size=4)
json_values = st.recursive(
    json_leaves,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=8,
)
names = st.sampled_from(
    [
        "datetime_iso",
        "date_iso",
        "money",
        "decision",
        "board_resolution",
        "kind",
        "stage",
        "rag",
        "cost_tolerance",
        "time_tolerance",
    ]
)


def _typed(name: str, data: Any) -> dict[str, Any]:
    return {"_type_": name, "_data_": data}


def _near_decision(draw: Any) -> dict[str, Any]:
    """A decision's data with one part changed, or not."""
    data: dict[str, Any] = {
        "actor": "a",
        "role": "r",
        "authority": None,
        "rationale": "why",
        "effective_date": _typed("date_iso", "2025-01-02"),
        "references": [],
    }
    if draw(st.booleans()):
        data["mandate"] = _typed(
            "board_resolution",
            {"board": "IC", "actor": "a", "present": ["a"], "votes": {"a": "for"}},
        )
    field = draw(st.sampled_from([*data, "extra"]))
    if draw(st.booleans()):
        data[field] = draw(json_values | st.builds(_typed, names, json_values))
    return data


odd_values = st.builds(_typed, names, json_values) | st.builds(
    _typed, st.just("decision"), st.composite(_near_decision)()
)


@given(st.dictionaries(st.text(max_size=4), odd_values, min_size=1, max_size=3))
def test_shapes_no_encoder_writes_are_decoded_or_refused_as_the_library_does(
    state: dict[str, Any],
) -> None:
    _assert_alike(ledger_transcoder(), orjson.dumps(state))


def test_every_stored_event_kind_decodes_as_the_library_decodes_it(tmp_path: Path) -> None:
    with generated_ledger(tmp_path) as ledger:
        notifications, transcoder = stored(ledger)
        for notification in notifications:
            _assert_alike(transcoder, notification.state)
        topics = {notification.topic for notification in notifications}
    assert len(notifications) == 3000
    assert len(topics) >= 20


def test_a_time_and_a_date_are_the_library_types() -> None:
    transcoder = ledger_transcoder()
    moment = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    state = transcoder.decode(transcoder.encode({"t": moment, "d": date(2025, 1, 2)}))
    assert state == {"t": moment, "d": date(2025, 1, 2)}
    assert type(state["t"]) is datetime
    assert type(state["d"]) is date
