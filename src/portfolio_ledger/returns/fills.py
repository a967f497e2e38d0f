"""A workbook cell's fill colour, where a register shows a rating by colour alone.

Many registers colour their RAG cells, and some write nothing in them: the colour is
the rating. A colour is not guessed (one register's orange is another's red, and a
theme's colours change with the theme), so an empty rating cell with a fill is
refused naming its colour, unless the mapping's ``[fills.rag]`` says which rating
that colour stands for. A colour is named as Excel's colour picker gives it: six
hexadecimal digits, ``FFC000``; a theme's colour as ``theme N`` (its place in the
theme, 0 to 9) with ``tint T`` after it where it is lightened or darkened.
"""

from __future__ import annotations

import re
from typing import Any

from portfolio_ledger.domain.ratings import RAG

_WHITE = "FFFFFF"
"""A white fill shows as no fill at all."""
_HEX = re.compile(r"#?(?:[0-9A-F]{2})?([0-9A-F]{6})")
_THEME = re.compile(r"THEME\s+(\d+)(?:\s+TINT\s+([-+]?\d*\.?\d+))?")


def fill_of(cell: Any) -> str | None:
    """The colour an empty cell is filled with (``FFC000``, ``theme 5 tint 0.4``); else None.

    Only a solid fill counts: a pattern's lines or a gradient show no one colour.
    """
    if not getattr(cell, "has_style", False):
        return None
    fill = cell.fill
    if getattr(fill, "patternType", None) != "solid":
        return None
    return _colour(fill.fgColor)


def _colour(colour: Any) -> str | None:
    kind = getattr(colour, "type", None)
    if kind == "rgb" and isinstance(colour.rgb, str):
        rgb = colour.rgb.upper()[-6:]
    elif kind == "indexed" and isinstance(colour.indexed, int):
        from openpyxl.styles.colors import COLOR_INDEX

        if colour.indexed >= 64:  # the system's foreground and background: no colour
            return None
        rgb = COLOR_INDEX[colour.indexed][-6:]
    elif kind == "theme" and isinstance(colour.theme, int):
        tint = float(colour.tint or 0)
        return f"theme {colour.theme}" + (f" tint {tint:g}" if tint else "")
    else:
        return None
    return None if rgb == _WHITE else rgb


def fill_name(text: str) -> str | None:
    """A colour as a mapping writes it, as :func:`fill_of` names it; None if it names none.

    ``#ffc000`` and ``FFFFC000`` (an alpha first) are ``FFC000``; ``Theme 5 Tint 0.40``
    is ``theme 5 tint 0.4``.
    """
    written = " ".join(text.split()).upper()
    hexadecimal = _HEX.fullmatch(written)
    if hexadecimal is not None:
        return hexadecimal[1]
    theme = _THEME.fullmatch(written)
    if theme is None:
        return None
    tint = float(theme[2] or 0)
    return f"theme {int(theme[1])}" + (f" tint {tint:g}" if tint else "")


def checked_fills(table: Any, refuse: Any) -> dict[str, dict[str, str]]:
    """The mapping's ``[fills.rag]``: each colour it names, to the rating it stands for."""
    if not isinstance(table, dict):
        raise refuse("fills must be a table ([fills.rag])")
    unknown = sorted(set(table) - {"rag"})
    if unknown:
        raise refuse(f"[fills] names {', '.join(unknown)}; only a rating is read by colour: rag")
    spelt = table.get("rag", {})
    if not isinstance(spelt, dict):
        raise refuse('[fills.rag] must be a table of "colour" = "rating"')
    fills: dict[str, str] = {}
    written_as: dict[str, str] = {}
    for written, rating in spelt.items():
        name = fill_name(written)
        if name is None:
            raise refuse(
                f'[fills.rag] "{written}": not a colour (write six hexadecimal digits, as '
                'Excel\'s colour picker gives them, "FFC000", or "theme 5", "theme 5 tint 0.4")'
            )
        found = _rating(rating)
        if found is None:
            raise refuse(
                f'[fills.rag] "{written}" = {rating!r}: not a rating (write one of: '
                f"{RAG.choices()})"
            )
        if fills.get(name, found.value) != found.value:
            raise refuse(
                f'[fills.rag] "{written_as[name]}" and "{written}" are one colour ({name}), '
                f"said to be {fills[name]} and {found.value}: give each colour one rating"
            )
        fills[name], written_as[name] = found.value, written
    return {"rag": fills}


def _rating(value: Any) -> RAG | None:
    try:
        return RAG(value) if isinstance(value, str) else None
    except ValueError:
        return None
