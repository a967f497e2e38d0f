"""Letters of other alphabets that show as Latin ones, read as the Latin letters they show.

Segregation of duties compares names as they show (docs/governance.md): a sponsor typed
"Marcus Lee" with a Cyrillic a (U+0430) shows as Marcus Lee, and is him. Only letters that
show the same as a Latin letter, in the common fonts, are read so (as Unicode's confusables,
UTS #39, read them): a Cyrillic, Greek or Armenian capital as the Latin capital it looks
like, a small letter as the Latin small letter *it* looks like. A small letter is not read
through its capital: a Greek nu shows as ``v``, not ``n``, and a Cyrillic te or en, like a
small capital, as no Latin letter, so "Eva" typed with a Greek nu is Eva, not a person
named Ena.
A name is also compared as itself in no case (:func:`people.forms`), so one written in
Cyrillic or Greek stays equal to itself in capitals. Other confusions (``rn`` for ``m``, a
digit for a letter) are not read.
"""

from __future__ import annotations

import unicodedata

_LETTERS = str.maketrans(
    # Cyrillic capitals A, VE, IE, KA, EM, EN, O, ER, ES, TE, U, HA, DZE,
    # Byelorussian-Ukrainian I, JE, QA, WE, straight U, palochka (not SHHA, which shows as
    # an h: read as H, the Bashkir Һади was Нади)
    "\u0410\u0412\u0415\u041a\u041c\u041d\u041e\u0420\u0421\u0422\u0423\u0425\u0405\u0406"
    "\u0408\u051a\u051c\u04ae\u04c0"
    # Greek capitals ALPHA, BETA, EPSILON, ZETA, ETA, IOTA, KAPPA, MU, NU, OMICRON, RHO, TAU,
    # UPSILON, CHI
    "\u0391\u0392\u0395\u0396\u0397\u0399\u039a\u039c\u039d\u039f\u03a1\u03a4\u03a5\u03a7"
    # Armenian capitals OH, SEH
    "\u0555\u054d"
    # Cyrillic small a, ie, o, er, es, u, ha, dze, Byelorussian-Ukrainian i, je, qa, we,
    # straight u, shha, palochka
    "\u0430\u0435\u043e\u0440\u0441\u0443\u0445\u0455\u0456\u0458\u051b\u051d\u04af\u04bb\u04cf"
    # Greek small alpha, iota, nu, omicron, rho, upsilon
    "\u03b1\u03b9\u03bd\u03bf\u03c1\u03c5"
    # Armenian small oh, seh
    "\u0585\u057d",
    "ABEKMHOPCTYXSIJQWYIABEZHIKMNOPTYXOUaeopcyxsijqwyhiaivopuou",
)


def as_latin(text: str) -> str:
    """``text`` in no case, each look-alike letter read as the Latin letter it shows.

    Accents are kept (Cyrillic io is e with a diaeresis); the letters are read before
    case-folding, each by its own shape.
    """
    latin = unicodedata.normalize("NFD", text).translate(_LETTERS)
    return unicodedata.normalize("NFC", latin.casefold())
