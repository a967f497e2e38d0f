"""A return's row whose decision is not valid: why, naming the column it was read from."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import ValidationError

from portfolio_ledger.application.returns import Refusal


def invalid_row(error: ValidationError, number: int, headers: Mapping[str, str]) -> Refusal:
    """Row ``number``'s refusal: its first invalid field, by the column (``headers``) it is in.

    The field's column is named as a cell's refusal names it (``row 4, column Phase``), so
    a row refused by the command's own rule (an item joining at a stage it cannot join at)
    is found in the return by its column, not by the field's name alone; a field the
    mapping reads from no column (its ``[defaults]``) is named as the field.
    """
    detail = error.errors()[0]
    where = ".".join(str(part) for part in detail["loc"])
    column = headers.get(str(detail["loc"][0])) if detail["loc"] else None
    if detail["type"] == "missing":
        reason = (
            f"its {where} is empty, and an item that joins the portfolio needs one: fill in "
            f"the row's {where}, or give every item that joins one in the mapping "
            f'([defaults] {where} = "..."), or, if the mapping reads no column as {where}, '
            "map one"
        )
    else:
        said = str(detail["msg"]).removeprefix("Value error, ")
        reason = f"{where}: {said}" if where else said  # a rule of the whole row: no field
    return Refusal(number, column, reason, usage=True)
