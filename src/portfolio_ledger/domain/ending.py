"""How each kind of subject ends, said where a refusal cannot annul the decision that made it.

Nothing is ever removed: an item leaves, a delegation is revoked, a board's members stand
down. A refusal that would have the making decision annulled says this instead.
"""

from __future__ import annotations

_HOW_TO_END = {
    "item": "record that the item left the portfolio (or was rejected or cancelled), "
    "with the reason.",
    "delegation": "revoke it ('authority revoke'): a delegation ends by its revocation.",
    "board": "stand its members down ('board stand-down BOARD PERSON'), with the reason: a "
    "board is never dissolved, and with no members it has no one to decide.",
    "person": "stand them down from each board ('board stand-down BOARD PERSON') and revoke "
    "any delegation to them ('authority revoke'), with the reason: a person is never removed.",
    "portfolio": "set the envelope again ('portfolio envelope AMOUNT'), with the reason.",
    "organisations": "correct its name if that is wrong: the first organisation added stays "
    "on the list (a later one may be annulled).",
}


def how_to_end(kind: str) -> str:
    """What ends a subject of ``kind`` whose founding decision was wrong (it is never annulled).

    Each names a command that exists: there is none to dissolve a board or remove a person.
    Each is what to do, first, as the refusals that quote it go on from "Correct it, or".
    """
    return _HOW_TO_END.get(kind, "record what ended it, with the reason.")
