"""Arguments and settings read in a locale that is not UTF-8: UTF-8 text misread is refused.

Python decodes the command line and the environment in the locale's
encoding. Under a single-byte locale (``LANG=en_GB.ISO-8859-1`` on an older
server, a cron job's), the UTF-8 bytes a script or a UTF-8 terminal passes
(``--title "Jürgen"``) are read as other characters: *JÃ¼rgen* was recorded,
for ever, without a word, and an em dash was refused as a control character.
Under ``LC_ALL=C`` with ``PYTHONUTF8=0`` they were said to be no UTF-8 at all.
Bytes that are UTF-8, read otherwise, are refused, naming the locale and the fix;
bytes that are not UTF-8 are read as the locale says (a Latin-1 terminal's).
"""

from __future__ import annotations

import os
import sys

from portfolio_ledger.domain.errors import quoted

LOCALE_FIX = (
    "Run it under a UTF-8 locale (LC_ALL=C.UTF-8, or your language's .UTF-8 locale) or "
    "with PYTHONUTF8=1"
)


def as_utf8(text: str) -> str | None:
    """``text`` read as UTF-8, where the locale read its bytes as other characters; else None."""
    encoding = sys.getfilesystemencoding()  # the one argv and the environment were read in
    try:
        raw = text.encode(encoding, "surrogateescape")
        meant = raw.decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):  # not UTF-8 bytes: read as the locale says
        return None
    return None if meant == text else meant


def _locale() -> str:
    """The locale setting that chose the encoding, as the user would set it."""
    for name in ("LC_ALL", "LC_CTYPE", "LANG"):
        if os.environ.get(name):
            return f"{name}={os.environ[name]}"
    return "no locale set"


def misread(where: str, text: str) -> str | None:
    """Why ``where`` (``argument 7``, a variable) cannot be read as typed; None if it can."""
    meant = as_utf8(text)
    if meant is None:
        return None
    encoding = sys.getfilesystemencoding()
    return (
        f"{where} is UTF-8 text ({quoted(meant)}), but this process reads its arguments and "
        f"settings as {encoding} ({_locale()}), which reads it as {quoted(text)}; nothing "
        f"was read or written. {LOCALE_FIX}"
    )
