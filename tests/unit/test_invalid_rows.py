"""A return's row refused by its decision's rules is named by the field, where there is one."""

from __future__ import annotations

from typing import Self

import pytest
from pydantic import BaseModel, ValidationError, model_validator

from portfolio_ledger.application.invalid_rows import invalid_row


class _Row(BaseModel):
    stage: str
    category: str = "ICT"

    @model_validator(mode="after")
    def _whole(self) -> Self:
        if self.stage == "both":
            raise ValueError("a rule of the whole row")
        return self


def _refused(**given: str) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        _Row(**given)
    return refused.value


def test_a_field_s_refusal_names_the_field_and_its_column() -> None:
    refusal = invalid_row(_refused(stage=3), 4, {"stage": "Phase"})  # type: ignore[arg-type]
    assert refusal.column == "Phase"
    assert refusal.reason.startswith("stage: ")


def test_a_rule_of_the_whole_row_is_said_without_an_empty_field_before_it() -> None:
    refusal = invalid_row(_refused(stage="both"), 4, {"stage": "Phase"})
    assert refusal.column is None
    assert refusal.reason == "a rule of the whole row"  # was ': a rule of the whole row'
