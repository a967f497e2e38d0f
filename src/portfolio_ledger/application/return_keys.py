"""Which item each row of a return is: its id, or the item of its name, or a key made from it.

A row with an id is that item. A row with none is matched by its name to an
item in the ledger on the return's date, or joins under a key made from the
name. A row that adds up the others (a total), or that has the key of a row
before it, is refused here, before anything is compared or recorded.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from portfolio_ledger.application.footnotes import is_note, note_row
from portfolio_ledger.application.made_keys import key_from_name
from portfolio_ledger.application.placeholder_ids import placeholder_id
from portfolio_ledger.application.returns import (
    Named,
    Parent,
    Reconciliation,
    Refusal,
    ReturnRow,
    compared,
)
from portfolio_ledger.application.summed_rows import summing_rows


def keyed_rows(
    rows: Sequence[ReturnRow], known: Sequence[Mapping[str, Any]], result: Reconciliation
) -> tuple[list[tuple[ReturnRow, str]], set[str]]:
    """Each row's key (its id, or found or made from its name); duplicates refused."""
    by_title: dict[str, list[str]] = defaultdict(list)
    for state in known:
        by_title[compared(state["title"])].append(state["key"])  # as a cell is compared
    titles = {state["key"]: state["title"] for state in known}
    first: dict[str, ReturnRow] = {}
    keyed: list[tuple[ReturnRow, str]] = []
    summing = summing_rows(rows, lambda row: _total(row, titles, by_title) is not None)
    for given in rows:
        if given.key_refused:  # an id, wrongly written: not a row with no id
            result.refusals.extend(given.refusals)
            continue
        if (row := _heading(given, by_title, result) if given.heading else given) is None:
            continue
        if (
            total := _total(row, titles, by_title)
            or _note(row, by_title)
            or _summing(row, summing, by_title)
            or _placeholder(row, titles)
        ) is not None:
            result.refusals.append(Refusal(row.number, None, total))
            continue
        if (parent := _no_parent(row, titles, by_title)) is not None:
            result.refusals.append(Refusal(row.number, parent.column, parent.why))
            continue
        key = row.key or _by_name(row, by_title, titles, result)
        if key is None:
            continue
        if key in first:
            result.refusals.append(Refusal(row.number, None, _twice(row, first[key], key)))
            continue
        first[key] = row
        if row.refusals:
            result.refusals.extend(row.refusals)
        else:
            keyed.append((row, key))
    return keyed, set(first)


def _heading(
    row: ReturnRow, known_titles: Mapping[str, Any], result: Reconciliation
) -> ReturnRow | None:
    """A row shaped as a group's heading: an item's if an item has its name; else refused."""
    name = row.values.get("title")
    if isinstance(name, str) and compared(name) in known_titles:
        return replace(row, refusals=row.refusals[1:], heading=False)
    result.refusals.append(row.refusals[0])
    return None


def _placeholder(row: ReturnRow, known_keys: Mapping[str, Any]) -> str | None:
    """Why a row whose id is a word for none yet (``TBC``) is refused, unless an item has it."""
    if row.key is None or row.key in known_keys:
        return None
    return placeholder_id(row.written_id or row.key)


def _no_parent(
    row: ReturnRow, known_keys: Mapping[str, Any], known_titles: Mapping[str, Any]
) -> Parent | None:
    """The parent no row of the return has, refused (``why``) unless an item is it."""
    parent = row.parent
    if parent is None or parent.key in known_keys or compared(parent.written) in known_titles:
        return None
    return parent


def _summing(
    row: ReturnRow, summing: Mapping[int, str], known_titles: Mapping[str, Any]
) -> str | None:
    """Why a row with no id that adds up the others is refused, unless an item has its name."""
    name = row.values.get("title")
    if row.number not in summing or (isinstance(name, str) and compared(name) in known_titles):
        return None
    return summing[row.number]


def _by_name(
    row: ReturnRow,
    by_title: Mapping[str, list[str]],
    titles: Mapping[str, str],
    result: Reconciliation,
) -> str | None:
    """The key of a row with no id: the item of that exact name, or one made from the name."""
    name = row.values.get("title")
    if name is None:
        result.refusals.extend(
            row.refusals or [Refusal(row.number, None, "no id and no name: give either")]
        )
        return None
    matches = by_title.get(compared(name), [])
    if len(matches) > 1:
        result.refusals.append(
            Refusal(
                row.number,
                None,
                f"no id, and its name {name!r} is that of {len(matches)} items "
                f"({', '.join(matches)}); give the row the id of the one it is",
            )
        )
        return None
    key = matches[0] if matches else key_from_name(name)
    if not matches and key in titles:
        result.refusals.append(Refusal(row.number, None, _key_taken(name, key, titles[key])))
        return None
    result.named.append(Named(row.number, name, key, matched=bool(matches)))
    return key


def _key_taken(name: str, key: str, held: str) -> str:
    """Why a row with no id is refused whose name makes the key of an item of another name."""
    if key_from_name(held) != key:
        return (
            f"no id; the key made from its name, {key}, is that of another item ({held!r}); "
            "give the row an id"
        )
    return (
        f"no id; its name {name!r} makes the key {key}, as the name of the item {key}, "
        f"{held!r}, does: the two differ only in case, accents or punctuation, and a row with "
        f"no id is matched by its exact name. If it is that item, write its name as the "
        f"ledger has it, {held!r}, or record the new name first, as at the return's date "
        f"('item amend {key} --title ... --effective-date DAY'), then import the return "
        "again; if it is another, give the row an id of its own"
    )


_WORD = r"(totals?|sum|totaal|(gesamt|zwischen|end)?summe|insgesamt)"
"""The word total, in English, in Dutch (a Dutch register's ``Totaal``, ``Subtotaal``) or in
German (``Summe``, ``Gesamtsumme``, ``Zwischensumme``, ``Insgesamt``); German's ``gesamt``
too, as a label or after a name (``Infrastruktur gesamt``), not before one
(``Gesamt-IT-Architektur``)."""
_LAST = rf"({_WORD}|gesamt)"
_AGGREGATE = r"(average|mean|median|count)\s*:?\s*[\d.,]*"
_TOTAL = re.compile(
    rf"((grand|sub|overall|portfolio|eind)[\s-]*)?{_LAST}\s*:?|{_AGGREGATE}", re.IGNORECASE
)
"""An id that is a total's label: ``Total``, ``Totals``, ``Grand total:``, ``SUB-TOTAL``,
``Sum``, ``Eindtotaal``, ``Summe``; or another figure a sheet works out from its rows, as
Excel's AutoSum offers them: ``Average``, ``Mean``, ``Median``, ``Count: 40``."""
_TOTAL_NAMED = re.compile(
    rf"\W*((grand|sub|overall|eind)[\s-]*)?(sub)?{_WORD}\b.*|.*\b(sub[\s-]?)?{_LAST}\W*"
    rf"|.*\b(sub[\s-]?)?{_LAST}\s*\([^()]*\)\W*"  # Portfolio Total (12 projects)
    r"|\W*(?-i:[Σ∑])(?![^\W\d_]).*|.*(?<![^\W\d_])(?-i:[Σ∑])\W*",  # Σ, not a Greek word's
    re.IGNORECASE,
)
"""A name that begins or ends with the word total (``TOTAL PORTFOLIO``, ``Total (£m)``,
``Total - Transport``, ``Digital subtotal``, ``Portfolio total:``, ``Totaal``, ``Summe
Infrastruktur``, ``Infrastruktur gesamt``, ``Σ``, ``∑ DG I``), or ends with it and a bracket
(``Portfolio Total (12 projects)``, ``Digital total (£k)``), and no id."""


def _total(
    row: ReturnRow, known_keys: Mapping[str, Any], known_titles: Mapping[str, Any]
) -> str | None:
    """Why the row is refused if it is a total's row, not an item's; else None.

    A register's last row often adds up the rest, labelled in the id column or
    the name's. Read as an item it would join the portfolio, doubling every
    figure. A row whose id is a total's label, or whose name is one (``Total``,
    ``Grand total``, ``Sub-total``: with an id too, as a PPM tool numbers every
    row), or with no id whose name begins or ends with the word, is refused
    unless its item is in the ledger already (an item so named is onboarded
    first, ``item onboard``; one whose name only begins or ends with the word
    is given its id); an item already called that, or with that id, is matched.
    """
    name: Any = row.values.get("title")
    label: Any
    if row.key is not None:
        label, known = row.written_id or row.key, row.key in known_keys
        if not known and is_total_label(name):
            return _total_with_id(row.key, row.written_id or row.key, name)
        if known or not is_total_label(label):
            return None
    else:
        label = name
        known = isinstance(label, str) and compared(label) in known_titles
        if known or not isinstance(label, str) or not looks_like_total(label):
            return None
    fix = "if it is an item, give the row its id"
    if row.key is not None:
        fix = f"if it is an item with that id, {_onboard(row.key, None)}"
    elif is_total_label(label):
        fix = f"if it is an item of that name, {_onboard('KEY', label)}"
    return (
        f"it looks like a total, not an item ({label!r}), and no item in the ledger is "
        "called that: delete the row from the return (the ledger adds its items up itself: "
        f"'portfolio-ledger economics'), or, {fix}"
        + ("" if fix.endswith("its id") else ", and a return then reads its row as that item")
    )


def looks_like_total(text: str) -> bool:
    """Whether a row's name is a total's: a label (``Total``), or begins or ends with one."""
    return is_total_label(text) or _TOTAL_NAMED.fullmatch(text.strip()) is not None


def is_total_label(name: Any) -> bool:
    """Whether a row's name or id is a total's label alone: ``Total``, ``Grand total:``."""
    return isinstance(name, str) and _TOTAL.fullmatch(name.strip()) is not None


def _total_with_id(key: str, written: str, name: str) -> str:
    """Why a row with an id, named as a total is, is refused when no item has that id yet.

    The id is quoted as its cell writes it (``'tot-1'``), and the key it makes named
    where that differs (``TOT-1``), as every refusal of a row's id does.
    """
    none = f"no item in the ledger has its id, {written!r}"
    if written != key:
        none = f"its id, {written!r}, makes the key {key}, which no item in the ledger has"
    return (
        f"it looks like a total, not an item (its name is {name!r}), and {none}: delete the "
        "row from the return (the ledger adds its items up "
        f"itself: 'portfolio-ledger economics'); if it is an item of that name, "
        f"{_onboard(key, name)}, and a return then reads its row as that item"
    )


def _onboard(key: str, name: str | None) -> str:
    """How an item named or keyed as a total is brought in: onboarded first, by hand."""
    title = f' --title "{name.strip()}"' if name else ""
    return f"onboard it first ('portfolio-ledger item onboard {key}{title} ...')"


def _note(row: ReturnRow, known_titles: Mapping[str, Any]) -> str | None:
    """Why a row with no id is refused when its name is a note below the table; else None.

    A register ends with its notes (``Quelle: Haushaltsplan 2026``) in the names'
    column: read as an item, each would join the portfolio.
    """
    label = row.values.get("title")
    if row.key is not None or not isinstance(label, str) or compared(label) in known_titles:
        return None
    if not is_note(label):
        return None
    return f"{note_row(label)}; or, if it is an item (no item has its name), give it an id"


def _also(row: ReturnRow, first: ReturnRow, key: str) -> str:
    """That a row's id is also ``first``'s: each quoted as its cell writes it.

    The key both make is named where a cell writes it otherwise (``'p-1'``, ``P-1``).
    """
    written, earlier = row.written_id or key, first.written_id or key
    if written == key == earlier:
        return f"its id, {written!r}, is also on row {first.number}"
    return f"its id, {written!r}, makes the key {key}, as row {first.number}'s ({earlier!r}) does"


_AGAIN = (
    "an item appears once in a return (a file holding several returns is read one at a "
    "time: --where COLUMN=VALUE)"
)


def _twice(row: ReturnRow, first: ReturnRow, key: str) -> str:
    """Why ``row`` is refused when ``first``, an earlier row, has the same key."""
    if row.key is not None:
        return _twice_with_id(row, first, key)
    name, first_name = row.values.get("title"), first.values.get("title")
    if first.key is not None and name != first_name:
        given = first.written_id or key
        its_id = "gives as its id" if given == key else f"makes of its id, {given!r}"
        return (
            f"no id; its name, {name!r}, gives the key {key}, which row {first.number} "
            f"({first_name!r}) {its_id}; give the row its id, so each is read as its item"
        )
    if name != first_name:
        return (
            f"no id; the key made from its name, {key}, is also made from the name on row "
            f"{first.number} ({first_name!r}); give the rows ids, so each is read as its item"
        )
    return (
        f"no id, and its name {name!r} is also on row {first.number}: give the rows ids if "
        f"they are different items; {_AGAIN}"
    )


def _twice_with_id(row: ReturnRow, first: ReturnRow, key: str) -> str:
    """Why ``row``, which has an id, is refused when ``first`` has the same key."""
    if first.key is None:
        written = row.written_id or key
        its_id = f"its id, {written!r}, is also the key row {first.number}, which has no id,"
        if written != key:
            its_id = (
                f"its id, {written!r}, makes the key {key}, which row {first.number}, with no id,"
            )
        return (
            f"{its_id} gets from its name ({first.values.get('title')!r}); give that row its "
            "id, so each is read as its item"
        )
    if row.key_made or first.key_made:
        return (
            f"{_also(row, first, key)}; give one of them an id of letters, digits, '-', '_' or "
            "'.', so each is read as its item"
        )
    if row.values == first.values:
        return (
            f"{_also(row, first, key)}, and every column read is the same: the row is there "
            "twice; delete one (if it is another item, give it its own id)"
        )
    return f"{_also(row, first, key)}; {_AGAIN}"
