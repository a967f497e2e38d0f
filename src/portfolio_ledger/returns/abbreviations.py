"""A stage written with its own abbreviation after it: ``Outline business case [OBC]``.

Registers name a stage and give its abbreviation after it, in square or round brackets
(``Outline business case [OBC]``, ``In delivery (ID)``). Such a bracket is no footnote's
mark (a mark is a digit, a letter or a sign: ``[1]``, ``[a]``, ``*``): where its letters
are the initials of the words before it, the cell is read as those words (spelt by the
mapping, as any stage is); where they are not, the cell is refused, naming the words'
initials, as it could be either a stage or what the bracket abbreviates.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from portfolio_ledger.domain.errors import quoted
from portfolio_ledger.domain.lifecycle import PAUSED_FROM, Kind, Stage
from portfolio_ledger.returns.spellings import choice

_BRACKETED = re.compile(
    r"(?P<words>.*?[^\W_])\s*(?:\[\s*(?P<square>[^\W\d_]{2,})\s*\]|\(\s*(?P<round>[^\W\d_]{2,})\s*\))",
    re.DOTALL,
)
"""Words, then two letters or more in brackets: ``Outline business case [OBC]``."""

_MINOR = frozenset({"a", "an", "and", "at", "for", "of", "on", "the", "to"})
"""Words an abbreviation may leave out (``Planning and design`` is ``PD`` as well as ``PAD``)."""


def bracketed(text: str) -> tuple[str, str] | None:
    """``(words, letters)`` where ``text`` is words, then two letters or more in brackets."""
    found = _BRACKETED.fullmatch(text.strip())
    if found is None:
        return None
    return found["words"], found["square"] or found["round"]


def initials(words: str) -> tuple[str, ...]:
    """The abbreviations ``words`` make: every word's first letter, and the main words'."""
    parts = re.findall(r"[^\W_]+", words)  # 'business-as-usual' as three words
    every = "".join(part[0] for part in parts).upper()
    main = "".join(part[0] for part in parts if part.casefold() not in _MINOR).upper()
    return (every,) if main in ("", every) else (every, main)


def read_stage(text: str, ref: str, spelt: Callable[[str], str], name: str = "stage") -> Stage:
    """The stage a cell's ``text`` is, its own abbreviation after it read past.

    ``spelt`` is the mapping's spelling of a stage; ``ref`` names the cell; ``name`` the
    field read (``stage``, or ``paused_from``), as its spellings are. Raises ValueError
    saying why, where the text is no stage, or (``paused_from``) none an item is paused from.
    """
    found = _read(text, ref, spelt, name)
    if name == "paused_from" and found not in PAUSED_FROM:
        fits = " or ".join(stage.value for stage in PAUSED_FROM)
        raise ValueError(
            f"cell {ref} reads as {found.value}, and an item is paused only from {fits} (the "
            f"stage it resumes to): write {fits} there, or spell its text so in the mapping "
            f'([spellings.paused_from] "..." = "{PAUSED_FROM[0].value}")'
        )
    return found


def _read(text: str, ref: str, spelt: Callable[[str], str], name: str) -> Stage:
    """The stage ``text`` is, as :func:`read_stage` reads it (any stage)."""
    found = choice(Stage, text)
    if found is not None:
        return found
    split = bracketed(text)
    if split is None:
        raise ValueError(off_scale(ref, text, name))
    words, letters = split
    written = text.strip()
    bracket = written[len(words) :].strip()
    if letters.upper() not in initials(words):
        raise ValueError(
            f"cell {ref}: {written!r} is a stage's name with {bracket!r} after it, and "
            f"{bracket!r} is not its abbreviation (the initials of {words!r}: "
            f"{' or '.join(initials(words))}): a stage is read past a bracket only where the "
            f"bracket abbreviates the words before it; write the stage alone ({words!r}), or "
            f'spell the cell in the mapping ([spellings.{name}] "{written}" = one of: '
            f"{_scale(name)})"
        )
    # The words as the mapping spells them, else the abbreviation ('OBC' = "appraised").
    found = choice(Stage, spelt(words)) or choice(Stage, spelt(letters))
    if found is None:
        raise ValueError(
            f"cell {ref}: {words!r} (read without {bracket!r}, its abbreviation) is not a "
            f"stage: write one of: {_scale(name)}, or spell it in the mapping "
            f'([spellings.{name}] "{words}" = the stage it stands for)'
        )
    return found


def off_scale(ref: str, text: str, name: str) -> str:
    """Why ``text`` in the cell ``ref`` is not a kind or stage (``name``)."""
    return (
        f"cell {ref}: {quoted(text)} is not a {name.replace('paused_from', 'stage')} (write "
        f"one of: {_scale(name)}, or spell it in the mapping's [spellings.{name}])"
    )


def _scale(name: str) -> str:
    """What a cell of ``name`` may say: a kind, a stage, or (``paused_from``) one paused from."""
    if name == "paused_from":  # the other stages are refused: no item is paused from them
        return ", ".join(stage.value for stage in PAUSED_FROM)
    return (Kind if name == "kind" else Stage).choices()
