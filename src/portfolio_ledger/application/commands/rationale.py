"""A rationale: text that is not blank and says something (DOMAIN: no decision without a reason)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from portfolio_ledger.application.commands.fields import not_blank
from portfolio_ledger.domain.decision import MAX_RATIONALE


def says_nothing(value: str) -> str | None:
    """Why a reason says nothing, or None.

    No letter or digit: '-' or '.' is what a view shows for none.
    """
    # Most reasons start with a letter: looked at no further (the generator costs more).
    if value[:1].isalnum() or any(char.isalnum() for char in value):
        return None
    shown = value if len(value) <= 20 else value[:17] + "..."
    return (
        f"says nothing: {shown!r} has no letter or digit, and a view shows a missing value "
        "as '-'; write why the decision was made"
    )


def _says_something(value: str) -> str:
    """A reason has a letter or a digit."""
    if value[:1].isalnum():  # most reasons: one that starts with one, without another call
        return value
    if (problem := says_nothing(value)) is not None:
        raise ValueError(problem)
    return value


def _not_blank_saying_something(value: str) -> str:
    """Text's check (not blank), then :func:`_says_something`'s: one call from pydantic, not two."""
    return _says_something(not_blank(value))


Rationale = Annotated[
    str, Field(max_length=MAX_RATIONALE), AfterValidator(_not_blank_saying_something)
]
"""Why a decision was made: text that is not blank and says something (DOMAIN: no decision
without a reason)."""
