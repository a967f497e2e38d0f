"""A mapping's ``[spellings]``: how a return writes a rating, a kind, a stage or a figure.

Each spelling is checked when the mapping is read: found only when a row is read, one
that stands for nothing would be refused in every row, as the cell's fault.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Any, TypeVar

from portfolio_ledger.application.returns import FIGURES, compared
from portfolio_ledger.domain.figures import Unstated
from portfolio_ledger.domain.lifecycle import PAUSED_FROM, Kind, Stage
from portfolio_ledger.domain.ratings import RAG
from portfolio_ledger.domain.vocabulary import spoken
from portfolio_ledger.returns.amounts import CellAmountError, cell_amount
from portfolio_ledger.returns.iso_weeks import iso_day

E = TypeVar("E", Kind, Stage)


def checked_spellings(
    table: dict[str, Any], money: tuple[str, str], refuse: Any
) -> dict[str, dict[str, str]]:
    """Each field's spellings, checked; ``money`` is the return's currency and decimal.

    ``table``'s fields are the mapping's to check (they are fields of a return).
    """
    spellings = {}
    for name, spelt in table.items():
        if not isinstance(spelt, dict):
            raise refuse(f'[spellings.{name}] must be a table of "cell text" = "value"')
        for text, value in spelt.items():
            if not isinstance(value, str):
                raise refuse(
                    f'[spellings.{name}] "{text}" = {_toml(value)}: what a cell stands for is '
                    f'written as text, in quotes ("{_toml(value)}"), as each spelling is: '
                    f'[spellings.{name}] "cell text" = "value"'
                )
        for text, value in spelt.items():
            _check_spelling(name, text, value, money, refuse)
        spellings[name] = _keyed(name, spelt, refuse)
    return spellings


def written_back(table: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """Per rating, kind, stage or figure, each value (:func:`spoken`) to its one spelling.

    What an export writes for the value, so a pre-filled return holds the office's own
    word (``G``, not ``green``), read back as the value. Only a value the mapping spells
    one way: of several (``Amber/Red`` and ``Amber/Green`` both ``amber``) which is meant
    is not known, so the ledger's word is written, as it is for a rating whose one spelling
    names another rating too (``"Amber/Red" = "red"``: an item reported ``Red`` is red),
    unless the mapping reads that word as another value (``"Live" = "in delivery"``, with
    ``In service`` and ``BAU`` both ``live``): then its first spelling, which reads back as
    it. Only words of a scale: a
    text field's spelling (a category's old name as its new) is how earlier files are
    read, not how the office writes now.
    """
    written: dict[str, dict[str, str]] = {}
    for name, spelt in table.items():
        if name not in SCALES:
            continue
        read = {spelling_key(text): spoken(value) for text, value in spelt.items()}
        texts: dict[str, list[str]] = {}
        for text, value in spelt.items():
            if value:  # an empty cell is written empty
                texts.setdefault(spoken(value), []).append(text)
        written[name] = {
            value: found[0]
            for value, found in texts.items()
            if (len(found) == 1 and not _merges(name, found[0], value))
            or read.get(spelling_key(value), value) != value
        }
    return written


_RATINGS = {"r": "red", "a": "amber", "g": "green"}
_RATINGS |= {word: word for word in _RATINGS.values()}


def _merges(name: str, text: str, value: str) -> bool:
    """Whether ``text``, a rating's one spelling, names it and another rating (``Amber/Red``).

    Such a spelling reads a finer scale's rating onto the ledger's (the five-point DCA's
    ``Amber/Red`` as red): an item reported ``Red`` is red too, so its pre-filled return
    writes the ledger's word, not ``Amber/Red``, which its office would read as another.
    A spelling naming another rating alone (``"Amber" = "red"``) is the office's word.
    """
    named = {_RATINGS.get(word) for word in re.split(r"[^a-z]+", text.casefold())}
    return name == "rag" and value in named and bool(named - {None, value})


SCALES = {"rag", "kind", "stage", "paused_from", *FIGURES}
"""The fields whose spellings are words of a scale: ratings, kinds, stages, figures' status."""


_JOINED = re.compile(r"\s*([/\-&+])\s*")
"""A joining mark and the spaces either side of it: 'Amber / Red' is 'Amber/Red'."""


def spelling_key(text: str) -> str:
    """A cell's text as a spelling is looked up by: in any case, spaces around / - & + read past.

    As a cell is compared (``compared``: an en dash is a hyphen), and ``Amber / Red`` is
    ``Amber/Red``, ``5 - Low Risk`` is ``5-Low Risk``.
    """
    return _JOINED.sub(r"\1", compared(text)).casefold()


def _keyed(name: str, spelt: dict[str, str], refuse: Any) -> dict[str, str]:
    """``spelt`` by its cells' keys; two spellings read as one cell, for two values, refused."""
    keyed: dict[str, tuple[str, str]] = {}
    for text, value in spelt.items():
        earlier = keyed.setdefault(spelling_key(text), (text, value))
        if earlier[1] != value:
            raise refuse(
                f'[spellings.{name}] "{earlier[0]}" = "{earlier[1]}" and "{text}" = "{value}": '
                f"a cell is read as both (spellings are compared in any case, and spaces "
                f"around / - & + are read past), so say one value for both, or keep one"
            )
    return {key: value for key, (_, value) in keyed.items()}


def _toml(value: Any) -> str:
    """A value as TOML writes it, as the mapping holds it (``true``, ``0``, ``[...]``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _check_spelling(name: str, text: str, value: str, money: tuple[str, str], refuse: Any) -> None:
    """A spelling of a rating, kind or stage stands for one of its values; else refused.

    Found only when a row is read, it would be refused as the cell's fault, naming the
    value the mapping gave, not the text the cell holds.
    """
    if name == "rag":
        found: Enum | None = _rating(value)
        what, scale = "rating", RAG.choices()
    elif name == "kind":
        found, what, scale = choice(Kind, value), name, Kind.choices()
    elif name == "stage":
        found, what, scale = choice(Stage, value), name, Stage.choices()
    elif name == "paused_from":  # only a stage an item is paused from: a paused row says it
        found = choice(Stage, value) if choice(Stage, value) in PAUSED_FROM else None
        what, scale = "stage an item is paused from", ", ".join(s.value for s in PAUSED_FROM)
    elif name in FIGURES:
        found = _unstated(value) if not any(c.isdigit() for c in value) else _amount(value, *money)
        # the example as the mapping's decimal writes it: 1443.7 is refused under ","
        what, scale = "figure", f"withheld, not known, or an amount, such as 1443{money[1]}7"
    elif name == "forecast_date":
        found = Unstated.NOT_KNOWN if not value or _is_day(value) else None
        what, scale = "day", 'YYYY-MM-DD, or "" for no date'
    else:
        return
    if found is None:
        raise refuse(
            f'[spellings.{name}] "{text}" = "{value}": {value!r} is not a {what} (write one '
            f"of: {scale})"
        )


def _is_day(value: str) -> bool:
    try:
        return iso_day(value) is not None  # a week alone (2025-W39) is no day
    except ValueError:
        return False


def _amount(value: str, currency: str, decimal: str) -> Unstated | None:
    """``NOT_KNOWN`` if ``value`` is an amount of ``currency`` (only found, not kept); else None.

    A spelling that is no amount would be refused in every row it is in, as the cell's fault.
    """
    try:
        number, _ = cell_amount(value, currency, 1, decimal)
    except CellAmountError:
        return None
    # Its decimal places and size are checked in the units the return is read in (--units).
    return Unstated.NOT_KNOWN if number >= 0 else None


def _unstated(value: str) -> Unstated | None:
    try:
        return Unstated(value)
    except ValueError:
        return None


def _rating(value: str) -> RAG | None:
    try:
        return RAG(value)
    except ValueError:
        return None


def choice(enum: type[E], text: Any) -> E | None:
    """A kind or stage as written (any case; ``in-delivery`` is ``in delivery``), or None."""
    wanted = spoken(str(text))
    return next((member for member in enum if member.value == wanted), None)
