"""A command's decision passes every check ``Decision`` makes: the command's fields made them.

``Decided.decision`` builds the decision without running those checks again; these tests
hold it to that: any command that validates gives the decision ``Decision(...)`` would
build, without a refusal.
"""

from __future__ import annotations

import dataclasses
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from portfolio_ledger.application.commands.fields import with_mandate
from portfolio_ledger.application.commands.items import ApproveItem, RejectItem
from portfolio_ledger.domain.authority import BoardResolution, DelegatedAuthority
from portfolio_ledger.domain.decision import MAX_NAME, MAX_RATIONALE, Decision, check_not_future
from portfolio_ledger.domain.errors import InvalidDecision

SPACES = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2028\u3000"
pieces = st.sampled_from(["a", "Zoë", "", " ", *SPACES, "\x00", "\x7f", "x" * 50, "\u200b"])
texts = st.lists(pieces, max_size=6).map("".join) | st.text(max_size=8) | st.integers()
dates = st.dates(max_value=date(2026, 1, 1)) | st.sampled_from(["2025-01-01", "", "2025-02-30"])


def _fields(cmd: Any) -> dict[str, Any]:
    names = ("actor", "role", "rationale", "authority", "effective_date", "references")
    return {name: getattr(cmd, name) for name in names}


def _same(cmd: Any) -> None:
    checked = Decision(**_fields(cmd))  # refuses if any check fails
    made = cmd.decision()
    assert made == checked
    assert [getattr(made, f) for f in Decision.__slots__] == [
        getattr(checked, f) for f in Decision.__slots__
    ]


@given(
    actor=texts,
    role=texts,
    rationale=texts,
    authority=st.none() | texts,
    effective_date=dates,
    references=st.lists(texts, max_size=3),
)
def test_a_valid_commands_decision_passes_the_decisions_checks(**fields: Any) -> None:
    try:
        cmd = RejectItem.model_validate({"key": "PRJ-1", **fields})
    except ValidationError:
        return
    _same(cmd)


@pytest.mark.parametrize(
    ("field", "longest"),
    [
        ("actor", MAX_NAME),
        ("role", MAX_NAME),
        ("authority", MAX_NAME),
        ("rationale", MAX_RATIONALE),
    ],
)
def test_the_longest_text_a_command_takes_a_decision_takes(field: str, longest: int) -> None:
    base = {"key": "PRJ-1", "actor": "a", "role": "r", "rationale": "why"}
    _same(RejectItem.model_validate({**base, field: "x" * longest}))
    with pytest.raises(ValidationError):
        RejectItem.model_validate({**base, field: "x" * (longest + 1)})


def test_the_most_references_a_command_takes_a_decision_takes() -> None:
    base = {"key": "PRJ-1", "actor": "a", "role": "r", "rationale": "why"}
    _same(RejectItem.model_validate({**base, "references": ["r"] * 50}))
    with pytest.raises(ValidationError):
        RejectItem.model_validate({**base, "references": ["r"] * 51})


def test_a_governed_commands_decision_too() -> None:
    cmd = ApproveItem.model_validate(
        {
            "key": "PRJ-1",
            "budget": "100",
            "delegation": "DEL-1",
            "actor": "cio",
            "role": "CIO",
            "rationale": "within the delegation",
            "references": ["minute 4"],
        }
    )
    _same(cmd)


def test_blank_means_the_same_to_the_command_and_the_decision() -> None:
    # The command refuses text that is empty or isspace(); the decision text whose strip()
    # is empty. Those are the same texts: strip() removes just the characters isspace() means.
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert char.isspace() == (not char.strip()), hex(code)


mandates = st.builds(DelegatedAuthority, delegation=st.just("DEL-1"), actor=st.just("cio")) | (
    st.builds(BoardResolution, board=st.just("IC"), actor=st.just("hc"), present=st.just(("hc",)))
)


@given(actor=texts, authority=texts, mandate=mandates | st.none() | st.just("words"))
def test_with_mandate_makes_what_replace_makes(actor: Any, authority: Any, mandate: Any) -> None:
    decision = Decision(
        actor="a",
        role="r",
        rationale="why",
        effective_date=date(2025, 1, 2),
        references=("minute 4",),
    )

    def made(build: Any) -> tuple[str, Any]:
        try:
            return "made", build(decision, actor=actor, authority=authority, mandate=mandate)
        except Exception as error:  # noqa: BLE001 - the refusal is what is compared
            return type(error).__name__, str(error)

    assert made(with_mandate) == made(dataclasses.replace)


def test_with_mandate_names_every_field_of_a_decision() -> None:
    # with_mandate passes each field by name: a field added to Decision must be added there.
    assert [f.name for f in dataclasses.fields(Decision)] == [
        "actor",
        "role",
        "rationale",
        "effective_date",
        "authority",
        "references",
        "mandate",
    ]


@pytest.mark.parametrize("hours", [-14, -1, 0, 5, 14])
def test_not_future_is_judged_on_the_utc_date_whatever_the_zone_it_is_given_in(hours: int) -> None:
    """A time stamped in UTC is its own UTC date; one in another zone is taken to UTC first."""
    utc = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
    elsewhere = utc.astimezone(timezone(timedelta(hours=hours)))
    for day, refused in ((date(2026, 6, 30), False), (date(2026, 7, 1), True)):
        decision = Decision(actor="a", role="r", rationale="why", effective_date=day)
        outcomes: list[str | None] = []
        for moment in (utc, elsewhere):
            try:
                check_not_future("PRJ-1", decision, moment)
                outcomes.append(None)
            except InvalidDecision as error:
                outcomes.append(str(error))
        assert outcomes[0] == outcomes[1]
        assert (outcomes[0] is not None) == refused
