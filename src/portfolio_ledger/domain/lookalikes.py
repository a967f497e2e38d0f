"""Letters of other alphabets that show as Latin ones, read as the Latin letters they show.

Segregation of duties compares names as they show (docs/governance.md): a sponsor typed
"Marcus Lee" with a Cyrillic a (U+0430) shows as Marcus Lee, and is him. Only letters that
show the same as a Latin letter, in the common fonts, are read so: the Cyrillic, Greek and
Armenian capitals that look like Latin capitals (their small letters are read through their
capitals, so a name stays equal to itself in any case). Other confusions (``rn`` for ``m``,
a digit for a letter) are not.
"""

from __future__ import annotations

import unicodedata

_CAPITALS = str.maketrans(
    # Cyrillic A, VE, IE, KA, EM, EN, O, ER, ES, TE, U, HA, DZE, Byelorussian-Ukrainian I,
    # JE, QA, WE, straight U, SHHA, palochka
    "\u0410\u0412\u0415\u041a\u041c\u041d\u041e\u0420\u0421\u0422\u0423\u0425\u0405\u0406"
    "\u0408\u051a\u051c\u04ae\u04ba\u04c0"
    # Greek ALPHA, BETA, EPSILON, ZETA, ETA, IOTA, KAPPA, MU, NU, OMICRON, RHO, TAU,
    # UPSILON, CHI
    "\u0391\u0392\u0395\u0396\u0397\u0399\u039a\u039c\u039d\u039f\u03a1\u03a4\u03a5\u03a7"
    # Armenian OH, SEH
    "\u0555\u054d",
    "ABEKMHOPCTYXSIJQWYHIABEZHIKMNOPTYXOU",
)


def as_latin(text: str) -> str:
    """``text`` in no case, each look-alike letter read as the Latin letter it shows.

    Letters are compared as capitals (a small Cyrillic a is its capital, so a Latin A),
    accents kept (Cyrillic io is e with a diaeresis), then case-folded: two texts that are
    equal in no case stay equal.
    """
    capitals = unicodedata.normalize("NFD", text.upper()).translate(_CAPITALS)
    return unicodedata.normalize("NFC", capitals.casefold())
