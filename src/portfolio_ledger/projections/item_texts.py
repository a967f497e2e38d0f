"""An item's JSON, written once when its row is: what ``item show`` and ``portfolio --json`` print.

``item show`` used to fold the item's events through the domain, and
``portfolio --json`` to fetch 10,000 rows of 29 columns and convert each
value, on every call (see docs/performance.md). The ``portfolio_items``
read model now keeps, beside each item's row, two texts made from the
state it writes (in ``portfolio_items_shown`` and ``portfolio_items_listed``):

- ``shown``: :meth:`ItemView.as_json` of the item, as compact JSON (read
  back with ``json.loads`` and :meth:`ItemView.from_json`: only its values
  matter, not its spacing);
- ``listed``: the item's object in ``portfolio --json``'s list, exactly as
  the listing writes it (orjson, indented two spaces, at its place in the
  list), from its state's values as the database gives them back (money to
  the cent, times in UTC), so a listing is these texts joined.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection
from sqlalchemy.sql import Select

from portfolio_ledger.domain.clock import json_time
from portfolio_ledger.projections.columns import CENT
from portfolio_ledger.projections.fetching import driver_rows
from portfolio_ledger.projections.state import STATE_COLUMNS, ItemState

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from portfolio_ledger.domain.item import PortfolioItem


def shown_text(item: PortfolioItem) -> str:
    """``item show``'s record of the item, as compact JSON."""
    import orjson

    from portfolio_ledger.application.item_views import ItemView

    record = ItemView.json_of(item)
    try:
        return orjson.dumps(record).decode()
    except orjson.JSONEncodeError:  # a lone surrogate: json writes it escaped
        return json.dumps(record, ensure_ascii=False)


def listed_text(state: ItemState) -> str:
    """The item's object as ``portfolio --json`` writes it inside its list."""
    import orjson  # imported by writers only: readers print the texts

    record = {
        name: value if type(value) in _AS_THEY_ARE else _as_read(value)
        for name, value in zip(STATE_COLUMNS, _state_values(state), strict=True)
    }
    try:
        text = orjson.dumps([record], option=orjson.OPT_INDENT_2).decode()
    except orjson.JSONEncodeError:  # what the listing writes with json instead (a lone surrogate)
        text = json.dumps([record], indent=2, ensure_ascii=False)
    return text[2:-2]  # without the list's "[\n" and "\n]"


def listing(texts: Sequence[bytes]) -> list[bytes]:
    """The JSON list of these items' objects (``[]`` for none) and a newline, as printed (UTF-8).

    In parts, whose concatenation is the list: megabytes are not copied to be joined.
    """
    if not texts:
        return [b"[]\n"]
    parts = [b",\n"] * (2 * len(texts) + 1)
    parts[0], parts[-1] = b"[\n", b"\n]\n"
    parts[1:-1:2] = texts
    return parts


_state_values = itemgetter(*STATE_COLUMNS)
_AS_THEY_ARE = frozenset({str, int, bool, type(None)})
"""The exact types :func:`_as_read` gives back as they are (most values): not called for."""


def _as_read(value: Any) -> Any:
    """A state's value as JSON, as the listing writes the value the database gives back."""
    if isinstance(value, Decimal):
        return str(value.quantize(CENT))  # money: NUMERIC(14, 2), or SQLite's float to the cent
    if isinstance(value, datetime):
        return json_time(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def fetch_texts(session: Session | Connection, query: Select[Any]) -> list[bytes]:
    """The query's one text column as the driver gives it, as UTF-8: for many rows of texts.

    SQLAlchemy's result (a Row per row) costs more than the fetch itself for
    10,000 rows. SQLite's driver gives the stored UTF-8 as it is, so
    megabytes of text are neither decoded here nor encoded again for stdout;
    other drivers' texts are encoded.
    """
    rows = driver_rows(session, query, text_as_bytes=True)
    return [text if isinstance(text, bytes) else text.encode() for (text,) in rows]
