"""Commands that keep the record itself: corrections, annulments, the list of organisations."""

from __future__ import annotations

import re
from typing import Annotated, Self

from pydantic import AfterValidator, Field, model_validator

from portfolio_ledger.application.commands.base import Decided
from portfolio_ledger.application.commands.fields import Name, OrganisationKey, WholeNumber
from portfolio_ledger.domain.errors import AuthorityNotNamed, quoted

_FIELD_NAME = re.compile(r"[a-z][a-z_]{0,40}")


def field_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a decision's field (``__class__``, ``ti tle``); else None."""
    if _FIELD_NAME.fullmatch(name) is not None:
        return None
    return (
        f"{quoted(name)} is not a field's name: write the field as the decision names it, "
        "in lower-case letters and underscores (e.g. authorised_budget)"
    )


def _field_name(name: str) -> str:
    if (problem := field_name_problem(name)) is not None:
        raise ValueError(problem)
    return name


FieldName = Annotated[str, AfterValidator(_field_name)]
RawValue = str | list[str] | None


class _PutsRight(Decided):
    """A decision about another decision, named by its ledger position."""

    position: WholeNumber = Field(ge=1)

    @model_validator(mode="after")
    def _authority_named(self) -> Self:
        if self.authority is None:
            raise ValueError(  # bad usage, as a value is; worded where it was given
                AuthorityNotNamed(
                    "name the authority the record is put right under (the portfolio "
                    "office's procedure, a board's instruction)"
                )
            )
        return self


class CorrectDecision(_PutsRight):
    """Correct the amounts, dates, ratings or text of the decision at a ledger position.

    ``changes`` maps each field to its right value, written as on the command
    line: amounts as ``1200000`` or ``withheld``, dates as ``2026-03-31``,
    lists as lists (``references``, ``objectives``). Which fields a decision
    has, and which may be corrected, the refusal names.
    """

    changes: dict[FieldName, RawValue] = Field(min_length=1, max_length=20)


class AnnulDecision(_PutsRight):
    """Annul the decision at a ledger position: it was recorded in error."""


class AddOrganisation(Decided):
    """Add an organisation (department, directorate, business unit) to the ledger's list."""

    key: OrganisationKey
    name: Name
