"""Plain records (dataclasses) as JSON-ready values: ``item show``'s and ``item history``'s.

Exactly what pydantic's ``model_dump(mode="json")`` of the earlier models
wrote: money as ``{"amount": text, "currency": code}`` (the text to the cent,
as every ``--json`` writes money: ``json_amount``), dates in ISO 8601, UTC
times ending in ``Z``, tuples as lists, a record inside a record as its own
fields (a unit test compares the two).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from operator import attrgetter
from typing import Any

from portfolio_ledger.domain.clock import json_time
from portfolio_ledger.domain.money import Money, json_amount


def as_json(record: Any) -> dict[str, Any]:
    """A record (a dataclass) as JSON-ready values, field by field (see the module's docstring)."""
    kind = type(record)
    known = _FIELDS.get(kind)
    if known is None:
        names = tuple(f.name for f in fields(record))
        known = _FIELDS[kind] = (names, attrgetter(*names))
    names, values = known
    return {
        name: value if type(value) in AS_THEY_ARE else json_value(value)
        for name, value in zip(names, values(record), strict=True)
    }


_FIELDS: dict[type, tuple[tuple[str, ...], attrgetter[Any]]] = {}
"""Each record class's field names in order, and their getter (``fields`` is slower to call)."""
AS_THEY_ARE = frozenset({str, int, float, bool, type(None)})
"""The exact types :func:`json_value` gives back as they are (most values): not called for."""


def json_value(value: Any) -> Any:
    """A value as pydantic's JSON mode writes it."""
    kind = type(value)
    if kind in AS_THEY_ARE:
        return value
    exact = _EXACT.get(kind)
    return _any_json(value) if exact is None else exact(value)


def _any_json(value: Any) -> Any:  # noqa: PLR0911 - a case for each kind of value
    """A value as pydantic's JSON mode writes it, whatever its class."""
    if value is None or isinstance(value, str | int | float):  # bool is an int
        return value
    if isinstance(value, Money):
        return _money_json(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return json_time(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return json_value(value.value)
    if isinstance(value, dict):
        return _dict_json(value)
    if isinstance(value, list | tuple):
        return _list_json(value)
    if is_dataclass(value):  # a record inside a record (an item's open escalations)
        return as_json(value)
    raise TypeError(f"cannot show {type(value).__name__} as JSON")


def _money_json(value: Money) -> dict[str, str]:
    return {"amount": json_amount(value.amount), "currency": value.currency}


def _dict_json(value: dict[Any, Any]) -> dict[str, Any]:
    return {str(k): v if type(v) in AS_THEY_ARE else json_value(v) for k, v in value.items()}


def _list_json(value: Sequence[Any]) -> list[Any]:
    return [v if type(v) in AS_THEY_ARE else json_value(v) for v in value]


_EXACT: dict[type, Any] = {
    Money: _money_json,
    datetime: json_time,
    date: date.isoformat,
    dict: _dict_json,
    list: _list_json,
    tuple: _list_json,
}
"""What :func:`_any_json` does for a value of exactly these classes, found at once."""
