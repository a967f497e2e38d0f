"""What a money column's header says its figures are, held against how the return is read.

A register's header often says its scale and currency: ``Lifecycle Cost
($M)``, ``WLC (GBP k)``, ``Cost (£'000)``, ``Total Cost (AUD)``,
``whole_life_cost_gbp_m``. Read in other units (a mapping that gives none
reads units), every figure is a thousand or a million times wrong; read as
another currency (a mapping that gives none reads GBP), every figure is in
the wrong money; and nothing else would show it. So a return whose header
says other units or another currency than it is read in is refused (units
that ``--units`` gives on the command line are taken as it says).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar
from unicodedata import combining, normalize

from portfolio_ledger.application.errors import InvalidInput
from portfolio_ledger.application.returns import FIGURES
from portfolio_ledger.returns.mapping import UNITS, ReturnMapping
from portfolio_ledger.returns.signs import CELL_SIGNS, DOLLARS, NAMES
from portfolio_ledger.returns.unit_words import WORDS, spelt_scales, without_amounts
from portfolio_ledger.returns.unread_scales import unread

T = TypeVar("T")

_NAMED = {
    **WORDS,
    "thousands": WORDS["thousands"] | {"000", "000s"},
    "crores": frozenset({"crore", "crores"}),
    "lakhs": frozenset({"lakh", "lakhs", "lac", "lacs", "hundredthousands"}),  # Rs. in lacs
    **{said: frozenset({said.replace(" ", "")}) for said in ("ten thousands", "ten millions")},
    "hundred millions": frozenset({"hundredmillions"}),  # 億円, 亿元
}
"""The words of a header that say its scale ('$M' is the word 'm', '£'000' the word '000'), a
cell's (returns/unit_words.py) and a header's own."""
_CODES = frozenset(
    {*DOLLARS, "GBP", "EUR", "INR", "JPY", "CHF", "SEK", "NOK", "DKK", "ZAR", "CNY", "NIO", "BRL"}
)
"""Currency codes a header is read for: not every ISO code, as ALL, TOP or TRY are words too."""


_GLUED = re.compile(
    r"(?<![0-9a-z])(?:([tkm])(eur|usd|chf|gbp|sek|nok|dkk|aud|cad|nzd|jpy|inr|zar|€)"
    r"|([km])(\$)|([tm]|mn)(kr))(?![0-9a-z])",
    re.IGNORECASE,
)
"""A scale's letter written onto a currency, as German finance heads its columns: ``TEUR`` and
``T€`` (Tausend Euro), ``KEUR``, ``MEUR``, ``TCHF``, and Nordic finance: ``MSEK``, ``TNOK``,
``tkr`` and ``mnkr`` (thousands and millions of kronor); and a French Canadian one, ``k$`` and
``M$`` (milliers, millions de dollars; not ``T$``, the Tongan pa'anga's sign)."""
_GLUED_SCALE = {"t": "tsd", "k": "k", "m": "m", "mn": "m"}


_GLUED_AFTER = re.compile(
    r"(?<![0-9a-z])(gbp|usd|eur|chf|aud|cad|nzd|[a-z]{0,3}\$|£|€)"
    r"(k|m|mm|mn|mln|bn|ms|bns|000s?)(?![0-9a-z])",
    re.IGNORECASE,
)
"""A scale written after its currency with no space, as a UK or US finance sheet heads a
column: ``(GBPm)``, ``USDm``, ``EURk``, ``(GBP000)``, ``£ms`` (before, none was read as a
scale, nor ``USDm`` as dollars, and such a column was read in the mapping's units)."""
_PLURAL_SCALE = {"ms": "m", "bns": "bn"}


def _unglued(header: str) -> str:
    """The header with a scale written onto its currency set apart (``TEUR``: ``tsd EUR``)."""
    header = _GLUED.sub(
        lambda found: (
            f"{_GLUED_SCALE[(found[1] or found[3] or found[5]).lower()]} "
            f"{found[2] or found[4] or found[6]}"
        ),
        header,
    )
    return _GLUED_AFTER.sub(
        lambda found: f"{found[1]} {_PLURAL_SCALE.get(found[2].lower(), found[2])}", header
    )


_GROUP = r"[.,\s\u00a0\u202f\u2009']?000"
_TIMES = re.compile(rf"(?<![0-9.,])1((?:{_GROUP})+)(?![0-9])")
"""A multiplier a Dutch or German header writes as a number: ``(x € 1.000)``, ``(x 1 000 000
euro)``, ``x1000``: 1 and groups of three zeros, grouped by points, commas or spaces or not."""
_TIMES_SAID = {1: "thousands", 2: "millions", 3: "billions"}


def _multiplier(found: re.Match[str]) -> str:
    """A written multiplier's scale as a word: ``1.000.000`` is ``millions``."""
    return f" {_TIMES_SAID.get(found[1].count('000'), 'x' + found[0])} "


_THOUSAND_MILLIONS = re.compile(r"(?<![0-9a-z])mil\s+(?:millones|milhoes)(?![0-9a-z])")
"""A thousand millions, as Spanish and European Portuguese write a billion."""
_SPANISH_THOUSANDS = re.compile(r"(?<![0-9a-z])(?:en\s+miles|miles\s+de)(?![0-9a-z])")
"""Spanish thousands, ``(miles de pesos)``, ``en miles``: not the English miles, ``Miles cost``."""


_CRORES = re.compile(r"(?:₹|(?<![0-9a-z])(?:inr|rs\.?))\s*(?:in\s+)?crs?(?![0-9a-z])")
"""'Cr' beside the rupee, as India's registers head a column (₹ Cr, Rs. in Cr.): crores."""
_REAIS = re.compile(r"(?<![0-9a-z])r\$\s*(mi|bi)(?![0-9a-z])")
"""'mi' and 'bi' after the real's sign, as Brazil writes millions and billions (R$ mi)."""
_MILL = re.compile(r"(?<![0-9a-z])mill(?:\.|(?=\s*(?:$|[)\]€$£]|(?:chf|eur|usd|gbp)\b)))")
"""German and Spanish 'Mill.', millions ('Kosten (Mill. €)'), never a thousand; not 'Mill Road'."""


def _scale_words(header: str) -> set[str]:
    # Letters joined by '&', or a letter by '-' to a number, are one word, an abbreviation
    # whose 'm' or 'k' is no scale: 'O&M Cost' (operations and maintenance), 'M&E', 'T&M',
    # 'K-12 Capital Cost'; 'whole-life-cost-gbp-m' still names millions. A multiplier
    # written as a number is its scale ('x € 1.000.000' names millions, not '000').
    header = _TIMES.sub(_multiplier, _unglued(spelt_scales(header)))
    header = _unaccented(header)
    header = _THOUSAND_MILLIONS.sub(" billions ", header)  # mil millones de euros
    header = _SPANISH_THOUSANDS.sub(" thousands ", header)
    header = _MILL.sub(" millions ", _CRORES.sub(" crores ", header))
    header = _REAIS.sub(lambda found: f" {found[1]}llions ", header)  # millions, billions
    joined = re.sub(r"(?<![0-9a-z])([a-z])-(?=[0-9])", r"\1", header)
    return set(re.split(r"[^0-9a-z&]+", joined))


def header_units(header: str) -> str | None:
    """The units a column's header names (``millions``, ``thousands``, ``billions``), or None."""
    named = [units for units, said in _NAMED.items() if _scale_words(header) & said]
    return named[0] if len(named) == 1 else None


_MONEY_WORDS = frozenset(
    {"amount", "amounts", "budget", "budgets", "cost", "costs", "expenditure", "forecast"}
    | {"funding", "outturn", "price", "spend", "spending", "spent", "total", "value", "wlc"}
)
"""Words a currency code may come before and still say what the amount is in: 'EUR cost'."""


_YEAR = re.compile(r"(19|20|21)\d\d")
"""A year after a currency's name in the singular makes the name a proper noun's: ``Euro
2028``; in the plural it is the money of that year (``Cost in euros 2026/27``)."""
_SINGULAR = frozenset({"euro", "pound", "dollar", "sterling"})
_AFTER = frozenset({"in", "en", "of", "d", "de", "van"})
"""Words a currency's name may follow and stand as a currency: 'in euros', 'millions of
pounds', 'en milliers d'euros'."""


def _unaccented(text: str) -> str:
    """``text`` in no case and without its accents: ``milhões`` is ``milhoes``, ``zł`` ``zl``."""
    folded = normalize("NFKD", text.casefold().replace("ł", "l"))
    return "".join(c for c in folded if not combining(c))


def _named_currencies(header: str) -> list[tuple[str, tuple[str, ...]]]:
    """The currencies a header names, by code or name, as what its amounts are in.

    A code or a name counts in brackets or not where it qualifies the amount: last,
    or before only a scale (``Total Cost AUD``, ``whole_life_cost_gbp_m``, ``(GBP k)``,
    ``(INR crore)``, ``(euros)``), before a word of money (``EUR cost``, ``(GBP million,
    real terms)``, ``Euro amounts``), or after ``in`` (``Cost in EUR``, ``Figures in
    euros``); a name after a scale or ``of`` too (``millions of pounds``). Before any
    other word it is a word or an abbreviation of its own: ``CAD licences`` (computer-aided
    design), ``(CAD licences)``, ``Pound Lane depot``; and a name in the singular before a
    year is a proper noun's (``Euro 2028``, a programme's name), not money, where in the
    plural it is the money of that year (``(euros 2026/27)``).
    """
    scale = frozenset().union(*_NAMED.values())
    segments = [
        *re.findall(r"[(\[]([^)\]]*)[)\]]", header),
        re.sub(r"[(\[][^)\]]*[)\]]", " ", header),
    ]
    named = []
    for segment in segments:
        words = [w for w in re.split(r"[^0-9a-z]+", _unaccented(segment)) if w]  # zł: zl, Kč: kc
        for at, word in enumerate(words):
            before, rest = words[at - 1] if at else "", words[at + 1 :]
            code = word.upper() in _CODES
            proper = word in _SINGULAR and bool(rest) and _YEAR.fullmatch(rest[0]) is not None
            if not code and (word not in NAMES or proper):
                continue
            if (
                all(w in scale for w in rest)
                or rest[0] in _MONEY_WORDS | scale | NAMES.keys()
                or before == "in"
                or (not code and before in _AFTER | scale)
                or (not code and _YEAR.fullmatch(rest[0]))  # 'euros 2026/27': that year's
            ):
                named.append((word.upper(), (word.upper(),)) if code else (word, NAMES[word]))
    return named


_SIGNS = {**CELL_SIGNS, "円": ("JPY",)}  # 百万円, 千円: the yen's sign
_YUAN = re.compile(r"[万亿千百(\uff08]\s*元|元\s*[)\uff09]?\s*$")
"""The yuan's 元 after a scale or a bracket (万元, (元)) or last; not Japanese 元 (元予算)."""
_OTHER_SIGNS = "".join(sign for sign in _SIGNS if len(sign) == 1 and sign not in "$£€")
"""Signs of other currencies a header may write its money in: ``Cost (¥m)``, ``(₩bn)``."""


def header_currency(header: str) -> tuple[str, tuple[str, ...]] | None:
    """How a header writes its currency, and the currencies that may be; None if not one."""
    header = _unglued(header)
    written = _named_currencies(header) + [("元", ("CNY",))] * bool(_YUAN.search(header))
    for found in re.finditer(rf"([A-Za-z]*)\$|[£€{_OTHER_SIGNS}]", header):
        sign = found[0].upper()
        if sign not in CELL_SIGNS and 0 < len(found[1] or "") <= 3:
            continue  # a sign not listed ('J$', 'N$', 'TT$'): its country's, no dollar of ours
        sign = sign if sign in _SIGNS else "$"  # 'Cost$': a word, then the '$'
        written.append((sign, _SIGNS[sign]))
    if not written:
        return None
    common = set.intersection(*(set(codes) for _, codes in written))
    narrowest = min(written, key=lambda pair: len(pair[1]))
    return narrowest if common else None  # two currencies named: a header not to guess from


def check_headers(
    mapping: ReturnMapping,
    file_name: str,
    units_given: bool,
    groups: Mapping[str, str] | None = None,
) -> None:
    """Refuse a money column whose header names other units or another currency than read.

    ``groups`` gives the heading over a column in a header of rows (``Cost (£k)`` over
    ``Budget``): what the column's own name does not say, its group's heading says for it.
    """
    groups = groups or {}
    columns = [(n, c) for n, c in ((f, mapping.columns.get(f)) for f in FIGURES) if c]
    labels = {c: f"{c!r} under {groups[c]!r}" if c in groups else repr(c) for _, c in columns}

    def said(read: Callable[[str], T | None], column: str) -> T | None:
        return read(column) or (read(groups[column]) if column in groups else None)

    named = {labels[c]: said(header_units, c) for _, c in columns}
    if len(set(named.values()) - {None}) > 1:  # no one unit, --units's either, reads both
        raise InvalidInput(_several_units(mapping, file_name, named))
    for name, column in columns:
        units = said(header_units, column)
        if not units_given and mapping.units == "units" and said(_names_mil, column):
            raise InvalidInput(_mil(mapping, file_name, f"the column {labels[column]} ({name})"))
        if not units_given and units not in (None, mapping.units):
            raise InvalidInput(_other_units(mapping, file_name, name, labels[column], units))
        currency = said(header_currency, column)
        if currency is not None and mapping.currency not in currency[1]:
            raise InvalidInput(_other_currency(mapping, file_name, name, labels[column], currency))


_MIL = re.compile(r"(?:[£€$(\[]\s*|\bin\s+)mil\b|\bmil\b\.?\W*$", re.IGNORECASE)
"""A header's scale written ``mil``: after a sign, a bracket or ``in``, or last (``Cost (£
mil)``, ``$mil``, ``Cost in mil``, ``Cost mil.``); not a word of its name (``Mil spec``)."""


def _names_mil(header: str) -> bool | None:
    """Whether a header names its scale ``mil``; None if not."""
    return _MIL.search(header) is not None or None


def _mil(mapping: ReturnMapping, file_name: str, where: str) -> str:
    """Why a return saying 'mil' (``where``: a column, a row above the header) is refused.

    Where the mapping reads units; the header's own words are 'the header' for either.
    """
    return (
        f"{file_name}: {where} says its money is in 'mil': a million in "
        "American and British usage, a thousand in Spanish and Portuguese, and the "
        f"{mapping.name} mapping reads it in units, so every figure would be read a thousand "
        'or a million times too small. Say which in the mapping, units = "millions" (or '
        '"thousands"), or give --units; if its figures are in units whatever that '
        "says, give --units units"
    )


def _several_units(mapping: ReturnMapping, file_name: str, named: dict[str, str | None]) -> str:
    said = ", ".join(f"{column} {units}" for column, units in named.items() if units)
    return (
        f"{file_name}: its money columns name different units: {said}; a mapping reads all "
        f"its money in one unit (the {mapping.name} mapping's is {mapping.units}), so one "
        "column would be read a thousand or more times wrong (as under any --units). "
        "Convert one column to the other's units in the return (and its header with it), "
        "then import it again"
    )


def check_notes(
    mapping: ReturnMapping,
    file_name: str,
    units_given: bool,
    notes: Sequence[tuple[int, Sequence[str]]],
    groups: Mapping[str, str] | None = None,
) -> None:
    """Refuse a return whose note above its header names other units or currency than read.

    An office's template says its scale once, above the header (``Bedragen x € 1.000``,
    ``Beträge in Mio. €``, ``All figures £m``), not in each money column's: where no money
    column names its units, one scale named in those rows is held against the mapping's.
    """
    money = [column for column in (mapping.columns.get(f) for f in FIGURES) if column]
    columns = [*money, *((groups or {}).get(column, "") for column in money)]
    if money and not any(header_currency(column) for column in columns):
        _check_noted_currency(mapping, file_name, notes)
    if units_given or not money or any(header_units(column) for column in columns):
        return
    for number, text in ((n, t) for n, cells in notes for t in cells if t):
        if mapping.units == "units" and _names_mil(text):
            raise InvalidInput(
                _mil(mapping, file_name, f"row {number}, above the header, {text!r},")
            )
    said = sorted(
        (number, text, units)
        for number, cells in notes
        for text in cells
        if text and (units := header_units(without_amounts(text))) in UNITS
    )
    if len({units for _, _, units in said}) != 1 or said[0][2] == mapping.units:
        return
    number, text, units = said[0]
    raise InvalidInput(
        f"{file_name}: row {number}, above the header, says {text!r}: its money is in {units}, "
        f"and the {mapping.name} mapping reads it in {mapping.units}, so every figure would "
        f'be read {_times(units, mapping.units)}. Add units = "{units}" to the mapping (or give '
        f"--units {units}); if its figures are in {mapping.units} whatever row {number} says, "
        f"give --units {mapping.units}"
    )


def _check_noted_currency(
    mapping: ReturnMapping, file_name: str, notes: Sequence[tuple[int, Sequence[str]]]
) -> None:
    """Refuse a return whose title rows name one currency, not the mapping's.

    A template says its currency once, above the header (``All figures in AUD millions``),
    where no money column's header says it: read as the mapping's, every figure would be
    recorded in the wrong money. Rows naming two currencies are not guessed from.
    """
    said = [
        (number, text, found)
        for number, cells in notes
        for text in cells
        if text and (found := header_currency(text)) is not None
    ]
    if len({found[1] for _, _, found in said}) != 1 or mapping.currency in said[0][2][1]:
        return
    number, text, (sign, codes) = min(said)
    named = codes[0] if len(codes) == 1 else f"a currency written {sign} ({', '.join(codes)})"
    raise InvalidInput(
        f"{file_name}: row {number}, above the header, says {text!r}: its money is in {named}, "
        f"and the {mapping.name} mapping reads it as {mapping.currency}, so every figure would "
        f'be recorded in {mapping.currency}. Add currency = "{codes[0]}" to the mapping (the '
        f"ISO 4217 code of the money it is in); if its figures are in {mapping.currency} "
        f"whatever row {number} says, correct that row"
    )


def _times(said: str, read: str) -> str:
    """How wrong figures in ``said`` units read in ``read`` units are: '1,000 times too small'."""
    wrong = UNITS[said] // UNITS[read] or UNITS[read] // UNITS[said]
    return f"{wrong:,} times too {'small' if UNITS[said] > UNITS[read] else 'large'}"


def _other_units(mapping: ReturnMapping, file_name: str, name: str, column: str, said: str) -> str:
    if said not in UNITS:
        return unread(mapping, file_name, name, column, said)
    times = _times(said, mapping.units)
    return (
        f"{file_name}: the column {column} ({name}) says its money is in {said}, and the "
        f"{mapping.name} mapping reads it in {mapping.units}, so every figure would be read "
        f'{times}. Add units = "{said}" to the mapping (or give --units {said}); if its '
        f"figures are in {mapping.units} whatever the header says, give --units {mapping.units}"
    )


def _other_currency(
    mapping: ReturnMapping,
    file_name: str,
    name: str,
    column: str,
    said: tuple[str, tuple[str, ...]],
) -> str:
    sign, codes = said
    named = codes[0] if len(codes) == 1 else f"a currency written {sign} ({', '.join(codes)})"
    return (
        f"{file_name}: the column {column} ({name}) says its money is in {named}, and the "
        f"{mapping.name} mapping reads it as {mapping.currency}, so every figure would be "
        f'recorded in {mapping.currency}. Add currency = "{codes[0]}" to the mapping (the '
        "ISO 4217 code of the money it is in); if its figures are in "
        f"{mapping.currency} whatever the header says, rename the column"
    )
