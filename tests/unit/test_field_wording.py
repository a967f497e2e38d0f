"""A refused field says, in the ledger's words, what to write: not pydantic's or Python's."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from portfolio_ledger.application.field_wording import problems
from portfolio_ledger.application.line_errors import field_errors
from portfolio_ledger.application.registry import commands, resolve

SAID = {"actor": "praman", "role": "PMO", "rationale": "r", "authority": "PMO"}
PROPOSE = {
    "key": "N1",
    "kind": "project",
    "title": "T",
    "owner": "O",
    "sponsor": "S",
    "category": "Data",
    **SAID,
}
CORRECT = {"position": 127, **SAID}
APPRAISE = {
    "key": "N1",
    "estimated_cost": "1",
    "expected_benefits": "1",
    "risk_rating": "low",
    "alignment_score": 5,
    **SAID,
}
JARGON = re.compile(
    r"Input should|valid (tuple|list|string|dict|date)|Dictionary should|after validation"
    r"|unable to parse|unicode string|\.(str|int|list\[str\])(:|\.)|day value"
)


def refused(command: str, fields: dict[str, Any]) -> str:
    model = resolve(command).model
    with pytest.raises(ValidationError) as error:
        model.model_validate(fields)
    return field_errors(error.value, model)


@pytest.mark.parametrize(
    ("command", "fields", "expected"),
    [
        pytest.param(
            "item propose",
            {**PROPOSE, "references": "IC-2026-03"},
            'references: must be a JSON array of texts, such as ["IC-2026-03"], '
            'not the text "IC-2026-03"',
            id="references-as-text",
        ),
        pytest.param(
            "item approve",
            {"key": "X-1", "budget": "1", "board": "IC", "present": "hcarter", **SAID},
            'present: must be a JSON array of texts, such as ["hcarter"], not the text "hcarter"',
            id="present-as-text",
        ),
        pytest.param(  # it said such as ["hcarter,mlee"]: one key, 'not a valid person key'
            "item approve",
            {
                "key": "X-1",
                "budget": "1",
                "board": "IC",
                "present": "hcarter, mlee,cdubois",
                **SAID,
            },
            'present: must be a JSON array of texts, such as ["hcarter", "mlee", "cdubois"], '
            'not the text "hcarter, mlee,cdubois"',
            id="present-as-comma-separated-text",
        ),
        pytest.param(  # as --vote takes them; it said such as {"hcarter": "for", "rdas": ...}
            "item approve",
            {
                "key": "X-1",
                "budget": "1",
                "board": "IC",
                "present": ["hcarter", "mlee"],
                "votes": "hcarter=for, mlee=against",
                **SAID,
            },
            'votes: must be a JSON object, such as {"hcarter": "for", "mlee": "against"}, '
            'not the text "hcarter=for, mlee=against"',
            id="votes-as-option-text",
        ),
        pytest.param(  # a category may hold a comma: kept whole
            "authority delegate",
            {
                "key": "DEL-9",
                "board": "IC",
                "to": "mlee",
                "limit": "1",
                "present": ["hcarter"],
                "categories": "Transport, roads",
                **SAID,
            },
            'categories: must be a JSON array of texts, such as ["Transport, roads"], '
            'not the text "Transport, roads"',
            id="category-with-a-comma-kept-whole",
        ),
        pytest.param(
            "decision correct",
            {**CORRECT, "changes": {"authorised_budget": 2600000}},
            'changes.authorised_budget: must be text (amounts too), such as "2600000", or a JSON '
            'array of texts, such as ["IC minutes"]; not the number 2600000',
            id="correction-amount-as-number",
        ),
        pytest.param(
            "decision correct",
            {**CORRECT, "changes": {}},
            'changes: has none; give at least one change, such as {"authorised_budget": "1200000"}',
            id="correction-no-changes",
        ),
        pytest.param(
            "decision correct",
            {**CORRECT, "changes": ["authorised_budget"]},
            'changes: must be a JSON object, such as {"authorised_budget": "1200000"}, '
            "not a JSON array",
            id="changes-as-array",
        ),
        pytest.param(
            "item propose",
            {**PROPOSE, "effective_date": "2026-02-30"},
            "effective_date: must be a real calendar day, YYYY-MM-DD, such as 2026-03-09, "
            'not the text "2026-02-30" (that month has no such day)',
            id="february-30",
        ),
        pytest.param(
            "item propose",
            {**PROPOSE, "effective_date": "20260601"},
            "effective_date: must be a real calendar day, YYYY-MM-DD, such as 2026-03-09, "
            'not the text "20260601" (that is 2026-06-01 written another way: write 2026-06-01)',
            id="iso-basic-day",
        ),
        pytest.param(
            "item propose",
            {**PROPOSE, "effective_date": "2026-W23-1"},
            'not the text "2026-W23-1" (that is 2026-06-01 written another way',
            id="iso-week-day",
        ),
        pytest.param(
            "item propose",
            {**PROPOSE, "effective_date": "2026-06-01T23:30-05:00"},
            "effective_date: must be a real calendar day, YYYY-MM-DD, such as 2026-03-09, not the "
            'text "2026-06-01T23:30-05:00" (a day is asked, not a moment: give the day alone, '
            "2026-06-01)",
            id="moment-for-a-day",
        ),
        pytest.param(
            "item propose",
            {**PROPOSE, "description": "\ud800"},
            "description: holds half of a UTF-16 surrogate pair",
            id="lone-surrogate",
        ),
        pytest.param(
            "item approve",
            {
                "key": "PRJ-1",
                "budget": "1",
                "board": "IC",
                **SAID,
                "votes": {f"p{i}": "for" for i in range(1001)},
            },
            "votes: has 1,001 entries; at most 100 may be given",  # was 'has None entries'
            id="too-many-votes",
        ),
        pytest.param(
            "item approve",
            {
                "key": "PRJ-1",
                "budget": "1",
                "board": "IC",
                **SAID,
                "present": [f"p{i}" for i in range(1001)],
            },
            "present: has 1,001 entries; at most 100 may be given",  # was 'has 1001 entries'
            id="too-many-present",
        ),
        pytest.param(
            "item appraise",
            {**APPRAISE, "alignment_score": Decimal("72.5")},
            "alignment_score: must be a whole number, such as 3, not the number 72.5",
            id="fraction-for-a-whole-number",  # a line's 72.5 was 'the text "72.5"'
        ),
        pytest.param(
            "decision correct",
            {**CORRECT, "changes": {"authorised_budget": Decimal("2600000.5")}},
            'changes.authorised_budget: must be text (amounts too), such as "2600000.5", or a '
            'JSON array of texts, such as ["IC minutes"]; not the number 2600000.5',
            id="correction-amount-as-fraction",
        ),
        pytest.param(
            "item appraise",
            {**APPRAISE, "estimated_cost": True},
            'estimated_cost: must be an amount, as text ("1200000", "GBP 1,200,000", "1.2m") '
            "or a JSON number (1200000), not true",
            id="amount-as-true",  # was 'written as text or a whole number', and a fraction is one
        ),
        pytest.param(
            "item propose",
            {**PROPOSE, "currency": None},
            'currency: must be text, in double quotes, such as "...", not null '
            "(leave it out for GBP)",
            id="null-for-a-default",  # before, no word of what leaving it out gives
        ),
        pytest.param(
            "item propose",
            {**PROPOSE, "effective_date": None},
            "effective_date: must be a real calendar day, YYYY-MM-DD, such as 2026-03-09, "
            "not null (leave it out for today)",
            id="null-for-today",
        ),
        pytest.param(
            "item propose",
            {**PROPOSE, "references": None},
            'references: must be a JSON array of texts, such as ["IC minutes"], not null '
            "(leave it out for none)",
            id="null-for-no-list",
        ),
        pytest.param(
            "item cancel",
            {"key": {"id": "ITEM-00019"}, **SAID},
            'key: must be text, in double quotes, such as "ITEM-00019", not a JSON object',
            id="key-as-object",
        ),
    ],
)
def test_each_refusal_says_what_to_write(
    command: str, fields: dict[str, Any], expected: str
) -> None:
    message = refused(command, fields)

    assert message.startswith(expected) or expected in message, message
    assert not JARGON.search(message), message


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=4,
)
MODELS = sorted(commands())


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(MODELS), st.data())
def test_no_wrong_json_kind_is_refused_in_pydantic_words(command: str, data: Any) -> None:
    """Any JSON value, of any kind, in any field: the refusal names no Python type."""
    model = resolve(command).model
    name = data.draw(st.sampled_from(sorted(model.model_fields)))
    try:
        model.model_validate({name: data.draw(JSON)})
    except ValidationError as error:
        message = field_errors(error, model)
        assert not JARGON.search(message), message


def test_a_union_is_one_problem_for_its_field() -> None:
    model = resolve("decision correct").model
    with pytest.raises(ValidationError) as error:
        model.model_validate({**CORRECT, "changes": {"owner": 5, "title": None}})

    found = problems(error.value.errors())

    assert [".".join(map(str, p.location)) for p in found] == ["changes.owner"]
    assert found[0].kind == "union"
