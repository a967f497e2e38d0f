"""The words a return writes for thousands, millions and billions, in a cell and in a header.

A cell writes its own unit after its number (``$1.2m``, ``850k``, ``3 bn``,
``$1.2 million``), and a money column's header names the scale of its figures
(``Lifecycle Cost ($M)``, ``WLC (GBP k)``, ``Cost (£bn)``): the same words, kept
here once. Each reader adds only what is its own: a cell's ``b`` after a number
(``$1.2B``; alone in a header, ``Phase B cost``, it is a letter), a header's
``000`` (``Cost (£'000)``), crores and lakhs (named in a header only to be refused).
"""

from __future__ import annotations

import re

SCALES = {"thousands": 1_000, "millions": 1_000_000, "billions": 1_000_000_000}
"""The scales a word may name, and what each multiplies by."""
WORDS: dict[str, frozenset[str]] = {
    "thousands": frozenset(
        {"k", "thousand", "thousands", "tsd", "duizend", "duizenden", "tausend", "milliers"}
        | {"tusen", "migliaia", "tys", "milhares"}  # tusen kronor, migliaia di euro, tys. zł
        | {"tis", "ezer", "mii", "ribu"}  # tis. Kč, ezer Ft, mii lei, ribu rupiah
    ),
    "millions": frozenset(
        {"m", "mm", "mn", "mln", "million", "millions", "mio", "miljoen", "miljoenen"}
        | {"millionen", "miljoner", "millioner", "millones", "milioni", "milhoes", "milj"}
        | {"millio", "juta", "milyon"}  # millió Ft, juta rupiah, milyon TL
    ),
    "billions": frozenset(
        {"bn", "bln", "billion", "billions", "mrd", "mld", "miljard", "miljarden", "milliard"}
        | {"milliards", "milliarden", "miliardi", "bilhoes", "miljarder", "milliarder"}
        | {"miliar", "milyar"}  # miliar rupiah, milyar TL
    ),
}
"""Each scale's words (read in any case), in a cell after its number and in a header: as
English writes them, and as a Dutch, German or French register does (mln, Mio., Tsd., mld,
Mrd., milliard; in a header, ``in duizenden euro``, ``in Tausend Euro``, ``en milliers``)."""


def multipliers(**more: int) -> dict[str, int]:
    """Each word (and those ``more`` gives) and what it multiplies by, longest word first."""
    words = {word: SCALES[scale] for scale, said in WORDS.items() for word in said} | more
    return dict(sorted(words.items(), key=lambda pair: (-len(pair[0]), pair[0])))


_CHARACTERS = {
    "百万": "millions",
    "千万": "tenmillions",
    "十万": "hundredthousands",
    "千": "thousands",
    "万": "tenthousands",
    "億": "hundredmillions",
    "亿": "hundredmillions",
    "хил.": "thousands",  # хил. лв., Bulgarian
    "млрд": "billions",
    "млн": "millions",
}
"""The scales Japanese and Chinese budgets head their money in (百万円, 千円, 万元, 億円), as the
words a header's scale is read from: 千万 (ten millions) before 千, 百万 before 万."""


def spelt_scales(header: str) -> str:
    """``header`` with its scale written in Japanese or Chinese characters spelt as a word."""
    for characters, word in _CHARACTERS.items():
        header = header.replace(characters, f" {word} ")
    return re.sub(r"(?i)(?<![0-9a-z])bin(?=\s+tl\b)", " thousands ", header)  # bin TL


_SIGN = r"(?:[$£€]\s*|(?<![0-9a-z])[a-z]{1,2}\$\s*)?"
_SPACE = "[ \u00a0\u202f\u2009]"
_SAID = r"(?<![0-9a-z])(?:figures|amounts|values|units|sums)(?:\s+(?:are|shown|stated))?\s*[:=]?"
"""Words saying what the figures are counted in before a one and zeros (``Units: £1,000``,
``All figures £1,000``); before another amount (``Contract values £250,000``), an amount."""
_AMOUNT = re.compile(
    rf"(?:(?P<keep>(?:[x\u00d7(]|(?<![0-9a-z])in)\s*)|(?P<said>{_SAID}\s*))?{_SIGN}(?<![0-9.,'])"
    rf"(?P<number>[0-9][0-9.,']*(?:{_SPACE}[0-9]{{3}}(?![0-9]))*)"
    r"(?:\s*(?P<word>[a-z]+)\.?)?(?![0-9a-z])",
    re.IGNORECASE,
)
"""A number, its sign and a word after it: ``$10 million``, ``£250,000 and``, ``x € 1.000``."""
_SCALE_WORDS = frozenset().union(*WORDS.values())


def without_amounts(text: str) -> str:
    """``text`` with each amount it writes (``over $10 million``, ``of £250,000``) left out.

    A title row saying what its table holds (``Projects over $10 million``, ``rounded to
    the nearest £1,000``) writes an amount, not the units of the return's figures; a
    multiplier (``x € 1.000``, ``in 1 000 €``, ``(€ 1.000)``, ``Units: £1,000``, ``All
    figures £1,000``), zeros alone (``£000``) and a plural (``£1,000s``) say those units,
    and are kept.
    """

    def amount(found: re.Match[str]) -> str:
        word, said = (found["word"] or "").casefold(), found["said"] or ""
        digits = found["number"].strip("0.,' \u00a0\u202f\u2009")
        if found["keep"] or word == "s" or not digits or (said and digits == "1"):
            return found[0]
        return f"{said} " if not word or word in _SCALE_WORDS else f"{said} {found['word']} "

    return _AMOUNT.sub(amount, text)
