"""A change in words: a field from what it was to what it is, a value it had none of said once.

Wherever items are grouped, those with no organisation are ``no organisation``
and those never rated ``not reported`` (:data:`NO_VALUE`, which ``portfolio
--by``, ``economics`` and the board pack read through
``application.selection.group_label``). A decision's summary says a field
that had, or is given, no value in the same words: ``no organisation ->
CORP``, ``sponsor Dana Okafor -> no sponsor``, never ``organisation none ->
CORP``, which reads as an organisation called "none".

A summary is computed from its event, so a later version may word an event
differently; an audit-trail export keeps the words of the version that made
it. :data:`WORDS` numbers the words of this version, :data:`EARLIER_WORDS`
each earlier version's, and :func:`worded_as` words a summary as one of them
did, so that ``audit verify-export`` can tell a change of words from a change
of the record.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

WORDS = 8
"""The version of the words a decision's summary is in (the ``audit_trail`` read model's)."""

EARLIER_WORDS = {
    2: "until 2026-12-03, when a value none was said 'none' ('organisation none -> CORP'), "
    "a text given empty was shown empty ('sponsor  -> Dana Okafor'), a board with no "
    "limit 'limit no limit', an item's onboarding without its forecast date, a "
    "corrected list's values separated by '; ' and any other list's values unquoted",
    3: "until 2026-12-04, when a board with no limit was said 'limit no limit' "
    "('constituted: limit no limit, quorum 2', 'limit no limit -> GBP 5,000,000'), an "
    "item's onboarding without its forecast date, a corrected list's values separated "
    "by '; ' and any other list's values unquoted",
    4: "until 2026-12-05, when an item's onboarding was said without its forecast date "
    "('baseline: whole-life cost GBP 1,500,000; RAG amber; from ...', where the item "
    "joined with one), a corrected list's values separated by '; ' and any other list's "
    "values unquoted",
    5: "until 2026-12-06, when a corrected list's values were separated by '; ', as the "
    "fields a correction changes are ('objectives Net zero -> A; B', now 'A, B'), and any "
    "other list's values unquoted",
    6: "until 2026-12-06, when a list's values were unquoted, so that one holding a comma "
    "read as two: an amendment's objectives, a delegation's categories and a person's roles "
    "separated by ', ' ('objectives Net zero -> A, B, C' for the objectives 'A, B' and 'C', "
    "now '\"A, B\", C'), an approval's conditions by '; ' ('conditions: A; B', now 'A, B')",
    7: "until 2026-12-08, when a delegation's categories corrected to none, which covers "
    "any category, were said 'no categories' ('categories Infrastructure -> no categories', "
    "now '-> any category'), as if it covered none",
}
"""Each earlier version of a summary's words: when it was used and how it differs from today's."""

_WORDED_AS: ContextVar[int] = ContextVar("worded_as", default=WORDS)


@contextmanager
def worded_as(version: int) -> Iterator[None]:
    """Summaries made in the block are in the words of ``version`` (of :data:`EARLIER_WORDS`)."""
    if version != WORDS and version not in EARLIER_WORDS:
        raise ValueError(f"no summary was ever worded as version {version}")
    token = _WORDED_AS.set(version)
    try:
        yield
    finally:
        _WORDED_AS.reset(token)


def words_in_use() -> int:
    """The version of the words summaries are being made in (:data:`WORDS`, or one earlier)."""
    return _WORDED_AS.get()


NO_VALUE = {
    "organisation": "no organisation",
    "category": "no category",
    "rag": "not reported",
    "objective": "no objective",
}
"""What the items with no value for a breakdown are called, wherever items are grouped.

``portfolio --by``, ``economics`` and the board pack (HTML, PDF, xlsx, ``--json``'s
labels) say it in these words; data keeps none as none (``null`` in every ``--json``;
``''`` in the ``economics`` read model, whose key column holds no null).
"""

_SAID = {
    "valid_to": "no end date",
    "until": "no end date",
    "merged_into": "not merged",
    "paused_from": "paused from in delivery (not said)",
}
"""Fields whose "none" means something of its own: a window or a deferral without an end;
an onboarding stored before ``paused_from`` (none), whose paused item is read as paused from
in delivery (no correction makes a paused onboarding's none)."""


ANY_CATEGORY = 8
"""The words version from which a delegation's categories none are said ``any category``."""


def none_words(name: str) -> str:
    """A field with no value, as a change says it: ``no sponsor``, ``rag not reported``.

    A delegation with no categories covers any category: ``categories Infrastructure ->
    any category`` widens it (version 7 and before said ``no categories``, as if it covered none).
    """
    if name == "categories" and words_in_use() >= ANY_CATEGORY:
        return "any category"
    if name in _SAID:
        return _SAID[name]
    field = name.replace("_", " ")
    said = NO_VALUE.get(name, f"no {field}")
    return said if field in said else f"{field} {said}"


def change_words(name: str, before: str | None, after: str | None) -> str:
    """``organisation CORP -> OPS``; ``no organisation -> CORP``; ``sponsor Dana -> no sponsor``.

    ``before`` and ``after`` are the values in words; None or blank is no value.
    """
    field = name.replace("_", " ")
    if words_in_use() < 3:  # the words of version 2, kept as they were
        return f"{field} {_said_in_2(before)} -> {_said_in_2(after)}"
    was = f"{field} {before}" if before and before.strip() else none_words(name)
    now = after if after and after.strip() else none_words(name)
    return f"{was} -> {now}"


def _said_in_2(value: str | None) -> str:
    return "none" if value is None else value


def names_in_words(names: Iterable[str]) -> str | None:
    """Names (an item's objectives) in words, each told apart: ``Net zero, Digital``.

    Names are separated by ``, ``; a name holding a comma, or beginning with a
    double quote, is written in double quotes, each double quote in it doubled
    (as a CSV cell is): one objective ``A, B`` is ``"A, B"``, two are ``A, B``.
    None where there are none (``change_words`` then says ``no objectives``).
    The audit trail (every list a summary says: :func:`listed_words`), ``item
    show`` and ``portfolio diff`` word an item's objectives here, so they read alike.
    """
    return ", ".join(map(_told_apart, names)) or None


EVERY_LIST_TOLD_APART = 7
"""The words version from which every list an event's summary says is in :func:`names_in_words`.

Version 6 told a corrected list's values apart (``domain.corrected_words``), but
no other: an amendment's objectives, a delegation's categories and a person's
roles were joined by ``, ``, an approval's conditions by ``; ``, none quoted."""


def listed_words(values: Iterable[str], *, joined_by: str = ", ") -> str | None:
    """A list an event holds, as its summary says it: ``"A, B", C`` (:func:`names_in_words`).

    In the words of version 6 and before, the values joined by ``joined_by``, none quoted.
    """
    if words_in_use() < EVERY_LIST_TOLD_APART:
        return joined_by.join(map(str, values)) or None
    return names_in_words(map(str, values))


def _told_apart(name: str) -> str:
    if "," in name or name.startswith('"'):
        return '"' + name.replace('"', '""') + '"'
    return name
