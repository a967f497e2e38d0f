"""When a stored event was recorded, read from its stored bytes alone."""

from __future__ import annotations

import json
from datetime import datetime

_STAMP = b'{"timestamp":{"_type_":"datetime_iso","_data_":"'


def recorded_time_of(state: bytes) -> datetime | None:
    """When a stored event was recorded, read from its stored bytes (None if they say no time).

    Every event the ledger stores begins with its recorded time, so this reads
    just that, without decoding the rest: verification reads millions.
    """
    if state.startswith(_STAMP):
        end = state.find(b'"', len(_STAMP))
        text = state[len(_STAMP) : end].decode("ascii", "replace") if end > 0 else ""
    else:
        try:
            stamp = json.loads(state)["timestamp"]
            text = stamp["_data_"] if stamp.get("_type_") == "datetime_iso" else ""
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
            return None
    try:
        moment = datetime.fromisoformat(text)
    except (ValueError, TypeError):
        return None
    return moment if moment.tzinfo is not None else None
