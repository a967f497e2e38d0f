"""An id cell holding a word for no id yet (``TBC``, ``New``, ``N/A``): not an id.

A register gives a project its id once it is registered; until then its id cell says so,
``TBC``, ``TBA``, ``New``, ``Pending``. Each is a valid key, so the row joined the portfolio
as the item ``TBC``, and next quarter another new project written ``TBC`` was read as that
item renamed, its figures as that item's. Such a row is refused, saying to leave the cell
empty (the row is then matched by its name, or joins under a key made from it) or to give
the row its id; unless an item in the ledger already has that key.
"""

from __future__ import annotations

import re

from portfolio_ledger.application.made_keys import key_from_id

_WORDS = frozenset(
    {"tbc", "tba", "tbd", "tbconfirmed", "tobeconfirmed", "tobeassigned", "tobeallocated"}
    | {"tobeadvised", "tobedetermined", "na", "none", "nil", "new", "pending", "unknown"}
    | {"notyetassigned", "notassigned", "notyetallocated", "unassigned", "noid", "xxx"}
    | {"newproject", "newid", "awaitingid", "idtbc", "tbcnew", "newtbc"}
)
"""A word for an id not given yet, its letters alone, in lower case: ``TBC``, ``T.B.C.``,
``N/A``, ``Not yet assigned``, ``New project``, ``ID TBC``."""


def placeholder_id(written: str) -> str | None:
    """Why an id cell's text is no id but a word for none yet; None if it may be an id."""
    letters = re.sub(r"[\W_]+", "", written).casefold()
    if letters and letters not in _WORDS:
        return None
    return (
        f"its id, {written.strip()!r}, is a word for an id not given yet, not an id: read as "
        "one, each row so written, in this return and the next, would be one item (a new "
        "project written so next quarter read as this one renamed); leave the cell empty, so "
        "the row is matched by its name or joins under a key made from it, or give the row "
        "its id"
    )


def not_a_key(ref: str, written: str, problem: str) -> str:
    """Why an id cell's text that is no key is refused: as a word for none yet, if it is one.

    ``N/A`` and ``-`` were refused as keys not valid, saying to say ``make_keys``: that
    made one key of every row so written, refused only then as a word for no id.
    """
    none_yet = placeholder_id(written)
    if none_yet is not None:
        return f"cell {ref}: {none_yet}"
    return (
        f"cell {ref}: {problem}; or, to make keys of the return's ids (here "
        f"{key_from_id(written)}), say make_keys = true in the mapping"
    )
