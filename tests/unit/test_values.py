"""Value objects: money, decisions, keys; and their storage round trip."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

import pytest
from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    Mapper,
    TranscodingNotRegisteredError,
    UUIDAsHex,
)
from hypothesis import given
from hypothesis import strategies as st

from portfolio_ledger.domain.decision import Decision
from portfolio_ledger.domain.errors import InvalidDecision
from portfolio_ledger.domain.keys import item_id, normalise_key
from portfolio_ledger.domain.lifecycle import Stage
from portfolio_ledger.domain.money import Money, MoneyError, format_amount, parse_amount
from portfolio_ledger.storage.transcodings import LedgerTranscoder
from tests.unit.stages import item_in

amounts = st.decimals(
    min_value=0,
    max_value=Decimal("999999999999.99"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)


@given(amounts)
def test_formatted_money_parses_back_to_the_same_amount(amount: Decimal) -> None:
    text = f"GBP {format_amount(amount)}"

    assert parse_amount(text) == (amount, "GBP")


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("1.2m", Decimal(1_200_000), None),
        ("GBP 1.2m", Decimal(1_200_000), "GBP"),
        ("eur 250K", Decimal(250_000), "EUR"),
        ("3bn", Decimal(3_000_000_000), None),
        ("1,250.5 k", Decimal(1_250_500), None),
        ("0.00001m", Decimal(10), None),
    ],
)
def test_amounts_in_thousands_millions_and_billions(
    text: str, amount: Decimal, currency: str | None
) -> None:
    assert parse_amount(text) == (amount, currency)


@pytest.mark.parametrize(
    "text",
    [
        *("-5", "abc", "1.234", "1e5", "", "NaN", "Infinity", "1234567890123", "GBP"),
        *("m", "GBP m", "1.2mm", "1.2 million", "0.000000001m", "1000bn", "-1m", "1.2b"),
    ],
)
def test_bad_amounts_are_refused(text: str) -> None:
    with pytest.raises(MoneyError):
        parse_amount(text)


@pytest.mark.parametrize("text", ["-0", "-0.00", "GBP -0", "-0m"])
def test_a_zero_written_with_a_sign_is_zero(text: str) -> None:
    amount, _ = parse_amount(text)
    assert amount == 0
    assert not amount.is_signed()


def test_money_keeps_a_signed_zero_as_zero() -> None:
    money = Money(amount=Decimal("-0.00"), currency="GBP")
    assert not money.amount.is_signed()
    assert str(money) == "GBP 0"


def test_money_formats_with_currency_and_thousands() -> None:
    assert str(Money(amount=Decimal(1200000), currency="GBP")) == "GBP 1,200,000"
    assert str(Money(amount=Decimal("1200000.5"), currency="EUR")) == "EUR 1,200,000.50"


def test_money_refuses_floats_and_bad_currencies() -> None:
    with pytest.raises(MoneyError):
        Money(amount=1.5, currency="GBP")  # type: ignore[arg-type]
    with pytest.raises(MoneyError):
        Money(amount=Decimal(1), currency="pounds")


@pytest.mark.parametrize("field", ["actor", "role", "rationale"])
def test_a_decision_needs_actor_role_and_rationale(field: str) -> None:
    values = {"actor": "A", "role": "R", "rationale": "Why", "effective_date": date(2026, 1, 1)}
    values[field] = "   "

    with pytest.raises(InvalidDecision, match=field):
        Decision(**values)  # type: ignore[arg-type]


def test_keys_are_case_insensitive_and_map_to_one_id() -> None:
    assert normalise_key("prj-042") == "PRJ-042"
    assert item_id("PRJ-042") == item_id(normalise_key(" prj-042"))
    with pytest.raises(InvalidDecision, match="not a valid item key"):
        normalise_key("PRJ 042; DROP TABLE")


def test_every_event_survives_the_store_round_trip_exactly() -> None:
    transcoder = LedgerTranscoder()
    for base in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        transcoder.register(base)
    mapper: Mapper[UUID] = Mapper(transcoder=transcoder)
    item = item_in(Stage.RETIRED)

    for event in item.pending_events:
        restored = mapper.to_domain_event(mapper.to_stored_event(event))
        assert restored == event
        assert type(restored) is type(event)


def test_governance_events_survive_the_store_round_trip_exactly() -> None:
    from tests.unit.governance import Record, delegate, standard

    transcoder = LedgerTranscoder()
    for base in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        transcoder.register(base)
    mapper: Mapper[UUID] = Mapper(transcoder=transcoder)
    record = Record()
    standard(record)
    delegate(record, categories=("Data",))

    events = [event for history in record.events.values() for event in history]
    assert {type(e).__name__ for e in events} >= {
        "PersonRegistered",
        "BoardConstituted",
        "MemberAppointed",
        "AuthorityDelegated",
    }
    for event in events:
        restored = mapper.to_domain_event(mapper.to_stored_event(event))
        assert restored == event


def test_tolerance_events_survive_the_store_round_trip_exactly() -> None:
    from datetime import timedelta

    from portfolio_ledger.domain.ratings import RAG
    from portfolio_ledger.domain.tolerances import CostTolerance, TimeTolerance
    from tests.unit.stages import DAY, decided, gbp

    transcoder = LedgerTranscoder()
    for base in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        transcoder.register(base)
    mapper: Mapper[UUID] = Mapper(transcoder=transcoder)
    item = item_in(Stage.IN_DELIVERY)
    plan = DAY + timedelta(days=30)
    item.set_tolerances(
        cost=CostTolerance(percent=Decimal("7.5")),
        time=TimeTolerance(planned_finish=plan, days=3),
        decision=decided(),
    )
    item.report_status(
        overall=RAG.RED,
        cost=RAG.RED,
        schedule=None,
        scope=None,
        benefits=None,
        forecast_cost=gbp(200),
        forecast_date=plan + timedelta(days=9),
        decision=decided(None),
    )

    for event in item.pending_events[-6:]:
        restored = mapper.to_domain_event(mapper.to_stored_event(event))
        assert restored == event


def test_stored_state_decodes_as_the_library_decodes_it_but_with_tuples() -> None:
    transcoder = LedgerTranscoder()
    for base in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        transcoder.register(base)
    mapper: Mapper[UUID] = Mapper(transcoder=transcoder)

    for event in item_in(Stage.RETIRED).pending_events:
        stored = mapper.to_stored_event(event).state
        by_library = JSONTranscoder.decode(transcoder, stored)
        decoded = transcoder.decode(stored)
        assert decoded == {
            name: tuple(value) if isinstance(value, list) else value
            for name, value in by_library.items()
        }


def test_a_stored_value_of_an_unknown_type_is_refused_by_name() -> None:
    with pytest.raises(TranscodingNotRegisteredError, match="'spaceship'"):
        LedgerTranscoder().decode(b'{"x":[{"_type_":"spaceship","_data_":1}]}')
