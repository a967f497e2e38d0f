"""A register's footnotes: a mark after a cell's value, and a note's row below the table.

Published registers mark a figure or a rating that a footnote qualifies
(``123.4*``, ``Amber†``, ``12[1]``, ``2027-03-31²``) and end with the notes
themselves (``Note: figures exclude VAT``, ``Source: ...``, ``* provisional``).
Neither is part of what a return records: a marked value is refused naming its
mark and the value without it, and a note's row is refused as a note.
"""

from __future__ import annotations

import re
import unicodedata

from portfolio_ledger.application.returns import LABELS

_MARKED = re.compile(r"(?P<value>.*?\S)\s*(?P<mark>\*+|[†‡§¶]+|\[\s*\w{1,3}\s*\])", re.DOTALL)
"""A value, then a footnote's mark: asterisks, daggers, a section or pilcrow sign, or a
reference in square brackets (``[1]``, ``[a]``, ``[12]``), as a published table writes them."""


def _superscript(character: str) -> bool:
    """Whether ``character`` is written raised (``¹``, ``²``, ``ᵃ``): a footnote's mark."""
    return unicodedata.decomposition(character).startswith("<super>")


def footnote_mark(text: str) -> tuple[str, str] | None:
    """``(value, mark)`` where ``text`` is a value with a footnote's mark after it; else None.

    ``'123.4*'`` is ``('123.4', '*')``, ``'Amber†'`` ``('Amber', '†')``, ``'12[1]'``
    ``('12', '[1]')``, ``'1,443.7²'`` ``('1,443.7', '²')``. A mark alone is no value, nor
    are marks alone (``'***'``, as a table writes a figure suppressed): no value to write.
    """
    text = text.strip()
    end = len(text)
    while end and _superscript(text[end - 1]):
        end -= 1
    if end < len(text):
        value = text[:end].rstrip()
        return (value, text[end:]) if not _marks_alone(value) else None
    found = _MARKED.fullmatch(text)
    return (found["value"], found["mark"]) if found and not _marks_alone(found["value"]) else None


def _marks_alone(text: str) -> bool:
    """Whether ``text`` holds nothing but footnotes' marks (or nothing): ``''``, ``'**'``."""
    rest = re.sub(r"\[\s*\w{1,3}\s*\]|[*†‡§¶\s]", "", text)
    return all(_superscript(character) for character in rest)


def marked_value(cell: str, text: str, field: str) -> str | None:
    """Why the cell ``cell``, holding ``text`` for ``field``, is refused if a mark ends it."""
    found = footnote_mark(text)
    if found is None:
        return None
    value, mark = found
    spell = (
        f"; or, if every such cell means the same, spell it in the mapping ([spellings.{field}] "
        f'"{text}" = ...)'
        if field in _CHOICES
        else ""
    )
    return (
        f"cell {cell}: {text!r} ends in a footnote's mark ({mark!r}), which is not part of "
        f"its {LABELS.get(field, field)}: write {value!r} (a note qualifying it belongs in a "
        f"column the mapping ignores){spell}"
    )


_CHOICES = ("rag", "kind", "stage")
"""Fields of a few values, each of which a mapping may spell a marked cell as."""


_NOTE = re.compile(
    r"\s*([*†‡¹²³]|\(\d\)|(notes?|sources?|anmerkung(en)?|quelle|hinweis(e)?|fu(ss|ß)note|"
    r"stand|bron|opmerking(en)?|noot|toelichting|peildatum)\s*:"
    r"|(exported|generated|extracted|downloaded|printed|created)\s+(by|on|from|at|via)\s"
    r"|(exportiert|erstellt|generiert|gedruckt)\s+(von|am|um|aus|mit)\s"
    r"|(geëxporteerd|gegenereerd|aangemaakt|afgedrukt)\s+(door|op|uit)\s).*",
    re.IGNORECASE | re.DOTALL,
)
"""A note's text: a footnote's mark (``* Angaben ohne Gewähr``, ``¹ vorläufig``), a label
and a colon (``Note:``, ``Source:``, ``Anmerkung:``, ``Quelle:``, ``Bron:``), or the line
a PPM tool's export ends with, saying when and by what it was made (``Exported by
Planview on 31/12/2025``, ``Exportiert von Planview am 31.12.2025``, ``Geëxporteerd op
...``): read as a group's heading, that was told to give each item's row its group."""


def is_note(text: str) -> bool:
    """Whether a row's name or id is a note below the table, not an item's."""
    return _NOTE.fullmatch(text) is not None


def note_row(text: str, column: str | None = None) -> str:
    """Why a row whose name, or whose ``column`` (its id's), is the note ``text`` is refused."""
    where = f", in the column {column!r}" if column else ""
    return (
        f"it looks like a note, not an item ({text!r}{where}): delete the note rows from the "
        "return (or move each note into a column the mapping ignores); read as an item, a "
        "note would join the portfolio"
    )
