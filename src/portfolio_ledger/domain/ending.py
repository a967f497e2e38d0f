"""How each kind of subject ends, said where a refusal cannot annul the decision that made it.

Nothing is ever removed: an item leaves, a delegation is revoked, a board's members stand
down. A refusal that would have the making decision annulled says this instead.
"""

from __future__ import annotations

_HOW_TO_END = {
    "item": "record that the item left the portfolio (or was rejected or cancelled), "
    "with the reason.",
    "delegation": "revoke it ('authority revoke'): a delegation ends by its revocation.",
    "board": "a board is never dissolved: stand its members down ('board stand-down BOARD "
    "PERSON'), with the reason, and it has no one to decide.",
    "person": "a person is never removed: stand them down from each board ('board stand-down "
    "BOARD PERSON') and revoke any delegation to them ('authority revoke'), with the reason.",
    "portfolio": "set the envelope again ('portfolio envelope AMOUNT'), with the reason.",
    "organisations": "the first organisation added stays on the list (a later one may be "
    "annulled): correct its name if that is wrong.",
}


def how_to_end(kind: str) -> str:
    """What ends a subject of ``kind`` whose founding decision was wrong (it is never annulled).

    Each names a command that exists: there is none to dissolve a board or remove a person.
    """
    return _HOW_TO_END.get(kind, "record what ended it, with the reason.")
